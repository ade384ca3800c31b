"""The JSON contract downstream trackers consume.

These Pydantic models *are* the published interface: field names never change within a
major ``schema_version``. Each field's description carries the matching edXML / Decree
30/2020 Phụ lục VI element name in brackets so integrators can map it mechanically.
``models/document.schema.json`` is generated from this module (``congvan schema``) and a
test fails when the checked-in file is stale.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3.0"

Format = Literal["pdf", "docx", "txt"]
TextLayer = Literal["born_digital", "ocr", "none"]
Urgency = Literal["Hỏa tốc", "Thượng khẩn", "Khẩn"]
DeadlineKind = Literal["absolute", "relative", "recurring", "urgent", "ongoing", "event", "none"]
Anchor = Literal["receipt", "signing", "event"]
SignatureRole = Literal["personal", "organisation", "publisher", "receiver"]
SignatureSource = Literal["certificate", "stamp"]
TaskStatus = Literal["chưa thực hiện", "đang thực hiện", "hoàn thành đúng hạn", "hoàn thành quá hạn", "hủy"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Source(_Model):
    """Where the letter came from and how its text was obtained."""

    path: str = Field(description="Path of the file as received (informational; the id does not depend on it).")
    sha256: str = Field(description="SHA-256 of the file's bytes: the identity of the letter.")
    format: Format = Field(description="Input format.")
    pages: int = Field(ge=0, description="Number of pages (1 for DOCX/TXT, which have no fixed pages).")
    received_at: dt.date = Field(description="Date the office received the letter [ReceivedDate].")
    text_layer: TextLayer = Field(
        description="born_digital: text read from the file; ocr: text recognised from page images; "
        "none: no usable text (e.g. a scan whose only text is the signature stamp)."
    )


class Signer(_Model):
    """The signature block [SignerInfo]."""

    name: str | None = Field(default=None, description="Full name of the signer [SignerInfo/FullName].")
    title: str | None = Field(default=None, description="Position of the signer, e.g. PHÓ CHỦ TỊCH [SignerInfo/Position].")
    authority: list[str] = Field(
        default_factory=list,
        description="Signing-authority chain as written, outermost first, e.g. ['TL. CHỦ TỊCH', "
        "'KT. CHÁNH VĂN PHÒNG'] (TM./KT./TL./Q./TUQ.) [SignerInfo/Competence].",
    )


class Signature(_Model):
    """One digital signature on the file (PDF signature dictionary), or its visible stamp text.

    Vietnamese e-issued letters carry several: the signer's personal certificate, the issuing
    body's (the văn thư's e-seal, Decree 30 art. 15 and Phụ lục I), then a publishing centre's
    or a receiver's. ``intact`` and ``trusted`` are separate questions: the bytes may be unchanged
    since signing (intact) while nobody here vouches for the certificate (trusted). (Added in 1.2.0.)
    """

    role: SignatureRole = Field(
        description="Whose signature, guessed from the certificate and the signing order: personal (a person's "
        "name), organisation (the issuing body's e-seal), publisher (a công báo / portal centre re-signing to "
        "publish), receiver (another body signing after the issuer, e.g. on receipt).",
    )
    common_name: str | None = Field(default=None, description="Certificate subject CN as written (NFC), e.g. "
                                    "'Ủy ban nhân dân tỉnh Quảng Ngãi' or a person's full name.")
    organisation: str | None = Field(default=None, description="Certificate subject O as written (NFC), e.g. "
                                     "'Tỉnh Quảng Ngãi'.")
    certificate_issuer: str | None = Field(default=None, description="CN of the certification authority that "
                                           "issued the certificate, e.g. 'CA phục vụ các cơ quan Nhà nước G2'.")
    signed_at: dt.datetime | None = Field(default=None, description="Signing time, timezone-aware, in +07:00 "
                                          "(Vietnam): the signature dictionary's time (/M, what the visible "
                                          "stamp shows), else an embedded timestamp token's, else the CMS "
                                          "signing-time attribute.")
    intact: bool | None = Field(default=None, description="True when the signed byte range still has the digest "
                                "the signature covers and the signature value verifies with the certificate's key; "
                                "False when the file was changed inside the signed range (or the signature is "
                                "broken); null for a stamp read from text only.")
    trusted: bool | None = Field(default=None, description="True only when the certificate chain validates against "
                                 "the CA bundle configured with CONGVAN_CA_BUNDLE (no network, no revocation "
                                 "fetching); False when it does not; null when no bundle is configured.")
    source: SignatureSource = Field(default="certificate", description="certificate: read from the PDF "
                                    "signature dictionary; stamp: only the visible 'Ký bởi … Thời gian ký …' text "
                                    "was found (a re-saved copy), so nothing was verified.")
    field_name: str | None = Field(default=None, description="Name of the PDF signature field, e.g. Signature1.")


class Reference(_Model):
    """A document cited in the letter (Căn cứ, Thực hiện, Theo đề nghị tại ...)."""

    doc_number: str | None = Field(default=None, description="Số, ký hiệu of the cited document [CodeNumber/CodeNotation].")
    doc_type: str | None = Field(default=None, description="Tên loại of the cited document, e.g. Công điện.")
    issue_date: dt.date | None = Field(default=None, description="Date of the cited document [IssuedDate].")
    issuer: str | None = Field(default=None, description="Issuing body of the cited document as written [OrganName].")


class Deadline(_Model):
    """When a task is due: the phrase as written and its normalised value [DueDate]."""

    text: str | None = Field(default=None, description="The deadline phrase verbatim, e.g. 'trước ngày 30/6/2023'.")
    kind: DeadlineKind = Field(default="none", description="How the deadline is expressed.")
    date: dt.date | dt.datetime | None = Field(
        default=None,
        description="Due date (datetime when a clock time is given); for recurring deadlines the next "
        "occurrence after the letter date [DueDate].",
    )
    duration: str | None = Field(default=None, description="ISO 8601 duration for relative deadlines, e.g. P5D.")
    working_days: bool = Field(default=False, description="True when the duration counts working days (ngày làm việc).")
    anchor: Anchor | None = Field(default=None, description="What a relative deadline counts from.")
    rrule: str | None = Field(default=None, description="RFC 5545 recurrence rule for recurring deadlines.")


class Evidence(_Model):
    """The sentence a task was extracted from."""

    page: int = Field(ge=1, description="1-based page number.")
    text: str = Field(description="The sentence or list item, whitespace-normalised.")
    start: int = Field(ge=0, description="Start character offset in the page's text.")
    end: int = Field(ge=0, description="End character offset (exclusive) in the page's text.")


class Task(_Model):
    """One instruction: who must do what, by when [Decree 30 art. 23.2: chủ trì, phối hợp, thời hạn]."""

    id: str = Field(description="Stable id: document id and ordinal, e.g. 3f2a…-t01.")
    assignees: list[str] = Field(default_factory=list, description="Bodies that must act, as written (lead included, collaborators not).")
    lead: str | None = Field(default=None, description="The chủ trì body (also listed in assignees).")
    collaborators: list[str] = Field(default_factory=list, description="The phối hợp bodies.")
    action: str | None = Field(default=None, description="What must be done (main verb phrase).")
    deliverable: str | None = Field(default=None, description="The product expected (báo cáo, kế hoạch, dự thảo …).")
    report_to: str | None = Field(default=None, description="Body to report to (báo cáo …).")
    deadline: Deadline = Field(default_factory=Deadline, description="Due date [DueDate].")
    evidence: Evidence | None = Field(default=None, description="Where in the letter the task is stated.")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0, description="Extractor confidence in this task.")
    status: TaskStatus = Field(default="chưa thực hiện", description="Tracking status; set by trackers and reviewers.")
    rules: list[str] = Field(
        default_factory=list,
        description="Names of the extraction rules that produced this task, the one that found its bodies first "
        "(e.g. 'roles.trigger', 'roles.lead.chu_tri', 'deadline.absolute.date'); see docs/ARCHITECTURE.md. "
        "Empty for tasks added by hand. (Added in 1.2.0.)",
    )


class Warning(_Model):  # noqa: A001 - name is part of the contract
    """Something that could not be read, and why."""

    code: str = Field(description="Machine-readable code, e.g. number_blank, needs_ocr.")
    message: str = Field(description="Human-readable explanation in English.")
    field: str | None = Field(default=None, description="Contract field concerned, if any.")


class Document(_Model):
    """One incoming letter (văn bản đến) with everything congvan extracted from it."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this contract (semver).")
    id: str = Field(description="Stable id derived from the file's SHA-256 (first 16 hex digits).")
    source: Source
    doc_number: str | None = Field(default=None, description="Số, ký hiệu, e.g. 3308/UBND-TH [CodeNumber/CodeNotation].")
    doc_type: str | None = Field(default=None, description="Tên loại văn bản, e.g. Công văn, Quyết định [DocumentType].")
    issuer: str | None = Field(
        default=None,
        description="Issuing body in the register's sentence case (Decree 30/2020 Phụ lục II), e.g. 'Ủy ban nhân dân "
        "tỉnh Quảng Ngãi' for a header written 'ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI'; a header already in mixed case "
        "is kept as written. A reviewer's correction changes this field [OrganName]. (Sentence case since 1.3.0; "
        "1.2.0 held the header's form here.)",
    )
    issuer_as_written: str | None = Field(
        default=None,
        description="The issuing body exactly as the header writes it (usually capitals), e.g. 'ỦY BAN NHÂN DÂN TỈNH "
        "QUẢNG NGÃI'; null in documents written before 1.3.0. (Added in 1.3.0.)",
    )
    issuer_parent: str | None = Field(
        default=None,
        description="Body directly above the issuer in the header, in the register's sentence case like issuer "
        "[OrganInCharge]. (Sentence case since 1.3.0.)",
    )
    issuer_parent_as_written: str | None = Field(
        default=None,
        description="The parent body exactly as the header writes it; null in documents written before 1.3.0. "
        "(Added in 1.3.0.)",
    )
    place: str | None = Field(default=None, description="Place of issue (địa danh) [Place].")
    issue_date: dt.date | None = Field(default=None, description="Date of issue [IssuedDate].")
    subject: str | None = Field(default=None, description="Trích yếu: the V/v line or the title's subject [Subject].")
    urgency: Urgency | None = Field(default=None, description="Độ khẩn [Priority].")
    signer: Signer = Field(default_factory=Signer, description="Signature block [SignerInfo].")
    addressees: list[str] = Field(default_factory=list, description="Kính gửi recipients [ToPlaces].")
    cc: list[str] = Field(default_factory=list, description="Nơi nhận entries as written [ToPlaces].")
    references: list[Reference] = Field(default_factory=list, description="Documents cited in the letter [ResponseFor].")
    tasks: list[Task] = Field(default_factory=list, description="Instructions extracted from the body [SteeringType/DueDate].")
    signatures: list[Signature] = Field(
        default_factory=list,
        description="Digital signatures on the file in signing order (PDF only; empty for DOCX/TXT and unsigned "
        "PDFs) [Signature]. (Added in 1.2.0.)",
    )
    warnings: list[Warning] = Field(default_factory=list, description="What could not be read, and why.")
    confidence: dict[str, float] = Field(
        default_factory=dict,
        description="Per-field confidence (0–1) for values that are not plain text, e.g. a number read from "
        "handwriting or a signature field; fields not listed were read from the text layer. (Added in 1.1.0.)",
    )


def document_id(sha256: str) -> str:
    """A document's id: short enough for file names, long enough never to collide in one register."""
    return sha256[:16]
