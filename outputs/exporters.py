"""The batch's register-wide outputs behind one small interface, so a new format is one file.

An exporter writes one file of ``OUT`` from the whole register (``tasks.json``, the XLSX
register). Its module builds an :class:`Exporter` and calls :func:`register` at import; the
batch's export step (``flows/batch.py``) writes every registered exporter's file, each on its
own, so one failing costs only its own file. A letter whose part cannot be written is reported
through ``on_error`` and the exporter writes the rest. To add a format (a CSV for a tracker, an
edXML package), write ``outputs/<format>.py`` ending in ``register(Exporter(...))`` and add the
module to :data:`BUILTIN`.

The per-letter outputs (``documents/<id>.json``, the review DOCX) are made when a letter is
committed and healed by the export; they are not exporters.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from congvan.models import Document

Entries = Callable[[], Iterable[tuple[int, dt.date, Document]]]  # (số đến, ngày đến, Document), callable again
RowError = Callable[[str, str, Exception], None]  # (document id, where in the file, error)

# The modules that register the built-in exporters, in the order their files are written.
BUILTIN = ("congvan.outputs.json_feed", "congvan.outputs.xlsx")


@dataclass(frozen=True)
class Exporter:
    """One register-wide output file."""

    key: str  # short name: the crash points ``export-<key>`` and problem codes ``<key>_failed``
    file: str  # path under OUT
    write: Callable[[Path, Entries, RowError], None]  # (OUT, entries, on_error); atomic

    @property
    def failed(self) -> str:
        return f"{self.key}_failed"

    @property
    def row_failed(self) -> str:
        return f"{self.key}_row_failed"


_REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    """Add ``exporter`` (a module calls this at import); registering the same key again replaces it."""
    _REGISTRY[exporter.key] = exporter
    return exporter


def exporters() -> list[Exporter]:
    """Every registered exporter, the built-in ones imported first."""
    for module in BUILTIN:
        importlib.import_module(module)
    return list(_REGISTRY.values())
