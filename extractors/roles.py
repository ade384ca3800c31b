"""Who must act: assignees, the chủ trì (lead), the phối hợp bodies, and who to report to.

A directive names its bodies in a few fixed ways: the named rules of ``ROLE_RULES``, tried
by priority (a colon frame, a trigger verb ``Giao | Yêu cầu | Đề nghị <bodies> <action>``, a
passive ``do X chủ trì``, ``Quý Sở`` for the addressee, an imperative that names none, a
subject ``<bodies> có trách nhiệm | chủ trì | <action>``); a heading ``2. Sở Y tế:`` names the
body for the items under it (``heading_roles``, used by the caller). The rule that decided
leads ``Roles.rules``, and so ``Task.rules``. Reading the list of bodies itself is
``bodies.py``; the words are in ``congvan/data/role_words.tsv`` and ``action_words.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from congvan.extractors.bodies import SUBJECT_STOP, action_at, looks_like_body, strip_title, needs_defining_clause, relative_clause_end, span_end, split_bodies
from congvan.extractors.options import WINDOWS
from congvan.extractors.rules import Example, RuleInfo, alternation, check_unique, data_pattern, either_case_first, exact_alternation, phrase_pattern
from congvan.extractors.tagger import first_tag
from congvan.lexicon import action_words_of, word_table, word_values, words
from congvan.text import squash

_WORDS = "role_words.tsv"


def _w(category: str, either_case: bool = False) -> str:
    return data_pattern(_WORDS, category, either_case)


def _not_after(category: str, space: str = " ") -> str:
    """Fixed-width lookbehinds, one per phrase ('cap': first letter either case), then ``space``."""
    return "".join(f"(?<!{either_case_first(p) if v == 'cap' else re.escape(p)}{space})" for p, v in word_table(_WORDS)[category])


TRIGGER = re.compile(
    rf"{_not_after('trigger_not_after')}\b(?P<verb>{_w('trigger_verb', either_case=True)})"
    rf"(?:\s+{_w('trigger_then')})?\s+(?!{_w('trigger_not_object')}\b)"
)
def _verbs_of(kind: str) -> list[str]:
    return [p for p, v in word_table(_WORDS)["trigger_verb"] if kind in v.split(",")]


_ASSIGN = alternation(_verbs_of("assign"))  # 'do Bộ trưởng … giao': who assigned it, not who does it
_APPOINTED = alternation([*_verbs_of("assign"), *words(_WORDS, "appoint")])
# 'Giao | Yêu cầu | Đề nghị X:' opens a heading, or a clause of its own after ';' (tasks.py).
OPENS_CLAUSE = alternation(_verbs_of("opens_clause"))
_RESPONSIBLE = _w("responsible")
# 'chủ trì' heads a task (LEAD) unless what it chairs is a meeting (CHAIRING): one list for both.
_CHAIRED = _w("chaired_event")
LEAD = re.compile(rf"^\s*(?:{_w('lead_before')}\s+)?(?:{_w('lead_as')}\s+)?{_w('lead_verb')}\b(?!\s+{_CHAIRED})", re.IGNORECASE)
CHAIRING = re.compile(rf"^\s*(?:{_w('lead_before')}\s+)?{_w('lead_verb')}\s+{_CHAIRED}", re.IGNORECASE)
COLLAB = re.compile(
    # The partner may follow 'phối hợp' without 'với' only when it is a named body or a plural
    # group: the capital test is case-sensitive, or 'phối hợp điều tra' would name 'điều tra'.
    rf"\b{_w('collab_verb')}(?:\s+{_w('collab_manner')})?(?:\s+{_w('collab_with')}\s+|"
    rf"\s+(?=(?-i:(?:{_w('plural')}\s+)?[A-ZĐ])|{_w('plural')}\s|{_w('collab_generic')}\s))",
    re.IGNORECASE,
)
REPORT = re.compile(
    rf"\b{_w('report_verb')}(?:\s+{_w('report_direction')})?\s+(?=[A-ZĐÀ-ỸẠ-Ỹ]|{_w('plural')}\s|{_w('report_abbrev')})"
)
QUY = re.compile(rf"\b{_w('quy_head')}\s+{_w('quy_body')}\b")
_VERB_LIKE_HEAD = re.compile(rf"^{_w('verb_like_head')}(?:,|\s+(?:[a-zđ]\w*\s+)?(?:{_w('and_word')}|,))")
_DIRECTS = alternation(_verbs_of("direct"), either_case=True)
_DIRECTED_BEFORE = re.compile(rf"(?:^|[,;]\s*){_DIRECTS}\s+[^,;]*$")
DIRECTS_AT_START = re.compile(rf"^\s*{_DIRECTS}\b")
_COLLAB_AT_START = re.compile(rf"^\s*{_w('collab_verb')}")
_FRAME_CASE = re.compile(rf"^\s*{_w('frame_case')}\s+(?P<who>[^,]+(?::[^,]+(?:,[^,]+)*?)?),\s*$")


STRONG = re.compile(rf"\s*{_w('duty')}\b", re.IGNORECASE)
# Action words that open a frame, a tense or a copula rather than a predicate (kind 'frame').
FRAME_WORDS = action_words_of("frame")


def is_imperative(text: str) -> bool:
    """An item that starts with its verb ('Chủ trì, phối hợp …', 'Trao đổi, cung cấp …').

    Known action words decide at once; a capitalised first word that is neither a body nor a
    frame ('Trong …', 'Căn cứ …') is looked up with underthesea's POS tagger, which knows far
    more Vietnamese verbs than our list.
    """
    stripped = text.lstrip()
    if not stripped:
        return False
    lowered = stripped[0].lower() + stripped[1:]
    word = action_at(lowered, 0)
    if word is not None:
        return word not in FRAME_WORDS
    verb_like_head = _VERB_LIKE_HEAD.match(stripped)
    if verb_like_head:
        return True  # 'Thanh tra, giám sát, xử lý …' is an instruction, not the body 'Thanh tra'
    if looks_like_body(stripped) or NOT_SUBJECT.match(stripped) or not stripped[0].isupper():
        return False
    return first_tag(" ".join(stripped.split()[:6])) == "V"


HEADING_OWNER = re.compile(
    rf"^{_w('heading_duty')}\s+{_w('heading_of')}\s+(?P<who>.+?)\s*:?\s*$"
    rf"|^{_w('heading_duty')}\s+(?P<who4>(?-i:[a-zđA-ZĐ])[^,;:.]+?)\s*:?\s*$"
    rf"|^(?P<who5>(?-i:[A-ZĐ])[^;:.()]{{2,80}}?)\s*$"
    rf"|^{OPENS_CLAUSE}\s+(?P<who2>.+?)\s*:\s*$|^(?P<who3>.+?)(?:\s+{_RESPONSIBLE})?\s*:\s*$",
    re.IGNORECASE,
)


def heading_roles(text: str, addressees: list[str], under_owner: bool = False) -> Roles | None:
    """Bodies a heading hands down to its items ('2. Sở Y tế:', 'Điều 5. Trách nhiệm của Bộ Y tế').

    ``under_owner``: the heading sits under one that already hands items to bodies ('Điều 14.
    Quyền và trách nhiệm của Cục Hậu cần, Cục Y tế …'); there a bare name ('1. Cục Hậu cần')
    picks which of them its items belong to. Elsewhere a bare name may be a section title."""
    found = find_roles(text, addressees)
    if found and found.assignees and found.how in ("trigger", "addressee"):
        return found
    match = HEADING_OWNER.match(text.strip())
    if match and (match["who4"] or (match["who5"] and under_owner)):
        # 'Quyền và trách nhiệm cơ quan chủ quản' (no 'của'), '1. Cục Hậu cần' over its a), b)
        # items: only a name that is a body, and nothing else, hands its items down
        who = (match["who4"] or match["who5"]).strip()
        if looks_like_body(who) and span_end(who) >= len(who) and not action_at(who.lower(), 0) \
                and len(who) < WINDOWS.heading_owner:
            return Roles(assignees=split_bodies(who), how="heading", rules=["roles.heading_owner.bare_name"])
        return found if found and found.assignees else None
    if match and (match["who"] or match["who2"] or match["who3"]):
        who = match["who"] or match["who2"] or match["who3"]
        who = re.sub(rf"\s+{_w('heading_tail')}$", "", who.strip(" :"))
        whole = span_end(who) >= len(who.rstrip(" :"))  # no verb inside: the heading only names bodies
        # '4. Người đứng đầu đơn vị được Bộ trưởng … phân công trực tiếp thực hiện nhiệm vụ … có trách
        # nhiệm:': the duty word closes the subject, so verbs before it belong to the group's name.
        duty = match["who3"] is not None and re.search(rf"\s{_RESPONSIBLE}\s*:\s*$", text.strip()) is not None
        if looks_like_body(who) and len(who) < WINDOWS.heading_owner and (whole or duty or not match["who3"]):
            return Roles(assignees=split_bodies(who), how="heading", rules=["roles.heading_owner"])
        if match["who"] and whole and who[:1].isalpha() and len(who) < WINDOWS.heading_owner:
            # 'Điều 12. Quyền và trách nhiệm của nhà nghỉ dưỡng', 'Nhiệm vụ của Thư ký Hội đồng': the
            # duty frame itself says whose the items are, whether or not the owner looks like an agency.
            return Roles(assignees=split_bodies(who), how="heading", rules=["roles.heading_owner.duty_frame"])
    return found if found and found.assignees else None


# The issuer speaking or acting for itself ('Chủ tịch UBND tỉnh', 'Thủ tướng Chính phủ'), a whole name.
ISSUER = re.compile(rf"^(?:{_w('issuer_head')}\s+)?{_w('issuer_body')}\s+{_w('admin_level')}$|^{_w('issuer_top')}$", re.IGNORECASE)
ISSUER_LIKE = ISSUER  # the name older callers use
# The same names at the top of the hierarchy only ('UBND tỉnh', not 'UBND phường'): a province
# or the Government acting alone states its own act, while a ward's committee is often the one
# a district or a ward's own plan tasks (samples/gold).
_TOP_LEVEL = alternation(p for p, v in word_table(_WORDS)["admin_level"] if v == "top")
ISSUER_TOP = re.compile(rf"^(?:{_w('issuer_head')}\s+)?{_w('issuer_body')}\s+{_TOP_LEVEL}$|^{_w('issuer_top')}$", re.IGNORECASE)
_PASSIVE_ONE = rf"(?:{_w('passive_title')}\s+)?[A-ZĐÀ-Ỹ][^,;.()]{{2,80}}?"
PASSIVE = re.compile(
    # 'do Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an quyết định': one or more named bodies
    rf"\b{_w('passive_by')}\s+(?P<who>{_PASSIVE_ONE}(?:,\s+(?-i:(?=[A-ZĐÀ-Ỹ])){_PASSIVE_ONE})*)\s+"
    rf"(?P<verb>{_w('passive_verb')})\b"
)
# 'Đồng thời', 'Theo đó': a sentence connector (congvan/data/task_words.tsv, shared with tasks.py).
CONNECTOR = re.compile(alternation(words("task_words.tsv", "connector")), re.IGNORECASE)
NOT_SUBJECT = re.compile(rf"^\s*{_w('not_subject_opener')}\b", re.IGNORECASE)


@dataclass
class Roles:
    assignees: list[str] = field(default_factory=list)
    lead: str | None = None
    collaborators: list[str] = field(default_factory=list)
    report_to: str | None = None
    action_start: int = 0  # offset in the unit text where the action phrase begins
    collaborators_end: int = -1  # offset where the phối hợp list ends (-1: none)
    who_end: int = 0  # offset where the list of bodies ends
    how: str = ""  # trigger | subject | heading | addressee (for confidence)
    rules: list[str] = field(default_factory=list)  # names of the rules that found these roles, deciding rule first


def _collaborators(text: str, start: int) -> tuple[list[str], int]:
    """Bodies after 'phối hợp với', and where their list ends."""
    match = COLLAB.search(text, start)
    if not match:
        return [], -1
    if _DIRECTED_BEFORE.search(text[:match.start()]) or DIRECTS_AT_START.match(text):
        # 'Chỉ đạo Công an các tỉnh … chủ trì, phối hợp các cơ quan liên quan …': the partners of the
        # instructed body, not of the one who directs (samples/README.md)
        return [], -1
    end = span_end(text, match.end())
    if needs_defining_clause(text[match.end():end]):
        clause_end = relative_clause_end(text, end)  # 'phối hợp đơn vị quản lý kinh phí | báo cáo …'
        if clause_end is not None and clause_end > end:
            end = clause_end
    return split_bodies(text[match.end():end], share_tails=False), end


def collaborators_in(text: str) -> list[str]:
    """The phối hợp bodies anywhere in a text."""
    return _collaborators(text, 0)[0]


def report_to(text: str) -> str | None:
    match = REPORT.search(text)
    if not match:
        return None
    return _body_reported_to(text, match.end())


_REPORT_STOP = re.compile(rf"\s*\(|\s+{_w('report_stop')}\b|,")


# a comma, then a new case ('…, trường hợp …', '…, nếu …'): what follows is no relative clause of the subject
_CASE_BETWEEN = re.compile(r",\s*(?:trường hợp|nếu|khi|riêng|đối với)\b", re.IGNORECASE)


def _unbroken(between: str) -> bool:
    """Whether the words between a subject and its duty word run on as one clause: no punctuation
    outside brackets, and short (WINDOWS.duty_distance)."""
    between = re.sub(r"\([^)]*\)", "", between)
    return not re.search(r"[,;:.]", between) and len(between) < WINDOWS.duty_distance


def _body_reported_to(text: str, start: int, limit: int | None = None) -> str | None:
    """The body a report or submission starting at ``start`` goes to ('Thủ tướng Chính phủ',
    'UBND tỉnh | trước ngày …'), or None when what follows names no body ('cấp có thẩm quyền')."""
    end = span_end(text, start)
    if limit is not None:
        end = min(end, limit)
    stop = _REPORT_STOP.search(text, start, end)
    value = squash(text[start:stop.start() if stop else end]).strip(" ,;.")
    return value if value and looks_like_body(value) or value.startswith(("Thủ tướng", "Chủ tịch", "Chính phủ")) else None


def _assign(text: str, who_start: int, who_end: int, how: str) -> Roles:
    bodies = split_bodies(text[who_start:who_end])
    roles = Roles(assignees=bodies, action_start=who_end, how=how, who_end=who_end)
    after = text[who_end:]
    lead = LEAD.match(after)
    if lead and bodies:
        roles.lead = bodies[0]
        roles.rules.append("roles.lead.chu_tri")
        roles.action_start = who_end + lead.end()
        # 'X chủ trì, Y phối hợp'
        rest = text[roles.action_start:]
        second = re.match(r"^\s*,\s*", rest)
        if second:
            end = span_end(rest, second.end())
            if _COLLAB_AT_START.match(rest[end:]) and looks_like_body(rest[second.end():end]):
                roles.collaborators = split_bodies(rest[second.end():end], share_tails=False)
                roles.rules.append("roles.collaborators.lead_pair")
    if not roles.collaborators:
        collaborators, end = _collaborators(text, who_end)
        roles.collaborators = [c for c in collaborators if c not in roles.assignees]
        if roles.collaborators:
            roles.rules.append("roles.collaborators.phoi_hop")
        if collaborators and end - who_end < WINDOWS.collaborators_slack + sum(len(c) + 8 for c in collaborators):
            roles.collaborators_end = end
    roles.report_to = report_to(text[who_end:])
    if roles.report_to:
        roles.rules.append("roles.report_to")
    return roles


_COLON_FRAME = re.compile(rf"^\s*{_w('colon_frame_opener')}\b[^:;.]{{0,250}}:\s*(?=(?-i:[A-ZĐ]))", re.IGNORECASE)


def _shifted(roles: Roles, offset: int) -> Roles:
    """The same roles with their offsets moved by ``offset`` (found in a suffix of the text)."""
    roles.action_start += offset
    roles.who_end += offset
    if roles.collaborators_end >= 0:
        roles.collaborators_end += offset
    return roles


def _named(roles: Roles | None, name: str) -> Roles | None:
    """Record on ``roles`` that rule ``name`` found its bodies (first in the list: it decided)."""
    if roles is not None:
        roles.rules.insert(0, name)
    return roles


def _by_colon_frame(text: str, addressees: list[str]) -> Roles | None:
    frame = _COLON_FRAME.match(text)
    if frame and not looks_like_body(re.sub(r"^\s*\S+\s+\S+\s+", "", text[:frame.end()]).rstrip(" :")):
        inner = find_roles(text[frame.end():], addressees)
        if inner is not None and inner.assignees:
            return _named(_shifted(inner, frame.end()), "roles.colon_frame")
    return None


# A person's name after a title: two to five capitalised syllables at the end of the phrase.
_PERSON_AFTER_TITLE = re.compile(r"(?<=\w)\s+(?-i:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*)(?:\s+(?-i:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*)){1,4}$")


def _by_trigger(text: str, addressees: list[str]) -> Roles | None:
    for match in TRIGGER.finditer(text):
        clause_start = max(text.rfind(c, 0, match.start()) for c in ",;:(") + 1
        prefix = text[clause_start:match.start()].strip()
        if prefix and not looks_like_body(prefix) and not ISSUER_LIKE.match(prefix):
            # 'Thủ tướng Chính phủ Nguyễn Xuân Phúc giao …', 'Phó Thủ tướng Hoàng Trung Hải yêu cầu …':
            # the leader's title, then the leader's name
            prefix = _PERSON_AFTER_TITLE.sub("", prefix)
        # The prefix may be the body that gives the instruction, including the issuer relaying it.
        if prefix and not looks_like_body(prefix) and not ISSUER_LIKE.match(prefix) \
                and not CONNECTOR.fullmatch(prefix):
            continue  # 'tại thời điểm đề nghị X cho vay' is not an instruction
        if match["verb"].lower().startswith("chỉ") and (not prefix or not ISSUER_LIKE.match(prefix)):
            break  # 'Chỉ đạo X làm Y' / 'Sở A chỉ đạo X …': the task belongs to whoever directs
        start = match.end()
        quy = QUY.match(text, start)
        if quy:
            roles = _assign(text, start, quy.end(), "addressee")
            roles.assignees = list(addressees) or [quy.group(0)]
            roles.lead = roles.assignees[0] if roles.lead else None
            return _named(roles, "roles.trigger.quy")
        end = span_end(text, start)
        if end > start and looks_like_body(text[start:end]):
            return _named(_assign(text, start, end, "trigger"), "roles.trigger")
        frame = _FRAME_CASE.match(text[:match.start()])
        if end == start and frame and looks_like_body(frame["who"]):
            roles = _assign(text, start, start, "trigger")
            roles.assignees = split_bodies(frame["who"])
            return _named(roles, "roles.trigger.framed")
        if end == start and addressees:
            roles = _assign(text, start, start, "addressee")
            roles.assignees = list(addressees)
            return _named(roles, "roles.trigger.addressee")
    return None


def _by_passive(text: str, addressees: list[str]) -> Roles | None:
    passive = PASSIVE.search(text)
    if passive and re.search(rf"\s{_ASSIGN}$", passive["who"]):
        return None  # '… do Bộ trưởng Bộ Công an giao thực hiện': who assigned it, not who does it
    if not passive or not looks_like_body(passive["who"]):
        return None
    # An allocation to the named body, unless the sentence opens with its own subject: the
    # allocation is then only a description of something the subject works on.
    initial = _subject_roles(text, [0]) if not is_imperative(text) else None
    if initial is not None and initial.who_end <= passive.start():
        return _named(initial, "roles.passive.own_subject")
    roles = _assign(text, passive.start("who"), passive.end("who"), "subject")
    if passive["verb"].lower().startswith("chủ"):
        roles.lead = roles.assignees[0] if roles.assignees else None
    return _named(roles, "roles.passive")


def _by_quy(text: str, addressees: list[str]) -> Roles | None:
    quy = QUY.search(text)
    if not (quy and addressees):
        return None
    roles = _assign(text, quy.start(), quy.end(), "addressee")
    roles.assignees = list(addressees)
    if roles.lead:
        roles.lead = addressees[0]
    return _named(roles, "roles.quy")

_SPACE = r"\s"
_CLAUSE_START = re.compile(rf"(?:,|;|\b{_w('clause_then')})\s+")
_INSIDE_LIST = re.compile(
    rf"{_w('collab_verb')}|{_w('lead_verb')}|{_not_after('with_not_after', space=_SPACE)}\b{_w('list_with')}\b|\b{_w('list_inside')}\b"
    rf"|\b{_w('requester_head')}\s+{_w('requester_kind')}\s+{_w('of_word')}\b",
    re.IGNORECASE,
)
_BARE_GENERIC = re.compile(rf"^\s*(?:{_w('plural', either_case=True)}\s+)?{_w('bare_generic', either_case=True)}\s*$")
_APPOINTED_CLAUSE = re.compile(rf"{_w('passive_aux')}\s+[^.;:]{{0,80}}?\b{_APPOINTED}\b")
_FRAME_BETWEEN = re.compile(rf"[.;]|\b{_w('purpose')}\b")
_COPULA = re.compile(rf"\s*(?:{_w('copula_not')}\s+)?{_w('copula')}")
_UNLESS = "|".join(rf"{phrase_pattern(p)}(?!\s+{phrase_pattern(v)})" for p, v in word_values(_WORDS, "predicate_not_start_unless").items())
_INSIDE_FRAME = re.compile(rf"^\s*(?:{exact_alternation(words(_WORDS, 'predicate_not_start'))}|{_UNLESS})\b")


def _by_subject(text: str, addressees: list[str]) -> Roles | None:
    starts = [0] + [m.end() for m in _CLAUSE_START.finditer(text)]
    return _named(_subject_roles(text, starts[:6]), "roles.subject")


@dataclass(frozen=True, kw_only=True)
class RoleRule(RuleInfo):
    """A way a unit names its bodies: ``find`` returns the roles, or None to let the next rule try.

    A rule with ``stops`` ends the search instead: the unit names no body of its own.
    """

    find: Callable[[str, list[str]], Roles | None] | None = None
    stops: Callable[[str], bool] | None = None


ROLE_RULES: tuple[RoleRule, ...] = (
    RoleRule(
        name="roles.colon_frame", priority=10, find=_by_colon_frame,
        why="A case before a colon is a frame; the instruction and its body come after it.",
        examples=(Example("Đối với hội thảo do Bộ trưởng giao thực hiện: Đơn vị chủ trì xây dựng dự toán gửi Vụ Kế hoạch - Tài chính.",
                          {"assignees": ["Đơn vị chủ trì"]}),),
        counter_examples=("Đối với Sở Y tế: chủ trì kiểm tra các cơ sở khám bệnh.",),
    ),
    RoleRule(
        name="roles.trigger", priority=20, find=_by_trigger,
        why="Giao | Yêu cầu | Đề nghị … <bodies> <action>: the verb hands the task to the bodies after it "
            "(Quý Sở / no body: the letter's addressees; 'Đối với X, đề nghị': X).",
        examples=(
            Example("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí.",
                    {"assignees": ["Sở Tài chính"], "lead": "Sở Tài chính", "collaborators": ["Sở Nội vụ"]}),
            Example("Thủ tướng Chính phủ yêu cầu Chủ tịch UBND các tỉnh khẩn trương triển khai.",
                    {"assignees": ["UBND các tỉnh"]}),
            Example("Đề nghị Quý Sở báo cáo kết quả trước ngày 30/6/2023.", {"assignees": ["Sở Y tế"], "rule": "roles.trigger.quy"}),
            Example("Đề nghị khẩn trương rà soát, báo cáo.", {"assignees": ["Sở Y tế"], "rule": "roles.trigger.addressee"}),
        ),
        counter_examples=(
            "tại thời điểm đề nghị ngân hàng cho vay vốn",
            "Chỉ đạo Công an các tỉnh chủ trì, phối hợp các cơ quan liên quan điều tra.",
        ),
    ),
    RoleRule(
        name="roles.passive", priority=30, find=_by_passive,
        why="'do X chủ trì / thực hiện': an allocation to X, unless the sentence opens with its own subject.",
        examples=(
            Example("Tủ sách pháp luật do Bộ Tư pháp chủ trì xây dựng và quản lý thống nhất.",
                    {"assignees": ["Bộ Tư pháp"], "lead": "Bộ Tư pháp"}),
            Example("Cục Kế hoạch - Tài chính chủ trì tổng hợp dữ liệu do Bộ Tư pháp chủ trì xây dựng.",
                    {"assignees": ["Cục Kế hoạch - Tài chính"], "rule": "roles.passive.own_subject"}),
        ),
        counter_examples=("Nhiệm vụ do Bộ trưởng Bộ Công an giao thực hiện.",),
    ),
    RoleRule(
        name="roles.quy", priority=40, find=_by_quy,
        why="'Quý Sở', 'Quý cơ quan' anywhere: the letter's addressees.",
        examples=(Example("Sở Nội vụ kính mong Quý cơ quan quan tâm phối hợp.", {"assignees": ["Sở Y tế"]}),),
        counter_examples=("Quyết định có hiệu lực kể từ ngày ký.",),
    ),
    RoleRule(
        name="roles.imperative", priority=50, stops=is_imperative,
        why="An item that starts with its verb names no body: its body comes from the heading or the addressee.",
        examples=("Chủ trì, phối hợp với các đơn vị liên quan tổ chức kiểm tra.", "Thanh tra, giám sát, xử lý vi phạm."),
        counter_examples=("Sở Y tế chủ trì kiểm tra các cơ sở.",),
    ),
    RoleRule(
        name="roles.subject", priority=60, find=_by_subject,
        why="'X <action>' / 'X: <action>' at the start of the unit or of a clause.",
        examples=(
            Example("Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh.", {"assignees": ["Sở Y tế"], "lead": "Sở Y tế"}),
            Example("Các Bộ, cơ quan ngang bộ, căn cứ chức năng nhiệm vụ, phối hợp triển khai.",
                    {"assignees": ["các Bộ", "cơ quan ngang bộ"]}),
            Example("Đơn vị chủ trì là đơn vị dự toán cấp 2 hoàn thành quyết toán trước ngày 30/6.", {"assignees": ["Đơn vị chủ trì"]}),
            Example("Đơn vị chủ trì không phải là đơn vị dự toán thì gửi hồ sơ về Vụ Kế hoạch.", {"assignees": ["Đơn vị chủ trì"]}),
            Example("Sở Kế hoạch và Đầu tư là cơ quan thường trực của Tổ công tác, có trách nhiệm tổng hợp kết quả.",
                    {"assignees": ["Sở Kế hoạch và Đầu tư"]}),
            Example("Người đứng đầu đơn vị được Bộ trưởng phân công trực tiếp thực hiện nhiệm vụ có trách nhiệm báo cáo kết quả.",
                    {"assignees": ["đơn vị được Bộ trưởng phân công trực tiếp thực hiện nhiệm vụ"]}),
            Example("Bộ Tài chính trong phạm vi chức năng, nhiệm vụ được giao có trách nhiệm hướng dẫn thực hiện.",
                    {"assignees": ["Bộ Tài chính"]}),
            Example("Hội đồng nhân dân các cấp, trong phạm vi nhiệm vụ, quyền hạn của mình, tăng cường giám sát việc thực hiện.",
                    {"assignees": ["Hội đồng nhân dân các cấp"]}),
            Example("Căn cứ đề xuất của các bộ, cơ quan trung ương để thực hiện Chương trình, Bộ Công an chủ trì tổng hợp.",
                    {"assignees": ["Bộ Công an"], "lead": "Bộ Công an"}),
            Example("Cơ quan tiếp nhận, giải quyết thủ tục hành chính khai thác thông tin trong cơ sở dữ liệu.",
                    {"assignees": ["Cơ quan tiếp nhận, giải quyết thủ tục hành chính"]}),
        ),
        counter_examples=("Trong quý III, nhiều địa phương đã tổ chức hội nghị.",),
    ),
)
check_unique(rule.name for rule in ROLE_RULES)


def find_roles(text: str, addressees: list[str]) -> Roles | None:
    """Roles stated in one unit's text (without its list marker), or None if no body is named.

    The rules of ``ROLE_RULES`` are tried by priority; the first that finds bodies decides, and
    its name leads ``Roles.rules``.
    """
    for rule in sorted(ROLE_RULES, key=lambda r: r.priority):
        if rule.stops is not None and rule.stops(text):
            return None
        if rule.find is not None:
            roles = rule.find(text, addressees)
            if roles is not None:
                return roles
    return None


_ROLE_IN_NAME = re.compile(r"phối hợp với|,\s*(?:chủ trì|phối hợp)\b", re.IGNORECASE)
_GENERIC_DUTY_HOLDER = re.compile(
    rf"^(?P<who>(?:{_w('plural')}\s+)?(?:cơ quan|đơn vị|tổ chức|người)\b[^.;:()]{{3,140}}?)\s+(?={_w('responsible')}\b)",
    re.IGNORECASE)


def _generic_duty_holder(text: str) -> Roles | None:
    """'Cơ quan được yêu cầu phối hợp có trách nhiệm trả lời …', 'Cơ quan, đơn vị được cấp tài khoản
    có trách nhiệm bảo mật …': a generic head ('cơ quan', 'đơn vị') named by what it does, then the
    duty. The words up to 'có / chịu trách nhiệm' are the name, verbs included (samples/README.md:
    a qualifier that defines the group is kept)."""
    match = _GENERIC_DUTY_HOLDER.match(text)
    if not match:
        return None
    who = match["who"].strip(" ,")
    stop = next((m for m in SUBJECT_STOP.finditer(who) if m.start() and who[m.start() - 1] == " "), None)
    if stop is not None:
        who = who[:stop.start()].rstrip(" ,")  # '… nhà nghỉ dưỡng | khi tiếp nhận thông tin có trách nhiệm'
    if _ROLE_IN_NAME.search(who) or not looks_like_body(who):
        return None  # 'Sở Y tế chủ trì, phối hợp … có trách nhiệm': roles of their own, not a name
    who = strip_title(who)  # 'Người đứng đầu đơn vị được … phân công' → 'đơn vị được … phân công'
    roles = Roles(assignees=[who[0].lower() + who[1:] if who[:1].isupper() and not who[:2].isupper() else who],
                  action_start=match.end(), how="subject", who_end=match.end("who"), rules=["roles.subject.generic_duty_holder"])
    return roles


def _subject_roles(text: str, starts: list[int]) -> Roles | None:
    """'X <action>' / 'X: <action>' with X beginning at one of ``starts`` (the first that reads so)."""
    if starts and starts[0] == 0:
        generic = _generic_duty_holder(text)
        if generic is not None:
            return generic
    for start in starts:
        if start and _INSIDE_LIST.search(text[:start]):
            break  # inside a list of collaborators or of requesters ('khi có yêu cầu của các bộ, …'), not a new subject
        end = span_end(text, start)
        defined = False
        if needs_defining_clause(text[start:end]):
            clause_end = relative_clause_end(text, end)
            if clause_end is not None and clause_end > end:
                end, defined = clause_end, True  # 'Cơ quan tiếp nhận, giải quyết thủ tục hành chính | khai thác …'
        predicate = end
        strong = None if defined else STRONG.search(text, end, min(len(text), end + WINDOWS.duty_search))
        stop_word = action_at(text, end) or ""
        bare_generic = _BARE_GENERIC.match(text[start:end])
        if text[start:end].rstrip().endswith(" không") and text.startswith("phải là", end):
            end = start + len(text[start:end].rstrip()) - len(" không") + 1  # 'Đơn vị chủ trì không phải là …'
            stop_word = "là"  # a negated copula, not the modal 'phải'
            predicate = end
        # 'Sở X là cơ quan thường trực của Tổ công tác, có trách nhiệm …': the copula clause describes
        # the subject and the duty follows after the comma.
        # A heading may drop the comma ('Bộ Tư pháp là cơ quan Thường trực của Hội đồng có nhiệm vụ, quyền
        # hạn sau:'): the copula clause runs to the duty word and the owner is still its subject.
        described = stop_word == "là" and strong is not None and (
            re.search(r",\s*$", text[end:strong.start()]) is not None
            or (text.rstrip().endswith(":") and not re.search(r"[,;.]", text[end:strong.start()])))
        # 'Người đứng đầu đơn vị được Bộ trưởng … phân công … có trách nhiệm': a passive relative
        # clause ('được X giao / phân công …') belongs to the subject.
        assigned = stop_word == "được" and strong is not None and _APPOINTED_CLAUSE.match(text[end:strong.start()]) is not None
        if strong and _CASE_BETWEEN.search(text, end, strong.start()):
            strong = None  # 'Quỹ kiểm tra …, trường hợp không hỗ trợ phải trả lời …': the duty word is a new case's
        # 'các bộ … đã triển khai mạng dùng riêng (…) có trách nhiệm duy trì …': which bodies, by what
        # they have done, then their duty, with no comma between (a report of the past has one)
        done_before = stop_word == "đã" and strong is not None and _unbroken(text[end:strong.start()])
        if strong and (not STRONG.match(text, end) or bare_generic) and not _FRAME_BETWEEN.search(text[end:strong.start()]) \
                and (stop_word not in ("là", "được", "đã", "sẽ", "đang", "thì", "để", "nhằm") or described or assigned or done_before) \
                and (strong.start() - end < WINDOWS.duty_distance or stop_word in FRAME_WORDS or done_before):
            predicate = strong.start() + len(strong.group(0)) - len(strong.group(0).lstrip())
            # a time clause or frame after the name ('… nhà nghỉ dưỡng | khi tiếp nhận thông tin có
            # trách nhiệm'; bodies.subject_stop) is no part of it, a relative clause is
            if (stop_word not in FRAME_WORDS or assigned) and not described and not SUBJECT_STOP.match(text, end):
                end = predicate  # 'Cơ quan giải quyết thủ tục … có trách nhiệm': a relative clause
            # else 'Bộ X trong phạm vi chức năng … có trách nhiệm': the frame is not part of the name
        if predicate == end and stop_word == "là" and not described and looks_like_body(text[start:end].rstrip(" ,")):
            # 'Đơn vị chủ trì là đơn vị dự toán cấp 2 … hoàn thành quyết toán …': the copula only picks
            # out the case; the predicate is the first action after it (samples/README.md).
            copula = _COPULA.match(text[end:])
            after = end + (copula.end() if copula else 0)
            for verb in re.finditer(r"(?<=\s)[a-zđà-ỹ]", text[after:after + WINDOWS.copula_predicate]):
                at = after + verb.start()
                if re.search(r"[.;:]", text[end:at]):
                    break
                word = action_at(text, at)
                if word is not None and word not in FRAME_WORDS and word not in ("phải", "được"):
                    predicate = at
                    break
        if predicate == end and (text[start:end].rstrip().endswith(",") or stop_word in ("trong", "căn cứ", "căn cứ vào", "trên cơ sở")) \
                and stop_word in FRAME_WORDS:
            # 'Các Bộ, cơ quan ngang bộ, căn cứ chức năng nhiệm vụ, phối hợp …' / 'HĐND …, trong phạm
            # vi nhiệm vụ, quyền hạn của mình, tăng cường giám sát …': an inserted frame, then the verb
            for after in re.finditer(r",\s+(?=\S)", text[end:end + WINDOWS.inserted_frame]):
                if re.search(r"[.;:]", text[end:end + after.start()]):
                    break
                verb_at = end + after.end()
                if (action_at(text, verb_at) or "") not in ("", *FRAME_WORDS) or first_tag(" ".join(text[verb_at:].split()[:5])) == "V":
                    predicate = verb_at
                    break
        subject = text[start:end].rstrip(" ,")
        # 'Chủ đầu tư chịu trách nhiệm …', 'Cán bộ điều tra thụ lý chính phải …': a generic class opening
        # the sentence (capitalised only there) is a subject when a duty word follows it at once
        duty_holder = start == 0 and STRONG.match(text, end) is not None and looks_like_body(subject[:1].lower() + subject[1:])
        if end <= start or not (defined or duty_holder or looks_like_body(subject)) or NOT_SUBJECT.match(subject):
            continue
        if end < len(text) and (text[end] in ":" or action_at(text, end) or defined or predicate != end):
            # 'Căn cứ đề xuất của các bộ, cơ quan trung ương để thực hiện …, Bộ Công an chủ trì …': a
            # body followed by 'để'/'nhằm' is inside a frame, not the subject
            if predicate == end and _INSIDE_FRAME.match(text[end:]):
                continue
            roles = _assign(text, start, end, "subject")
            roles.who_end = roles.action_start = predicate
            if text[end:end + 1] == ":":
                roles.action_start = end + 1
            return roles
    return None


# ------------------------------------------------------------------ purpose clauses
_HANDOVER = re.compile(
    rf"\b{_w('handover_verb')}\s+(?:{_w('handover_object')}\s+)?(?:{_w('handover_to')}\s+)?(?=[A-ZĐÀ-ỸẠ-Ỹ]|{_w('plural')}\s)")
_HANDLING = re.compile(rf"[\s,]*(?:(?:{_w('purpose')}|nhằm)\s+)?(?:{_w('purpose_handling')})\b", re.IGNORECASE)
_LEADS = re.compile(rf"\b{_w('lead_verb')}\b", re.IGNORECASE)
_SUBMITS = re.compile(r"\b(?:báo cáo|trình)\s+(?:lên\s+|về\s+)?(?=[A-ZĐ])")


@dataclass(frozen=True)
class Recipient:
    """The body a unit passes something to, when the clause after it gives that body work of its own."""

    roles: Roles
    purpose: str  # the purpose clause, where the recipient's own time is read


def purpose_recipient(text: str) -> Recipient | None:
    """'… phản ánh về Bộ Tư pháp để tổng hợp, báo cáo Thủ tướng Chính phủ': the recipient's task.

    samples/README.md, "A purpose clause gives the recipient a task only when it has a marker of
    its own": chủ trì (it leads), a report or submission to a further body (its ``report_to``),
    or a time of its own (read by the caller from ``purpose``). A recipient that only compiles,
    follows up or answers gets nothing here.
    """
    for match in _HANDOVER.finditer(text):
        start = match.end()
        end = span_end(text, start)
        who = text[start:end].strip(" ,")
        who = re.sub(r"\s*\([^)]*\)\s*$", "", who)  # '(qua Vụ Pháp chế)'
        when = _REPORT_STOP.search(who)
        if when is not None:
            who = who[:when.start()]  # 'gửi về Sở Y tế | trước ngày 31/5/2023 để …': the sender's time, not a name
        if not who or not looks_like_body(who):
            continue
        aside = re.match(r"\s*\([^)]*\)", text[end:])
        at = end + (aside.end() if aside else 0)  # where the purpose clause begins, in ``text``
        if not _HANDLING.match(text, at):
            continue
        close = re.search(r"[;.](?:\s|$)", text[at:])
        purpose = text[at:at + close.start()] if close else text[at:]
        lead = _LEADS.search(purpose) is not None
        submit = _SUBMITS.search(purpose)
        # measured in ``text``, whose words the tagger has already read, not in a new substring;
        # a further *body*: 'cấp có thẩm quyền' names none (samples/README.md)
        further = _body_reported_to(text, at + submit.end(), at + len(purpose)) if submit is not None else None
        if not (lead or further or _TIME_IN.search(purpose)):
            continue  # it only compiles, follows up or answers: no task of its own
        bodies = split_bodies(who)
        roles = Roles(assignees=bodies, lead=who if lead and len(bodies) == 1 else None,
                      collaborators=collaborators_in(purpose), report_to=further, how="purpose",
                      rules=["roles.purpose_recipient"])
        return Recipient(roles, purpose)
    return None


_TIME_IN = re.compile(r"\b(?:trước ngày|trong thời hạn|chậm nhất|hằng (?:năm|quý|tháng))\b", re.IGNORECASE)
