"""Which reader reads which file suffix: readers register themselves here.

A new input format is one module in ``readers/`` whose reader class carries
``@register(".ext")``: ``readers/__init__.py`` imports every module of the package, so the
registration runs and ``read_file`` / ``SUPPORTED_SUFFIXES`` know the format without being
edited. ``rank`` orders the suffixes where they are listed to a person (error messages, docs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from congvan.readers.base import Reader

_READERS: dict[str, tuple[int, Reader]] = {}

R = TypeVar("R", bound=type)


def register_reader(suffix: str, reader: Reader, rank: int = 50) -> None:
    """Make ``reader`` the one that reads files of ``suffix`` ('.pdf')."""
    suffix = suffix.lower()
    if suffix in _READERS and type(_READERS[suffix][1]) is not type(reader):
        raise ValueError(f"two readers registered for {suffix}")
    _READERS[suffix] = (rank, reader)


def register(*suffixes: str, rank: int = 50) -> Callable[[R], R]:
    """Class decorator: register one instance of the reader class for each suffix."""
    def decorate(cls: R) -> R:
        reader = cls()
        for suffix in suffixes:
            register_reader(suffix, reader, rank)
        return cls
    return decorate


def reader_for(suffix: str) -> Reader:
    """The reader registered for ``suffix``; KeyError when none is."""
    return _READERS[suffix.lower()][1]


def suffixes() -> tuple[str, ...]:
    """Every registered suffix, by rank."""
    return tuple(s for s, _ in sorted(_READERS.items(), key=lambda item: item[1][0]))
