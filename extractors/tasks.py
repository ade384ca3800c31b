"""Tasks: every directive unit of the body that creates an obligation becomes a Task.

Units come from ``layout.units``; each is classified (task or not), its roles found
(``roles``), its deadline normalised (``deadlines``), and it is linked to the sentence it
came from. An item under a heading that names a body (``2. Sở Y tế:``) inherits that
body and, if it states none, the heading's deadline. The classifier is rules, not a
model: ``NOT_TASK_RULES`` names every reason a unit that names a body is still not a task,
its words are in ``congvan/data/task_words.tsv``, and each Task lists the rules that made it
(``Task.rules``), so a reviewer can see why a sentence became a task.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from congvan.extractors.deadlines import Found, find_deadline
from congvan.extractors.metadata import Metadata
from congvan.extractors.options import DEFAULT_OPTIONS, ExtractionOptions
from congvan.extractors.rules import Example, RuleInfo, alternation, check_unique, data_pattern, phrase_pattern
from congvan.extractors.nlp import analyse
from congvan.extractors.bodies import action_at, looks_like_body, post_at, split_bodies
from congvan.extractors.roles import (
    CHAIRING,
    DIRECTS_AT_START,
    FRAME_WORDS,
    ISSUER,
    ISSUER_TOP,
    OPENS_CLAUSE,
    TRIGGER,
    Roles,
    collaborators_in,
    find_roles,
    heading_roles,
    is_imperative,
    purpose_recipient,
    report_to,
)
from congvan.extractors.tagger import first_tag, pos_words
from congvan.layout.regions import Regions
from congvan.lexicon import _data_lines, action_words_of, body_heads, word_values, words
from congvan.layout.tables import region_tables, table_lines
from congvan.layout.units import MARKERS, Unit, body_units
from congvan.extractors.table_tasks import row_tasks
from congvan.models import Deadline, Evidence, Task
from congvan.readers.base import ReadDocument
from congvan.text import squash

_WORDS = "task_words.tsv"


def _w(category: str) -> str:
    return alternation(words(_WORDS, category))



def _not_after(category: str) -> str:
    """Lookbehinds: not just after any word of ``category`` and a space ('các quy định')."""
    return "".join(rf"(?<!{phrase_pattern(word)}\s)" for word in words(_WORDS, category))


PREAMBLE = re.compile(
    rf"^(?:{_w('preamble_cites')}\s+{_w('cited_document')}|{_w('preamble_opener')}|{_w('preamble_dated')}\s+\d)", re.IGNORECASE)
# The issuer's own acts: the enacting formula and amendment instructions, not tasks for anyone.
ISSUER_ACT = re.compile(
    rf"^{_w('issuer_act_verb')}\s+{_w('issuer_act_object')}"
    rf"|^{_w('regulation_head')}\s+{_w('regulation_topic')}\b"
    rf"|^{_w('enacting_authority')}[^,.;]{{0,90}}\b{_w('enacting_verb')}\s+{_w('enacted_type')}\b"
)
# 'Trong thời gian 90 ngày kể từ ngày Quyết định này có hiệu lực thi hành, các bộ … công bố …': a time
# counted from the entry into force is a deadline's anchor, not a statement that the text takes effect
_EFFECT_ANCHOR = re.compile(r"\b(?:kể\s+)?từ\s+ngày\s+[^,;.]{0,80}?\b(?:có|hết)\s+hiệu\s+lực(?:\s+thi\s+hành)?", re.IGNORECASE)


def _without_effect_anchor(text: str) -> str:
    return _EFFECT_ANCHOR.sub(" ", text)


NOT_OBLIGATION = re.compile(
    rf"^{_w('programme_field')}\s*:"
    rf"|\b{_w('for_information')}\b.{{0,60}}\b{_w('for_information_end')}\b"
    rf"|\b(?:{_w('not_obligation')}|{_not_after('regulation_not_after')}{_w('regulation_head')}\s+{_w('regulation_scope')})\b",
    re.IGNORECASE,
)
# 'Điều 4. Nguyên tắc xây dựng', 'Nguyên tắc phối hợp': principles (samples/README.md, not a task).
PRINCIPLES_SECTION = re.compile(rf"^\s*{_w('principles_title')}\b")
# Section titles only ('I. MỤC ĐÍCH, YÊU CẦU', 'Mục tiêu cụ thể:'), not 'Yêu cầu các đơn vị …:'.
DESCRIPTIVE_SECTION = re.compile(
    rf"^{_w('section_upper')}\b"
    rf"|^{_w('section_title')}(?:[\s,]+(?:{_w('section_joiner')}\s+)?{_w('section_suffix')})*\s*:?$"
)
# 'Văn phòng Chính phủ (xin) thông báo để Bộ Y tế biết, thực hiện./.': the letter passing itself on.
TRANSMITTAL = re.compile(
    rf"\b{_w('transmittal_verb')}\s+{_w('transmittal_to')}\s+[^.;]{{0,300}}?\b{_w('transmittal_end')}\b", re.IGNORECASE
)
# 'Hồ sơ gồm các văn bản, tài liệu sau:': the items below are the file's documents, not things to do.
CONTENTS_LEAD = re.compile(
    rf"\b{_w('contents_head')}\b[^.;:]{{0,120}}?\b{_w('contents_verb')}\b[^.;:]{{0,60}}:\s*$", re.IGNORECASE
)
# '… đáp ứng đầy đủ các yêu cầu sau:', 'có ít nhất 4 trong các tiêu chí sau:': what follows is a condition.
CONDITIONS_LEAD = re.compile(
    rf"\b(?:các|những)\s+{_w('condition_list')}(?:\s+[^:;.]{{0,40}}?)?\s+sau(?:\s+đây)?\s*:\s*$", re.IGNORECASE)
# '…, Ngân hàng Nhà nước Khu vực có văn bản: a) Chấp thuận …': the points are what the document says.
DECISION_LEAD = re.compile(rf"\b{_w('decision_lead')}\s*:\s*$", re.IGNORECASE)
# An attachment of criteria ('PHỤ LỤC I BỘ TIÊU CHÍ QUỐC GIA …'): "Bộ Xây dựng hướng dẫn; UBND cấp
# tỉnh quy định cụ thể …" in its cells says where a criterion comes from, it assigns nothing.
CRITERIA_ANNEX = re.compile(rf"\b{_w('criteria_annex')}\b", re.IGNORECASE)
# What may follow a subject for the sentence to be an instruction ('Sở Y tế chủ trì …'): a colon
# and a capital, or an action word of kind 'obligation' (congvan/data/action_words.tsv).
OBLIGATION_START = re.compile(
    rf"\s*(?::\s*(?-i:[A-ZĐ])|:?\s*{alternation(action_words_of('obligation'))}\b)",
    re.IGNORECASE,
)
# After a subject, a state or a copula ('là', 'gồm'; 'có' unless 'có trách nhiệm'), not an instruction.
_STATE_UNLESS = "|".join(
    rf"{phrase_pattern(word)}\s+(?!{'|'.join(phrase_pattern(u) for u in unless.split('|'))})"
    for word, unless in word_values(_WORDS, "state_unless").items())
# 'phải được kiểm tra': what the subject must undergo, not what it must do ('phải được sự đồng ý' is)
_PASSIVE_DUTY = re.compile(rf"(?:{_w('passive_duty')})\s+(?!sự\b)", re.IGNORECASE)
_STATE_PREDICATE = re.compile(rf"(?:{_w('state_predicate')}|{_STATE_UNLESS})\b", re.IGNORECASE)
# 'Trung tâm dự phòng là trung tâm miền …', 'Giám đốc Quỹ là đại diện theo pháp luật …': a unit that
# opens with a short noun phrase (no comma, no verb) and a copula defines it.
_DEFINITION = re.compile(rf"^\s*[^,;:()]{{2,70}}?\s(?:{_w('definition_copula')})\s", re.IGNORECASE)
_DEFINITION_UNLESS = re.compile(rf"\b(?:{_w('definition_unless')})\b", re.IGNORECASE)


# 'Chủ tịch Hội đồng thẩm định trung ương là Bộ trưởng Bộ …', 'Phó Chủ tịch Hội đồng là Lãnh đạo
# đơn vị …': a post of a body, the copula, and who holds it: the body's make-up, no duty.
_POST_HELD = re.compile(r"^\s*(?P<head>[^,;:()]{2,90}?)\s+là\s+(?P<holder>\S.*)$", re.IGNORECASE | re.DOTALL)
_HOLDER_MEMBER = re.compile(rf"(?:{_w('composition_member')})\b", re.IGNORECASE)
_HOLDER_DUTY = re.compile(r"\b(?:có|chịu)\s+trách\s+nhiệm\b|\bphải\b|\bcó\s+nhiệm\s+vụ\b", re.IGNORECASE)


def _is_post_held(text: str) -> bool:
    """Whether a unit says who holds a post of a body. The action words inside the body's name
    ('thẩm định', 'quản lý') and in the holder's description ('được giao chủ trì') are no verbs
    of the unit, which is why the general definition rule does not see these."""
    match = _POST_HELD.match(text)
    if match is None:
        return False
    head, holder = match["head"].strip(), match["holder"].strip()
    post = post_at(head)
    if post is None or (head != post and not looks_like_body(head[len(post):].strip())):
        return False
    holds = post_at(holder) is not None or _HOLDER_MEMBER.match(holder) is not None
    return holds and not _HOLDER_DUTY.search(holder)


def _is_definition(j: "Judged") -> bool:
    if j.roles.how != "trigger" and _is_post_held(j.text):
        return True
    match = _DEFINITION.match(j.text)
    if not match or j.roles.how == "trigger" or action_at(j.text.strip(), 0) is not None:
        return False
    head = j.text[:match.end()]
    return not _DEFINITION_UNLESS.search(j.text) and not _has_verb_before_copula(head)


def _has_verb_before_copula(head: str) -> bool:
    """'Bộ Y tế hướng dẫn các nội dung là …': a verb before the copula makes it an instruction."""
    words = head.split()[:-1]
    return any(action_at(" ".join(words[i:]).lower(), 0) not in (None, *FRAME_WORDS) for i in range(1, len(words)))


# '<a thing> được/bị <verb> …' as the whole unit's predicate: a passive statement, no agent named
_PASSIVE_UNIT = re.compile(r"^\s*(?P<head>[^;:()]{3,200}?)\s(?:được|bị)\s+(?!sự\b)", re.IGNORECASE)


def _is_passive_description(text: str) -> bool:
    """Whether a unit is a passive statement about a thing: its opening noun phrase has no verb
    of its own, and nothing after it instructs (an obligation word, a report, a time limit)."""
    match = _PASSIVE_UNIT.match(text)
    if match is None or action_at(text.strip(), 0) is not None or _has_verb_before_copula(text[:match.end()]):
        return False
    return not OBLIGATION_START.search(text, match.end()) and not _DEFINITION_UNLESS.search(text)


# 'có 05 thành viên', 'gồm 09 thành viên', 'gồm không quá 15 người': a council's make-up
_COMPOSITION = re.compile(
    rf"\b(?:{_w('composition_verb')})\s+(?:(?:không quá|tối đa|từ)\s+)?\d+(?:\s*(?:đến|-)\s*\d+)?\s+(?:{_w('composition_member')})\b",
    re.IGNORECASE,
)
# 'doanh nghiệp, tổ chức, cá nhân có liên quan': one assignee may list several parties
_PARTY_SPLIT = re.compile(r"\s*(?:[,;]|\bvà\b|\bhoặc\b)\s*")
_PARTY_FRAME = re.compile(r"^(?:tất cả|các|những|mọi)\s+|\s+(?:có liên quan|liên quan|khác)$")
_EXECUTES = re.compile(rf"\b{_w('executes_clause')}\b", re.IGNORECASE)


@cache
def _private_parties() -> frozenset[str]:
    return frozenset(squash(w).lower() for w in words(_WORDS, "private_party"))


def _is_private(assignee: str) -> bool:
    """Whether every party an assignee names is a private one ('các doanh nghiệp', 'tổ chức, cá nhân')."""
    parts = [p for p in _PARTY_SPLIT.split(squash(assignee).lower()) if p]
    for part in parts:
        bare = None
        while bare != part:
            bare, part = part, _PARTY_FRAME.sub("", part)
        if part not in _private_parties():
            return False
    return bool(parts)


def _only_private(j: "Judged") -> bool:
    return bool(j.roles.assignees) and all(_is_private(a) for a in j.roles.assignees) and not _EXECUTES.search(j.text)


# 'Đồng ý cho UBND xã … khảo sát …': the issuer consents; case as written (a capital opens the unit)
# 'Người chủ trì cuộc họp: 300.000 đồng/người/buổi;': a label and the amount set for it is a norm
# (spending norms, allowances, fees), whoever the label names.
_AMOUNT_NORM = re.compile(
    rf"^[^:;]{{3,200}}:\s*(?:(?:{_w('amount_bound')})\s+)?\d[\d.,]*\s*(?:{_w('amount_unit')})\b[^;]*[;.]?\s*$",
    re.IGNORECASE)
_CONSENT = re.compile(rf"^\s*(?-i:{alternation(words(_WORDS, 'consent_opener'))})\b")
_ANNOUNCES = re.compile(rf"^\s*{_w('announces')}\b")
# 'Được bố trí phòng nghỉ …': a right of the body above, not a duty (samples/README.md, Headings)
_RIGHT = re.compile(rf"^\s*(?-i:{alternation(words(_WORDS, 'right_opener'))})\s+(?!{_w('right_unless')}\b)")
NARRATIVE = re.compile(rf"\b{_w('narrative_marker')}\s*$", re.IGNORECASE)
DELIVERABLE = re.compile(rf"\b{_w('deliverable_verb')}\s+(?:{_w('deliverable_plural')}\s+)?(?P<what>{_w('deliverable')})", re.IGNORECASE)

_DELIVERABLE_DEFAULT = re.compile(rf"\b{_w('deliverable_default')}\b", re.IGNORECASE)
_RULE_ABOUT_TASK = re.compile(rf"^\s*{_w('rule_about_task')}\s")
_LEAD_VERB = re.compile(rf"^\s*{data_pattern('role_words.tsv', 'lead_verb')}\b", re.IGNORECASE)


def _strip_marker(unit: Unit) -> tuple[str, int]:
    for _name, pattern in MARKERS:
        match = pattern.match(unit.text)
        if match:
            return unit.text[match.end():], match.end()
    return unit.text, 0


def _deliverable(text: str) -> str | None:
    match = DELIVERABLE.search(text)
    if match:
        return squash(match["what"]).lower()
    default = _DELIVERABLE_DEFAULT.search(text)
    if default:
        return words(_WORDS, "deliverable_default")[0]
    return None


def _action(text: str, roles: Roles, deadline: Found | None, max_chars: int) -> str | None:
    """The action phrase: after the bodies (and the phối hợp list), before the deadline phrase."""
    start = max(roles.action_start, roles.collaborators_end)
    end = deadline.start if deadline is not None and deadline.start - start > 10 else len(text)
    rest = text[start:end]
    rest = squash(rest).strip(" ,;:.")
    rest = re.sub(r"\s*\(?\s*$", "", rest)
    if len(rest) > max_chars:
        rest = rest[:max_chars].rsplit(" ", 1)[0] + " …"
    return rest or None


def _heading_context(units: list[Unit], unit: Unit, roles_of: dict[int, Roles | None], deadline_of: dict[int, Found | None]) -> tuple[Roles | None, Found | None]:
    """Nearest enclosing heading's roles and deadline."""
    roles = deadline = None
    for parent in reversed(unit.parents):
        if roles is None and roles_of.get(parent) is not None:
            roles = roles_of[parent]
        if deadline is None and deadline_of.get(parent) is not None:
            deadline = deadline_of[parent]
    return roles, deadline


def _clauses(text: str) -> list[tuple[int, int]]:
    """Split at ';' where the next clause is a task of its own.

    That is when it names its own bodies ('giao Sở A …; giao Sở B …'). Several actions of one
    body stay one task whose deadline is the first stated (samples/README.md, labelling guide).
    """
    cuts = [0]
    for match in re.finditer(r";\s+", text):
        following = text[match.end():]
        trigger = TRIGGER.match(following)
        # '…; chỉ đạo Tòa án nhân dân các cấp …' is another action of the same body (the one who directs)
        own_bodies = (trigger and not trigger["verb"].lower().startswith("chỉ")) \
            or re.match(rf"{OPENS_CLAUSE}\s", following, re.I) or _names_own_subject(following.split(";")[0])
        if own_bodies:
            cuts.append(match.end())
    cuts.append(len(text))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def _names_own_subject(clause: str) -> bool:
    """'…; UBND các huyện chủ động bố trí …': the clause opens with a body and its verb."""
    if not clause[:1].isupper() or is_imperative(clause):
        return False
    roles = find_roles(clause, [])
    return roles is not None and roles.how == "subject" and bool(roles.assignees) and \
        clause[:roles.who_end].strip().startswith(roles.assignees[0].split()[0]) and _predicate_is_action(clause, roles.who_end)


def _predicate_is_action(text: str, start: int) -> bool:
    """Whether the words after a subject are an instruction ('Sở Y tế chủ trì …', 'Công an xã hỗ trợ …').

    Known obligation words decide at once; otherwise underthesea's POS tagger says whether the
    predicate starts with a verb. Copulas and narrative markers ('là', 'được', 'đã') are not.
    """
    rest = text[start:].lstrip(" :")
    if _PASSIVE_DUTY.match(rest):
        return False
    if OBLIGATION_START.match(text, start):
        return True
    word = action_at(rest, 0)
    if word is not None and word not in FRAME_WORDS:
        return True
    if word in ("căn cứ", "căn cứ vào", "trên cơ sở", "theo"):
        # 'Các địa phương căn cứ tình hình thực tế …, chủ động cân đối …': a frame, then the verb
        for comma in re.finditer(r",\s+", rest[:250]):
            following = action_at(rest, comma.end())
            if following is not None and following not in FRAME_WORDS:
                return True
    if not rest or _STATE_PREDICATE.match(rest):
        return False
    return first_tag(" ".join(rest.split()[:5])) == "V"


@cache
def _rule_openers() -> re.Pattern[str]:
    words = sorted((re.escape(w) for w in _data_lines("rule_openers.txt")), key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(words) + r")(?!\w)")


@cache
def _narrative_openers() -> re.Pattern[str]:
    words = sorted((re.escape(w) for w in _data_lines("narrative_openers.txt")), key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(words) + r")(?!\w)")


def _has_verb(text: str) -> bool:
    """Whether a unit has any verb: a known action word or one the POS tagger finds."""
    for word, tag, offset in pos_words(text[:300]):
        if tag == "V" or (word[:1].isalpha() and action_at(text[offset:].lower(), 0) not in (None, *FRAME_WORDS)):
            return True
    return False


@dataclass(frozen=True)
class Judged:
    """What the task test reads: the clause, the roles found for it, and whether they were borrowed."""

    text: str
    roles: Roles
    inherited: bool = False


def _trigger_less(j: Judged) -> bool:
    return j.roles.how != "trigger"


@dataclass(frozen=True, kw_only=True)
class NotTaskRule(RuleInfo):
    """A reason a unit that names a body is still not a task; ``rejects`` says when it applies."""

    rejects: Callable[[Judged], bool]


NOT_TASK_RULES: tuple[NotTaskRule, ...] = (
    NotTaskRule(
        name="task.not.issuer_act", priority=10, rejects=lambda j: bool(ISSUER_ACT.match(j.text.strip())),
        why="The enacting formula and amendment instructions are the issuer's own acts, not tasks for anyone.",
        examples=("Sửa đổi, bổ sung Điều 3 Quyết định số 12/2023/QĐ-UBND như sau:", "Bãi bỏ khoản 2 Điều 5 Quy chế ban hành kèm theo."),
        counter_examples=("Sở Tài chính sửa đổi, bổ sung quy chế chi tiêu nội bộ trước ngày 30/6.",),
    ),
    NotTaskRule(
        name="task.not.title", priority=20,
        rejects=lambda j: len(j.text.split()) < 4 or (len(j.text.strip()) < 40 and not j.text.rstrip(" ”\"'").endswith((".", ";", "!", ":"))),
        why="A short line without final punctuation is a title ('Tổ chức thực hiện', 'Luật Bảo vệ môi trường').",
        examples=("Tổ chức thực hiện", "Luật Bảo vệ môi trường"),
        counter_examples=("Sở Y tế chủ trì kiểm tra.",),
    ),
    NotTaskRule(
        name="task.not.norm", priority=30, rejects=lambda j: _trigger_less(j) and bool(_rule_openers().match(j.text)),
        why="A norm or a list definition ('Định mức khoán chi …', 'Nội dung thông tin … gồm:'), unless a trigger verb assigns it.",
        examples=(Example("Định mức khoán chi cho Sở Tài chính thực hiện theo quy định.", {"how": "subject"}),),
        counter_examples=("Giao Sở Tài chính rà soát định mức khoán chi.",),
    ),
    NotTaskRule(
        name="task.not.narrative_opener", priority=40, rejects=lambda j: _trigger_less(j) and bool(_narrative_openers().match(j.text)),
        why="Reports of the past or of findings ('Tuy nhiên, vẫn còn tình trạng …').",
        examples=(Example("Tuy nhiên, vẫn còn tình trạng một số đơn vị chưa báo cáo đúng hạn.", {"how": "subject"}),),
        counter_examples=("Đề nghị các đơn vị báo cáo đúng hạn.",),
    ),
    NotTaskRule(
        name="task.not.figure", priority=50, rejects=lambda j: j.inherited and not _has_verb(j.text),
        why="An inherited item with no verb is a figure, nothing to do ('Kinh phí: 500 triệu đồng …').",
        examples=(Example("Kinh phí: 500 triệu đồng từ ngân sách tỉnh.", {"inherited": True}),),
        counter_examples=(Example("Rà soát, tổng hợp kinh phí thực hiện Chương trình;", {"inherited": True}),),
    ),
    NotTaskRule(
        name="task.not.rule_about_task", priority=60, rejects=lambda j: j.inherited and bool(_RULE_ABOUT_TASK.match(j.text)),
        why="'Việc quyết định nội dung chi … không được vượt quá …': a rule about the task above, not a new one.",
        examples=(Example("Việc quyết định nội dung chi không được vượt quá mức quy định.", {"inherited": True}),),
        counter_examples=(Example("Quyết định nội dung chi theo quy định.", {"inherited": True}),),
    ),
    NotTaskRule(
        name="task.not.preamble", priority=70, rejects=lambda j: bool(PREAMBLE.match(j.text)) and _trigger_less(j),
        why="Căn cứ / Thực hiện / Theo đề nghị …: the legal basis, not an instruction.",
        examples=(Example("Thực hiện Công điện số 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ, Sở Y tế chủ trì.", {"how": "subject"}),),
        counter_examples=("Thực hiện Công điện số 280/CĐ-TTg, đề nghị Sở Y tế chủ trì kiểm tra.",),
    ),
    NotTaskRule(
        name="task.not.obligation", priority=80,
        rejects=lambda j: bool(NOT_OBLIGATION.search(_without_effect_anchor(j.text))) and j.roles.how not in ("trigger", "addressee"),
        why="Entry into force, scope, definitions, programme fields ('Quyết định này có hiệu lực …').",
        examples=("Quyết định này có hiệu lực kể từ ngày ký.", "Chủ trì: Phó Chủ tịch UBND tỉnh Lê Hồng Vinh."),
        counter_examples=("Sở Y tế chủ trì kiểm tra các cơ sở.",
                          "Trong thời gian 90 ngày kể từ ngày Quyết định này có hiệu lực thi hành, Sở Y tế ban hành hướng dẫn."),
    ),
    NotTaskRule(
        name="task.not.subject_without_action", priority=90,
        rejects=lambda j: j.roles.how == "subject" and not j.inherited and not _predicate_is_action(j.text, j.roles.who_end),
        why="A body whose predicate is no instruction ('đã chỉ đạo', 'là', 'được', 'bao gồm') is a description.",
        examples=("Sở Y tế đã chỉ đạo các đơn vị triển khai nhiều giải pháp.",),
        counter_examples=("Sở Y tế hướng dẫn các bệnh viện thực hiện.",),
    ),
    NotTaskRule(
        name="task.not.narrative_subject", priority=100,
        rejects=lambda j: j.roles.how == "subject" and bool(NARRATIVE.search(j.text[:j.roles.action_start].rstrip(" :"))),
        why="A subject that ends in 'đã / sẽ / đang / vừa / từng' reports what was or will be done.",
        examples=("Sở Y tế vừa chủ trì kiểm tra các cơ sở.", "Sở Y tế từng có trách nhiệm kiểm tra."),
        counter_examples=("Sở Y tế chỉ đạo các đơn vị triển khai giải pháp.",),
    ),
    NotTaskRule(
        name="task.not.chairing", priority=110,
        rejects=lambda j: j.roles.how == "subject" and bool(CHAIRING.match(j.text[j.roles.action_start:])),
        why="Chairing a meeting ('chủ trì Hội nghị') is not leading a task.",
        examples=("Phó Chủ tịch UBND tỉnh chủ trì Hội nghị trực tuyến với các địa phương.",),
        counter_examples=("Sở Y tế chủ trì tổ chức kiểm tra.",),
    ),
    NotTaskRule(
        name="task.not.issuer_self", priority=120,
        rejects=lambda j: j.roles.how == "subject" and len(j.roles.assignees) == 1 and bool(ISSUER_TOP.match(j.roles.assignees[0]))
        and not j.roles.lead,
        why="The issuer alone as subject ('UBND tỉnh ban hành …') states its own act.",
        examples=("UBND tỉnh ban hành Kế hoạch triển khai như sau.",),
        counter_examples=("UBND tỉnh chủ trì tổ chức kiểm tra.",),
    ),
    NotTaskRule(
        name="task.not.transmittal", priority=125,
        rejects=lambda j: j.roles.how == "subject" and bool(TRANSMITTAL.search(j.text[j.roles.action_start:])),
        why="'X (xin) thông báo để Y biết, thực hiện': the letter's closing passes it on; the work is in the sentences before.",
        examples=("Văn phòng Chính phủ xin thông báo để Bộ Y tế và các cơ quan liên quan biết, thực hiện./.",
                  "Văn phòng Chính phủ thông báo để Bộ Công Thương biết, thực hiện."),
        counter_examples=("Sở Y tế thông báo kết quả kiểm tra cho các đơn vị trước ngày 30/6.",),
    ),
    NotTaskRule(
        name="task.not.composition", priority=127,
        rejects=lambda j: bool(_COMPOSITION.search(j.text)) and not _DEFINITION_UNLESS.search(j.text) and j.roles.how != "trigger",
        why="'Hội đồng quản lý Quỹ có 05 thành viên, bao gồm …' states who a council is made of, not what it must do.",
        examples=(Example("Hội đồng quản lý Quỹ có 05 thành viên, bao gồm Chủ tịch, Phó Chủ tịch và các Ủy viên.", {"how": "subject"}),
                  Example("Đoàn giám sát gồm 09 thành viên do Phó Chủ tịch Quốc hội làm Trưởng đoàn.", {"how": "subject"})),
        counter_examples=(Example("Hội đồng có trách nhiệm thẩm định hồ sơ trong 05 ngày làm việc.", {"how": "subject"}),),
    ),
    NotTaskRule(
        name="task.not.private_parties", priority=126, rejects=_only_private,
        why="Rules for enterprises, citizens or 'tổ chức, cá nhân' bind the public, not an office: only obligations on"
            " public bodies are tasks. The closing '… chịu trách nhiệm thi hành' keeps every party it lists.",
        examples=(Example("Trường hợp hồ sơ nộp qua doanh nghiệp thì doanh nghiệp, tổ chức, cá nhân có văn bản đề nghị gửi Quỹ.",
                          {"how": "subject"}),),
        counter_examples=(Example("Sở Công Thương hướng dẫn các doanh nghiệp kê khai trước ngày 30/6.", {"how": "subject"}),
                          "Chánh Văn phòng UBND tỉnh, Giám đốc các Sở và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành."),
    ),
    NotTaskRule(
        name="task.not.amount_norm", priority=126,
        rejects=lambda j: j.roles.how != "trigger" and bool(_AMOUNT_NORM.match(j.text.strip())),
        why="'Người chủ trì cuộc họp: 300.000 đồng/người/buổi' sets an amount for a label: a norm, not a duty.",
        examples=(Example("Người chủ trì cuộc họp: 300.000 đồng/người/buổi;", {"inherited": True}),),
        counter_examples=("Sở Tài chính chủ trì thẩm định mức chi: trình UBND tỉnh trước ngày 30/6/2025.",),
    ),
    NotTaskRule(
        name="task.not.consent", priority=127, rejects=lambda j: j.roles.how != "trigger" and bool(_CONSENT.match(j.text)),
        why="'Đồng ý cho UBND xã … khảo sát địa điểm' grants a permission (the issuer's consent); it obliges no one.",
        examples=(Example("Đồng ý cho UBND xã Đồng Quang khảo sát địa điểm để lập dự án đầu tư.", {"inherited": True}),),
        counter_examples=("Đồng ý chủ trương, giao Sở Tài chính chủ trì thẩm định dự án trước ngày 30/6.",),
    ),
    NotTaskRule(
        name="task.not.definition", priority=128, rejects=_is_definition,
        why="'X là …', 'X gồm …' at the start of a unit defines X (a centre, a post, a council's make-up), even under a duty heading.",
        examples=(Example("Trung tâm dự phòng là trung tâm miền phục vụ cho việc bảo đảm an ninh mạng.", {"inherited": True}),
                  Example("Giám đốc Quỹ là đại diện theo pháp luật của Quỹ do Bộ trưởng bổ nhiệm.", {"how": "subject"})),
        counter_examples=("Sở Y tế là cơ quan đầu mối, chịu trách nhiệm tổng hợp báo cáo.",
                          "Sở Y tế hướng dẫn các nội dung là trọng tâm của năm."),
    ),
    NotTaskRule(
        name="task.not.right", priority=129, rejects=lambda j: j.roles.how != "trigger" and bool(_RIGHT.match(j.text)),
        why="'Được …' / 'Có quyền …' opening a unit states a right of its body, not a duty (the guide's Headings rule).",
        examples=(Example("Được bố trí phòng nghỉ tại nhà nghỉ dưỡng theo quy định.", {"inherited": True}),
                  Example("Được Bộ Khoa học và Công nghệ giao kinh phí cho việc duy trì hoạt động của mạng.", {"inherited": True})),
        counter_examples=(Example("Được giao chủ trì xây dựng đề án, khẩn trương hoàn thiện hồ sơ.", {"inherited": True}),),
    ),
    NotTaskRule(
        name="task.not.passive_description", priority=129, rejects=lambda j: j.inherited and _is_passive_description(j.text),
        why="A unit that opens with a thing and says what is done to it ('Quyết định công nhận … được công khai …',"
            " 'Các cơ sở dữ liệu … được số hóa') names no one who acts: the body above it is no doer of it.",
        examples=(Example("Quyết định công nhận xã, phường đạt chuẩn được công khai trên báo, đài phát thanh.", {"inherited": True}),
                  Example("Các cơ sở dữ liệu văn hóa được số hóa và kết nối với hệ thống của tỉnh.", {"inherited": True})),
        counter_examples=(Example("Kết quả kiểm tra được gửi về Sở Y tế, đồng thời báo cáo UBND tỉnh trước ngày 30/6.", {"inherited": True}),
                          Example("Tổ chức kiểm tra các cơ sở được cấp phép trước ngày 30/6.", {"inherited": True})),
    ),
    NotTaskRule(
        name="task.not.narrative_action", priority=130, rejects=lambda j: bool(_ANNOUNCES.match(j.text[j.roles.action_start:])),
        why="An action that starts with 'đã' / 'sẽ' reports or announces, it does not instruct.",
        examples=(Example("Sở Y tế đã tổ chức kiểm tra các cơ sở.", {"how": "subject"}),),
        counter_examples=("Sở Y tế tổ chức kiểm tra các cơ sở.",),
    ),
)
check_unique(rule.name for rule in NOT_TASK_RULES)
_NOT_TASK_ORDER = tuple(sorted(NOT_TASK_RULES, key=lambda r: r.priority))


def _is_task(text: str, roles: Roles | None, inherited: bool) -> bool:
    """A unit is a task when it names a body and no rule of ``NOT_TASK_RULES`` rejects it."""
    if roles is None or not text.strip(" .:;"):
        return False
    judged = Judged(text, roles, inherited)
    if any(rule.rejects(judged) for rule in _NOT_TASK_ORDER):
        return False
    return bool(roles.assignees)


def _borrow(clause: str, source: Roles, how: str, rule: str) -> Roles:
    """Roles for a clause that names no body: the bodies come from elsewhere (heading, addressee,
    previous sentence); lead, phối hợp bodies and report-to still come from the clause itself.

    ``rule`` names where the bodies came from; the rule that found them there follows it.
    """
    roles = Roles(assignees=list(source.assignees), how=how, rules=[rule, *source.rules[:1]])
    if _LEAD_VERB.match(clause) and roles.assignees:
        roles.lead = roles.assignees[0]
        roles.rules.append("roles.lead.chu_tri")
    roles.collaborators = collaborators_in(clause)
    if roles.collaborators:
        roles.rules.append("roles.collaborators.phoi_hop")
    roles.report_to = report_to(clause)
    if roles.report_to:
        roles.rules.append("roles.report_to")
    return roles


# 'Căn cứ Kế hoạch này, …' / 'Trên cơ sở kết quả rà soát, …': a frame before an item's own verb.
_FRAME_THEN_ACTION = re.compile(rf"^\s*{_w('frame_opener')}\b[^,;.]{{3,120}},\s*", re.IGNORECASE)
# '<a document> … gửi về <a named body>': what a letter asks to be sent, and to whom
_SENT_DOCUMENT = re.compile(
    rf"^\s*(?:(?-i:[Cc]ác)\s+)?{_w('sent_document')}\b[^.;:]{{0,200}}?\s{_w('sent_verb')}\s+(?:\([^)]*\)\s*)?(?-i:[A-ZĐ])",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(rf"^\s*{_w('connector')}\s*,\s*", re.IGNORECASE)


def extract_tasks(
    document: ReadDocument, regions: Regions, meta: Metadata, *, doc_id: str, received_at: dt.date | None = None,
    options: ExtractionOptions = DEFAULT_OPTIONS,
) -> list[Task]:
    """All tasks in the letter's body, in reading order.

    The date of receipt is ``received_at`` or, failing it, ``options.received_at``: relative
    deadlines count from it, so one of them is required.
    """
    received = received_at or options.received_at
    if received is None:
        raise ValueError("extract_tasks needs the date of receipt (received_at or options.received_at)")
    tables = region_tables(regions)
    units = body_units(regions, document.format, table_lines(tables))
    context = {"letter_date": meta.issue_date, "received": received, "addressees": meta.addressees}
    confidence_of = options.confidence
    addressees = Roles(assignees=list(meta.addressees)) if meta.addressees else None
    roles_of: dict[int, Roles | None] = {}
    deadline_of: dict[int, Found | None] = {}
    tasks: list[Task] = []
    last: tuple[int, Roles] | None = None  # (unit index, roles) of the latest task, for elided subjects
    # every heading's roles, judged once: the defined bodies need them all before the first unit
    handed_of = {i: heading_roles(_strip_marker(u)[0], meta.addressees) for i, u in enumerate(units) if u.is_heading}
    # lead-ins whose points are no tasks, found once: a list of conditions (at any depth) or the
    # contents of the document a body issues
    closed = [u.text.rstrip("”\"' ") for u in units]
    conditions = {i for i, t in enumerate(closed) if CONDITIONS_LEAD.search(t)}
    decisions = {i for i, t in enumerate(closed) if DECISION_LEAD.search(t)}
    # headings of goals and findings, and of principles, found once (each unit reads its parents')
    heads = [_strip_marker(u)[0] for u in units]
    descriptive = {i for i, t in enumerate(heads) if DESCRIPTIVE_SECTION.match(t)}
    principled = {i for i, t in enumerate(heads) if PRINCIPLES_SECTION.match(t)}
    defined = defined_bodies(handed_of.values())
    for index, unit in enumerate(units):
        text, marker_len = _strip_marker(unit)
        doc = analyse(text, **context)
        deadline = doc._.deadline
        deadline_of[index] = deadline
        inherited_roles, heading_deadline = _heading_context(units, unit, roles_of, deadline_of)
        if descriptive.intersection(unit.parents):
            continue  # 'I. MỤC ĐÍCH, YÊU CẦU', 'ĐÁNH GIÁ CHUNG': goals and findings, not instructions
        # 'Điều 4. Nguyên tắc xây dựng': a principle names nobody; only a point with its own subject
        # ('Cơ quan chủ trì chịu trách nhiệm …') may still be a task there
        principles = bool(principled.intersection(unit.parents))
        if unit.parents and CONTENTS_LEAD.search(units[unit.parents[-1]].text):
            continue  # 'Hồ sơ gồm: a) Bản sao hộ chiếu …': the contents of a file
        if conditions.intersection(unit.parents):
            continue  # 'Tổ chức xác nhận độc lập đáp ứng đầy đủ các yêu cầu sau: a) Có tư cách pháp nhân …'
        if unit.parents and unit.parents[-1] in decisions:
            continue  # '…, X có văn bản: a) Chấp thuận …': the contents or the outcomes of X's document
        if unit.annex and CRITERIA_ANNEX.search(unit.annex) and not unit.text.rstrip(" ”\"'").endswith((".", ";", "!", "?")):
            # the guide's "Criteria annexes": a table cell naming a criterion's source is no task
            # (a cell ends without a full stop); a procedure written in the annex keeps its steps
            continue
        if unit.is_heading:
            roles = doc._.roles
            under_owner = any(roles_of.get(p) is not None and roles_of[p].how == "heading" for p in unit.parents[-1:])
            handed = heading_roles(text, meta.addressees, under_owner=True) if under_owner else handed_of[index]
            if handed is not None and handed.how == "subject" and all(ISSUER.match(a) for a in handed.assignees):
                # '…, UBND tỉnh ban hành Kế hoạch … như sau:' / 'Chủ tịch UBND tỉnh yêu cầu:': the issuer
                # speaking; the items below are not its own tasks (they go to the addressees, if any).
                handed = None
            roles_of[index] = handed
            # a lead-in whose duty is the document it introduces, with a time, is the task itself
            # ('Trong thời hạn 42 ngày …, Ngân hàng Nhà nước Khu vực có văn bản:'; samples/README.md)
            issues_document = index in decisions and deadline is not None and deadline.deadline.kind != "none"
            if (not text.rstrip("”\"' ").endswith(":") or issues_document) and _is_task(text, roles, False) \
                    and (unit.marker is None or issues_document):
                tasks.append(_task(doc_id, len(tasks), _Draft(unit, marker_len, text, roles, deadline,
                                                               confidence_of.heading_sentence), options))
                last = (index, roles)
            continue
        previous_roles: Roles | None = None
        for a, b in _clauses(text):
            clause = text[a:b]
            clause_doc = doc if (a, b) == (0, len(text)) else analyse(clause, **context)
            clause_deadline = clause_doc._.deadline
            roles = clause_doc._.roles
            inherited = False
            judged = clause  # the text the task test reads: the clause, or its instruction after a frame
            framed_rules: list[str] = []
            if (roles is None or not roles.assignees) and defined:
                roles = _defined_subject(clause, defined) or roles
            if (roles is None or not roles.assignees) and principles:
                continue
            if roles is None or not roles.assignees:
                bare = _CONNECTOR.sub("", clause)
                framed = _FRAME_THEN_ACTION.match(bare)
                if framed and is_imperative(bare[framed.end():]):
                    bare = judged = bare[framed.end():]  # 'Căn cứ Kế hoạch này, xây dựng kế hoạch …': the frame, then the instruction
                    framed_rules = ["task.frame_then_action"]
                usable = bool(bare) and not PREAMBLE.match(bare) and not NOT_OBLIGATION.search(bare)
                # within reach of the last task and in its section: a new heading starts a new subject
                follows = last is not None and index - last[0] <= options.elided_subject_reach \
                    and units[last[0]].parents == unit.parents
                if previous_roles is not None and a > 0:
                    # '…; báo cáo năm gửi trước ngày 15/12' continues the previous clause's bodies
                    roles, inherited = _borrow(clause, previous_roles, previous_roles.how, "task.inherit.previous_clause"), True
                elif usable and last is not None and units[last[0]].paragraph == unit.paragraph and last[0] < index:
                    # the next sentence of the same list item ('… Báo cáo năm gửi UBND tỉnh trước ngày
                    # 15/12/2024.', 'Đồng thời, báo cáo …'): its subject is the item's
                    roles, inherited = _borrow(clause, last[1], "continued", "task.inherit.same_item"), True
                elif usable and inherited_roles is not None:
                    roles, inherited = _borrow(clause, inherited_roles, "heading", "task.inherit.heading"), True
                elif usable and addressees and unit.marker and is_imperative(bare):
                    # a numbered instruction in a letter to named addressees is addressed to them
                    roles, inherited = _borrow(clause, addressees, "addressee", "task.inherit.addressee"), True
                elif usable and follows and is_imperative(bare) and (unit.marker is None or units[last[0]].marker == unit.marker):
                    # 'Cùng với đó, tăng cường …': an elided subject continues the previous directive,
                    # within its section: a new heading ('Điều 12. …') starts a new subject
                    roles, inherited = _borrow(clause, last[1], "continued", "task.inherit.elided_subject"), True
                elif usable and clause_deadline is not None and (follows or addressees) and _SENT_DOCUMENT.match(bare):
                    # 'Báo cáo gửi về Sở Kế hoạch và Đầu tư trước ngày 23/5/2019.': an agentless instruction to
                    # send a document by a time. Right after a directive it says how that directive reports
                    # ('Kết quả thực hiện gửi về Sở Y tế trước ngày …'); else it is the addressees' (samples/README.md)
                    if follows:
                        roles, inherited = _borrow(clause, last[1], "continued", "task.inherit.previous_sends"), True
                    else:
                        roles, inherited = _borrow(clause, addressees, "addressee", "task.inherit.addressee_sends"), True
            if not _is_task(judged, roles, inherited):
                continue
            assert roles is not None
            previous_roles = roles
            last = (index, roles)
            found = clause_deadline or (heading_deadline if heading_deadline else None)
            extra = framed_rules + (["task.deadline_from_heading"] if clause_deadline is None and found is not None else [])
            if meta.addressees and any(a in _BARE_HEADS for a in roles.assignees):
                roles, extra = _addressed_heads(roles, meta.addressees), extra + ["task.bare_head_is_addressee"]
            draft = _Draft(unit, marker_len, clause, roles, found, confidence_of.of(roles.how), extra)
            tasks.append(_task(doc_id, len(tasks), draft, options))
            recipient = purpose_recipient(clause)
            if recipient is not None and not set(recipient.roles.assignees) & set(roles.assignees) \
                    and not any(_is_issuer(a, meta) for a in recipient.roles.assignees):
                # '… phản ánh về Bộ Tư pháp để tổng hợp, báo cáo Thủ tướng Chính phủ': the recipient's own task
                own = find_deadline(recipient.purpose, meta.issue_date, received)
                tasks.append(_task(doc_id, len(tasks), _Draft(unit, marker_len, recipient.purpose, recipient.roles, own,
                                                              confidence_of.other), options))
    rows = [task for table in tables
            for task in row_tasks(table, regions.lines, letter_date=meta.issue_date, received=received, options=options)]
    return _in_reading_order(doc_id, tasks, rows) if rows else tasks


def _is_issuer(name: str, meta: Metadata) -> bool:
    """The issuer itself ('UBND tỉnh', or the header's name): its own intention is no task."""
    bare = re.sub(r"\s*\(.*$", "", name).casefold()
    return bool(ISSUER.match(name)) or bool(meta.issuer) and bare == squash(meta.issuer).casefold()


def _in_reading_order(doc_id: str, tasks: list[Task], rows: list[Task]) -> list[Task]:
    """The sentence tasks and the table-row tasks interleaved by where their evidence starts,
    then numbered again (a stable sort: tasks on one evidence keep their order)."""
    merged = sorted([*tasks, *rows], key=lambda t: (t.evidence.page, t.evidence.start) if t.evidence else (0, 0))
    return [t.model_copy(update={"id": f"{doc_id}-t{n + 1:02d}"}) for n, t in enumerate(merged)]


def defined_bodies(heading_roles_found: Iterable[Roles | None]) -> tuple[str, ...]:
    """Bodies the document itself names as duty holders, longest first.

    A regulation gives its actors duties under headings ('Điều 12. Quyền và trách nhiệm của nhà nghỉ
    dưỡng') and then uses them as subjects elsewhere ('Nhà nghỉ dưỡng bố trí phòng nghỉ …'),
    although nothing in the name says it is a body. Only duty-frame owners count, not every
    heading, and names of one word or of a general class are left out. ``heading_roles_found``: what
    ``heading_roles`` gave each heading of the document.
    """
    names: set[str] = set()
    for handed in heading_roles_found:
        if handed is None or "roles.heading_owner.duty_frame" not in handed.rules:
            continue
        for name in handed.assignees:
            if len(name.split()) >= 2 and not looks_like_body(name):
                names.add(name)
    return tuple(sorted(names, key=len, reverse=True))


def _defined_subject(clause: str, defined: tuple[str, ...]) -> Roles | None:
    """'Nhà nghỉ dưỡng bố trí phòng nghỉ …': a document-defined body, then an action, is the subject."""
    for name in defined:
        match = re.match(rf"\s*(?:{_w('plural')}\s+)?{re.escape(name)}\b", clause, re.IGNORECASE)
        if match and action_at(clause[match.end():].lstrip().lower(), 0) not in (None, *FRAME_WORDS):
            end = match.end()
            return Roles(assignees=[clause[match.start():end].strip()], how="subject", who_end=end, action_start=end,
                         rules=["roles.subject.defined_in_document"])
    return None


# A body named by its head word alone ('Đề nghị đồng chí Giám đốc Sở quan tâm, chỉ đạo …') in a
# letter to named addressees is the addressee of that kind, as 'Quý Sở' is.
_BARE_HEADS = frozenset(h for h in body_heads().capital if " " not in h)


def _addressed_heads(roles: Roles, addressees: list[str]) -> Roles:
    """Roles with each bare head ('Sở') replaced by the Kính gửi entries it stands for ('Sở Y tế')."""
    bodies = [b.rstrip(" .…") for a in addressees for b in split_bodies(a)]  # 'Giám đốc Sở Y tế' → 'Sở Y tế'
    assignees: list[str] = []
    for name in roles.assignees:
        meant = [b for b in bodies if b.split()[:1] == [name]] if name in _BARE_HEADS else []
        assignees.extend(a for a in (meant or [name]) if a not in assignees)
    lead = roles.lead
    if lead in _BARE_HEADS and lead not in assignees:
        lead = assignees[0] if assignees else None
    return replace(roles, assignees=assignees, lead=lead)


@dataclass(frozen=True)
class _Draft:
    """A clause judged a task, before it becomes a Task: where it is and what was found in it."""

    unit: Unit
    marker_len: int  # length of the list marker ('a)', '2.') the evidence leaves out
    text: str
    roles: Roles
    found: Found | None
    confidence: float
    extra_rules: list[str] = field(default_factory=list)


_ROLE_WORDS = "role_words.tsv"
# 'Trên cơ sở báo cáo …, chủ trì, phối hợp với …', '…; định kỳ chủ trì, phối hợp …', 'Đối với …: Bộ X
# chủ trì, phối hợp …': chủ trì as the verb of a clause after a frame, not a role name ('đơn vị
# chủ trì') and not chairing a meeting.
_LEAD_IN_CLAUSE = re.compile(
    rf"(?:^|[,;:]\s*|\s)(?P<verb>{data_pattern(_ROLE_WORDS, 'lead_verb')})\b"
    rf"(?!\s+{data_pattern(_ROLE_WORDS, 'chaired_event')})\s*,?\s*{data_pattern(_ROLE_WORDS, 'collab_verb')}\b",
    re.IGNORECASE)
# '… báo cáo Bộ Tài chính để chủ trì, phối hợp …': the purpose clause's body leads, not the subject.
_PURPOSE_BEFORE = re.compile(r"\b(?:để|nhằm)\s*$", re.IGNORECASE)
_ROLE_NAME_BEFORE = re.compile(rf"\b{data_pattern(_ROLE_WORDS, 'role_name_head')}\s*$", re.IGNORECASE)


def _lead_in_clause(text: str, roles: Roles) -> str | None:
    """The lead of a one-body task whose 'chủ trì, phối hợp' stands after a frame (samples/README.md:
    lead is the body written as chủ trì)."""
    if roles.lead or len(roles.assignees) != 1:
        return roles.lead
    if DIRECTS_AT_START.match(text):
        return None  # 'Chỉ đạo Công an các tỉnh … chủ trì, phối hợp …': the directed body leads, not the assignee
    for match in _LEAD_IN_CLAUSE.finditer(text):
        before = text[:match.start("verb")]
        if not _ROLE_NAME_BEFORE.search(before) and not _PURPOSE_BEFORE.search(before):
            return roles.assignees[0]
    return None


def _task(doc_id: str, ordinal: int, draft: _Draft, options: ExtractionOptions) -> Task:
    roles, found, unit, marker_len = draft.roles, draft.found, draft.unit, draft.marker_len
    deadline = found.deadline if found else Deadline(kind="none")
    confidence = draft.confidence
    if deadline.kind == "none":
        confidence = max(0.0, confidence - options.confidence.no_deadline_penalty)
    collaborators = [c for c in roles.collaborators if c not in roles.assignees]
    return Task(
        id=f"{doc_id}-t{ordinal + 1:02d}",
        assignees=roles.assignees,
        lead=_lead_in_clause(draft.text, roles),
        collaborators=collaborators,
        action=_action(draft.text, roles, found, options.action_max_chars),
        deliverable=_deliverable(draft.text),
        report_to=roles.report_to,
        deadline=deadline,
        # Evidence is the unit without its list marker ('a)', '2.'), offsets into the page text.
        evidence=Evidence(page=unit.page, text=squash(unit.text[marker_len:]), start=unit.start + marker_len, end=unit.end),
        confidence=round(confidence, 2),
        rules=[*roles.rules, *draft.extra_rules, *([found.rule] if found and found.rule else [])],
    )


__all__ = ["extract_tasks"]
