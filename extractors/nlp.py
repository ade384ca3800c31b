"""The spaCy frame for task extraction: tokenizer, deadline and role components.

spaCy's ``vi`` tokenizer either needs pyvi (and splits ``3308/UBND-TH`` and ``30/6/2023``)
or, with ``use_pyvi=False``, leaves punctuation glued to words (``trì,``). We give it a
rule tokenizer instead: syllables split on whitespace, punctuation peeled off the ends,
and document numbers, dates and clock times kept whole. Two custom components attach the
unit's deadline (``doc._.deadline``) and roles (``doc._.roles``) computed by the pure
functions in ``deadlines`` and ``roles``.
Nothing here downloads anything: the pipeline is built from code and data in the repo.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_prefix_regex, compile_suffix_regex

from congvan.extractors.deadlines import find_deadline
from congvan.extractors.roles import find_roles

# Tokens never split: 3308/UBND-TH, 56/2021/QĐ-UBND, 12-CV/TU, 30/6/2023, 16h30, V/v, b/c.
TOKEN_MATCH = re.compile(
    r"^(?:\d+(?:\.\d+)?(?:/\d{4})?/[A-Za-zĐđ][\wĐđ&.-]*[\wĐđ]|\d+-[A-ZĐ]+/[A-ZĐ][\wĐđ]*"
    r"|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{1,2}h\d{0,2}|[A-Za-z]/[a-z]+)$"
)

if not Doc.has_extension("deadline"):
    Doc.set_extension("deadline", default=None)
if not Doc.has_extension("roles"):
    Doc.set_extension("roles", default=None)


def _tokenizer(nlp: Language) -> Tokenizer:
    prefixes = list(nlp.Defaults.prefixes or []) + [r"[(\[“\"']"]
    suffixes = list(nlp.Defaults.suffixes or []) + [r"[,;:)\]”\"'.]"]
    return Tokenizer(
        nlp.vocab,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=None,
        token_match=TOKEN_MATCH.match,
    )


@Language.component("congvan_deadline")
def deadline_component(doc: Doc) -> Doc:
    """Attach the unit's deadline; context (letter date, receipt) comes in doc.user_data."""
    letter_date: dt.date | None = doc.user_data.get("letter_date")
    received: dt.date = doc.user_data.get("received") or dt.date.today()
    found = find_deadline(doc.text, letter_date, received)
    doc._.deadline = found
    return doc


@Language.component("congvan_roles")
def roles_component(doc: Doc) -> Doc:
    """Attach the unit's roles (assignees, lead, collaborators, report-to)."""
    doc._.roles = find_roles(doc.text, doc.user_data.get("addressees", []))
    return doc


_BUILD_LOCK = threading.Lock()


def pipeline() -> Language:
    """The congvan spaCy pipeline (built once per process, safely under threads)."""
    with _BUILD_LOCK:
        return _build()


@cache
def _build() -> Language:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = _tokenizer(nlp)
    nlp.add_pipe("congvan_deadline")
    nlp.add_pipe("congvan_roles")
    return nlp


def analyse(text: str, *, letter_date: dt.date | None, received: dt.date, addressees: list[str]) -> Doc:
    """Run the full pipeline on one unit's text with its letter's context."""
    nlp = pipeline()
    doc = nlp.make_doc(text)
    doc.user_data.update({"letter_date": letter_date, "received": received, "addressees": addressees})
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc
