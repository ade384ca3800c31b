"""What each output format can hold, applied at the writer and never to the register's value.

The register keeps a field exactly as extracted (or as a reviewer corrected it). Each file
format has limits of its own, and a value that breaks one must not sink the letter, let alone
the batch (a 400-character OCR'd subject once made python-docx refuse the review DOCX):

- XML 1.0 (DOCX, XLSX) forbids most C0 control characters, U+FFFE, U+FFFF and lone
  surrogates; lxml and openpyxl raise on them.
- A DOCX core property (title, subject) holds at most 255 characters.
- An XLSX cell holds at most 32,767 characters (counted in UTF-16 units, as Excel does), and a
  text starting with ``=`` is stored by openpyxl as a formula; ``+``, ``-`` and ``@`` start
  one when a clerk edits the cell. Text cells are therefore typed as text and given Excel's
  quote prefix: the value shows unchanged and is never evaluated.
- Database index columns have a length (``VARCHAR(n)`` on PostgreSQL) and PostgreSQL text
  cannot contain NUL; the full value lives in the JSON payload, so the column gets a bounded copy.

Why hand-written: each is a one-line rule from the format's specification; no library offers
exactly these (openpyxl's own check raises instead of cleaning, and truncates silently).
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"
CORE_PROPERTY_MAX = 255  # python-docx and the OPC core-properties schema
XLSX_CELL_MAX = 32_767  # Excel's limit on the characters in one cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list of CSV/spreadsheet formula triggers

# Characters XML 1.0 does not allow (§2.2), lone surrogates included.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUL = re.compile("\x00")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 forbids (tab, line feed and carriage return stay)."""
    return _XML_FORBIDDEN.sub("", value)


def bounded(value: str, limit: int, *, utf16: bool = False) -> str:
    """``value`` cut to at most ``limit`` characters, ending in "…" when it was cut.

    ``utf16`` counts UTF-16 code units (Excel's measure, where a character outside the BMP
    counts twice). A cut never leaves a combining mark without its base letter, so the last
    Vietnamese syllable shown keeps its exact diacritics or is dropped whole.
    """
    if len(value) <= (limit // 2 if utf16 else limit) or _length(value, utf16) <= limit:
        return value  # the first test alone decides for nearly every value, without counting
    cut = value[: max(limit - 1, 0)]
    while cut and _length(cut, utf16) > limit - 1:
        cut = cut[:-1]
    while cut and (unicodedata.combining(cut[-1]) or unicodedata.combining(value[len(cut)])):
        cut = cut[:-1]  # a letter whose mark would be cut off goes too
    return cut + ELLIPSIS


def _length(value: str, utf16: bool) -> int:
    if not utf16:
        return len(value)
    return len(value) + sum(1 for ch in value if ord(ch) > 0xFFFF)


def core_property(value: str) -> str:
    """A DOCX core property: XML-safe and at most 255 characters."""
    return bounded(xml_text(value), CORE_PROPERTY_MAX)


def xlsx_text(value: str) -> tuple[str, bool]:
    """(the text an XLSX cell can hold, whether it needs Excel's quote prefix to stay text)."""
    text = bounded(xml_text(value), XLSX_CELL_MAX, utf16=True)
    return text, text.startswith(FORMULA_STARTS)


def column_text(value: str | None, length: int | None = None) -> str | None:
    """A copy for a database column: no NUL (PostgreSQL refuses it), at most ``length`` characters."""
    if value is None:
        return None
    text = _NUL.sub("", value)
    return bounded(text, length) if length is not None else text
