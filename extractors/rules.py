"""What every rule table shares: named rules with priority, examples and counter-examples.

A rule is a value, not an ``if`` branch: it has a name (recorded on every Task it helps
produce, so a wrong task says which rule decided), a priority (lower runs first; the order
of precedence is data you can read, not the order of code), and example sentences that it
must decide and counter-examples it must not. ``tests/test_rule_tables.py`` turns every
example into a test, so the documentation of a rule cannot drift from what it does.

Patterns are built from words in ``congvan/data`` with :func:`alternation`, so adding a
phrase is one line in a data file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from congvan.lexicon import word_table, words


@dataclass(frozen=True)
class Example:
    """A sentence a rule must decide, with what it must produce (fields left None are not checked)."""

    text: str
    expect: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleInfo:
    """The documentation half of a rule: shared by the deadline, role and task tables."""

    name: str
    priority: int
    why: str
    examples: tuple[Example | str, ...] = ()
    counter_examples: tuple[str, ...] = ()

    def example_cases(self) -> list[Example]:
        return [e if isinstance(e, Example) else Example(e) for e in self.examples]


def phrase_pattern(phrase: str) -> str:
    """One data-file phrase as a regex: words escaped, any run of spaces between them."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def either_case_first(phrase: str) -> str:
    """A phrase whose first letter may be either case, in a case-sensitive pattern ('[Gg]iao')."""
    pattern = phrase_pattern(phrase)
    first = phrase[:1]
    if first.lower() == first.upper():
        return pattern
    return f"[{first.upper()}{first.lower()}]" + pattern[len(re.escape(first)):]


def alternation(phrases: Iterable[str], either_case: bool = False) -> str:
    """A non-capturing group matching any of ``phrases``, longest first (so 'đến hết' beats 'đến').

    ``either_case`` lets each phrase's first letter be upper or lower case, for rules that are
    otherwise case-sensitive (a capital there means a name).
    """
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    build = either_case_first if either_case else phrase_pattern
    return "(?:" + "|".join(build(p) for p in unique) + ")"


def exact_alternation(phrases: Iterable[str]) -> str:
    """Like :func:`alternation`, but each phrase matches as written (one space stays one space):
    for patterns run on squashed text or checked against the matched text itself."""
    return "(?:" + "|".join(re.escape(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p))) + ")"


def check_unique(names: Iterable[str]) -> None:
    """Rule names are what a Task records: two rules with one name would make the record ambiguous."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"two rules are named {name!r}")
        seen.add(name)


def cased_pattern(file: str, category: str) -> str:
    """The alternation of one category where a row's value ``cap`` lets that phrase's first letter
    be either case and the other phrases match as written ('[Ss]ở' but 'UBND')."""
    rows = sorted(set(word_table(file).get(category, ())), key=lambda row: (-len(row[0]), row[0]))
    return "(?:" + "|".join(either_case_first(p) if v == "cap" else phrase_pattern(p) for p, v in rows) + ")"


def data_pattern(file: str, category: str, either_case: bool = False) -> str:
    """The alternation of one category of a ``congvan/data`` word table."""
    return alternation(words(file, category), either_case)
