"""Old binary Word (.doc) and OpenDocument (.odt): LibreOffice → DOCX → the DOCX reader.

The Document contract knows only pdf|docx|txt, so these report ``format="docx"`` with a
``converted_from_doc`` / ``converted_from_odt`` warning; temporary files are removed afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from congvan.models import Warning
from congvan.readers import convert
from congvan.readers.base import ReadDocument, ReadError
from congvan.readers.docx import DocxReader
from congvan.readers.registry import register_reader


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


register_reader(".doc", ConvertedReader("doc"), rank=40)
register_reader(".odt", ConvertedReader("odt"), rank=50)
