"""Every tunable number of extraction in one validated place, instead of literals and long parameter lists.

``ExtractionOptions`` travels with a call (``pipeline.process_file`` → ``build_document`` →
``extract_tasks``): the date of receipt, how much each way of finding a task is trusted, how
long an action may be. ``Windows`` are the reach limits of the role and deadline rules
(how far after a subject its duty word may come, …). Those rules are pure cached functions
of the text, so their windows are read once from ``DEFAULT_OPTIONS`` rather than per call:
change a default here to change them everywhere, with ``make eval`` to measure it.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class _Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TaskConfidence(_Options):
    """How far a task is trusted, by how its bodies were found (Roles.how)."""

    trigger: float = Field(0.9, ge=0, le=1, description="A trigger verb names them: 'Giao Sở Y tế …'.")
    addressee: float = Field(0.85, ge=0, le=1, description="The letter's addressees: 'Đề nghị Quý Sở …'.")
    subject: float = Field(0.75, ge=0, le=1, description="The sentence's subject: 'Sở Y tế chủ trì …'.")
    heading: float = Field(0.7, ge=0, le=1, description="Inherited from a heading: '2. Sở Y tế:' then items.")
    other: float = Field(0.6, ge=0, le=1, description="Carried over from an earlier sentence (elided subject).")
    heading_sentence: float = Field(0.7, ge=0, le=1, description="A heading that is itself an instruction.")
    table_row: float = Field(0.85, ge=0, le=1, description="A row of an assignment table: its doer column names them.")
    no_deadline_penalty: float = Field(0.05, ge=0, le=1, description="Taken off when no deadline is stated.")

    def of(self, how: str) -> float:
        """The confidence for a way of finding bodies ('trigger', 'subject', …)."""
        return {"trigger": self.trigger, "addressee": self.addressee, "subject": self.subject,
                "heading": self.heading}.get(how, self.other)


class Windows(_Options):
    """How far (in characters) the role and deadline rules look; fixed per process (see module doc)."""

    defining_clause: int = Field(240, gt=0, description="A defining clause after 'Cơ quan …' before its predicate.")
    compound_word: int = Field(40, gt=0, description="Text the tagger sees to tell a compound word ('công lập').")
    heading_owner: int = Field(250, gt=0, description="Longest body list a heading may hand down.")
    list_continues: int = Field(60, gt=0, description="After ';', text checked for a new body of the same list.")
    collaborators_slack: int = Field(40, gt=0, description="Slack before a phối hợp list counts as its own phrase.")
    duty_search: int = Field(250, gt=0, description="How far after a subject its duty word ('có trách nhiệm') is sought.")
    duty_distance: int = Field(100, gt=0, description="Farthest a duty word may be from the subject's end.")
    copula_predicate: int = Field(220, gt=0, description="After 'X là …', how far the first action is sought.")
    inserted_frame: int = Field(160, gt=0, description="An inserted frame ('…, căn cứ chức năng, …') before the verb.")
    completion_lookback: int = Field(40, gt=0, description="Before 'vào ngày X', where 'hoàn thành/gửi' makes X a deadline.")
    period_lookahead: int = Field(80, gt=0, description="After 'định kỳ', how far 'hằng tháng/quý' is sought.")
    period_word_lookahead: int = Field(40, gt=0, description="… and, failing that, a bare 'tháng/quý/năm'.")


class MetadataConfidence(_Options):
    """How much to trust a letter field by where it came from, when not from the text layer."""

    signature_field_text: float = Field(0.95, ge=0, le=1, description="Number or day drawn in a PDF signature field.")
    signature_field_ocr: float = Field(0.8, ge=0, le=1, description="… read by OCR from the signature field's image.")
    handwriting: float = Field(0.6, ge=0, le=1, description="Number or day handwritten on a scan (the digit vote).")
    signer_certificate: float = Field(0.9, ge=0, le=1, description="Signer's name from the personal certificate's CN.")
    signer_stamp: float = Field(0.8, ge=0, le=1, description="Signer's name from the visible stamp text.")
    issuer_certificate: float = Field(0.8, ge=0, le=1, description="Issuer from the organisation certificate "
                                      "(the header may name the body differently).")
    issuer_respelled: float = Field(0.9, ge=0, le=1, description="An OCR'd issuer respelled as in the certificate.")
    date_from_signing: float = Field(0.7, ge=0, le=1, description="Issue date = the organisation's signing day "
                                     "(born-digital letters only).")
    date_after_signing: float = Field(0.5, ge=0, le=1, description="Cap when the date read is after the signing day.")


class ExtractionOptions(_Options):
    """Options of one extraction call; every field has the default congvan is measured with."""

    received_at: dt.date | None = Field(None, description="Date of receipt; relative deadlines count from it "
                                        "(process_file falls back to the file's mtime).")
    confidence: TaskConfidence = Field(default_factory=TaskConfidence)
    action_max_chars: int = Field(220, gt=0, description="Longer action phrases are cut at a word and end in '…'.")
    elided_subject_reach: int = Field(3, ge=0, description="Units after a task whose subject-less imperative continues it.")
    windows: Windows = Field(default_factory=Windows)
    metadata: MetadataConfidence = Field(default_factory=MetadataConfidence)


DEFAULT_OPTIONS = ExtractionOptions()
WINDOWS = DEFAULT_OPTIONS.windows
