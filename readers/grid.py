"""Ruled tables on a born-digital PDF page: the grid their border lines draw, and each word's cell.

An assignment table (STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian) printed to
PDF is, in the text layer, words at positions: grouped into visual lines, one line runs across all
five columns and a wrapped cell spreads over several lines, so no row survives. Word and
LibreOffice draw the table's borders as thin path objects, and those give the grid back: the
vertical rules are the column edges, the horizontal ones the row edges. Each word inside the grid
goes to the cell its centre falls in; the reader then emits every cell's lines with their cell
(``Line.cell``), as the DOCX reader does, and layout/tables.py reads the rows.

A table drawn without borders, or a scan, has no rules: its words stay in the page's lines, as
before. Written here rather than with pdfplumber's table finder because the fast path reads the
page with PDFium: re-parsing every page with pdfminer (pure Python) only to look for rules would
cost far more than reading the rules from the path objects PDFium has already loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from congvan.readers.geometry import Word

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom in points, top-left origin
THIN = 2.5  # a border is at most this thick
SNAP = 2.0  # rules this close are one edge
MIN_COLUMNS = 3


@dataclass(frozen=True)
class Grid:
    """A ruled table: its column edges (left to right), row edges (top to bottom) and the
    horizontal rules themselves, which say where a cell spans several rows."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    horizontals: tuple[Rule, ...] = ()

    def _ruled(self, y: float, x0: float, x1: float) -> bool:
        """Whether a horizontal rule at ``y`` runs across the column from x0 to x1."""
        return any(abs((r[1] + r[3]) / 2 - y) <= SNAP and r[0] <= x0 + SNAP and r[2] >= x1 - SNAP for r in self.horizontals)

    def cell_of(self, word: Word) -> tuple[int, int] | None:
        """(row, column) of the cell the word's centre falls in, or None outside the grid.

        A cell merged over several rows has no rule between them in its column; its text, which
        Word centres vertically, belongs to the first row of the span (where DOCX puts it too),
        and layout/tables.py gives it to the rows below."""
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        col = next(i for i in range(len(self.xs) - 1) if x <= self.xs[i + 1])
        row = next(i for i in range(len(self.ys) - 1) if y <= self.ys[i + 1])
        while row > 0 and self.horizontals and not self._ruled(self.ys[row], self.xs[col], self.xs[col + 1]):
            row -= 1
        return row, col


MAX_PATHS = 5000  # a page drawn with more paths (a map, a chart) is no letter table: skip it


def page_rules(page: pdfium.PdfPage) -> list[Rule]:
    """The page's thin path objects (table borders), in the words' coordinates.

    A path PDFium cannot measure is skipped, and a page of more than ``MAX_PATHS`` paths gives
    no rules: looking for a table must never cost a letter its reading time or fail it."""
    left, _bottom, _right, top = page.get_cropbox()
    rules = []
    for n, obj in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)):
        if n >= MAX_PATHS:
            return []
        try:
            x0, y0, x1, y1 = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        if min(x1 - x0, y1 - y0) <= THIN:
            rules.append((x0 - left, top - y1, x1 - left, top - y0))
    return rules


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def find_grids(rules: list[Rule]) -> list[Grid]:
    """The ruled tables among a page's rules: clusters of vertical rules spanning the same rows.

    Vertical rules that overlap in height belong to one table; its row edges are the horizontal
    rules across its width. A grid needs at least ``MIN_COLUMNS`` columns and one row; a box
    around a paragraph (two verticals) or an underline is no table.
    """
    verticals = sorted((r for r in rules if r[2] - r[0] <= THIN and r[3] - r[1] > THIN * 3), key=lambda r: r[1])
    horizontals = [r for r in rules if r[3] - r[1] <= THIN and r[2] - r[0] > THIN * 3]
    clusters: list[list[Rule]] = []
    for v in verticals:
        if clusters and v[1] <= max(r[3] for r in clusters[-1]) + SNAP:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    grids = []
    for cluster in clusters:
        xs = _edges([(r[0] + r[2]) / 2 for r in cluster])
        top, bottom = min(r[1] for r in cluster), max(r[3] for r in cluster)
        # a rule broken by a merged cell ('Sở Nội vụ' over three rows) still marks a row edge
        inside = [r for r in horizontals if top - SNAP <= (r[1] + r[3]) / 2 <= bottom + SNAP
                  and r[2] > xs[0] + SNAP and r[0] < xs[-1] - SNAP]
        ys = _edges([(r[1] + r[3]) / 2 for r in inside])
        if len(xs) - 1 >= MIN_COLUMNS and len(ys) >= 2:
            grids.append(Grid(tuple(xs), tuple(ys), tuple(inside)))
    return grids


def split_words(words: list[Word], grids: list[Grid]) -> tuple[list[Word], list[tuple[Grid, dict[tuple[int, int], list[Word]]]]]:
    """The words outside every grid, and each grid's words by cell."""
    outside: list[Word] = []
    cells: list[dict[tuple[int, int], list[Word]]] = [{} for _ in grids]
    for word in words:
        for k, grid in enumerate(grids):
            where = grid.cell_of(word)
            if where is not None:
                cells[k].setdefault(where, []).append(word)
                break
        else:
            outside.append(word)
    return outside, [(g, c) for g, c in zip(grids, cells) if c]


__all__ = ["Grid", "find_grids", "page_rules", "split_words"]
