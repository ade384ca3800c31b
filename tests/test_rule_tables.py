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


# -- role rules ---------------------------------------------------------------------------------

from congvan.extractors.roles import ROLE_RULES, Roles, find_roles  # noqa: E402
from congvan.extractors.tasks import NOT_TASK_RULES, Judged  # noqa: E402

# The Kính gửi body every role and task example is addressed to.
ADDRESSEES = ["Sở Y tế"]

_ROLE_EXAMPLES = [pytest.param(rule, example, id=f"{rule.name}: {example.text[:50]}")
                  for rule in ROLE_RULES for example in rule.example_cases()]
_ROLE_COUNTER = [pytest.param(rule, text, id=f"{rule.name}: not {text[:50]}")
                 for rule in ROLE_RULES for text in rule.counter_examples]


def _decided_by(roles: Roles | None, name: str) -> bool:
    return roles is not None and bool(roles.rules) and (roles.rules[0] == name or roles.rules[0].startswith(name + "."))


def test_every_role_and_task_rule_has_examples_and_counter_examples():
    rules = [*ROLE_RULES, *NOT_TASK_RULES]
    assert [r.name for r in rules if not r.examples or not r.counter_examples] == []


@pytest.mark.parametrize("rule,example", _ROLE_EXAMPLES)
def test_role_rule_decides_its_examples(rule, example):
    roles = find_roles(example.text, ADDRESSEES)
    if rule.stops is not None:
        assert rule.stops(example.text) and roles is None
        return
    assert _decided_by(roles, rule.name), roles
    for field, expected in example.expect.items():
        value = roles.rules[0] if field == "rule" else getattr(roles, field)
        assert value == expected, field


@pytest.mark.parametrize("rule,text", _ROLE_COUNTER)
def test_role_rule_does_not_decide_its_counter_examples(rule, text):
    if rule.stops is not None:
        assert not rule.stops(text)
        return
    assert not _decided_by(find_roles(text, ADDRESSEES), rule.name)


# -- task rules ---------------------------------------------------------------------------------


def _judged(example) -> Judged:
    """The example as the task test sees it: its own roles, or borrowed ones when it says it inherits."""
    expect = example.expect if hasattr(example, "expect") else {}
    text = example.text if hasattr(example, "text") else example
    roles = find_roles(text, ADDRESSEES)
    if roles is None or expect.get("inherited"):
        roles = Roles(assignees=list(ADDRESSEES), how=str(expect.get("how", "heading")))
    elif "how" in expect:
        assert roles.how == expect["how"]
    return Judged(text, roles, bool(expect.get("inherited")))


_TASK_EXAMPLES = [pytest.param(rule, example, id=f"{rule.name}: {example.text[:50]}")
                  for rule in NOT_TASK_RULES for example in rule.example_cases()]
_TASK_COUNTER = [pytest.param(rule, text, id=f"{rule.name}: not {getattr(text, 'text', text)[:50]}")
                 for rule in NOT_TASK_RULES for text in rule.counter_examples]


@pytest.mark.parametrize("rule,example", _TASK_EXAMPLES)
def test_not_task_rule_rejects_its_examples(rule, example):
    assert rule.rejects(_judged(example))


@pytest.mark.parametrize("rule,text", _TASK_COUNTER)
def test_not_task_rule_keeps_its_counter_examples(rule, text):
    assert not rule.rejects(_judged(text))


# -- body lists ---------------------------------------------------------------------------------

from congvan.extractors import bodies  # noqa: E402


@pytest.mark.parametrize("function,text,expected", bodies.BODY_EXAMPLES, ids=[f"{f}: {t[:40]}" for f, t, _ in bodies.BODY_EXAMPLES])
def test_body_list_examples(function, text, expected):
    assert getattr(bodies, function)(text) == expected
