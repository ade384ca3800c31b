"""Words that lost the space between them ('Giaocho', 'quyếtđịnh', 'BộCông'), split again.

Web copies of official letters and OCR both drop spaces between syllables. A Vietnamese syllable is
never longer than seven letters and never holds two vowel groups, so a run of letters that is no
syllable but reads as exactly one pair of syllables (from the syllables of underthesea's Viet74K
dictionary, Apache-2.0 package data) is two words. A capital inside a run ('BộCông') marks the
cut by itself. Hand-written: no Vietnamese segmenter we ship splits inside a space-free token;
underthesea's word_tokenize joins syllables, it does not cut them.
"""

from __future__ import annotations

import re
from functools import cache

from congvan.readers import viet74k
from congvan.text import nfc, strip_tones, tone_key

_RUN = re.compile(r"[^\W\d_]{4,}")
_ADDRESS_MARKS = "./@:"  # beside a run, these put it inside a web or mail address


@cache
def syllables() -> frozenset[str]:
    """Every syllable of Viet74K, lower case, one tone style."""
    return frozenset(p for entry in viet74k.entries() for p in entry.split() if p.isalpha())


_VOWEL = re.compile(r"[aăâeêioôơuưy]", re.IGNORECASE)
_ASCII = re.compile(r"^[a-z]+$", re.IGNORECASE)


def _syllable(part: str) -> bool:
    return len(part) >= 2 and bool(_VOWEL.search(strip_tones(part))) and tone_key(part) in syllables()


def _split(run: str) -> str:
    if tone_key(run) in syllables():
        return run
    inner = [i for i in range(1, len(run)) if run[i].isupper() and run[i - 1].islower()]
    if len(inner) == 1 and _syllable(run[:inner[0]]) and len(run) - inner[0] >= 2:
        return f"{run[:inner[0]]} {run[inner[0]:]}"  # 'BộCông' → 'Bộ Công'
    if any(c.isupper() for c in run[1:]) or len(run) > 14:
        return run  # an acronym or a code ('HĐND')
    cuts = [i for i in range(2, len(run) - 1) if _syllable(run[:i]) and _syllable(run[i:])]
    if len(cuts) != 1:
        return run
    left, right = run[:cuts[0]], run[cuts[0]:]
    if _ASCII.match(run) and tone_key(f"{left} {right}") not in viet74k.entries():
        return run  # no tone mark anywhere ('Trancy', 'file'): only a dictionary word is split
    return f"{left} {right}"


def unglue(text: str) -> str:
    """'Giaocho Sở Xây dựng chủ trì' → 'Giao cho Sở Xây dựng chủ trì'; text with its spaces stays.

    Runs inside a web or mail address ('nghean.gov.vn') are left alone.
    """
    text = nfc(text)

    def one(match: re.Match[str]) -> str:
        before = text[match.start() - 1:match.start()]
        after, next_char = text[match.end():match.end() + 1], text[match.end() + 1:match.end() + 2]
        in_address = (before != "" and before in _ADDRESS_MARKS) or (after != "" and after in _ADDRESS_MARKS and next_char.isalnum())
        return match.group(0) if in_address else _split(match.group(0))

    return _RUN.sub(one, text)
