"""Readers: one per input format, all producing :class:`ReadDocument`.

:func:`read_file` picks the reader from the file's *content* (magic bytes), not only its
name, so a PDF saved as ``.docx`` is still read, with a warning. Old binary Word (.doc)
and OpenDocument (.odt) letters are converted to DOCX with LibreOffice and read by the
DOCX reader (readers/convert.py); the Document contract knows only pdf|docx|txt, so they
report ``format="docx"`` with a ``converted_from_doc`` / ``converted_from_odt`` warning.

Every failure to read a file is a :class:`ReadError` with a specific code; any other
exception escaping a reader is a bug (tests/test_hostile.py fuzzes for them).
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from congvan.models import Warning
from congvan.readers import convert
from congvan.readers.base import Line, ReadDocument, Reader, ReadError
from congvan.readers.docx import DocxReader
from congvan.readers.pdf import PdfReader
from congvan.readers.text import TextReader, read_text

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".txt", ".doc", ".odt")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(path: Path) -> str:
    """'docx' or 'odt' for a zip container, by its content."""
    mimetype = convert.odf_mimetype(path)
    if mimetype is not None:
        if mimetype == convert.ODT_MIMETYPE:
            return "odt"
        raise ReadError("unsupported_format", f"OpenDocument file of type {mimetype.decode('ascii', 'replace')}, "
                        "not a text document; congvan reads letters (.odt), not spreadsheets or slides")
    return "docx"


def sniff(path: Path) -> str:
    """The format the bytes say: 'pdf', 'docx', 'odt', 'doc', 'txt', or raise ReadError."""
    with path.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        raise ReadError("empty_file", "file is empty (0 bytes)")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(_OLE):
        kind = convert.ole_kind(path)
        if kind == "word":
            return "doc"
        if kind == "encrypted":
            raise ReadError("encrypted", "Office document is password-protected; ask the sender for an unprotected copy")
        raise ReadError("unsupported_format", "Microsoft Office file that is not a Word document "
                        "(an Excel sheet, a PowerPoint or an Outlook message?); send the letter as .doc, .docx or PDF")
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "txt"
    if suffix in (".pdf", ".docx", ".doc", ".odt"):
        raise ReadError(f"corrupt_{suffix[1:]}", f"file is named {suffix} but its content is not a {suffix[1:].upper()} file")
    raise ReadError("unsupported_format", f"unsupported file type {suffix or '(no extension)'}; congvan reads {', '.join(SUPPORTED_SUFFIXES)}")


class ConvertedReader:
    """.doc / .odt: LibreOffice → DOCX → the DOCX reader, temporary files removed afterwards."""

    def __init__(self, kind: convert.Kind) -> None:
        self.kind = kind

    def read(self, path: Path) -> ReadDocument:
        with tempfile.TemporaryDirectory(prefix="congvan-convert-") as tmp:
            converted = convert.to_docx(path, self.kind, Path(tmp))
            try:
                document = DocxReader().read(converted)
            except ReadError as exc:
                raise ReadError(exc.code, f"after conversion from .{self.kind}: {exc.message}") from exc
        document.warnings.append(Warning(
            code=f"converted_from_{self.kind}",
            message=f"{'old binary Word' if self.kind == 'doc' else 'OpenDocument'} file converted to DOCX "
                    "with LibreOffice before reading",
        ))
        return document


_READERS: dict[str, Reader] = {
    "pdf": PdfReader(),
    "docx": DocxReader(),
    "txt": TextReader(),
    "doc": ConvertedReader("doc"),
    "odt": ConvertedReader("odt"),
}


def read_file(path: Path) -> ReadDocument:
    """Read any supported letter file."""
    try:
        kind = sniff(path)
    except (zipfile.BadZipFile, OSError) as exc:
        if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
            raise
        raise ReadError("unreadable", f"cannot read the file ({type(exc).__name__}: {exc})") from exc
    document = _READERS[kind].read(path)
    expected = path.suffix.lower().lstrip(".")
    if expected != kind:
        document.warnings.append(Warning(
            code="extension_mismatch",
            message=f"file is named .{expected or '?'} but its content is {kind.upper()}; read as {kind.upper()}",
        ))
    return document


__all__ = ["SUPPORTED_SUFFIXES", "Line", "ReadDocument", "ReadError", "read_file", "read_text", "sniff"]
