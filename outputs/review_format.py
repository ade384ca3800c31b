"""The review file format shared by the exporter and the reader: fields, keys, identity.

A review DOCX holds one Word content control (``w:sdt``) per editable value. Each control
is keyed three ways, because the file may come back from Word, from python-docx or from
LibreOffice, and LibreOffice 7.4 drops every content-control tag on save:

- ``w:tag``   ``congvan:<slot>.<field>`` (Word and python-docx keep it);
- ``w:alias`` ``<Vietnamese label> [<slot>.<field>]`` (LibreOffice keeps it for text controls);
- a hidden bookmark ``_cv_<slot>_<field>`` inside the control (LibreOffice keeps it for
  check boxes, whose alias it drops).

``slot`` is ``doc`` for the letter's metadata, the task id without its document prefix
(``t01``, ``r5e0c9a1b``) for a task, and ``n1``, ``n2``… for the blank rows a reviewer fills
to add a task. Values are never located by table position.

The document id, the fingerprint of the extraction the file was made from and a snapshot of
that extraction live outside the visible text, in custom document properties and in a custom
XML part (both survive a LibreOffice re-save), so a reviewer cannot break them by editing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Literal, get_args

from congvan.models import Document, Task
from congvan.models.document import TaskStatus, Urgency
from congvan.outputs.format_limits import xml_text

STATUSES: tuple[str, ...] = get_args(TaskStatus)  # in the contract's order
URGENCIES: tuple[str, ...] = get_args(Urgency)

FORMAT_VERSION = "1"
GENERATOR = "congvan"  # core property lastModifiedBy at export: "nobody has saved it since"
TAG_PREFIX = "congvan:"
READONLY_TAG_PREFIX = "congvan-ro:"
BOOKMARK_PREFIX = "_cv_"  # a leading underscore hides the bookmark in Word's Bookmark dialog
XML_NAMESPACE = "urn:congvan:review:1"
PROP_DOCUMENT_ID = "congvan.document_id"
PROP_FINGERPRINT = "congvan.fingerprint"
PROP_FORMAT = "congvan.review_format"
PROP_BLANK_ROWS = "congvan.blank_rows"

DOC_SLOT = "doc"
NEW_SLOT = re.compile(r"^n[1-9][0-9]?$")
KEY = re.compile(r"^(?P<slot>[a-z0-9]{1,24})\.(?P<field>[a-z_]{2,24})$")
ALIAS_KEY = re.compile(r"\[(?P<key>[a-z0-9]{1,24}\.[a-z_]{2,24})\]\s*$")

Kind = Literal["text", "list", "lines", "date", "datetime", "urgency", "status", "check", "page"]


@dataclass(frozen=True)
class FieldSpec:
    """One editable value: its key part, what a reviewer sees, and how its text is parsed."""

    name: str
    label: str
    kind: Kind


DOC_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("doc_number", "Số, ký hiệu", "text"),
    FieldSpec("doc_type", "Tên loại văn bản", "text"),
    FieldSpec("issue_date", "Ngày ban hành", "date"),
    FieldSpec("place", "Địa danh", "text"),
    FieldSpec("issuer", "Cơ quan ban hành", "text"),
    FieldSpec("issuer_parent", "Cơ quan chủ quản", "text"),
    FieldSpec("subject", "Trích yếu", "text"),
    FieldSpec("urgency", "Độ khẩn", "urgency"),
    FieldSpec("signer_name", "Người ký", "text"),
    FieldSpec("signer_title", "Chức vụ người ký", "text"),
    FieldSpec("signer_authority", "Thẩm quyền ký (TM., KT., TL.…)", "list"),
    FieldSpec("addressees", "Kính gửi", "list"),
    FieldSpec("cc", "Nơi nhận", "lines"),
    FieldSpec("references", "Văn bản viện dẫn (số, ký hiệu)", "list"),
    FieldSpec("reviewed", "Đã rà soát xong", "check"),
)
TASK_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("action", "Nhiệm vụ", "text"),
    FieldSpec("assignees", "Đơn vị thực hiện", "list"),
    FieldSpec("lead", "Chủ trì", "text"),
    FieldSpec("collaborators", "Phối hợp", "list"),
    FieldSpec("deliverable", "Sản phẩm", "text"),
    FieldSpec("report_to", "Báo cáo về", "text"),
    FieldSpec("due_date", "Thời hạn", "datetime"),
    FieldSpec("deadline_text", "Cụm từ thời hạn", "text"),
    FieldSpec("status", "Trạng thái", "status"),
    FieldSpec("delete", "Xóa", "check"),
)
NEW_TASK_FIELDS: tuple[FieldSpec, ...] = (
    *TASK_FIELDS,
    FieldSpec("evidence", "Câu gốc", "text"),
    FieldSpec("page", "Trang", "page"),
)
READONLY_FIELDS = frozenset({"evidence"})  # shown on existing tasks, never read back

DOC_SPECS = {f.name: f for f in DOC_FIELDS}
TASK_SPECS = {f.name: f for f in TASK_FIELDS}
NEW_TASK_SPECS = {f.name: f for f in NEW_TASK_FIELDS}


def contract_field(name: str) -> str:
    """The contract's name for a metadata field of the review file (``signer_name`` → ``signer.name``)."""
    return name.replace("signer_", "signer.", 1) if name.startswith("signer_") else name


def make_key(slot: str, field: str) -> str:
    return f"{slot}.{field}"


def split_key(key: str) -> tuple[str, str] | None:
    match = KEY.match(key)
    return (match["slot"], match["field"]) if match else None


def tag_for(key: str, readonly: bool = False) -> str:
    return (READONLY_TAG_PREFIX if readonly else TAG_PREFIX) + key


def alias_for(key: str, label: str) -> str:
    return f"{label} [{key}]"


def bookmark_for(key: str) -> str:
    """Bookmark names allow letters, digits and '_' only, 40 characters at most."""
    return (BOOKMARK_PREFIX + key.replace(".", "_"))[:40]


def key_from_tag(tag: str | None) -> tuple[str, bool] | None:
    """(key, read-only) from a ``w:tag`` value, or None for a control we did not make."""
    if not tag:
        return None
    if tag.startswith(READONLY_TAG_PREFIX):
        return tag[len(READONLY_TAG_PREFIX):], True
    if tag.startswith(TAG_PREFIX):
        return tag[len(TAG_PREFIX):], False
    return None


def key_from_alias(alias: str | None) -> str | None:
    match = ALIAS_KEY.search(alias or "")
    return match["key"] if match else None


def key_from_bookmark(name: str | None) -> str | None:
    """``_cv_t01_due_date`` → ``t01.due_date``: the slot never contains '_', the field may."""
    if not name or not name.startswith(BOOKMARK_PREFIX):
        return None
    slot, _, field = name[len(BOOKMARK_PREFIX):].partition("_")
    key = make_key(slot, field)
    return key if KEY.match(key) else None


def task_slot(document_id: str, task_id: str) -> str:
    """A task's slot: its id without the document prefix, or a hash when the id has another shape."""
    prefix = f"{document_id}-"
    if task_id.startswith(prefix) and re.fullmatch(r"[a-z0-9]{1,24}", task_id[len(prefix):]):
        return task_id[len(prefix):]
    return "k" + hashlib.sha256(task_id.encode()).hexdigest()[:10]


def new_task_id(document_id: str, fingerprint: str, slot: str) -> str:
    """The id of a task a reviewer adds in blank row ``slot`` of a file made from ``fingerprint``.

    Derived, not allocated, so applying the same file twice yields the same id (and so no
    second task), while blank row n1 of a file made from another extraction gets another id.
    """
    digest = hashlib.sha256(f"{fingerprint}:{slot}".encode()).hexdigest()[:8]
    return f"{document_id}-r{digest}"


def fingerprint(document: Document) -> str:
    """Identity of one extraction state: any change to the stored Document changes it."""
    canonical = json.dumps(document.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- rendering
def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def doc_values(document: Document) -> dict[str, str | bool]:
    """What the review file shows for the letter's metadata, field by field.

    Texts are as XML can carry them (``format_limits.xml_text``): the writer shows exactly
    these and the reader compares against them, so a control character the file could not
    hold does not read back as a reviewer's edit.
    """
    return _shown({
        "doc_number": document.doc_number or "",
        "doc_type": document.doc_type or "",
        "issue_date": format_date(document.issue_date),
        "place": document.place or "",
        "issuer": document.issuer or "",
        "issuer_parent": document.issuer_parent or "",
        "subject": document.subject or "",
        "urgency": document.urgency or "",
        "signer_name": document.signer.name or "",
        "signer_title": document.signer.title or "",
        "signer_authority": "; ".join(document.signer.authority),
        "addressees": "; ".join(document.addressees),
        "cc": " | ".join(document.cc),  # entries may contain ";"
        "references": "; ".join(r.doc_number for r in document.references if r.doc_number),
        "reviewed": False,
    })


def task_values(task: Task) -> dict[str, str | bool]:
    """What the review file shows for one task, field by field (XML-safe, as ``doc_values``)."""
    return _shown({
        "action": task.action or "",
        "assignees": "; ".join(task.assignees),
        "lead": task.lead or "",
        "collaborators": "; ".join(task.collaborators),
        "deliverable": task.deliverable or "",
        "report_to": task.report_to or "",
        "due_date": format_date(task.deadline.date),
        "deadline_text": task.deadline.text or "",
        "status": task.status,
        "delete": False,
    })


def _shown(values: dict[str, str | bool]) -> dict[str, str | bool]:
    return {key: xml_text(value) if isinstance(value, str) else value for key, value in values.items()}


def expected_keys(document: Document) -> set[str]:
    """Every key a review file made from ``document`` must contain (blank rows excluded)."""
    keys = {make_key(DOC_SLOT, f.name) for f in DOC_FIELDS}
    for task in document.tasks:
        slot = task_slot(document.id, task.id)
        keys.update(make_key(slot, f.name) for f in TASK_FIELDS)
    return keys
