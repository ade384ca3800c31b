"""Vietnamese date expressions: ``ngày 27 tháng 4 năm 2023``, ``27/4/2023``, ``27-4-2023``.

Decree 30 fixes how dates are written, so a handful of exact patterns cover them; we use
regexes rather than ``dateparser`` because its ``vi`` locale is two orders of magnitude
slower per call and guesses on partial input, where we must return nothing rather than a
guess. Calendar arithmetic (working days, recurrences) lives in ``calendar.py`` on top of
``holidays`` and ``dateutil``.
"""

from __future__ import annotations

import datetime as dt
import re

from congvan.extractors.rules import alternation
from congvan.lexicon import words

_DATE_FILE = "date_words.tsv"


def date_word(kind: str, ocr: bool = False) -> str:
    """The word ``day``, ``month`` or ``year`` ('ngày', 'tháng', 'năm') as a pattern, from
    ``congvan/data/date_words.tsv``; with ``ocr`` also its OCR slips ('ngay', 'thang', 'nam')."""
    return alternation([*words(_DATE_FILE, kind), *(words(_DATE_FILE, kind + "_ocr") if ocr else ())])


_DAY, _MONTH, _YEAR = date_word("day"), date_word("month"), date_word("year")
_SEP = r"\s*[/.\-]\s*"
DATE_NUMERIC = re.compile(rf"\b(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})\b")
DATE_WORDS = re.compile(
    rf"{_DAY}\s+(?P<d>\d{{1,2}})\s+{_MONTH}\s+(?P<m>\d{{1,2}})\s+{_YEAR}\s+(?P<y>\d{{4}})", re.IGNORECASE
)


def make_date(year: int | str, month: int | str, day: int | str) -> dt.date | None:
    """A date, or None when the numbers do not form one (31/02, OCR noise)."""
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def parse_user_date(text: str) -> dt.date:
    """A date typed by a person: ISO ``2024-05-20`` or ``20/05/2024``; raises ValueError otherwise."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = DATE_NUMERIC.fullmatch(text)
    value = make_date(match["y"], match["m"], match["d"]) if match else None
    if value is None:
        raise ValueError(f"not a date: {text!r} (use dd/mm/yyyy or yyyy-mm-dd)")
    return value
