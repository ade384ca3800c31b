"""Readers: one per input format, all producing :class:`ReadDocument`.

:func:`read_file` picks the reader from the file's *content* (magic bytes), not only its
name, so a PDF saved as ``.docx`` is still read, with a warning.
"""

from __future__ import annotations

from pathlib import Path

from congvan.models import Warning
from congvan.readers.base import Line, ReadDocument, ReadError, Reader
from congvan.readers.docx import DocxReader
from congvan.readers.pdf import PdfReader
from congvan.readers.text import TextReader, read_text

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".txt")


def sniff(path: Path) -> str:
    """The format the bytes say: 'pdf', 'docx', 'txt', or raise ReadError."""
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        raise ReadError("empty_file", "file is empty (0 bytes)")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("unsupported_format", "old binary Word/OLE file (.doc); convert it to .docx or PDF")
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "txt"
    if suffix in (".pdf", ".docx"):
        raise ReadError(f"corrupt_{suffix[1:]}", f"file is named {suffix} but its content is not a {suffix[1:].upper()} file")
    raise ReadError("unsupported_format", f"unsupported file type {suffix or '(no extension)'}; congvan reads {', '.join(SUPPORTED_SUFFIXES)}")


_READERS: dict[str, Reader] = {"pdf": PdfReader(), "docx": DocxReader(), "txt": TextReader()}


def read_file(path: Path) -> ReadDocument:
    """Read any supported letter file."""
    kind = sniff(path)
    document = _READERS[kind].read(path)
    expected = path.suffix.lower().lstrip(".")
    if expected != kind:
        document.warnings.append(Warning(
            code="extension_mismatch",
            message=f"file is named .{expected or '?'} but its content is {kind.upper()}; read as {kind.upper()}",
        ))
    return document


__all__ = ["Line", "ReadDocument", "ReadError", "read_file", "read_text", "sniff", "SUPPORTED_SUFFIXES"]
