"""The one interface every reader implements, and the one document model they all produce.

A reader turns a file into a :class:`ReadDocument`: lines of NFC text in reading order,
each knowing its page and its character offsets in that page's text. Layout and
extraction never look at the file again, so adding a format (``.doc``, OCR) is one new
reader and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from congvan.models import Signature, Warning
from congvan.text import nfc, squash_inline

Column = Literal["full", "left", "right"]


class ReadError(Exception):
    """A file that cannot be read at all; the message says why in words a clerk understands."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Line:
    """One visual line (PDF) or paragraph (DOCX/TXT) in reading order.

    ``column`` tells layout whether the line came from the left or right half of a
    two-column block (the header or the Nơi nhận | signer block). ``cell`` is (table, row,
    column) for a line read from a cell of a table of three or more columns, where the reader
    knows the grid (DOCX, a web row copied with '|' between cells): layout/tables.py reads an
    assignment table's rows from it instead of guessing them.
    """

    text: str
    page: int
    start: int  # offset of the line's first character in its page's text
    column: Column = "full"
    block: int = 0  # lines of one two-column block share a block number
    cell: tuple[int, int, int] | None = None  # (table, row, column) within the document


@dataclass
class ReadDocument:
    """What every reader produces.

    ``header_hints`` carries what a reader found *outside* the text for a number or day
    that the text leaves blank (readers/hints.py): ``number_line`` / ``date_line`` are the
    header lines with the value put in the gap, ``origin`` says where it was seen
    (``signature_field`` or ``handwriting``) and ``method`` how (``text`` or ``ocr``). They
    are kept apart from ``lines`` so the extractor decides how much to trust them.

    ``signatures`` are the PDF's digital signatures in signing order (readers/signatures.py),
    carried to the extractor, which checks the letter's fields against them.
    """

    format: Literal["pdf", "docx", "txt"]
    pages: int
    lines: list[Line]
    text_layer: Literal["born_digital", "ocr", "none"] = "born_digital"
    warnings: list[Warning] = field(default_factory=list)
    header_hints: dict[str, str] = field(default_factory=dict)
    signatures: list[Signature] = field(default_factory=list)

    def page_text(self, page: int) -> str:
        """The text of one page: its lines joined by newlines (what Line.start indexes)."""
        return "\n".join(line.text for line in self.lines if line.page == page)

    @property
    def text(self) -> str:
        """Whole-document text, pages separated by form feeds."""
        return "\f".join(self.page_text(p) for p in range(1, self.pages + 1))


class LineBuilder:
    """Accumulates lines and keeps page offsets right; readers use it so none gets them wrong."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._page = 1
        self._offset = 0
        # mends each line before it is placed (the PDF reader sets it on pages read by OCR), so the
        # offsets are those of the mended text
        self.mend: Callable[[str], str] | None = None

    def new_page(self, page: int) -> None:
        self._page = page
        self._offset = 0

    def add(self, text: str, column: Column = "full", block: int = 0, cell: tuple[int, int, int] | None = None) -> None:
        """Add one line; text is NFC-normalised and inline whitespace collapsed."""
        clean = squash_inline(nfc(text)).strip()
        if clean and self.mend is not None:
            clean = self.mend(clean)
        if not clean:
            return
        self.lines.append(Line(clean, self._page, self._offset, column, block, cell))
        self._offset += len(clean) + 1  # +1 for the joining newline


class Reader(Protocol):
    """A reader for one input format."""

    def read(self, path: Path) -> ReadDocument:  # pragma: no cover - protocol
        ...
