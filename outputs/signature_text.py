"""A letter's digital signatures in one line of Vietnamese, for the clerk's register and phiếu.

The XLSX register ("Chữ ký số" column) and the review DOCX show the same words, so a clerk
who sees "BỊ SỬA SAU KHI KÝ" in one finds it in the other. The issuing body's signature comes
first because it is the one that makes the letter official; repeated seals of one body in
the same minute (number, date and page fields) are one step.
"""

from __future__ import annotations

from congvan.models import Document, Signature

ROLE_LABEL = {"personal": "cá nhân", "organisation": "cơ quan ban hành", "publisher": "công bố", "receiver": "nơi nhận"}
BROKEN = "BỊ SỬA SAU KHI KÝ"


def status_text(signature: Signature) -> str:
    """nguyên vẹn / BỊ SỬA SAU KHI KÝ / not verifiable, plus the CA verdict when one was configured."""
    if signature.source == "stamp":
        return "chỉ có dấu chữ ký trên trang, chưa kiểm tra"
    status = "nguyên vẹn" if signature.intact else BROKEN if signature.intact is False else "chưa kiểm tra"
    if signature.trusted is True:
        status += ", CA tin cậy"
    elif signature.trusted is False:
        status += ", CA không tin cậy"
    return status


def _entry(signature: Signature) -> str:
    who = signature.common_name or signature.organisation or "?"
    when = f" {signature.signed_at:%d/%m/%Y %H:%M}" if signature.signed_at else ""
    return f"{who} ({ROLE_LABEL[signature.role]}){when}: {status_text(signature)}"


def signatures_summary(document: Document) -> str | None:
    """'Ủy ban nhân dân tỉnh Quảng Ngãi (cơ quan ban hành) 04/02/2025 16:42: nguyên vẹn; …' or None."""
    ordered = sorted(document.signatures, key=lambda s: s.role != "organisation")  # stable: signing order kept
    entries: list[str] = []
    for signature in ordered:
        entry = _entry(signature)
        if entry not in entries:
            entries.append(entry)
    return "; ".join(entries) or None
