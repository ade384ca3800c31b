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


_LEADING_NOISE = re.compile(r"^[^\w/]+")


def fix_subject(text: str) -> str:
    """A trích yếu read by OCR: stray marks before it dropped (',Về việc …') and the space OCR lost in
    its opening mark put back ('Vềviệc' → 'Về việc'). Its hook tones the reader already restored
    (readers/ocr_tones.py)."""
    text = _LEADING_NOISE.sub("", nfc(text))
    for mark in sorted(words("layout_words.tsv", "subject_mark"), key=len, reverse=True):
        glued = mark.replace(" ", "")
        if glued != mark and tone_key(text).startswith(tone_key(glued)):
            text = f"{mark} {text[len(glued):].lstrip()}"
            break
    return text
