"""Readers register themselves by suffix: a new format is one module in readers/."""

from pathlib import Path

import pytest

from congvan.readers import SUPPORTED_SUFFIXES, read_file, registry
from congvan.readers.base import LineBuilder, ReadDocument


def test_every_supported_suffix_has_a_reader_in_rank_order():
    assert SUPPORTED_SUFFIXES == (".pdf", ".docx", ".txt", ".doc", ".odt")
    assert all(hasattr(registry.reader_for(s), "read") for s in SUPPORTED_SUFFIXES)


def test_a_registered_reader_is_used_for_its_suffix(tmp_path, monkeypatch):
    class Upper:
        def read(self, path: Path) -> ReadDocument:
            lines = LineBuilder()
            lines.add(path.read_text(encoding="utf-8").upper())
            return ReadDocument(format="txt", pages=1, lines=lines.lines)

    monkeypatch.setitem(registry._READERS, ".txt", (30, Upper()))
    letter = tmp_path / "a.txt"
    letter.write_text("kính gửi", encoding="utf-8")
    assert [line.text for line in read_file(letter).lines] == ["KÍNH GỬI"]


def test_two_readers_for_one_suffix_are_refused():
    class Other:
        def read(self, path: Path) -> ReadDocument:  # pragma: no cover - never called
            raise AssertionError

    with pytest.raises(ValueError, match=".pdf"):
        registry.register_reader(".pdf", Other())
