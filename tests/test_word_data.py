"""The word files of congvan/data are read by the rules, and the pattern builders keep their meaning."""

import re
from pathlib import Path

import pytest

from congvan.extractors.dates import date_word
from congvan.extractors.rules import alternation, cased_pattern, exact_alternation
from congvan.lexicon import word_table

ROOT = Path(__file__).resolve().parents[1]
SOURCES = "\n".join(p.read_text(encoding="utf-8") for d in ("extractors", "layout") for p in (ROOT / d).glob("*.py"))


@pytest.mark.parametrize("name", ["date_words.tsv", "metadata_words.tsv", "layout_words.tsv"])
def test_every_category_is_used(name):
    # an '_ocr' category is read with its base ('day' → 'day_ocr', extractors/dates.py)
    names = {c: c.removesuffix("_ocr") for c in word_table(name)}
    unused = [c for c, base in names.items() if f"'{base}'" not in SOURCES and f'"{base}"' not in SOURCES]
    assert unused == []


def test_ocr_date_words_are_the_old_character_classes():
    for kind, old in (("day", r"ng[àaáạảã]y"), ("month", r"th[áaàạả]ng"), ("year", r"n[ăaắằẳẵặâ]m")):
        new = re.compile(f"^{date_word(kind, ocr=True)}$", re.IGNORECASE)
        for letter in "àaáạảãăắằẳẵặâ":
            word = re.sub(r"\[[^]]*\]", letter, old)
            assert bool(re.fullmatch(old, word, re.IGNORECASE)) == bool(new.match(word)), word


def test_builders():
    assert re.fullmatch(alternation(["đến", "đến hết"]), "đến  hết")
    assert re.match(alternation(["đến", "đến hết"]), "đến hết").group(0) == "đến hết"  # longest first
    assert not re.fullmatch(exact_alternation(["về việc"]), "về  việc")
    shared = re.compile(cased_pattern("role_words.tsv", "shared_head"))
    assert shared.fullmatch("sở") and shared.fullmatch("Sở") and shared.fullmatch("UBND") and not shared.fullmatch("uBND")
