"""Correct OCR slips in the few header and signature phrases that come from a closed list.

Tesseract's Vietnamese model often drops or swaps a tone mark in capitals ("PHO CHU TỊCH",
"TĨNH QUÁẢNG NGAI"). Positions, authority words and province names come from short lists
(``congvan/data/signer_titles.txt``, ``places.txt``), so a phrase whose accent-free form is
within a small edit distance of a list entry is replaced by that entry. The comparison uses
accent-free keys (``text.fold``) only to *find* the entry; the value written is the entry with
its diacritics, and only text from OCR is ever corrected.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from congvan.extractors.rules import exact_alternation
from congvan.lexicon import places, signer_words, word_values, words
from congvan.text import fold, nfc, squash, tone_key

_PREFIX = re.compile(r"^(?P<prefix>(?:TM|T/M|KT|TL|TUQ|Q)\s*[.:]\s*)?(?P<rest>.+)$", re.IGNORECASE)


def _closest(text: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    keys = [fold(c) for c in choices]
    found = process.extractOne(fold(text), keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    return choices[found[2]] if found else None


def fix_signer_line(text: str) -> str:
    """'PHO ^ CHU TỊCH' → 'PHÓ CHỦ TỊCH'; 'KT. CHU TICH' → 'KT. CHỦ TỊCH'."""
    clean = squash(re.sub(r"[\^~`'\"|_]+", " ", text))
    match = _PREFIX.match(clean)
    if not match:
        return text
    best = _closest(match["rest"], signer_words(), 88)
    if best is None:
        return text
    prefix = match["prefix"] or ""
    if prefix:
        prefix = re.sub(r"\s*([.:])\s*$", ". ", prefix.upper()).replace("T/M.", "T/M").replace("T/M ", "T/M ")
    return f"{prefix}{best}"


# 'TỈNH' / 'THÀNH PHỐ' (and OCR slips 'TĨNH') before a place name: congvan/data/metadata_words.tsv.
_SLIPS = word_values("metadata_words.tsv", "place_head_slip")
_PLACE_HEADS = words("metadata_words.tsv", "place_head")
_PLACE_HEAD = re.compile(rf"^(?P<head>.*?\b{exact_alternation([*_PLACE_HEADS, *_SLIPS])}\s+)(?P<name>.+)$")
_PLACE_HEAD_SLIP = re.compile(rf"\b(?P<slip>{exact_alternation(_SLIPS)})\s+$")
# The capitalised heads end the organ of an issuer line ('ỦY BAN NHÂN DÂN | TỈNH QUẢNG NGÃI').
_ORGAN_THEN_PLACE = re.compile(rf"^(?P<organ>.+?)(?P<tail>\s+{exact_alternation(h for h in _PLACE_HEADS if h.isupper())}\s+.+)?$")


def fix_place_words(text: str) -> str:
    """Correct a province name after TỈNH/THÀNH PHỐ, or a bare place ('Quáng Ngãi' → 'Quảng Ngãi')."""
    match = _PLACE_HEAD.match(text)
    if match:
        best = _closest(match["name"], places(), 85)
        if best is None:
            return text
        head = _PLACE_HEAD_SLIP.sub(lambda slip: _SLIPS[slip["slip"]] + " ", match["head"])
        name = best.upper() if match["name"].isupper() else best
        return head + name
    best = _closest(text, places(), 85)
    if best is None:
        return text
    return best.upper() if text.isupper() else best


def fix_issuer(text: str) -> str:
    """'ÚY BAN NHÂN DÂN TĨNH QUÁẢNG NGAI' → 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI'."""
    text = fix_place_words(text)
    match = _ORGAN_THEN_PLACE.match(text)
    if not match:
        return text
    organ = _closest(match["organ"], signer_words(), 90) or match["organ"]
    return organ + (match["tail"] or "")


# -- tone marks in running text -------------------------------------------------------------------
# Tesseract reads the hook tone as none or as a tilde ('bô sung', 'tô chức', 'phỗ thông'); the
# vowel shapes (ô, ơ, ư, ă, â, ê) and đ survive. So a pair of syllables that is no Vietnamese word,
# but becomes exactly one word of the dictionary that ships with underthesea (Viet74K, Apache-2.0
# package data) when a hook is put back, is read as that word. Hand-written: no library offers tone-only respelling, and a
# fuzzy matcher would also change letters, which OCR of printed text gets right.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
HOOK, TILDE = "\u0309", "\u0303"
_SYLLABLE = re.compile(r"[^\W\d_]+")


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", tone_key(syllable))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))


@cache
def _dictionary() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Two-syllable words of Viet74K (in tone_key form) and, by their toneless form, the words."""
    path = resources.files("underthesea").joinpath("corpus", "data", "Viet74K.txt")
    words2: set[str] = set()
    by_base: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word = tone_key(line.strip())
        parts = word.split()
        if len(parts) != 2 or not all(_SYLLABLE.fullmatch(p) for p in parts):
            continue
        words2.add(word)
        by_base.setdefault(" ".join(_toneless(p) for p in parts), set()).add(word)
    return frozenset(words2), {base: tuple(sorted(found)) for base, found in by_base.items()}


def _tone(syllable: str) -> str:
    return next((c for c in unicodedata.normalize("NFD", syllable) if c in _TONES), "")


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
    tokens = list(_SYLLABLE.finditer(nfc(text)))
    text = nfc(text)
    keys = [tone_key(t.group(0)) for t in tokens]

    def adjacent(i: int) -> bool:  # tokens i and i+1 are separated by spaces only
        return i + 1 < len(tokens) and not text[tokens[i].end():tokens[i + 1].start()].strip()

    def is_word(i: int) -> bool:
        return adjacent(i) and f"{keys[i]} {keys[i + 1]}" in words2

    replace: dict[int, str] = {}
    for i in range(len(tokens) - 1):
        if not adjacent(i) or is_word(i) or (i > 0 and is_word(i - 1)) or is_word(i + 1) or i in replace or i - 1 in replace:
            continue
        found = by_base.get(f"{_toneless(keys[i])} {_toneless(keys[i + 1])}", ())
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


_LEADING_NOISE = re.compile(r"^[^\w/]+")


def fix_subject(text: str) -> str:
    """A trích yếu read by OCR: stray marks before it dropped (',Về việc …'), the space OCR lost in
    its opening mark put back ('Vềviệc' → 'Về việc'), and hook tones restored (``fix_tones``)."""
    text = _LEADING_NOISE.sub("", nfc(text))
    for mark in sorted(words("layout_words.tsv", "subject_mark"), key=len, reverse=True):
        glued = mark.replace(" ", "")
        if glued != mark and tone_key(text).startswith(tone_key(glued)):
            text = f"{mark} {text[len(glued):].lstrip()}"
            break
    return fix_tones(text)
