"""Every rule's examples and counter-examples, generated from the rule tables themselves.

A rule documents itself with the sentences it must decide; this file makes that
documentation executable, so adding a rule with an example adds its test.
"""

import datetime as dt

import pytest

from congvan.extractors.deadline_rules import RULES as DEADLINE_RULES
from congvan.extractors.deadlines import find_deadline

# The letter date and receipt date every deadline example is read against.
LETTER = dt.date(2023, 4, 27)
RECEIVED = dt.date(2023, 4, 28)

_EXAMPLES = [pytest.param(rule, example, id=f"{rule.name}: {example.text[:50]}")
             for rule in DEADLINE_RULES for example in rule.example_cases()]
_COUNTER = [pytest.param(rule, text, id=f"{rule.name}: not {text[:50]}")
            for rule in DEADLINE_RULES for text in rule.counter_examples]


def test_every_deadline_rule_has_examples_and_counter_examples():
    assert [r.name for r in DEADLINE_RULES if not r.examples or not r.counter_examples] == []


@pytest.mark.parametrize("rule,example", _EXAMPLES)
def test_deadline_rule_recognises_its_examples(rule, example):
    assert next(rule.candidates(example.text), None) is not None  # stage one alone


@pytest.mark.parametrize("rule,example", _EXAMPLES)
def test_deadline_rule_decides_its_examples(rule, example):
    found = find_deadline(example.text, LETTER, RECEIVED)
    assert found is not None and found.rule == rule.name
    assert found.deadline.text and found.deadline.text in example.text
    for field, expected in example.expect.items():
        value = getattr(found.deadline, field)
        assert (value.isoformat() if isinstance(value, dt.date) else value) == expected, field


@pytest.mark.parametrize("rule,text", _COUNTER)
def test_deadline_rule_does_not_decide_its_counter_examples(rule, text):
    found = find_deadline(text, LETTER, RECEIVED)
    assert found is None or found.rule != rule.name
