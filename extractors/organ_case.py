"""An organ name written in capitals, given in the register's sentence case.

A letter header writes its issuer in capitals (``ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI``); the
register, the phiếu and the trackers show it the way the body of a letter writes it and the way
Decree 30/2020/NĐ-CP, Phụ lục II ("Viết hoa tên cơ quan, tổ chức") prescribes:

- the first letter of the words naming the organ type and its function or field is capitalised
  (``Bộ Tài nguyên và Môi trường``, ``Sở Giáo dục và Đào tạo``, ``Ủy ban Thường vụ Quốc hội``),
  and only a word's first syllable: a word of several syllables (``Tài nguyên``) is found with
  underthesea's ``word_tokenize``, because a rule per syllable would write ``Tài Nguyên``;
- a few organ heads keep their own casing (``Ủy ban nhân dân``, ``Bảo hiểm xã hội``);
- an administrative-level word is lower case and the place name after it has every syllable
  capitalised (``tỉnh Quảng Ngãi``, ``huyện Châu Thành``);
- function words (``và``, ``của``) are lower case; abbreviations (``UBND``, ``TP``), numbers
  and Roman numerals stay as written.

The words come from ``congvan/data/organ_case.tsv`` and the existing lists ``body_heads.txt``,
``known_bodies.txt`` and ``places.txt``: a phrase found there (matched case- and tone-style-
insensitively) gives its casing to the syllables it covers; the tokenizer decides the rest.

Only the case of letters changes: diacritics, tone style (``Ủy`` / ``Uỷ``), spacing and
punctuation are kept exactly, NFC in and out. Text that already has lower-case letters is how
its writer chose to write it and is returned unchanged (NFC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from congvan.lexicon import body_heads, known_bodies, places, word_table
from congvan.text import nfc, tone_key

# A syllable: a run of letters (Vietnamese letters are single NFC code points).
_SYLLABLE = re.compile(r"[^\W\d_]+")
# What a Vietnamese syllable can look like; a run of capitals that cannot be one is an
# abbreviation (UBND, HĐND, TP, MTTQ) and keeps its capitals.
_VOWELS = "aăâeêioôơuưyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
_VIET_SYLLABLE = re.compile(
    rf"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[{_VOWELS}]{{1,3}}(?:ch|nh|ng|[cmnpt])?"
)
_ROMAN = re.compile(r"[IVX]+")


@dataclass(frozen=True)
class _Phrase:
    key: tuple[str, ...]  # tone_key of each syllable
    casing: tuple[str, ...]  # each syllable as the data writes it
    kind: str  # fixed | level | named | lower | plural | proper


@cache
def _phrases() -> dict[str, tuple[_Phrase, ...]]:
    """Every phrase of the data by the key of its first syllable, longest first."""
    table = word_table("organ_case.tsv")
    rows: list[tuple[str, str]] = [(kind, phrase) for kind, entries in table.items() for phrase, _ in entries]
    # capitalised heads of running text ('Ban Chỉ đạo'); a head of one syllable adds nothing
    # to the rule that a word's first syllable is capitalised
    rows += [("fixed", head) for head in body_heads().capital if len(_SYLLABLE.findall(head)) > 1 and not head.isupper()]
    rows += [("fixed", name) for name in known_bodies()]  # 'Giao thông vận tải', 'Công Thương'
    rows += [("proper", name) for name in places()]
    by_first: dict[str, list[_Phrase]] = {}
    for kind, phrase in rows:
        syllables = tuple(_SYLLABLE.findall(nfc(phrase)))
        if syllables:
            entry = _Phrase(tuple(tone_key(s) for s in syllables), syllables, kind)
            by_first.setdefault(entry.key[0], []).append(entry)
    return {first: tuple(sorted(entries, key=lambda p: -len(p.key))) for first, entries in by_first.items()}


def is_all_caps(text: str) -> bool:
    """Whether every cased letter of ``text`` is a capital (and there is one)."""
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return bool(letters) and all(c.isupper() for c in letters)


def register_case(text: str | None) -> str | None:
    """The register's sentence case of an organ name written in capitals.

    ``'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI'`` → ``'Ủy ban nhân dân tỉnh Quảng Ngãi'``;
    ``'BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH'`` → ``'Bộ Văn hóa, Thể thao và Du lịch'``. Text with any
    lower-case letter is returned as written (NFC); ``None`` stays ``None``.
    """
    if text is None:
        return None
    text = nfc(text)
    if not is_all_caps(text):
        return text
    return _recase(text)


@lru_cache(maxsize=4096)
def _recase(text: str) -> str:
    spans = [m.span() for m in _SYLLABLE.finditer(text)]
    syllables = [text[a:b] for a, b in spans]
    keys = [tone_key(s) for s in syllables]
    starts = _word_starts(text, spans)
    # a syllable followed by punctuation (',', '-', '(') before the next one ends a run of words
    breaks = [i + 1 < len(spans) and text[spans[i][1]:spans[i + 1][0]].strip() != "" for i in range(len(spans))]
    cased: list[str | None] = [None] * len(syllables)
    kinds: list[str | None] = [None] * len(syllables)
    i = 0
    while i < len(syllables):
        phrase = _match(keys, i, starts)
        if phrase is None:
            i += 1
            continue
        for j, model in enumerate(phrase.casing):
            cased[i + j] = _like(syllables[i + j], model)
            kinds[i + j] = phrase.kind
        if i + len(phrase.key) < len(syllables):
            starts[i + len(phrase.key)] = True  # a phrase ends a word the tokenizer ran on
        i += len(phrase.key)
    for i, kind in enumerate(kinds):
        if kind == "plural":
            _common_nouns(syllables, kinds, cased, i + 1)
    i = 0
    while i < len(syllables):
        if kinds[i] in ("level", "named"):
            i = _place_name(syllables, kinds, cased, breaks, i)
        else:
            i += 1
    out, last = [], 0
    for k, ((a, b), syllable) in enumerate(zip(spans, syllables)):
        if cased[k] is None:
            cased[k] = _default(syllable, starts[k] or k == 0)
        if k == 0:
            cased[k] = cased[k][:1].upper() + cased[k][1:]  # a name starts with a capital
        out += [text[last:a], cased[k]]
        last = b
    out.append(text[last:])
    return "".join(out)


def _match(keys: list[str], i: int, starts: list[bool]) -> _Phrase | None:
    """The longest data phrase starting at syllable ``i``; all but proper names start a word."""
    for phrase in _phrases().get(keys[i], ()):
        if tuple(keys[i:i + len(phrase.key)]) != phrase.key:
            continue
        if phrase.kind in ("level", "lower", "plural") and not _whole_word(i, len(phrase.key), starts):
            continue  # 'xã' of 'xã hội' is no level; 'dân' alone is no 'nhân dân'
        if phrase.kind != "proper" and not starts[i]:
            continue
        return phrase
    return None


def _whole_word(i: int, n: int, starts: list[bool]) -> bool:
    return starts[i] and all(not starts[j] for j in range(i + 1, i + n)) and (i + n == len(starts) or starts[i + n])


def _place_name(syllables: list[str], kinds: list[str | None], cased: list[str | None], breaks: list[bool],
                i: int) -> int:
    """After a level word (or a head such as 'Tỉnh ủy') every syllable up to punctuation, a
    function word or another level word is a place name: each one capitalised."""
    j = i
    while j < len(syllables) and kinds[j] == kinds[i]:
        j += 1
    if breaks[j - 1]:
        return j
    while j < len(syllables) and kinds[j] not in ("level", "lower", "plural", "named"):
        if kinds[j] is None:
            cased[j] = _capital(syllables[j])
        j += 1
        if breaks[j - 1]:
            break
    return j


def _common_nouns(syllables: list[str], kinds: list[str | None], cased: list[str | None], i: int) -> None:
    """After 'các' the class of bodies is named by common nouns, lower case ('Ban Chỉ đạo các
    chương trình mục tiêu quốc gia'), up to the next phrase the data knows (a level word, a head)."""
    while i < len(syllables) and kinds[i] is None:
        if not _keep(syllables[i]):
            cased[i] = syllables[i].lower()
        i += 1


def _word_starts(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """For each syllable, whether underthesea starts a word with it (on the lower-case text)."""
    starts = [True] * len(spans)
    tokens = _tokenize(text.lower())
    if tokens is None:
        return starts
    k = 0
    lower = [tone_key(text[a:b]) for a, b in spans]
    for token in tokens:
        parts = _SYLLABLE.findall(token)
        for n, part in enumerate(parts):
            if k >= len(lower) or tone_key(part) != lower[k]:
                return [True] * len(spans)  # the tokenizer rewrote the text: every syllable a word
            starts[k] = n == 0
            k += 1
    return starts


@lru_cache(maxsize=4096)
def _tokenize(text: str) -> tuple[str, ...] | None:
    from congvan.extractors.tagger import _TAGGER_LOCK  # underthesea's models are not thread-safe

    with _TAGGER_LOCK:
        from underthesea import word_tokenize

        try:
            return tuple(word_tokenize(text, use_token_normalize=False))
        except Exception:  # noqa: BLE001 - a tokenizer failure must not lose the letter
            return None


def _keep(syllable: str) -> bool:
    """Abbreviations and Roman numerals keep their capitals ('UBND', 'TP', 'II')."""
    return bool(_ROMAN.fullmatch(syllable)) or not _VIET_SYLLABLE.fullmatch(syllable.lower())


def _default(syllable: str, starts_word: bool) -> str:
    if _keep(syllable):
        return syllable
    return _capital(syllable) if starts_word else syllable.lower()


def _capital(syllable: str) -> str:
    if _keep(syllable):
        return syllable
    return syllable[:1].upper() + syllable[1:].lower()


def _like(syllable: str, model: str) -> str:
    """``syllable`` in the casing of the data's ``model`` syllable (same letters, maybe another tone style)."""
    if _keep(syllable) and not model.islower():
        return syllable
    if len(model) > 1 and model.isupper():
        return syllable.upper()
    return _capital(syllable) if model[:1].isupper() else syllable.lower()
