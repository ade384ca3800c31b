"""The letter's fields checked against its digital signatures (readers/signatures.py).

Pure functions: (Metadata, signatures, text layer) in, the Metadata updated with warnings.
The text stays the first source; a certificate fills a field only when the text gave none,
always with a warning naming the certificate and a confidence below 1, because a certificate
says who signed, not what the letter's header says.

- Signer: the personal certificate signed *before* the issuing body e-sealed the letter
  (the signer signs, then the văn thư issues, Decree 30 Phụ lục I); a personal signature
  after it is a receiver's staff, not the signer.
- Issuer: the organisation certificate's CN is the issuing body's name; the header's issuer
  is compared with it (rapidfuzz on accent-folded text) and a disagreement is a warning.
- Issue date: the letter is numbered and dated in the step that issues it, on the day it is
  signed or at the latest the next working day (Decree 30 art. 15.1). So the organisation's
  signing day is an upper bound of the issue date, and for a born-digital letter, whose
  date the signing tool writes at that step, it is the date itself. A scan is dated on paper
  before it is scanned and e-sealed, often a day or more earlier (8 of the 11 sealed scans
  in the samples), so there the signing day is only stated as a bound, never filled in.
- A signature whose signed bytes changed (``intact`` False) is a ``signature_broken``
  warning, and one that a configured CA bundle does not vouch for is ``signature_untrusted``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from congvan.models import Signature, Warning
from congvan.extractors.options import DEFAULT_OPTIONS, MetadataConfidence
from congvan.text import compare_key, fold, squash

if TYPE_CHECKING:
    from congvan.extractors.metadata import Metadata

SAME_BODY = 85  # token-set ratio (0–100) above which two names are one body or one person
# How much each value taken from a signature is trusted: ExtractionOptions.metadata (extractors/options.py).


def _label(signature: Signature) -> str:
    when = f" at {signature.signed_at:%d/%m/%Y %H:%M}" if signature.signed_at else ""
    return f"{signature.common_name or signature.organisation or 'unknown signer'}{when}"


def _similar(a: str, b: str) -> float:
    return fuzz.token_set_ratio(fold(squash(a)), fold(squash(b)))


def _same_words(read: str, body: str) -> bool:
    """An OCR slip, not another name: as many words, each close (ỦY BAN NHÂN DẦN ~ Ủy ban nhân dân)."""
    a, b = squash(read).split(), squash(body).split()
    return len(a) == len(b) and all(fold(x) == fold(y) or fuzz.ratio(fold(x), fold(y)) >= 50 for x, y in zip(a, b))


def issuing_signature(signatures: list[Signature]) -> Signature | None:
    """The issuing body's signature: the first organisation one, a verified dictionary before a stamp."""
    for source in ("certificate", "stamp"):
        for signature in signatures:
            if signature.role == "organisation" and signature.source == source:
                return signature
    return None


def signer_signature(signatures: list[Signature]) -> Signature | None:
    """The personal signature made before the issuing one (or the first personal one if none issued)."""
    issuing = issuing_signature(signatures)
    for signature in signatures:
        if issuing is not None and signature is issuing:
            break
        if signature.role == "personal" and signature.common_name:
            return signature
    return None


def check_signatures(meta: Metadata, signatures: list[Signature], text_layer: str,
                     confidence: MetadataConfidence = DEFAULT_OPTIONS.metadata) -> None:
    """Apply every rule of the module docstring to ``meta`` in place."""
    if not signatures:
        return
    _integrity(meta, signatures)
    _signer(meta, signer_signature(signatures), text_layer, confidence)
    issuing = issuing_signature(signatures)
    if issuing is not None:
        _issuer(meta, issuing, text_layer, confidence)
        _issue_date(meta, issuing, text_layer, confidence)


def _integrity(meta: Metadata, signatures: list[Signature]) -> None:
    for signature in signatures:
        if signature.intact is False:
            meta.warnings.append(Warning(
                code="signature_broken", field="signatures",
                message=f"digital signature of {_label(signature)} is broken: the file was changed after it was "
                        "signed, or the signature is damaged; ask the sender for the original file"))
        elif signature.trusted is False:
            meta.warnings.append(Warning(
                code="signature_untrusted", field="signatures",
                message=f"digital signature of {_label(signature)} is intact but its certificate does not chain "
                        "to the configured CA bundle (CONGVAN_CA_BUNDLE)"))


def _signer(meta: Metadata, personal: Signature | None, text_layer: str, confidence: MetadataConfidence) -> None:
    if personal is None or not personal.common_name:
        return
    name, where = personal.common_name, f"the signer's personal certificate ({_label(personal)})"
    score = confidence.signer_stamp if personal.source == "stamp" else confidence.signer_certificate
    if personal.source == "stamp":
        where = f"the signature stamp text ({_label(personal)})"
    if meta.signer.name is None:
        meta.signer.name = name
        meta.confidence["signer.name"] = score
        meta.warnings.append(Warning(code="signer_from_signature", field="signer.name",
                                     message=f"signer's name {name!r} taken from {where}: none was read in the "
                                             "signature block"))
    elif compare_key(meta.signer.name) != compare_key(name):
        if text_layer == "ocr" and _similar(meta.signer.name, name) >= SAME_BODY:
            old, meta.signer.name = meta.signer.name, name
            meta.confidence["signer.name"] = score
            meta.warnings.append(Warning(code="signer_from_signature", field="signer.name",
                                         message=f"signer's name read by OCR as {old!r}, spelled as in {where}"))
        else:
            meta.warnings.append(Warning(code="signer_signature_mismatch", field="signer.name",
                                         message=f"the signature block names {meta.signer.name!r} but the letter was "
                                                 f"signed with the personal certificate of {name!r}"))


def _issuer(meta: Metadata, issuing: Signature, text_layer: str, confidence: MetadataConfidence) -> None:
    body = issuing.common_name
    if not body:
        return
    where = f"the issuing body's certificate ({_label(issuing)})"
    if meta.issuer is None:
        meta.issuer = body.upper()
        meta.confidence["issuer"] = confidence.issuer_certificate
        meta.warnings = [w for w in meta.warnings if w.code != "issuer_missing"]
        meta.warnings.append(Warning(code="issuer_from_signature", field="issuer",
                                     message=f"issuer taken from {where}: none was read in the header"))
        return
    written = [meta.issuer, " ".join(p for p in (meta.issuer_parent, meta.issuer) if p)]
    score = max(_similar(text, body) for text in written)
    if score < SAME_BODY:
        meta.warnings.append(Warning(code="issuer_signature_mismatch", field="issuer",
                                     message=f"the header names the issuer {meta.issuer!r} but the letter was issued "
                                             f"with the certificate of {body!r}"))
    elif text_layer == "ocr" and compare_key(meta.issuer) != compare_key(body) and _same_words(meta.issuer, body):
        old, meta.issuer = meta.issuer, body.upper()
        meta.confidence["issuer"] = min(meta.confidence.get("issuer", 1.0), confidence.issuer_respelled)
        meta.warnings.append(Warning(code="issuer_from_signature", field="issuer",
                                     message=f"issuer read by OCR as {old!r}, spelled as in {where}"))


def _issue_date(meta: Metadata, issuing: Signature, text_layer: str, confidence: MetadataConfidence) -> None:
    if issuing.signed_at is None:
        return
    signed = issuing.signed_at.date()  # signed_at is in +07:00: the day in Vietnam
    where = f"the issuing body's signature ({_label(issuing)})"
    if meta.issue_date is None:
        if text_layer == "born_digital" and issuing.source == "certificate":
            meta.issue_date = signed
            meta.confidence["issue_date"] = confidence.date_from_signing
            meta.warnings = [w for w in meta.warnings if w.field != "issue_date"]
            meta.warnings.append(Warning(code="issue_date_from_signature", field="issue_date",
                                         message=f"date {signed:%d/%m/%Y} taken from {where}: none was read in the "
                                                 "header, and an e-issued letter is dated when it is signed"))
        else:
            meta.warnings.append(Warning(code="issue_date_signature_bound", field="issue_date",
                                         message=f"date not read; the letter was issued with {where}, so it is dated "
                                                 f"{signed:%d/%m/%Y} or shortly before (Decree 30 art. 15)"))
    elif meta.issue_date > signed:
        meta.confidence["issue_date"] = min(meta.confidence.get("issue_date", 1.0), confidence.date_after_signing)
        meta.warnings.append(Warning(code="issue_date_after_signature", field="issue_date",
                                     message=f"the letter is dated {meta.issue_date:%d/%m/%Y} but was issued with "
                                             f"{where}; a letter is dated when it is issued, so check the date read"))
