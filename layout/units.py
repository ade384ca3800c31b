"""Directive units: the pieces of a letter's body that can each carry one instruction.

The body's visual lines are unwrapped into paragraphs (list items start a new one),
paragraphs are split into sentences, and list structure is kept as a tree so an item
can inherit its assignee from its heading (``2. Sở Y tế:`` then ``- Chủ trì …``).
Every unit keeps a map from its characters back to (page, offset in the page's text),
so evidence always points at the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from congvan.extractors.rules import data_pattern
from congvan.lexicon import _data_lines
from congvan.readers.base import Line

Wrapped = bool | Literal["hard"]

if TYPE_CHECKING:
    from congvan.layout.regions import Regions

_WORDS = "layout_words.tsv"
_ARTICLE = data_pattern(_WORDS, "article_word")
# List markers, outermost first; the index is the marker's nesting rank.
# Amendment text quotes the clauses it inserts ('“đ) Trong thời hạn …', '“3. …'): the opening
# quote comes before the marker and goes with it (samples/README.md, evidence).
_QUOTE = r"[“\"]?"
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^{_QUOTE}({data_pattern(_WORDS, 'chapter_word')})\s+[IVXLC\d]+\.?\s*", re.IGNORECASE)),
    ("roman", re.compile(rf"^{_QUOTE}[IVX]{{1,5}}\s*[./)]\s+")),
    ("article", re.compile(rf"^{_QUOTE}{_ARTICLE}\s+\d+[a-z]?\s*[.:]\s*")),
    ("number", re.compile(rf"^{_QUOTE}\d{{1,2}}(?:\.\d{{1,2}})*\s*[./)]\s*(?=\S)")),
    ("letter", re.compile(rf"^{_QUOTE}[a-zđ]\s*\)\s*")),
    ("paren_roman", re.compile(r"^\((?:i{1,3}|iv|v|vi{1,3}|ix|x)\)\s*")),  # '(i)', '(ii)' under a letter item
    ("dash", re.compile(r"^[-–•]\s*")),
    ("plus", re.compile(r"^[+*]\s*")),
]
RANK = {name: rank for rank, (name, _) in enumerate(MARKERS)}
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”)]?\s+(?=[\"“(]?[A-ZĐÀ-ỸẠ-Ỹ])")
_ABBREVIATION = re.compile(rf"(?:^|\s)(?:{data_pattern(_WORDS, 'abbreviation')}|[A-ZĐ])\.$")
_ONLY_MARKER = re.compile(rf"^\s*(?:\d{{1,3}}(?:\.\d{{1,2}})*|[IVX]{{1,4}}|{_ARTICLE}\s+\d+)\.$")


def marker_of(text: str) -> tuple[str | None, int]:
    """(marker kind, length of the marker) for a paragraph's start."""
    for name, pattern in MARKERS:
        match = pattern.match(text)
        if match:
            if name == "number" and re.match(r"^[“\"]?\d{1,2}[./]\d", text):  # a date '30/6/2023', not '3.'
                continue
            return name, match.end()
    return None, 0


@dataclass
class Paragraph:
    """Unwrapped text with a char → (line index, offset in line) map."""

    text: str
    pieces: list[tuple[int, int, int]]  # (start in paragraph, line index, start in line)
    marker: str | None = None
    marker_len: int = 0


@dataclass
class Unit:
    """A sentence or list item that may carry a task."""

    text: str
    page: int
    start: int  # offset in the page's text
    end: int
    marker: str | None
    paragraph: int  # index of the paragraph it came from
    is_heading: bool = False
    parents: list[int] = field(default_factory=list)  # indices of heading units above, nearest last
    annex: str | None = None  # the title of the attachment the unit is in ('PHỤ LỤC I BỘ TIÊU CHÍ …')


def _starts_paragraph(previous: str, current: str, column_change: bool) -> bool:
    if column_change or marker_of(current)[0] is not None:
        return True
    if previous.endswith((":", ";")) and current[:1].islower():
        return False  # '… kèm theo:' / 'bảng tổng hợp …' wraps mid-sentence
    if previous.endswith((":", ";", "./.", "!", "?")):
        return True
    if previous.endswith(".") and current[:1].isupper():
        return True
    if _all_caps(previous) and not _all_caps(current):
        return True  # 'I. MỤC ĐÍCH, YÊU CẦU' then 'Xác định rõ …': a heading ends at its last capital line
    return False


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def paragraphs(lines: list[Line], indices: list[int], wrapped: Wrapped) -> list[Paragraph]:
    """Join wrapped lines into paragraphs.

    ``True`` (PDF): visual lines, joined by ``_starts_paragraph``. ``"hard"`` (plain text): lines
    are paragraphs, except that a line starting in lower case continues the one before unless
    that one ended a sentence: web pages and vbpl.vn copies break lines mid-sentence, and a
    Vietnamese sentence, heading or list item never starts in lower case (a letter marker
    'a)' is a marker). ``False`` (DOCX): lines already are paragraphs.
    """
    result: list[Paragraph] = []
    previous: Line | None = None
    for index in indices:
        line = lines[index]
        text = line.text
        if previous is None or wrapped is False:
            new = True
        elif wrapped == "hard":
            new = not (text[:1].islower() and marker_of(text)[0] is None
                       and not previous.text.endswith((".", "!", "?", "…")))
        else:
            new = _starts_paragraph(previous.text, text, previous.column != line.column)
        if new:
            result.append(Paragraph(text, [(0, index, 0)]))
        else:
            para = result[-1]
            joiner = "" if re.search(r"\w-$", para.text) and text[:1].islower() else " "
            start = len(para.text) + len(joiner)
            para.text += joiner + text
            para.pieces.append((start, index, 0))
        previous = line
    for para in result:
        para.marker, para.marker_len = marker_of(para.text)
    return result


def _locate(para: Paragraph, lines: list[Line], offset: int) -> tuple[int, int]:
    """(page, offset in page text) of a character of the paragraph."""
    chosen = para.pieces[0]
    for piece in para.pieces:
        if piece[0] <= offset:
            chosen = piece
        else:
            break
    start, line_index, in_line = chosen
    line = lines[line_index]
    return line.page, line.start + in_line + min(offset - start, len(line.text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a period after an abbreviation (TP., KT., Q.) does not end a sentence."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start:match.start()].rstrip("\"”)")
        if _ABBREVIATION.search(head) or _ONLY_MARKER.match(head):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_heading(text: str, marker: str | None) -> bool:
    """'2. Sở Y tế:' / 'III. TỔ CHỨC THỰC HIỆN' / 'Điều 5. Trách nhiệm của Bộ Y tế'."""
    if text.rstrip("”\"' ").endswith(":"):  # also inside quoted amendment text ('… có trách nhiệm:”')
        return True
    body = text
    if marker in ("number", "letter") and not body.endswith((".", ";", ",", "!", "?")) and len(body) < 150:
        return True  # "1. Trách nhiệm của Bộ Công an", "2. Thành phần"
    if marker in ("roman", "chapter", "article") and not body.endswith((".", ";")) and len(body) < 160:
        return True
    letters = [c for c in body if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters) and len(body) < 160


def _unit(para: Paragraph, lines: list[Line], a: int, b: int, p_index: int, heading: bool, parents: list[int]) -> Unit:
    """The unit of ``para.text[a:b]`` (outer spaces trimmed), with its page offsets."""
    raw = para.text[a:b]
    a += len(raw) - len(raw.lstrip())
    b = a + len(raw.strip())
    page, start = _locate(para, lines, a)
    end_page, end = _locate(para, lines, max(a, b - 1))
    end = start + (b - a) if end_page != page else end + 1
    return Unit(para.text[a:b], page, start, end, para.marker, p_index, heading, parents)


def directive_units(lines: list[Line], indices: list[int], wrapped: Wrapped) -> list[Unit]:
    """All units of the body, with each unit's chain of enclosing headings."""
    units: list[Unit] = []
    stack: list[tuple[int, int]] = []  # (rank, unit index) of open headings
    lead_in_child: int | None = None  # rank of the first item under an open unmarked lead-in
    for p_index, para in enumerate(paragraphs(lines, indices, wrapped)):
        rank = RANK.get(para.marker, len(MARKERS)) if para.marker else None
        if stack and stack[-1][0] == -1:
            # An unmarked lead-in governs the run of items right after it, and nothing beyond:
            # it closes at the next plain paragraph or at an item shallower than its first one.
            if rank is None or (lead_in_child is not None and rank < lead_in_child):
                stack.pop()
                lead_in_child = None
            elif lead_in_child is None:
                lead_in_child = rank
        if rank is not None:
            while stack and stack[-1][0] >= rank:
                stack.pop()
        heading = _is_heading(para.text, para.marker)
        parents = [u for _, u in stack]
        spans = [(0, len(para.text))] if heading or para.marker else split_sentences(para.text)
        if para.marker and not heading:
            spans = _item_sentences(para)
        lead: list[tuple[int, int]] = []
        if heading and para.marker:
            # '1. UBND cấp xã lập hồ sơ … gửi Sở Nội vụ thẩm định. Hồ sơ gồm:': the item's own
            # sentences come first, and only its last sentence heads the points below it
            sentences = split_sentences(para.text)
            if len(sentences) > 1 and para.text[sentences[-1][0]:sentences[-1][1]].rstrip("”\"' ").endswith(":"):
                lead, spans = sentences[:-1], [(sentences[-1][0], len(para.text))]
        units.extend(_unit(para, lines, a, b, p_index, False, parents) for a, b in lead)
        units.extend(_unit(para, lines, a, b, p_index, heading, parents) for a, b in spans)
        if heading:
            # An unmarked lead-in ('Sở Nội vụ đề nghị các đơn vị thực hiện các nội dung sau:')
            # governs the numbered items after it, so it ranks outside every marker.
            stack.append((rank if rank is not None else -1, len(units) - 1))
            if rank is None:
                lead_in_child = None
    return units


HARD_WRAP_SHARE = 0.2  # share of a text's line breaks that fall mid-sentence for it to count as hard-wrapped


def wrapping_of(document_format: str, lines: list[Line] | None = None) -> Wrapped:
    """How a document's lines wrap: visual lines (PDF), paragraphs (DOCX), and for plain text
    paragraphs too, unless its lines are hard-wrapped (a web page copied with its line breaks).

    A text is hard-wrapped when at least ``HARD_WRAP_SHARE`` of its line breaks fall before a
    lower-case start after a line with no final punctuation. Texts whose lines are paragraphs
    (vbpl.vn copies, tables one cell per line) stay below it, and joining their lower-case table
    cells would merge rows.
    """
    if document_format == "pdf":
        return True
    if document_format != "txt" or not lines or len(lines) < 3:
        return False
    breaks = sum(1 for a, b in zip(lines, lines[1:])
                 if b.text[:1].islower() and not a.text.endswith((".", ";", ":", "!", "?", "…", ")")))
    return "hard" if breaks >= HARD_WRAP_SHARE * (len(lines) - 1) else False


def body_units(regions: Regions, document_format: str, skip: frozenset[int] = frozenset()) -> list[Unit]:
    """The units of the letter's body, then those of each attachment after its signature.

    Each attachment is a list tree of its own (the body's headings do not reach into it), and
    its units carry the attachment's title, so a rule can tell an annex of criteria from one
    of tasks. Lines in ``skip`` (an assignment table's, read row by row in layout/tables.py)
    make no units.
    """
    wrapped = wrapping_of(document_format, regions.lines)
    units = directive_units(regions.lines, [i for i in regions.body if i not in skip], wrapped)
    for part, annex in enumerate(regions.annexes, start=1):
        offset = len(units)
        title = _annex_title(regions.lines, annex)
        for unit in directive_units(regions.lines, [i for i in annex if i not in skip], wrapped):
            unit.paragraph += 100_000 * part  # a paragraph number of its own part: no item spans two parts
            unit.parents = [p + offset for p in unit.parents]
            unit.annex = title
            units.append(unit)
    return units


def _annex_title(lines: list[Line], annex: list[int]) -> str:
    """The attachment's heading lines up to its '(Kèm theo …)' line, joined."""
    head = []
    for i in annex[:5]:
        if lines[i].text.lstrip().startswith("("):
            break
        head.append(lines[i].text.strip())
    return " ".join(head)


# '… do đơn vị dự toán ngân sách thực hiện': the sentence hands work to a body of its own.
_ALLOCATES = re.compile(
    rf"\b{data_pattern(_WORDS, 'allocator_by')}\s+(?:(?-i:[A-ZĐ])|(?:{data_pattern(_WORDS, 'allocator_plural')}\s+)?{data_pattern(_WORDS, 'allocator')}\b)"
)


@cache
def _qualifier_openers() -> re.Pattern[str]:
    words = [re.escape(w) for w in _data_lines("qualifier_openers.txt")]
    return re.compile(r"^(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")


def _item_sentences(para: Paragraph) -> list[tuple[int, int]]:
    """Each sentence of a list item is a unit of its own, unless it only qualifies the one before.

    The labelling guide makes every sentence that states its own obligation a unit ('Định kỳ
    hằng quý … báo cáo UBND tỉnh. Báo cáo năm gửi UBND tỉnh trước ngày 15/12/2024.' is two
    tasks), while 'Việc thông báo được thực hiện bằng …' or 'Thời hạn thông báo như sau: …'
    stays with the sentence it describes.
    """
    spans = split_sentences(para.text)
    if len(spans) <= 1:
        return [(0, len(para.text))]
    merged = [spans[0]]
    for a, b in spans[1:]:
        sentence = para.text[a:b].lstrip()
        # '… Việc thanh toán … do đơn vị dự toán ngân sách thực hiện.' allocates to a body of its own
        allocates = _ALLOCATES.search(sentence) is not None
        if _qualifier_openers().match(sentence) and not allocates:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
