"""Lists of bodies: where a list of bodies ends, how it splits into bodies, what looks like one.

A list is split on commas and "và", but only where the next part starts a new body (a
capitalised organ word, a title, an acronym): "các sở, ban, ngành" and "Sở Văn hóa, Thể thao
và Du lịch" stay whole. Titles are mapped to the body they head ('Giám đốc Sở Y tế' → 'Sở Y
tế') and a shared head is distributed ('các Sở: Tài chính, Nội vụ'). ``BODY_EXAMPLES`` holds
the cases, run as tests. The words are in ``congvan/data`` (body heads, titles, known bodies).
"""

from __future__ import annotations

import re
from functools import cache

from congvan.extractors.options import WINDOWS
from congvan.extractors.rules import cased_pattern, data_pattern, exact_alternation
from congvan.extractors.tagger import _inside_word, pos_words
from congvan.lexicon import BodyHeads, _data_lines, action_words, body_heads, known_bodies, titles, word_values, words
from congvan.text import squash


def _w(category: str) -> str:
    return data_pattern("role_words.tsv", category)


_ACRONYM = re.compile(r"^[A-ZĐ]{2,}(?:&[A-ZĐ]+)?\b")
_PLURAL = _w("plural")
_PLURAL_EITHER = data_pattern("role_words.tsv", "plural", either_case=True)
_SHARED_HEAD = re.compile(
    rf"^(?P<plural>{_PLURAL_EITHER}\s+)?(?P<head>{cased_pattern('role_words.tsv', 'shared_head')})"
    rf"(?P<level>\s+(?:{_PLURAL}\s+)?{_w('admin_level')})?\s*:\s*(?P<names>.+)$"
)
_PLURAL_AT_START = re.compile(rf"^{_PLURAL_EITHER}\s+")
_PLURAL_THEN_NOUN = re.compile(rf"^{_PLURAL_EITHER}\s+[a-zđ]")
_LOWER_PLURAL_AT_START = re.compile(rf"^{_PLURAL}\s+")
_CAPITAL_PLURAL = re.compile("^" + exact_alternation(p[:1].upper() + p[1:] for p in words("role_words.tsv", "plural")) + r"\s+")
_QUANTIFIER_BEFORE = re.compile(_w("quantifier") + r"\s+$")
_GROUP = _w("group_word")
_GROUP_LIST = re.compile(rf"(?:{_PLURAL_EITHER}\s+)?{_GROUP}(?:,\s*{_GROUP})*")
_OPEN_GROUP = re.compile(_w("open_group") + r"\b")
_OPEN_GROUP_NAMED = re.compile(_w("open_group") + r"\s+\S+\s+\S+")
_AND = _w("list_and")
_AND_AT_START = re.compile(rf"^[\s,;]*(?:{_AND}\s+)?")
_NEXT_NAME = re.compile(rf"(.+?)(?:,\s*|\s+{_AND}\s+|$)")
_ALIAS_NOTE = re.compile(r"\s*\((?:" + exact_alternation(words("role_words.tsv", "alias_note")) + r")[^)]*\)")
_LIST_SEPARATOR = re.compile(rf"(,\s*|\s+{_AND}\s+|\s+{_w('list_with')}\s+|;\s*)")
_JOINT_OFFICE = re.compile(rf"^{_w('joint_office')}\s+[A-ZĐ]{{2,}}$")
_LEGAL_BASIS = re.compile(rf"\s+{_w('legal_basis')}\b.*$")

@cache
def _class_heads() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(heads that need a defining clause, capitalised name openers), longest first."""
    lines = _data_lines("class_heads.txt")
    generic = sorted((line.strip().lower() for line in lines if not line.startswith("=")), key=len, reverse=True)
    openers = sorted((line[1:].strip() for line in lines if line.startswith("=")), key=len, reverse=True)
    return tuple(generic), tuple(openers)


def _capital_head(text: str) -> str | None:
    """The capitalised body head a name starts with ('Sở', 'Ủy ban nhân dân', 'UBND'), if any."""
    return next((h for h in body_heads().capital if _starts_with_word(text, h)), None)


def _opens_with_known_name(rest: str) -> str | None:
    return next((k for k in known_bodies() if _starts_with_word(rest, k)), None)


def needs_defining_clause(subject: str) -> bool:
    """Whether a subject cut at a verb is only the head of a name defined by a function.

    'Cơ quan', 'người có thẩm quyền' alone name nobody: in 'Cơ quan tiếp nhận, giải quyết thủ
    tục hành chính khai thác …' the verbs up to the object belong to the name. Likewise a unit
    whose name opens with an activity noun ('Vụ Công tác', 'Cục Quản lý') continues in lower case.
    """
    subject = subject.strip(" ,")
    bare = _PLURAL_AT_START.sub("", subject).strip()
    generic, openers = _class_heads()
    if subject.lower() in generic:
        return True  # singular only: 'các đơn vị' is a group in its own right ('các đơn vị báo cáo …')
    head = _capital_head(bare)
    if head is None:
        return False
    rest = bare[len(head):].strip()
    return rest in openers and _opens_with_known_name(rest) != rest


_ROLE_VERB = re.compile(rf"{_w('clause_end_verb')}\b")


def relative_clause_end(text: str, start: int) -> int | None:
    """Where the predicate begins after a defining clause that starts at ``start``.

    The clause is verbs (coordinated with commas or 'và') and then their object; the predicate
    is the next lower-case verb after that object. None when the text does not read that way
    (no verb first, no object, or a clause break before any predicate).
    """
    window = text[start:start + WINDOWS.defining_clause]
    seen_verb = seen_noun = False
    previous_tag, previous_word = "", ""
    for word, tag, offset in pos_words(window):
        if word == ",":
            if seen_noun:
                return None  # 'Cơ quan tiếp nhận hồ sơ, …': not a name we can delimit
            previous_tag, previous_word = "", word
            continue
        if seen_verb and not seen_noun and previous_tag == "V" and tag == "V" and word[:1].islower() \
                and previous_word not in ("được", "bị", "có") and not any(_starts_with_word(window[offset:], n) for n in _body_nouns()):
            # 'Cơ quan tiếp nhận | ghi trực tiếp nội dung …': a verb right after the clause's own
            # verb (no comma, no 'và') is the predicate; the clause had no object
            return start + offset
        glued = _glued_verb(window, word, offset) if seen_verb else None
        if glued is not None:
            return start + glued  # 'điều hành | Quỹ lập | dự toán': the tagger glued the name's end to the predicate
        previous_tag, previous_word = tag, word
        if word in (":",) and seen_noun:
            return start + offset  # 'Cục Quản lý, giám sát tổ chức tín dụng: Trong thời hạn …'
        if tag == "CH":
            return None
        lower = word[:1].islower()
        is_verb = tag in ("V", "R") or (lower and action_at(window, offset) is not None)
        if seen_verb and _ROLE_VERB.match(window, offset):
            return start + offset
        if is_verb and lower:
            if seen_noun:
                return start + offset
            seen_verb = True
        elif not seen_verb:
            return None
        elif tag != "C":
            seen_noun = True
    return None


def _glued_verb(window: str, word: str, offset: int) -> int | None:
    """Where an action word starts inside one tagger token that opens with a capitalised name word
    ('Quỹ lập' in 'Cơ quan điều hành Quỹ lập dự toán'), or None: underthesea sometimes joins the
    last word of a name to the verb after it, and the name must end between them."""
    if not word[:1].isupper() or " " not in word:
        return None
    at = offset + word.index(" ") + 1
    if window[at:at + 1].islower() and action_at(window, at) is not None:
        return at
    return None


@cache
def _body_nouns() -> tuple[str, ...]:
    """Body names that open with an action word ('tổ chức, cá nhân', 'tổ chức đảng')."""
    return tuple(sorted((line.strip() for line in _data_lines("body_nouns.txt")), key=len, reverse=True))


@cache
def _non_bodies() -> tuple[str, ...]:
    """Plural nouns that are not bodies ('các hình thức', 'các nội dung'), longest first."""
    return tuple(sorted((line.strip() for line in _data_lines("non_bodies.txt")), key=len, reverse=True))


@cache
def _name_words() -> frozenset[str]:
    """Lower-case words that continue a body's name even when tagged as verbs."""
    return frozenset(line.strip() for line in _data_lines("name_words.txt"))


def trim_predicate(name: str) -> str:
    """Cut a named body where a lower-case verb follows its name.

    'Sở Tài chính thống nhất phương án' → 'Sở Tài chính'; 'UBND các huyện khảo sát' → 'UBND các
    huyện'. Only named bodies (a capitalised head and at least one name word) are cut; generic
    groups keep their defining qualifier ('các cơ quan, đơn vị sử dụng vốn …'), and a name that
    opens with an activity noun ('Ban Quản lý dự án đầu tư xây dựng …') runs on by design.
    """
    bare = _PLURAL_AT_START.sub("", name)
    head = _capital_head(bare)
    if head is None:
        return name
    rest_start = len(name) - len(bare) + len(head)
    rest = name[rest_start:].strip()
    if any(_starts_with_word(rest, o) for o in _class_heads()[1]) and not _opens_with_known_name(rest):
        return name
    # A name word: a capitalised word, or a noun after 'các' ('UBND các huyện'). A bare head
    # followed by lower case ('Đơn vị chủ trì kiểm tra') is a generic role and is left alone.
    known = _opens_with_known_name(rest)
    name_end = rest_start + (name[rest_start:].find(known) + len(known) if known else 0)
    seen_name = plural = False
    previous = ""
    for word, tag, offset in pos_words(name):
        if offset < name_end:
            seen_name = seen_name or (known is not None and offset >= rest_start)
            continue  # the head, and a standard name after it ('Giao thông vận tải'), are never cut
        if not word[:1].islower():
            seen_name = seen_name or word[:1].isalpha()
        elif word == "các":
            plural = True
        elif tag == "V" and seen_name and word not in _name_words() and previous not in ("và", ",", *_FORCE_HEADS):
            # ('Cơ quan Cảnh sát | điều tra': a force's function is its name, role_words force_head)
            return name[:offset].rstrip(" ,")  # 'Sở Tài chính | thống nhất …' (not 'Cục Pháp chế và cải cách …')
        elif plural and tag.startswith("N"):
            seen_name = True
        previous = word
    return name


def _starts_with_word(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum())


def action_at(text: str, i: int) -> str | None:
    """The action word starting at ``text[i]``, if any."""
    rest = text[i:]
    for word in action_words():
        if _starts_with_word(rest, word):
            return word
    return None


SUBJECT_STOP = re.compile(rf"{_w('subject_stop')}\b")
# 'đơn vị chủ trì', 'cơ quan chủ trì': a role name, not the verb chủ trì
_ROLE_NAME = re.compile(rf"{_w('role_name_head')}\s+{_w('lead_verb')}\b", re.IGNORECASE)
# 'cơ quan chủ trì | thẩm định', 'cơ quan chủ trì | soạn thảo': the role's function is part of its name
_ROLE_NAME_BEFORE = re.compile(rf"{_w('role_name_head')}\s+{_w('lead_verb')}\s+$", re.IGNORECASE)
_ROLE_FUNCTION = re.compile(rf"{_w('role_function')}\b")


_WITHIN_BODY = re.compile(r"(?<= )trong\s+(?=[A-ZĐ])")


def span_end(text: str, start: int = 0) -> int:
    """End of a list of bodies starting at ``start``: the first action word or clause break."""
    i = start
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ".;":
            if ch == ";" and _starts_body(text[i + 1:i + WINDOWS.list_continues].strip(), first=False):
                pass  # 'Chánh Văn phòng UBND tỉnh; Giám đốc các Sở, …': one list of bodies
            elif not (ch == "." and i + 1 < len(text) and text[i + 1].isalnum()):
                return i
        elif depth == 0 and ch == ":" and not _SHARED_HEAD.match(text[start:].strip()) \
                and not _SHARED_HEAD.match(_title_split(re.split(r"[,;]\s*", text[start:i])[-1].strip())[0] + ": x"):
            return i  # but 'Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài chính, Xây dựng; …' runs on
        if depth == 0 and i > start and text[i - 1] == " " and SUBJECT_STOP.match(text, i):
            return i  # 'cơ quan xử lý phản ánh, kiến nghị | là cơ quan …': no name goes on past these
        within = _WITHIN_BODY.match(text, i) if depth == 0 and i > start else None
        if within is not None and looks_like_body(text[within.end():]):
            i = within.end()
            continue  # 'cơ quan thanh tra | trong Công an nhân dân': a class within a named body, one name
        if depth == 0 and (i == start or text[i - 1] in " ,") and ch.islower() and action_at(text, i) \
                and not (i > start and text[i - 1] == " " and _inside_word(text, i)) \
                and not _QUANTIFIER_BEFORE.search(text[max(start, i - 8):i]) \
                and not (i > start and any(_starts_with_word(text[i:], n) for n in _body_nouns())) \
                and not _ROLE_NAME.search(text[max(start, i - 8):i + 8]) \
                and not (_ROLE_NAME_BEFORE.search(text[max(start, i - 20):i]) and _ROLE_FUNCTION.match(text, i)):
            return i
        i += 1
    return len(text)


def _implied_head(alone: str) -> str | None:
    """The head a title implies ('Bộ trưởng' → 'Bộ', 'Cục trưởng' → 'Cục'), from its stand-alone body."""
    if not alone:
        return None
    head = _PLURAL_AT_START.sub("", alone).strip()
    return head[0].upper() + head[1:] if head else None


# A head's title that carries its body's head word ('Trưởng ban' → 'Ban'): role_words title_head.
_TITLE_HEADS = word_values("role_words.tsv", "title_head")
_FORCE_HEADS = words("role_words.tsv", "force_head")
_COUNCIL_POST = re.compile(rf"^{_w('council_post')}\b")


def _title_split(part: str) -> tuple[str, bool]:
    """Drop a leading title ('Giám đốc Sở X' → 'Sở X'); True when the title stood for a body."""
    plural = ""
    stripped = part
    if _PLURAL_AT_START.match(stripped):
        plural, stripped = "các ", stripped[4:].lstrip()
    for title, alone in titles():
        if _starts_with_word(stripped, title) or _starts_with_word(stripped, title[0].lower() + title[1:]):
            rest = stripped[len(title):].strip()
            if title.startswith("Phó ") and _COUNCIL_POST.match(rest):
                return part, False  # 'Phó Chủ tịch Hội đồng' keeps its role (samples/README.md)
            kept = _TITLE_HEADS.get(title)
            if rest and kept and not _starts_with_word(rest, kept):
                rest = f"{kept} {rest}"  # 'Trưởng ban Dân tộc tỉnh' heads 'Ban Dân tộc tỉnh', 'Trưởng đoàn giám sát' 'Đoàn giám sát'
            head = _implied_head(alone)
            if rest and head and rest[:1].isupper() and not rest.startswith(head) and not looks_like_body(rest) \
                    and rest in known_bodies():
                rest = f"{head} {rest}"  # 'Bộ trưởng Nông nghiệp và Môi trường' → 'Bộ Nông nghiệp và Môi trường'
            if rest:
                return (plural + rest if plural and not rest.startswith(("các", "Các")) else rest), True
            if alone:
                return (alone if alone.startswith("các ") else plural + alone), True
            return part, True
    return part, False


def strip_title(name: str) -> str:
    """A body's name without the title of its head ('Giám đốc Sở Y tế' → 'Sở Y tế'; samples/README.md)."""
    return _title_split(name)[0]


def _starts_body(part: str, first: bool, previous: str = "") -> bool:
    """Whether a comma/'và' part begins a new body (rather than continuing the previous name)."""
    part = part.strip()
    if not part:
        return False
    if part.startswith("các ") and not first:
        return True  # '… và các cơ quan, tổ chức liên quan' starts a new group
    if _OPEN_GROUP.match(part):
        # 'Ủy ban nhân dân tỉnh, tổ chức, cá nhân' but 'các cơ quan, đơn vị, tổ chức, cá nhân' and
        # '(người đứng đầu) các cơ quan, tổ chức liên quan' are one group
        previous_group = _title_split(previous)[0] if previous else ""
        previous_group = previous_group[:1].lower() + previous_group[1:]  # 'Cơ quan, tổ chức …' opening a sentence
        if _GROUP_LIST.fullmatch(previous_group):
            return False
        if not _PLURAL_THEN_NOUN.match(previous_group):
            return True
    bare = _PLURAL_AT_START.sub("", part)
    if _ACRONYM.match(bare):
        return True
    if any(_starts_with_word(part, t) or _starts_with_word(part, t[0].lower() + t[1:]) for t, _ in titles()):
        return True  # '… và người đứng đầu các cơ quan, tổ chức liên quan' starts a new body
    heads = body_heads()
    if any(_starts_with_word(bare, h) for h in heads.capital):
        return True
    if first and any(_starts_with_word(bare, h) for h in heads.generic):
        return True
    generic = next((h for h in heads.generic if _starts_with_word(bare, h)), None)
    if generic and re.match(r"\s+(?-i:[A-ZĐ])", bare[len(generic):]):
        return True  # '…, đại biểu Hội đồng nhân dân': a generic head that names its body is a new body
    if any(_starts_with_word(bare, c) for c in heads.continuations):
        return False  # 'các bộ, cơ quan trung ương': a fixed pair naming one class
    if previous and _both_modified(bare, _PLURAL_AT_START.sub("", _title_split(previous)[0].strip()), heads):
        return True  # 'tổ chức tín dụng, chi nhánh ngân hàng nước ngoài'
    if _OPEN_GROUP_NAMED.match(bare):
        return True  # 'cơ quan ngang bộ' starts a body; 'đơn vị', 'ngành' after a comma continue one
    if part.startswith("Các ") or (first and part.startswith("các ")):
        return True
    return False


def _both_modified(part: str, previous: str, heads: BodyHeads) -> bool:
    """Whether a lower-case part opens with a head noun and a modifier of its own, after a name
    that has its own modifier too: then each names a body ('cơ sở giáo dục đại học, cơ sở giáo
    dục nghề nghiệp'); after a bare head ('cơ quan, tổ chức sử dụng dịch vụ') the modifier is shared."""
    head = next((h for h in heads.modified if _starts_with_word(part, h)), None)
    if head is None or not part[len(head):].strip() or not previous[:1].islower():
        return False
    before = next((h for h in (*heads.modified, *heads.generic) if _starts_with_word(previous, h)), None)
    return before is not None and bool(previous[len(before):].strip())  # 'các cấp ủy, tổ chức đảng': no known head before


def _shared_names(text: str) -> list[str]:
    """Split 'Xây dựng, Nông nghiệp và Phát triển nông thôn' into names, known names first."""
    names: list[str] = []
    rest = text.strip(" .;")
    while rest:
        known = next((k for k in known_bodies() if rest.startswith(k) and rest[len(k):len(k) + 1] in ("", ",", " ", ";")), None)
        if known:
            names.append(known)
            rest = _AND_AT_START.sub("", rest[len(known):])
            continue
        match = _NEXT_NAME.match(rest)
        names.append(match.group(1))
        rest = rest[match.end():]
    return [n.strip(" .;") for n in names if n.strip(" .;")]


def _distribute(part: str) -> list[str]:
    """'các Sở: Tài chính, Nội vụ' → ['Sở Tài chính', 'Sở Nội vụ']."""
    match = _SHARED_HEAD.match(part)
    if not match:
        return [part]
    head = match["head"]
    head = head[0].upper() + head[1:]
    level = (match["level"] or "").strip()
    level = _LOWER_PLURAL_AT_START.sub("", level)
    names = _shared_names(match["names"])
    prefix = f"{head} {level}".strip()
    return [f"{prefix} {n.strip(' .;')}" for n in names if n.strip(" .;")]


@cache
def _level_organs() -> tuple[str, ...]:
    return tuple(sorted(_data_lines("level_organs.txt"), key=len, reverse=True))


_LEVEL_TAIL = re.compile(rf"\s+(?:{_w('level_tail')})$")
_LEVEL_START = re.compile(rf"^(?:{_PLURAL}\s+|cấp\s+|cùng\s+cấp\b)|^(?:{_w('admin_level')})\b")


def _level_tail(body: str) -> str | None:
    """The level or place a body carries after its organ ('Ủy ban nhân dân' + ' các tỉnh, thành
    phố trực thuộc trung ương'; '… tổ chức chính trị - xã hội' + ' cùng cấp'), if any."""
    bare = _PLURAL_AT_START.sub("", body)
    organ = next((o for o in _level_organs() if bare.startswith(o + " ")), None)
    if organ:
        rest = bare[len(organ):].strip()
        if _LEVEL_START.match(rest):
            return rest
    trailing = _LEVEL_TAIL.search(body)
    return trailing.group(0).strip() if trailing else None


def _share_tails(bodies: list[str]) -> list[str]:
    """A bare level organ before a body that carries a level shares that level
    (samples/README.md): 'Hội đồng nhân dân, Ủy ban nhân dân cấp tỉnh' → both 'cấp tỉnh'. A titled
    bare organ ('Chủ tịch Hội đồng nhân dân') is the organ."""
    out = [name if (name := strip_title(b)) in _level_organs() else b for b in bodies]
    for i in range(len(out) - 2, -1, -1):
        if out[i] in _level_organs():
            tail = _level_tail(strip_title(out[i + 1]))
            if tail:
                out[i] = f"{out[i]} {tail}"
    return out


_PLURAL_SHARED_HEAD = re.compile(rf"^{_PLURAL_EITHER}\s+(?P<head>{cased_pattern('role_words.tsv', 'shared_head')})\s+(?P<names>.+)$")


def _plural_shared_head(span: str) -> list[str] | None:
    """'các Sở Xây dựng, Tài nguyên và Môi trường' → 'Sở Xây dựng', 'Sở Tài nguyên và Môi trường':
    a plural head before two or more standard names (known_bodies.txt) shares the head."""
    match = _PLURAL_SHARED_HEAD.match(span)
    if not match:
        return None
    names = _shared_names(match["names"])
    if len(names) < 2 or any(n not in known_bodies() for n in names):
        return None
    head = match["head"][0].upper() + match["head"][1:]
    return [f"{head} {n}" for n in names]


def post_at(part: str) -> str | None:
    """The post a part opens with: a head's title (titles.tsv) or a council post ('Ủy viên')."""
    return next((p for p in _posts() if _starts_with_word(part, p)), None)


@cache
def _posts() -> tuple[str, ...]:
    return tuple(sorted({t for t, _ in titles()} | set(words("role_words.tsv", "member_post")), key=len, reverse=True))


@cache
def _bare_posts() -> frozenset[str]:
    """Posts that name nobody alone: titles with no stand-alone body, and council posts."""
    return frozenset({t for t, alone in titles() if not alone} | set(words("role_words.tsv", "member_post")))


def _share_post_body(tokens: list[str]) -> list[str]:
    """'Phó Chủ tịch và Ủy viên Hội đồng quản lý Quỹ' → 'Phó Chủ tịch Hội đồng quản lý Quỹ', 'Ủy
    viên Hội đồng quản lý Quỹ': posts listed before one body all hold their posts in it.

    Written out because a bare post ('Phó Chủ tịch') names nobody alone: without its body it
    would be glued to the next part, or dropped as a title."""
    out = list(tokens)
    for index in range(len(out) - 3, -1, -2):
        part = out[index].strip()
        if part not in _bare_posts():
            continue  # 'Bộ trưởng' alone stands for its bodies ('các bộ', titles.tsv), it shares nothing
        following = out[index + 2].strip()
        post = post_at(following)
        body = following[len(post):].strip() if post else ""
        if body and looks_like_body(body):
            out[index] = f"{part} {body}"
    return out


_COLLECTIVE = re.compile(rf"^(?P<names>[^;()]+,[^;()]+?)\s*\((?:{exact_alternation(words('role_words.tsv', 'alias_note'))})\s+là\s+(?P<alias>[^)]+)\)")


def _collective_alias(span: str) -> str:
    """'Công an xã, phường, đặc khu (sau đây viết gọn là Công an cấp xã), Đồn Công an': a list
    the text itself names by one alias is that alias, the name its later sentences use."""
    match = _COLLECTIVE.match(span)
    if match is None:
        return span
    alias = match["alias"].strip()
    if len(alias.split()) < 2 or not looks_like_body(alias):
        return span
    return alias + span[match.end():]


def split_bodies(span: str, share_tails: bool = True) -> list[str]:
    """Split a list of bodies into bodies, keeping generic groups and multi-word names whole.

    ``share_tails``: give a bare level organ the level of the body after it (the guide's rule for
    assignees); partners after 'phối hợp' are labelled as written, so their lists keep it off.
    """
    span = squash(span).strip(" ,;:")
    span = _collective_alias(span)
    span = _ALIAS_NOTE.sub("", span)
    if not span:
        return []
    if _SHARED_HEAD.match(span):
        return _distribute(span)
    tokens = _share_post_body(_LIST_SEPARATOR.split(span))
    bodies: list[str] = []
    for index in range(0, len(tokens), 2):
        part = tokens[index].strip()
        sep = tokens[index - 1] if index else ""
        if not part:
            continue
        joint_office = sep.strip() == "và" and bodies and _JOINT_OFFICE.match(_title_split(bodies[-1])[0])
        posts = bool(bodies) and post_at(part) is not None and post_at(bodies[-1]) is not None
        if (not bodies or posts or _starts_body(part, first=False, previous=bodies[-1])) and not joint_office:
            bodies.append(part)
        else:
            bodies[-1] = bodies[-1] + sep + part
    result: list[str] = []
    if share_tails:
        bodies = _share_tails(bodies)
    for body in bodies:
        shared = _plural_shared_head(body)
        pieces = shared if shared else _distribute(_title_split(body)[0] if _SHARED_HEAD.match(_title_split(body)[0]) else body)
        for piece in pieces:
            name, _ = _title_split(piece)
            name = _CAPITAL_PLURAL.sub(lambda m: m[0].rstrip().lower() + " ", name).strip(" ,")
            name = re.sub(r"\s*\([^)]*\)$", "", name).strip()
            name = _LEGAL_BASIS.sub("", name)  # a legal basis is not part of a name
            name = trim_predicate(name)
            if name and name.lower() not in ("các", "và") and name not in result:
                result.append(name)
    return result


def looks_like_body(text: str) -> bool:
    """Whether a phrase names a public body or group (used to accept a subject)."""
    text = text.strip()
    if not text:
        return False
    bare = _PLURAL_AT_START.sub("", text)
    heads = body_heads()
    if bare != text and bare[:1].isalpha() and not action_at(bare, 0):
        # a plural group: 'Các bệnh viện trên địa bàn', 'các chủ đầu tư' (but not 'Các hình thức …')
        return not any(_starts_with_word(bare.lower(), n) for n in _non_bodies())
    return bool(
        _ACRONYM.match(bare)
        or any(_starts_with_word(text, t) or _starts_with_word(bare, t) for t, _ in titles())
        or any(_starts_with_word(bare, h) for h in heads.capital)
        or any(_starts_with_word(bare, h) for h in heads.generic)
    )


# How a list of bodies is read: (function, text, what it returns). tests/test_rule_tables.py runs
# every line, so these are the executable form of the examples the helpers above describe.
BODY_EXAMPLES: tuple[tuple[str, str, object], ...] = (
    ("split_bodies", "các sở, ban, ngành", ["các sở, ban, ngành"]),
    ("split_bodies", "Chính phủ, Thủ tướng Chính phủ, các bộ, ngành", ["Chính phủ", "Thủ tướng Chính phủ", "các bộ, ngành"]),
    ("split_bodies", "Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("split_bodies", "Sở Xây dựng, Nông nghiệp và Phát triển nông thôn", ["Sở Xây dựng, Nông nghiệp và Phát triển nông thôn"]),
    ("split_bodies", "các Sở: Tài chính, Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
    ("split_bodies", "Giám đốc Sở Y tế", ["Sở Y tế"]),
    ("split_bodies", "Ủy ban nhân dân tỉnh, tổ chức, cá nhân", ["Ủy ban nhân dân tỉnh", "tổ chức, cá nhân"]),
    ("split_bodies", "các cơ quan, đơn vị, tổ chức, cá nhân", ["các cơ quan, đơn vị, tổ chức, cá nhân"]),
    ("split_bodies", "các bộ, cơ quan trung ương", ["các bộ, cơ quan trung ương"]),
    ("split_bodies", "các bộ, cơ quan ngang bộ", ["các bộ", "cơ quan ngang bộ"]),
    ("split_bodies", "Chánh Văn phòng UBND tỉnh; Giám đốc các Sở, ngành", ["Văn phòng UBND tỉnh", "các Sở, ngành"]),
    ("split_bodies", "Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài chính, Xây dựng",
     ["Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Xây dựng"]),
    ("split_bodies", "UBND tỉnh và các cơ quan, tổ chức liên quan", ["UBND tỉnh", "các cơ quan, tổ chức liên quan"]),
    ("split_bodies", "Sở Tài chính và người đứng đầu các cơ quan, tổ chức liên quan",
     ["Sở Tài chính", "các cơ quan, tổ chức liên quan"]),
    ("split_bodies", "Hội đồng nhân dân, đại biểu Hội đồng nhân dân", ["Hội đồng nhân dân", "đại biểu Hội đồng nhân dân"]),
    # samples/README.md, "A shared tail is distributed" / "A shared head is distributed"
    ("split_bodies", "Hội đồng nhân dân, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
     ["Hội đồng nhân dân các tỉnh, thành phố trực thuộc trung ương", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]),
    ("split_bodies", "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội cùng cấp",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp", "các tổ chức chính trị - xã hội cùng cấp"]),
    ("split_bodies", "Chủ tịch Hội đồng nhân dân, Chủ tịch Ủy ban nhân dân tỉnh Nghệ An",
     ["Hội đồng nhân dân tỉnh Nghệ An", "Ủy ban nhân dân tỉnh Nghệ An"]),
    ("split_bodies", "Hội đồng nhân dân, Ban của Hội đồng nhân dân, đại biểu Hội đồng nhân dân",
     ["Hội đồng nhân dân", "Ban của Hội đồng nhân dân", "đại biểu Hội đồng nhân dân"]),
    ("split_bodies", "các Sở Xây dựng, Tài nguyên và Môi trường", ["Sở Xây dựng", "Sở Tài nguyên và Môi trường"]),
    ("split_bodies", "Bộ trưởng Nông nghiệp và Môi trường", ["Bộ Nông nghiệp và Môi trường"]),
    ("split_bodies", "Bộ trưởng Bộ Tài chính", ["Bộ Tài chính"]),
    ("trim_predicate", "Sở Tài chính thống nhất phương án", "Sở Tài chính"),
    ("trim_predicate", "UBND các huyện khảo sát", "UBND các huyện"),
    ("trim_predicate", "Cục Pháp chế và cải cách hành chính", "Cục Pháp chế và cải cách hành chính"),
    ("trim_predicate", "Đơn vị chủ trì kiểm tra", "Đơn vị chủ trì kiểm tra"),
    ("trim_predicate", "Ban Quản lý dự án đầu tư xây dựng tỉnh", "Ban Quản lý dự án đầu tư xây dựng tỉnh"),
    ("looks_like_body", "Các bệnh viện trên địa bàn", True),
    ("looks_like_body", "các chủ đầu tư", True),
    ("looks_like_body", "Các hình thức xử lý", False),
    ("needs_defining_clause", "Cơ quan", True),
    ("needs_defining_clause", "người có thẩm quyền", True),
    ("needs_defining_clause", "các đơn vị", False),
    ("needs_defining_clause", "Sở Y tế", False),
)
