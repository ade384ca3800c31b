"""Vietnamese text hygiene shared by every stage.

Everything that crosses a boundary (file in, JSON out, DOCX back in) goes through
:func:`nfc`: some PDFs and web texts carry decomposed (NFD) diacritics, and comparing an
NFD "ệ" with an NFC one silently fails. Accent-free keys are only ever *added* beside the
original (:func:`fold`), never substituted for it.
"""

from __future__ import annotations

import os
import re
import unicodedata

_WS = re.compile(r"[ \t\u00a0\u2002-\u200b\u202f\u3000]+")
_ALL_WS = re.compile(r"\s+")

# Old-style tone placement ("hoà", "thuỷ") and new-style ("hòa", "thủy") are the same word;
# offices use both. Used only to build comparison keys, never to rewrite text.
_TONE_STYLE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(_TONE_STYLE))


def path_text(path: os.PathLike[str] | str) -> str:
    """A file path as text the register, JSON and terminals can hold.

    A name written on another system in a legacy encoding (TCVN3, Windows-1258) reaches Python
    with its undecodable bytes as lone surrogates, which UTF-8 refuses: one such file name once
    stopped a batch. Those bytes become ``\\xNN`` escapes, the same for the same name, so the
    text still identifies the file from one run to the next; the filesystem is always given the
    ``Path`` itself.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def nfc(text: str) -> str:
    """Unicode NFC, the one form congvan stores and compares."""
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Collapse all runs of whitespace to one space and trim."""
    return _ALL_WS.sub(" ", text).strip()


def squash_inline(text: str) -> str:
    """Collapse horizontal whitespace only (keeps line breaks)."""
    return _WS.sub(" ", text)


def tone_key(text: str) -> str:
    """Lower-case NFC text with tone marks in one placement style ("hoà" == "hòa")."""
    low = nfc(text).lower()
    return _TONE_RE.sub(lambda m: _TONE_STYLE[m.group(0)], low)


TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot below


def strip_tones(text: str) -> str:
    """NFC text without its tone marks, vowel shapes and đ kept ('bổ' → 'bô'): a key for OCR
    respelling, which only ever loses tones (readers/ocr_tones.py, readers/unglue.py)."""
    return nfc("".join(c for c in unicodedata.normalize("NFD", text) if c not in TONE_MARKS))


def fold(text: str) -> str:
    """Accent-free, lower-case key for fuzzy lookups; callers keep the original text."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def compare_key(text: str | None) -> str:
    """Key for judging two extracted values equal: NFC, tone style, case and spacing ignored."""
    if text is None:
        return ""
    return squash(tone_key(text)).strip(" .;,:")
