"""The Viet74K word list that ships with underthesea (Apache-2.0 package data), read once.

Both OCR mends use it: readers/unglue.py for its syllables, readers/ocr_tones.py for its
two-syllable words.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from congvan.text import tone_key


@cache
def entries() -> frozenset[str]:
    """Every entry, lower case, in one tone placement style (``tone_key``)."""
    path = resources.files("underthesea").joinpath("corpus", "data", "Viet74K.txt")
    return frozenset(tone_key(line.strip()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
