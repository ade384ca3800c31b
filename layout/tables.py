"""Assignment tables: the rows of a table whose columns say who does what, by when.

Kế hoạch and quyết định often hand out their work as a table (a Phụ lục "Phân công nhiệm vụ":
STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành). Read line by line,
such a row is a heap of cells no sentence rule can parse; read as a row, it is one task whose
columns name its roles (samples/README.md, "Assignment tables"). This module finds those tables
among a region's lines and gives their rows cell by cell; extractors/table_tasks.py turns the rows
into tasks. A table with no column naming who acts (criteria, targets) is left to the sentence
units, as before.

The grid comes from one of two places:

- readers that know it (DOCX, a web row copied with '|' between its cells) mark each line with
  its cell (``Line.cell``);
- a text copied from vbpl.vn gives every cell a line of its own, row after row. There the header
  (``STT`` and the header cells after it) gives the columns, each row opens with its number, and a
  row's lines are laid into the columns by what they look like (a time for the time column, a
  body's name for a doer column), by a small dynamic programme. A column that gets no line keeps
  the cell above it: that is what a merged cell (one "Chính phủ" for five rows) looks like once
  flattened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from congvan.lexicon import action_words, body_heads, titles, word_table
from congvan.readers.base import Line
from congvan.text import squash

if TYPE_CHECKING:
    from congvan.layout.regions import Regions

_COLUMNS = "table_columns.tsv"
DOERS = ("lead", "doer")
MAX_COLUMNS = 12
_ROW_NUMBER = re.compile(r"^(?:(?P<int>\d{1,3})|(?P<roman>[IVX]{1,6})|(?P<letter>[A-ZĐ]))\s*[.)]?$")
# A line that ends a flattened table: a new article, chapter or annex, the closing.
_TABLE_END = re.compile(r"^(?:Điều\s+\d+|Chương\s+[IVXLC\d]+|PHỤ\s+LỤC|Phụ\s+lục\s+[IVX\d]|Nơi\s+nhận|\(Kèm\s+theo)", re.IGNORECASE)
_TIME = re.compile(
    r"^(?:(?:trước|trong|từ|đến|dự\s+kiến|hoàn\s+thành|chậm\s+nhất)\s+)?(?:ngày\s+)?"
    r"(?:quý|tháng|năm|kỳ\s+họp|phiên\s+họp|hằng|hàng|thường\s+xuyên|định\s+kỳ|giai\s+đoạn|liên\s+tục|"
    r"\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}\b)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One column: its header as written and what it says about each row (``table_columns.tsv``)."""

    header: str
    kind: str | None


@dataclass
class Row:
    """One row: for each column, the indices of its lines (empty when the cell is blank)."""

    cells: list[list[int]]
    inherited: set[int] = field(default_factory=set)  # columns whose lines are the row above's (a merged cell)


@dataclass
class Table:
    """An assignment table: its columns, its data rows, and every line it covers."""

    columns: list[Column]
    rows: list[Row]
    lines: frozenset[int]  # header included: no sentence unit reads them again

    def kind_columns(self, kind: str) -> list[int]:
        return [c for c, column in enumerate(self.columns) if column.kind == kind]


@cache
def _column_phrases() -> tuple[tuple[str, str], ...]:
    rows = [(squash(phrase).casefold(), category) for category, pairs in word_table(_COLUMNS).items() for phrase, _ in pairs]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _starts_word(folded: str, phrase: str) -> bool:
    """Whether ``folded`` opens with ``phrase`` as whole words ('chủ trì' in 'chủ trì thẩm tra', not 'chủ trìx')."""
    return folded.startswith(phrase) and (len(folded) == len(phrase) or not folded[len(phrase)].isalnum())


def column_kind(header: str) -> str | None:
    """What a header cell says about its column: the category of the longest phrase it starts with."""
    text = squash(header).casefold().strip(" :*")
    return next((category for phrase, category in _column_phrases() if _starts_word(text, phrase)), None)


def _time_subcolumns(kinds: list[str | None]) -> list[str | None]:
    """Unnamed header cells after a time column are its sub-columns once flattened ('Thời gian
    trình' over 'Ủy ban Thường vụ Quốc hội cho ý kiến' | 'Quốc hội thông qua'): time columns too,
    so each time cell of a row keeps a column of its own; the first is the row's deadline."""
    out = list(kinds)
    for c in range(1, len(out)):
        if out[c] is None and out[c - 1] == "deadline":
            out[c] = "deadline"
    return out


def _is_assignment_header(kinds: list[str | None]) -> bool:
    return any(k in DOERS for k in kinds) and sum(k is not None for k in kinds) >= 2


def _inherit_merged(rows: list[Row], kinds: list[str | None]) -> None:
    """Blank doer and time cells take the cell above: a cell merged over rows is written once.

    A row always has a doer, and one year or one body often spans rows; a blank phối hợp cell is
    just blank, so it inherits nothing."""
    for above, row in zip(rows, rows[1:]):
        for c, kind in enumerate(kinds):
            if c < len(row.cells) and not row.cells[c] and kind in (*DOERS, "deadline") and above.cells[c]:
                row.cells[c] = above.cells[c]
                row.inherited.add(c)


# ------------------------------------------------------------------ tables whose grid is known
def _grid_tables(lines: list[Line], indices: list[int]) -> list[Table]:
    grids: dict[int, dict[int, dict[int, list[int]]]] = {}
    for i in indices:
        if lines[i].cell is not None:
            table, row, col = lines[i].cell
            grids.setdefault(table, {}).setdefault(row, {}).setdefault(col, []).append(i)
    tables = []
    for grid in grids.values():
        ordered = [grid[r] for r in sorted(grid)]
        for h, header in enumerate(ordered[:3]):  # a title row may come before the header
            width = max(header) + 1
            texts = [" ".join(lines[i].text for i in header.get(c, [])) for c in range(width)]
            columns = [Column(text, column_kind(text)) for text in texts]
            if _is_assignment_header([col.kind for col in columns]):
                rows = [Row([row.get(c, []) for c in range(width)]) for row in ordered[h + 1:]]
                _inherit_merged(rows, [col.kind for col in columns])
                covered = frozenset(i for row in ordered for cell in row.values() for i in cell)
                tables.append(Table(columns, rows, covered))
                break
    return tables


# ------------------------------------------------------- tables flattened to a cell per line
def _row_number(text: str) -> tuple[str, int] | None:
    match = _ROW_NUMBER.match(text.strip())
    if not match:
        return None
    if match["int"]:
        return "int", int(match["int"])
    return ("roman", 0) if match["roman"] else ("letter", 0)


@cache
def _body_starts() -> tuple[str, ...]:
    heads = body_heads()
    starts = [*heads.capital, *heads.generic, *(title for title, _ in titles()), "Chính phủ", "Quốc hội"]
    return tuple(sorted({s.casefold() for s in starts if s}, key=len, reverse=True))


@cache
def _verbs() -> tuple[str, ...]:
    return tuple(sorted({w.casefold() for w in action_words()}, key=len, reverse=True))


def _starts_with(folded: str, phrases: tuple[str, ...]) -> bool:
    return any(_starts_word(folded, phrase) for phrase in phrases)


def looks_like_body_cell(text: str) -> bool:
    """A cell that names bodies ('Sở Nội vụ', 'Các sở, ban, ngành', 'UBND cấp huyện'), not a task.

    A cell that opens with an action word is the task, even when that word can name a body too
    ('Tổ chức tuyên truyền …')."""
    folded = text.strip().casefold()
    if _starts_with(folded, _verbs()):
        return False
    folded = folded[4:] if folded.startswith("các ") else folded
    return len(text) <= 200 and _starts_with(folded, _body_starts())


def looks_like_time_cell(text: str) -> bool:
    """A cell that gives a time ('Quý II/2026', 'Tháng 6/2026', 'Năm 2026', 'Thường xuyên')."""
    return len(text) <= 80 and _TIME.match(text.strip()) is not None


def _fit(kind: str | None, text: str) -> float:
    """How well a line fits a column of this kind (the alignment's score)."""
    body, time = looks_like_body_cell(text), looks_like_time_cell(text)
    if kind in (*DOERS, "collab", "report_to"):
        return 2.0 if body else (-2.0 if time else -1.0)
    if kind == "deadline":
        return 2.0 if time else -2.0
    if kind in ("task", "deliverable", None):
        return -1.0 if body or time else 1.0
    return 0.0


def align(texts: list[str], kinds: list[str | None]) -> list[int] | None:
    """Each line's column, in order (a column may take several lines or none), best fit first.

    A dynamic programme over (line, column): line k goes to a column not before line k-1's.
    Two lines in one column cost a little (a cell of two paragraphs is rarer than one each),
    and so does skipping a column (it then inherits the cell above it).
    """
    n, m = len(texts), len(kinds)
    if n == 0 or m == 0:
        return None
    neg = float("-inf")
    best = [[neg] * m for _ in range(n)]
    back = [[-1] * m for _ in range(n)]
    for c in range(m):
        # the row's first line is its first cell unless it plainly belongs further right
        best[0][c] = _fit(kinds[c], texts[0]) - 1.0 * c
    for k in range(1, n):
        for c in range(m):
            fit = _fit(kinds[c], texts[k])
            stay = best[k - 1][c] - 0.5
            move, arg = neg, -1
            for p in range(c):
                score = best[k - 1][p] - 0.3 * (c - p - 1)
                if score > move:
                    move, arg = score, p
            if stay >= move:
                best[k][c], back[k][c] = stay + fit, c
            else:
                best[k][c], back[k][c] = move + fit, arg
    last = max(range(m), key=lambda c: best[n - 1][c] - 0.3 * (m - 1 - c))
    path = [last]
    for k in range(n - 1, 0, -1):
        path.append(back[k][path[-1]])
    return path[::-1]


def _flat_tables(lines: list[Line], indices: list[int]) -> list[Table]:
    tables: list[Table] = []
    plain = [i for i in indices if lines[i].cell is None]
    k = 0
    while k < len(plain):
        table, k = _flat_table_at(lines, plain, k)
        if table is not None:
            tables.append(table)
    return tables


def _flat_table_at(lines: list[Line], plain: list[int], k: int) -> tuple[Table | None, int]:
    """The flattened assignment table whose header starts at ``plain[k]``, and where to go on."""
    if column_kind(lines[plain[k]].text) != "number":
        return None, k + 1
    j = k + 1
    while j < len(plain) and j - k < MAX_COLUMNS and _row_number(lines[plain[j]].text) is None \
            and len(lines[plain[j]].text) <= 80:
        j += 1
    headers = [lines[i].text for i in plain[k:j]]
    kinds = _time_subcolumns([column_kind(h) for h in headers])
    if j >= len(plain) or _row_number(lines[plain[j]].text) is None or not _is_assignment_header(kinds):
        return None, k + 1
    data_kinds = kinds[1:]
    width = len(data_kinds)
    rows: list[Row] = []
    previous: Row | None = None
    last_int = 0
    covered = set(plain[k:j])
    while j < len(plain):
        number = _row_number(lines[plain[j]].text)
        if number is None or (number[0] == "int" and number[1] not in (last_int + 1, 1)):
            break
        start = j + 1
        end = start
        while end < len(plain) and end - start < 2 * width and not _TABLE_END.match(lines[plain[end]].text):
            nxt = _row_number(lines[plain[end]].text)
            if nxt is not None and (nxt[0] != "int" or nxt[1] in (number[1] + 1, 1) or number[0] != "int"):
                break
            end += 1
        own = plain[start:end]
        covered.add(plain[j])
        covered.update(own)
        j = end
        if number[0] != "int":
            last_int = 0  # a group row ('I', 'A'): its rows are numbered from 1 again
            previous = None
            continue
        last_int = number[1]
        path = align([lines[i].text for i in own], data_kinds)
        cells: list[list[int]] = [[] for _ in range(width)]
        for i, c in zip(own, path or []):
            cells[c].append(i)
        row = Row([[plain[start - 1]], *cells])
        if previous is not None:
            _inherit_merged([previous, row], kinds)
        rows.append(row)
        previous = row
        if j < len(plain) and _TABLE_END.match(lines[plain[j]].text):
            break
    if not rows:
        return None, k + 1
    columns = [Column(h, kind) for h, kind in zip(headers, kinds)]
    return Table(columns, rows, frozenset(covered)), j


def region_tables(regions: Regions) -> list[Table]:
    """The assignment tables of the letter's body and of each attachment."""
    return assignment_tables(regions.lines, [regions.body, *regions.annexes])


def table_lines(tables: Iterable[Table]) -> frozenset[int]:
    """Every line of the assignment tables: read row by row, they make no sentence units."""
    return frozenset(i for table in tables for i in table.lines)


def assignment_tables(lines: list[Line], regions: Iterable[list[int]]) -> list[Table]:
    """The assignment tables of each region (the body, each attachment), in reading order."""
    found: list[Table] = []
    for indices in regions:
        found.extend(_grid_tables(lines, indices))
        found.extend(_flat_tables(lines, indices))
    return sorted(found, key=lambda t: min(t.lines))


__all__ = ["Column", "Row", "Table", "align", "assignment_tables", "column_kind", "looks_like_body_cell",
           "looks_like_time_cell", "region_tables", "table_lines"]
