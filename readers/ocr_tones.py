"""Hook tones that Tesseract drops, put back by the dictionary that ships with underthesea.

Tesseract's Vietnamese model reads the hook tone (dấu hỏi) as no tone or as a tilde: 'bô sung',
'tô chức', 'phỗ thông'. The PDF reader mends every OCR line with ``fix_tones`` before layout, so
the header, the body and the task evidence all read as written. Measured with
``python -m congvan.readers.ocr_cer`` on the six hand transcriptions: CER 2.23% → 2.07%.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from congvan.readers import viet74k
from congvan.readers.unglue import unglue
from congvan.text import TONE_MARKS, nfc, strip_tones, tone_key

# Tesseract reads the hook tone as none or as a tilde ('bô sung', 'tô chức', 'phỗ thông'); the
# vowel shapes (ô, ơ, ư, ă, â, ê) and đ survive. So a pair of syllables that is no Vietnamese word,
# but becomes exactly one word of the dictionary that ships with underthesea (Viet74K, Apache-2.0
# package data) when a hook is put back, is read as that word. Hand-written: no library offers
# tone-only respelling, and a fuzzy matcher would also change letters, which OCR of printed text
# gets right.
HOOK, TILDE = "\u0309", "\u0303"
_SYLLABLE = re.compile(r"[^\W\d_]+")


@cache
def _dictionary() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Two-syllable words of Viet74K (in tone_key form) and, by their toneless form, the words."""
    words2: set[str] = set()
    by_base: dict[str, set[str]] = {}
    for word in viet74k.entries():
        parts = word.split()
        if len(parts) != 2 or not all(_SYLLABLE.fullmatch(p) for p in parts):
            continue
        words2.add(word)
        by_base.setdefault(strip_tones(word), set()).add(word)
    return frozenset(words2), {base: tuple(sorted(found)) for base, found in by_base.items()}


def _tone(syllable: str) -> str:
    return next((c for c in unicodedata.normalize("NFD", syllable) if c in TONE_MARKS), "")


def _hook_restored(read: str, word: str) -> bool:
    """The one slip corrected: a hook tone read as no tone or as a tilde ('bô' for 'bổ', 'phỗ' for
    'phổ'). Other tone changes would turn good text into other words ('tỉnh tại' → 'tĩnh tại')."""
    return read == word or (_tone(word) == HOOK and _tone(read) in ("", TILDE))


def _recase(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def fix_tones(text: str) -> str:
    """'V/v đăng ký bô sung nội dung' → 'V/v đăng ký bổ sung nội dung'; text that reads already stays.

    A pair is respelled only when it is no word, its toneless form names exactly one word, and
    neither syllable already makes a word with its other neighbour (so 'thi hành án' is left alone).
    """
    words2, by_base = _dictionary()
    text = nfc(text)
    tokens = list(_SYLLABLE.finditer(text))
    keys = [tone_key(t.group(0)) for t in tokens]

    def adjacent(i: int) -> bool:  # tokens i and i+1 are separated by spaces only
        return i + 1 < len(tokens) and not text[tokens[i].end():tokens[i + 1].start()].strip()

    def is_word(i: int) -> bool:
        return adjacent(i) and f"{keys[i]} {keys[i + 1]}" in words2

    replace: dict[int, str] = {}
    for i in range(len(tokens) - 1):
        if not adjacent(i) or is_word(i) or (i > 0 and is_word(i - 1)) or is_word(i + 1) or i in replace or i - 1 in replace:
            continue
        found = by_base.get(strip_tones(f"{keys[i]} {keys[i + 1]}"), ())
        if len(found) != 1:
            continue
        first, second = found[0].split()
        if not (_hook_restored(keys[i], first) and _hook_restored(keys[i + 1], second)):
            continue
        replace[i], replace[i + 1] = first, second
    if not replace:
        return text
    out, last = [], 0
    for i, token in enumerate(tokens):
        if i in replace:
            out.append(text[last:token.start()])
            out.append(_recase(token.group(0), replace[i]))
            last = token.end()
    out.append(text[last:])
    return "".join(out)


def mend_ocr_line(text: str) -> str:
    """One OCR line as the extractors should get it: lost spaces back (readers/unglue.py), then
    lost hook tones, which need the words apart to be found."""
    return fix_tones(unglue(text))
