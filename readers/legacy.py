"""Text typed in pre-Unicode Vietnamese fonts (TCVN3/ABC ``.VnTime``, ``VNI-Times``) → Unicode.

Offices still forward letters drafted in the 1990s–2000s fonts: the file stores Latin-1
characters and the font draws them as Vietnamese letters, so "Céng hoµ" is what a reader
gets for "Cộng hoà". We convert only text we *know* is in such a font (the run's or glyph's
font name), or, when fonts are not recorded, a paragraph whose characters are
overwhelmingly legacy marks; Unicode text next to it is never touched.

The tables are data files beside this module (``legacy_tcvn3.tsv``, ``legacy_vni.tsv``).
We checked PyPI first: ``viparse`` (MIT, 0.1.x beta) has corpus-derived tables; ours agree
with every entry it has and add the chart entries it leaves out on purpose (VNI ẳ/Ẳ), and
depending on a whole document-loading framework for two 70-line tables was not worth it.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal

from congvan.text import nfc

Encoding = Literal["tcvn3", "vni"]

_SUBSET = re.compile(r"^[A-Z]{6}\+")  # PDF subset prefix: ABCDEF+.VnTime


def base_font(name: str) -> str:
    """'ABCDEF+.VnTimeH,Bold' → '.VnTimeH,Bold' (what a person would recognise)."""
    return _SUBSET.sub("", name or "")


def font_encoding(name: str | None) -> Encoding | None:
    """The legacy encoding a font name implies, or None for a Unicode font."""
    key = base_font(name or "").lstrip(".").lower()
    if key.startswith(("vni-", "vni ")):
        return "vni"
    if key.startswith("vn") and len(key) > 2 and key[2].isalpha() and not key.startswith("vni"):
        return "tcvn3"  # .VnTime, .VnArial, .VnTimeH, VnTime (PDFs drop the dot)
    return None


def is_upper_font(name: str | None) -> bool:
    """TCVN3 capital fonts (.VnTimeH, .VnArialH) draw lower-case codes as capitals."""
    key = re.split(r"[,\-+ ]", base_font(name or "").lstrip("."), maxsplit=1)[0]
    return font_encoding(name) == "tcvn3" and key.endswith("H")


@functools.lru_cache(maxsize=2)
def table(encoding: Encoding) -> dict[str, str]:
    """source sequence → Unicode, from the data file."""
    text = resources.files("congvan.readers").joinpath(f"legacy_{encoding}.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        source, target = line.split("\t")[:2]
        out[source] = target
    return out


@functools.lru_cache(maxsize=2)
def _pattern(encoding: Encoding) -> re.Pattern[str]:
    keys = sorted(table(encoding), key=len, reverse=True)  # longest first: 'aù' before 'a'
    return re.compile("|".join(re.escape(k) for k in keys))


def convert(text: str, encoding: Encoding | None, *, upper: bool = False) -> str:
    """Convert text known to be in ``encoding``; ``upper`` for TCVN3 'H' fonts. NFC out."""
    if encoding is None:
        return text
    mapping = table(encoding)
    out = _pattern(encoding).sub(lambda m: mapping[m.group(0)], text)
    return nfc(out.upper() if upper else out)


def convert_runs(chars: list[tuple[str, str]], legacy_fonts: set[str]) -> str:
    """Join a word's (character, font name) pairs, converting each run drawn in one legacy font.

    Only characters whose own font is legacy are converted, so a TCVN3 run next to a Unicode
    run in the same word keeps the Unicode one intact. The legacy fonts met are added to
    ``legacy_fonts`` (for the reader's warning).
    """
    out: list[str] = []
    run: list[str] = []
    run_font = ""

    def flush() -> None:
        if run:
            kind = font_encoding(run_font)
            text = "".join(run)
            out.append(convert(text, kind, upper=is_upper_font(run_font)) if kind else text)
            run.clear()

    for ch, font in chars:
        if font != run_font:
            flush()
            run_font = font
            if font_encoding(font):
                legacy_fonts.add(base_font(font))
        run.append(ch)
    flush()
    return "".join(out)


# Characters that Vietnamese Unicode text practically never contains but legacy text is full of.
# (Letters such as Ò Ó È É Ù Õ ù õ are left out: Vietnamese has them too.)
_TCVN3_MARKS = frozenset("¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßåæçëîïñöø÷ûüþ")
_VNI_MARKS = frozenset("øûïäåëæñöüØÛÏÄÅËÆÑÖÜ")
_VIETNAMESE = re.compile(r"[a-zA-ZÀ-ỹĐđ]")


def _marks(text: str, marks: frozenset[str]) -> int:
    return sum(1 for c in text if c in marks)


def guess_encoding(text: str) -> Encoding | None:
    """TCVN3 or VNI when a text's own characters say so (for runs whose font is unknown).

    Needs at least 4 legacy marks making up 10% of the letters, and the conversion must
    remove at least 80% of them; otherwise the text is taken to be Unicode as it stands.
    """
    letters = len(_VIETNAMESE.findall(text))
    if letters < 8:
        return None
    best: tuple[float, Encoding | None] = (0.0, None)
    for encoding, marks in (("tcvn3", _TCVN3_MARKS), ("vni", _VNI_MARKS)):
        before = _marks(text, marks)
        if before < 4 or before < 0.1 * letters:
            continue
        after = _marks(convert(text, encoding), marks)  # type: ignore[arg-type]
        removed = (before - after) / before
        if removed >= 0.8 and removed > best[0]:
            best = (removed, encoding)  # type: ignore[assignment]
    return best[1]
