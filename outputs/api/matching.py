"""Text filters the way a Vietnamese clerk types them.

Names in the register are written as the letter wrote them: "SỞ Y TẾ" in a header, "Sở Y
tế" in a body, sometimes with old-style tone marks ("hoà") or decomposed diacritics. A
filter therefore matches a substring ignoring case, spacing, Unicode form and tone style;
and a query typed without any diacritics ("so y te", handy in a URL) matches ignoring
diacritics too. A query *with* diacritics keeps them significant, so "bản" does not match
"bàn" or "bạn".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from congvan.text import fold, squash, tone_key


def _exact_key(text: str) -> str:
    return squash(tone_key(text))


def _folded_key(text: str) -> str:
    return squash(fold(text))


def text_matcher(query: str) -> Callable[[str | None], bool]:
    """A predicate: does a stored value contain ``query`` (see the module docstring for how)?"""
    accent_free = _folded_key(query) == squash(query.lower())
    key = _folded_key if accent_free else _exact_key
    needle = key(query)

    def matches(value: str | None) -> bool:
        return value is not None and needle in key(value)

    return matches


def any_matches(matches: Callable[[str | None], bool], values: Iterable[str | None]) -> bool:
    return any(matches(v) for v in values)
