"""Language data loaded from ``congvan/data/``: kept as data so an office can extend it.

Each loader reads one small UTF-8 file once (cached) and NFC-normalises it, so a file
saved by an editor in NFD still matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from congvan.text import nfc


def _data_lines(name: str) -> list[str]:
    text = resources.files("congvan").joinpath("data", name).read_text(encoding="utf-8")
    return [nfc(line.rstrip("\n")) for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class DocType:
    name: str  # title case, as the contract reports it
    code: str  # abbreviation used in the ký hiệu, '' when the type has none


@cache
def doc_types() -> tuple[DocType, ...]:
    """Decree 30 document types, longest name first so 'Thông tư liên tịch' beats 'Thông tư'."""
    types = []
    for line in _data_lines("doc_types.tsv"):
        name, _, code = line.partition("\t")
        types.append(DocType(name.strip(), code.strip()))
    return tuple(sorted(types, key=lambda t: -len(t.name)))


@cache
def organ_heads() -> tuple[str, ...]:
    """Words that start a body's name in a header, longest first."""
    return tuple(sorted(_data_lines("organ_heads.txt"), key=len, reverse=True))


@cache
def register_columns() -> dict[str, list[dict[str, object]]]:
    """XLSX register column definitions (sheet key → list of {header, value, kind, width})."""
    import tomllib

    raw = resources.files("congvan").joinpath("data", "register_columns.toml").read_text(encoding="utf-8")
    return tomllib.loads(nfc(raw))


@cache
def _action_kinds() -> dict[str, frozenset[str]]:
    """Every action phrase (file order) with its kinds: ``obligation``, ``frame`` or none."""
    table: dict[str, frozenset[str]] = {}
    for line in _data_lines("action_words.tsv"):
        phrase, _, kinds = line.partition("\t")
        table[phrase.strip()] = frozenset(k.strip() for k in kinds.split(",") if k.strip())
    return table


@cache
def action_words() -> tuple[str, ...]:
    """Lower-case phrases that end a list of bodies (the action starts), longest first."""
    return tuple(sorted(_action_kinds(), key=len, reverse=True))


@cache
def action_words_of(kind: str) -> tuple[str, ...]:
    """The action phrases of one kind: ``obligation`` (an instruction after a subject) or
    ``frame`` (a frame, tense or copula word: 'theo', 'căn cứ', 'đã', 'là'), in file order."""
    return tuple(phrase for phrase, kinds in _action_kinds().items() if kind in kinds)


@dataclass(frozen=True)
class BodyHeads:
    """Words that begin a body's name: capitalised (start a body anywhere) and generic lower-case."""

    capital: tuple[str, ...]
    generic: tuple[str, ...]
    continuations: tuple[str, ...]  # phrases that continue a generic group after a comma
    modified: tuple[str, ...]  # lower-case heads that start a body when both names carry a modifier


@cache
def body_heads() -> BodyHeads:
    capital, generic, continuations, modified = [], [], [], []
    for line in _data_lines("body_heads.txt"):
        kind = {"*": generic, "+": continuations, "=": modified}.get(line[0], capital)
        kind.append(line.lstrip("*+=").strip())
    ordered = lambda items: tuple(sorted(items, key=len, reverse=True))  # noqa: E731
    return BodyHeads(ordered(capital), ordered(generic), ordered(continuations), ordered(modified))


@cache
def titles() -> tuple[tuple[str, str], ...]:
    """(title, replacement when it stands alone), longest title first."""
    pairs = []
    for line in _data_lines("titles.tsv"):
        title, _, alone = line.partition("\t")
        pairs.append((title.strip(), alone.strip()))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@cache
def known_bodies() -> tuple[str, ...]:
    """Standard department/ministry names (after 'Sở'/'Bộ'), longest first."""
    return tuple(sorted(set(_data_lines("known_bodies.txt")), key=len, reverse=True))


@cache
def places() -> tuple[str, ...]:
    """Province and city names, for correcting OCR slips in headers."""
    return tuple(_data_lines("places.txt"))


@cache
def signer_words() -> tuple[str, ...]:
    """Standard position/authority phrases of signature blocks (upper case)."""
    return tuple(_data_lines("signer_titles.txt"))


@cache
def signature_words() -> dict[str, tuple[str, ...]]:
    """Lists that tell whose a signing certificate is (congvan/data/signatures.toml), upper-cased."""
    import tomllib

    raw = resources.files("congvan").joinpath("data", "signatures.toml").read_text(encoding="utf-8")
    return {key: tuple(nfc(str(v)).upper() for v in values) for key, values in tomllib.loads(nfc(raw)).items()}


@cache
def word_table(name: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """A ``category<TAB>phrase[<TAB>value]`` file as category → ((phrase, value), …), in file order.

    Lists whose words come in kinds (deadline words, rule words) keep the kind in a column, so
    one file holds one topic and a newcomer adds a phrase by adding a line.
    """
    table: dict[str, list[tuple[str, str]]] = {}
    for line in _data_lines(name):
        category, phrase, value = (line.split("\t") + ["", ""])[:3]
        table.setdefault(category.strip(), []).append((phrase.strip(), value.strip()))
    return {category: tuple(rows) for category, rows in table.items()}


def words(name: str, category: str) -> tuple[str, ...]:
    """The phrases of one category of a word table, in file order."""
    return tuple(phrase for phrase, _ in word_table(name).get(category, ()))


def word_values(name: str, category: str) -> dict[str, str]:
    """phrase → value for one category of a word table."""
    return dict(word_table(name).get(category, ()))
