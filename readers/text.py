"""Plain-text reader: UTF-8 (with or without BOM), UTF-16, or the Windows Vietnamese code page."""

from __future__ import annotations

import re
from pathlib import Path

from congvan.models import Warning
from congvan.readers.base import LineBuilder, ReadDocument, ReadError
from congvan.readers.unglue import unglue
from congvan.readers.registry import register

MAX_TEXT_BYTES = 20 * 1024 * 1024


def decode(data: bytes) -> tuple[str, list[Warning]]:
    """Decode bytes, preferring UTF-8; say so when we had to guess a legacy code page."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ReadError("bad_encoding", f"text starts with a UTF-16 mark but is not valid UTF-16 ({exc})") from exc
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise ReadError("bad_encoding", f"text is neither UTF-8 nor Windows-1258 ({exc})") from exc
    return text, [Warning(code="legacy_encoding", message="text decoded as Windows-1258, not UTF-8")]


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row copied from a web page ('Số: 12/UBND | Hà Nội, ngày …|'), or None.

    Official-text sites render the two-column header and closing as a table; copied as text,
    a row becomes one line with '|' between its cells, and a cell that spans several lines is
    closed by a line holding only '|'. A line is a row when it starts or ends with '|' or has
    ' | ' inside: Vietnamese prose does not use the bar.
    """
    stripped = line.strip()
    if "|" not in stripped or not (stripped.startswith("|") or stripped.endswith("|") or " | " in stripped):
        return None
    return [cell for cell in _row_cells(stripped) if cell]


_LONE_BAR = re.compile(r"^\s*\|\s*$")
_MOTTO_WORD = re.compile(r"C[ỘO]NG\s+H[OÒ]À?", re.IGNORECASE)
_DATE_CELL = re.compile(r"\bngày\b.*\bnăm\b|^\s*Số\b", re.IGNORECASE)
_OPEN_END = re.compile(r"(?:\b(?:ngày|tháng|năm)\s+\d{1,2}|:)$", re.IGNORECASE)
HEADER_CELL_LINES = 10


def _join_fragments(lines: list[str]) -> list[str]:
    """A web table cell re-wrapped into short lines ('ỦY' / 'BAN NHÂN DÂN', 'Nam Định, ngày 16' /
    'tháng 7 năm 2021'): a one-word line, or one that ends inside a date or after 'Số:', runs on
    into the next. A number or date cell is one line. Other breaks are kept: 'ỦY BAN NHÂN DÂN' /
    'TỈNH NAM ĐỊNH' is how the header is set."""
    if _DATE_CELL.search(" ".join(lines)):
        return [" ".join(lines)]
    out: list[str] = []
    carry = ""
    for line in lines:
        line = f"{carry} {line}".strip() if carry else line
        if len(line.split()) == 1 or _OPEN_END.search(line):
            carry = line
            continue
        out.append(line)
        carry = ""
    if carry:
        out.append(carry)
    return out


def bar_header_cells(lines: list[str]) -> tuple[list[list[str]], int] | None:
    """The header cells of a web page copied with a lone '|' closing each table cell, and how
    many lines they take, or None.

    Some official-text sites give the two-column header (issuer | motto, number | place and
    date) as cells separated by lines holding only '|', each cell re-wrapped at random. The
    cells are read in order, two to a row, when the second one holds the motto.
    """
    cells: list[list[str]] = []
    current: list[str] = []
    for index, line in enumerate(lines):
        if _LONE_BAR.match(line):
            cells.append(current)
            current = []
            if len(cells) == 4:
                break
            continue
        if line.strip():
            current.append(line.strip())
        if len(current) > HEADER_CELL_LINES:
            break
    else:
        index = len(lines)
    if len(cells) < 2 or not cells[0] or not _MOTTO_WORD.search(" ".join(cells[1])) or _MOTTO_WORD.search(" ".join(cells[0])):
        return None
    return [_join_fragments(c) for c in cells if c], index + 1


# A header row flattened into one line of plain text: the two columns joined by a wide gap
# ('UỶ BAN NHÂN DÂN          CỘNG HÒA …'), or by one space before the motto or before the
# place of the date line ('TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc', 'Số: 73/UBND-TH Hậu
# Giang, ngày 12 tháng 1 năm 2018'). Only the first lines of a text are looked at.
HEADER_ROWS = 12
_GAP_ROW = re.compile(r"^(\S.*?\S)\s{3,}(\S.*)$")
_MOTTO_ROW = re.compile(r"^(\S.*?)\s+((?:C[ỘO]NG\s+H(?:ÒA|OÀ|OA)\s+X[ÃA]\s+H[ỘO]I|(?i:[đd][ộô]c\s+l[ậa]p)\s*[-–]).*)$")
_NUMBER_PLACE_ROW = re.compile(r"^(S[ốo]\s*:.*?)\s+([A-ZĐÀ-Ỹ][^\d,/]{1,40}?,\s*ngày\b.*)$")


def header_row_cells(line: str) -> list[str] | None:
    """The two cells of a flattened header row (see HEADER_ROWS), or None."""
    stripped = line.strip()
    for pattern in (_GAP_ROW, _MOTTO_ROW, _NUMBER_PLACE_ROW):
        match = pattern.match(stripped)
        if match:
            return [match.group(1).strip(), match.group(2).strip()]
    return None


def flattened_header(lines: list[str]) -> tuple[list[tuple[str, str | None]], int] | None:
    """The rows of a header whose two columns were flattened into lines of text, and how many
    lines they take, or None. It must open the text and its right column must hold the motto;
    an upper-case line between rows ('SỞ GIÁO DỤC VÀ ĐÀO TẠO' under the parent body) is a
    left-column line of its own."""
    rows: list[tuple[str, str | None]] = []
    used = 0
    nonblank = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        nonblank += 1
        if nonblank > HEADER_ROWS or table_cells(stripped) is not None:
            break  # a web table row is read by table_cells
        cells = header_row_cells(stripped)
        if cells is not None:
            rows.append((cells[0], cells[1]))
            used = index + 1
            if _NUMBER_START.match(cells[0]):
                break  # the number and date row closes the header
        elif rows and stripped.isupper() and not _NUMBER_START.match(stripped):
            rows.append((stripped, None))
            used = index + 1
        else:
            break
    if not rows or not any(right and _MOTTO_WORD.search(right) for _, right in rows):
        return None
    while rows and rows[-1][1] is None:  # a trailing upper-case line is the title, not the header
        rows.pop()
        used = next(i for i in range(used - 1, -1, -1) if lines[i].strip()) if rows else 0
    return rows, used


_NUMBER_START = re.compile(r"^S[ốo]\s*:")


def _row_cells(line: str) -> list[str]:
    """A web table row's cells with the blank ones kept, so each stays in its column."""
    parts = line.strip().split("|")
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return [part.strip() for part in parts]


def read_text(text: str, warnings: list[Warning] | None = None) -> ReadDocument:
    """Build a ReadDocument from already-decoded text (stdin, tests); form feeds separate pages.

    Table rows copied from web pages become one line per cell: the first cell the left
    column, the others the right, one block per run of rows, as the DOCX reader gives a
    header table, so the layout tells the issuer from the motto and the number from the date.
    """
    builder = LineBuilder()
    builder.mend = unglue  # copies from web pages lose spaces between syllables ('quyếtđịnh')
    pages = text.split("\f")
    block = 0
    for number, page in enumerate(pages, start=1):
        builder.new_page(number)
        in_table = False
        row = 0
        page_lines = page.splitlines()
        header = bar_header_cells(page_lines) if number == 1 else None
        if header is not None:
            cells, used = header
            for k, cell in enumerate(cells):
                if k % 2 == 0:
                    block += 1
                for line in cell:
                    builder.add(line, column="left" if k % 2 == 0 else "right", block=block)
            page_lines = page_lines[used:]
        flat = flattened_header(page_lines) if number == 1 and header is None else None
        if flat is not None:
            rows, used = flat
            block += 1  # one block, left column first, as a PDF's header block reads
            for left, _ in rows:
                builder.add(left, column="left", block=block)
            for _, right in rows:
                if right:
                    builder.add(right, column="right", block=block)
            page_lines = page_lines[used:]
        for line in page_lines:
            cells = table_cells(line)
            if cells is None:
                builder.add(line)
                in_table = False
                continue
            if len(cells) < 2:
                builder.add(cells[0] if cells else "")  # a lone '|' closes a cell; '| KT. BỘ TRƯỞNG |' is one
                continue
            if not in_table:
                block += 1
                in_table = True
                row = 0
            else:
                row += 1
            if len(cells) >= 3:
                # a row of three or more cells is a content table: its lines keep their cell, and
                # a blank cell keeps its place ('| 2 | Rà soát | | Tháng 6 |')
                for k, cell in enumerate(_row_cells(line)):
                    builder.add(cell, column="left" if k == 0 else "right", block=block, cell=(block, row, k))
                continue
            for k, cell in enumerate(cells):
                builder.add(cell, column="left" if k == 0 else "right", block=block)
    return ReadDocument("txt", len(pages), builder.lines, "born_digital", list(warnings or []))


@register(".txt", rank=30)
class TextReader:
    """Reads .txt letters (e-mail exports, copies from the national portal)."""

    def read(self, path: Path) -> ReadDocument:
        data = path.read_bytes()
        if len(data) > MAX_TEXT_BYTES:
            raise ReadError("too_large", f"text file is {len(data) // 2**20} MB; not a letter")
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReadError("binary", "file contains binary data; not a text letter")
        text, warnings = decode(data)
        return read_text(text, warnings)
