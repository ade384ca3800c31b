"""Readers: one per input format, all producing :class:`ReadDocument`.

:func:`read_file` picks the reader from the file's *content* (magic bytes), not only its
name, so a PDF saved as ``.docx`` is still read, with a warning. Each reader registers the
suffixes it reads (``readers/registry.py``); old binary Word (.doc) and OpenDocument (.odt)
letters are converted to DOCX with LibreOffice and read by the DOCX reader
(``readers/converted.py``).

Every failure to read a file is a :class:`ReadError` with a specific code; any other
exception escaping a reader is a bug (tests/test_hostile.py fuzzes for them).
"""

from __future__ import annotations

import importlib
import pkgutil
import zipfile
from pathlib import Path

from congvan.models import Warning
from congvan.readers import convert, registry
from congvan.readers.base import Line, ReadDocument, ReadError

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
    raise ReadError("unsupported_format", f"unsupported file type {suffix or '(no extension)'}; congvan reads {', '.join(registry.suffixes())}")


def read_file(path: Path) -> ReadDocument:
    """Read any supported letter file."""
    try:
        kind = sniff(path)
    except (zipfile.BadZipFile, OSError) as exc:
        if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
            raise
        raise ReadError("unreadable", f"cannot read the file ({type(exc).__name__}: {exc})") from exc
    document = registry.reader_for(f".{kind}").read(path)
    expected = path.suffix.lower().lstrip(".")
    if expected != kind:
        document.warnings.append(Warning(
            code="extension_mismatch",
            message=f"file is named .{expected or '?'} but its content is {kind.upper()}; read as {kind.upper()}",
        ))
    return document


# Every module of the package is imported so each reader registers its suffixes (readers/registry.py):
# a new format is one file. Done last, so a module that imports this package finds it complete.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

from congvan.readers.text import read_text  # noqa: E402  (re-exported)

SUPPORTED_SUFFIXES = registry.suffixes()

__all__ = ["SUPPORTED_SUFFIXES", "Line", "ReadDocument", "ReadError", "read_file", "read_text", "sniff"]
