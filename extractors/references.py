"""Documents a letter cites: 'Công điện số 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ'.

We find every số-ký-hiệu token, then read its context: the nearest document-type word
before it (so 'các Công văn: số 5958/UBND-TH ...; số 9390/UBND-TH ...' gives two Công
văn), and 'ngày …' and 'của …' after it.
"""

from __future__ import annotations

import re

from congvan.extractors.dates import DATE_NUMERIC, DATE_WORDS, date_word, make_date
from congvan.extractors.rules import data_pattern, exact_alternation
from congvan.lexicon import doc_types, word_values, words
from congvan.models import Reference
from congvan.text import squash

NUMBER_TOKEN = re.compile(
    r"(?<![\w/.-])(?P<num>\d{1,6}(?:\.\d{1,3})?(?:/\d{4})?(?:/[A-ZĐ][0-9A-Za-zĐđ&.]*(?:-[0-9A-Za-zĐđ&.]+)*"
    r"|-[A-ZĐ]{1,6}/[A-ZĐ][0-9A-Za-zĐđ&.]*))(?![\w/])"
)
_FILE = "metadata_words.tsv"
_TYPE_WORDS = {t.name for t in doc_types()} | set(words(_FILE, "reference_type"))
_TYPE_REPORTED = {word.lower(): reported for word, reported in word_values(_FILE, "reference_type").items() if reported}
TYPE_BEFORE = re.compile(r"(?P<type>" + exact_alternation(_TYPE_WORDS) + r")\b", re.IGNORECASE)
ISSUER_AFTER = re.compile(
    rf"^\s*(?:\(.*?\)\s*)?{data_pattern(_FILE, 'of_issuer')}\s+(?P<issuer>.+?)(?=\s+{data_pattern(_FILE, 'issuer_end')}\b|[,;.():]|$)"
)
_NUMBER_WORD_BEFORE = re.compile(data_pattern(_FILE, "number_word") + r"\s*$")
_DATE_OPENS = re.compile(rf"^\s*(?P<day>{date_word('day')})\s+")


def _date_after(text: str) -> tuple[object, int]:
    match = _DATE_OPENS.match(text)
    if not match:
        return None, 0
    rest = text[match.end():]
    numeric = DATE_NUMERIC.match(rest)
    if numeric:
        return make_date(numeric["y"], numeric["m"], numeric["d"]), match.end() + numeric.end()
    written = DATE_WORDS.match(text, match.start("day"))
    if written:
        return make_date(written["y"], written["m"], written["d"]), written.end()
    return None, 0


def find_references(text: str) -> list[Reference]:
    """Every cited document that carries a number, once each, in order of first mention."""
    text = squash(text)
    found: dict[str, Reference] = {}
    for match in NUMBER_TOKEN.finditer(text):
        number = match["num"].rstrip(".")
        if number in found or DATE_NUMERIC.fullmatch(number):
            continue
        before = text[max(0, match.start() - 90):match.start()]
        types = list(TYPE_BEFORE.finditer(before))
        doc_type = None
        if types:
            last = types[-1]
            gap = before[last.end():]
            # 'Luật Tổ chức Chính phủ số 63/2025/QH15' or 'các Công văn: số A ...; số B'
            if len(gap) < 70 and not re.search(r"\.\s", gap):
                doc_type = last["type"][0].upper() + last["type"][1:].lower()
                doc_type = _TYPE_REPORTED.get(doc_type.lower(), doc_type)
        if doc_type is None and not _NUMBER_WORD_BEFORE.search(before):
            continue  # a bare code that is not introduced as a document
        after = text[match.end():match.end() + 200]
        issue_date, used = _date_after(after)
        issuer_match = ISSUER_AFTER.match(after[used:])
        issuer = squash(issuer_match["issuer"]) if issuer_match else None
        if issuer and len(issuer) > 80:
            issuer = None
        found[number] = Reference(doc_number=number, doc_type=doc_type, issue_date=issue_date, issuer=issuer)
    return list(found.values())
