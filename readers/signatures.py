"""The digital signatures of a PDF, read offline with pyHanko, and the visible stamp text.

An e-issued Vietnamese letter is signed in steps (Decree 30/2020 art. 15 and Phụ lục I): the
signer with a personal certificate (when the letter is born digital), then the văn thư with the
issuing body's certificate, which numbers and dates it; later a publishing centre (Trung tâm
Công báo, a portal) or a receiver may sign again. Each step is one PDF signature dictionary, in
the order of the file's revisions. We report every one with whose it looks (``role``), the
certificate's CN and O exactly as written, the signing time in +07:00, whether the signed bytes
are unchanged (``intact``) and, only when an office configured a CA bundle, whether the chain
is trusted. Nothing is fetched: no revocation lookups, no AIA downloads.

Roles come from the certificate, not from the letter's text, so the extractor can compare
the two (extractors/signatures.py):

- ``personal``: the subject UID is a personal id (CMND/CCCD/passport), or the CN is a person's
  name: 2–5 words, starting with a Vietnamese family name, with no organisation or place word.
- ``publisher``: not personal, and the CN names a publishing body (công báo, cổng thông tin).
- ``organisation``: the first other signature in signing order, and every later one made with
  the same certificate (the văn thư e-seals the number, the date and each page with one key).
- ``receiver``: any other signature after it: a different body signing a copy it received.

The word lists are data (congvan/data/signatures.toml). The issuer is the first non-personal,
non-publisher signer because it is the step that makes the letter official; anything a second
body signs afterwards cannot be the issuer's act. A file whose signatures pyHanko cannot parse
(broken, hostile) yields no signatures and a warning, never an exception.

The stamp a signing tool draws into a scan's text layer ("Ký bởi: … Cơ quan: … Thời gian ký:
11/09/2024 19:14:21 +07:00") is parsed too (:func:`stamp_signatures`). It duplicates a
certificate signature in an intact file; it is reported (``source="stamp"``, nothing verified)
only when no certificate signature has its time, as in a copy re-saved without its signatures.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import logging
import mmap
import os
import re
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from congvan.lexicon import signature_words
from congvan.models import Signature, Warning
from congvan.text import compare_key, nfc, squash

VN_TZ = dt.timezone(dt.timedelta(hours=7))
CA_BUNDLE_ENV = "CONGVAN_CA_BUNDLE"
SIGNATURE_SECONDS = 30.0  # a letter's handful of signatures takes well under a second
_SAME_TIME = dt.timedelta(seconds=120)  # a stamp and a dictionary of one signing step

# pyHanko logs every odd dictionary it skips; the warning we return says it once, in words.
logging.getLogger("pyhanko").setLevel(logging.ERROR)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)


def in_vietnam(moment: dt.datetime) -> dt.datetime:
    """An aware datetime in +07:00; a naive one is taken to be Vietnam's wall clock already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


# --- whose certificate ------------------------------------------------------------------------

def _has_phrase(upper: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", upper) for p in phrases)


def looks_personal(common_name: str | None, uid: list[str] | None = None) -> bool:
    """Whether a certificate subject is a person: a personal id in the UID, or a person's name as CN."""
    words = signature_words()
    ids = [nfc(u).upper() for u in uid or []]
    if any(i.split(":")[0].strip() in words["personal_ids"] for i in ids):
        return True
    if any(i.split(":")[0].strip() in words["organisation_ids"] for i in ids):
        return False
    if not common_name:
        return False
    name = squash(common_name)
    parts = name.split()
    if not 2 <= len(parts) <= 5 or not all(p.isalpha() for p in parts):
        return False
    upper = name.upper()
    return parts[0].upper() in words["surnames"] and not _has_phrase(upper, words["organisation_words"])


def looks_publisher(common_name: str | None) -> bool:
    """Whether a CN names a body that re-signs letters to publish them (công báo, portal)."""
    return bool(common_name) and _has_phrase(squash(common_name or "").upper(), signature_words()["publisher_words"])


def assign_roles(signatures: list[Signature], keys: list[str | None] | None = None) -> list[Signature]:
    """Set each signature's role from its certificate and the signing order (module docstring).

    ``keys`` identify the certificate of each signature (issuer and serial): a body that
    e-seals several fields with one key stays one organisation, and so does one whose CN and O
    are the same under a renewed key.
    """
    keys = keys or [None] * len(signatures)
    issuer: tuple[str | None, str] | None = None
    out = []
    for signature, key in zip(signatures, keys):
        name = compare_key(signature.common_name) + "|" + compare_key(signature.organisation)
        if signature.role == "personal":  # decided from the certificate (UID or name) when read
            role = "personal"
        elif looks_publisher(signature.common_name):
            role = "publisher"
        elif issuer is None:
            issuer, role = (key, name), "organisation"
        else:
            same = (key is not None and key == issuer[0]) or name == issuer[1]
            role = "organisation" if same else "receiver"
        out.append(signature.model_copy(update={"role": role}))
    return out


# --- reading the dictionaries -----------------------------------------------------------------

def _first(value: object) -> str | None:
    """One NFC string from an X.509 name attribute (which may repeat)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return nfc(str(value)).strip() or None if value is not None else None


def _uids(subject: dict[str, Any]) -> list[str]:
    value = subject.get("user_id") or []
    return [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run pyHanko's validation coroutine, also from a thread that already has an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def load_ca_bundle(path: Path | None) -> tuple[list[Any] | None, list[Warning]]:
    """The trust roots an office configured (PEM or DER file), or None when there are none."""
    if path is None:
        env = os.environ.get(CA_BUNDLE_ENV, "").strip()
        path = Path(env) if env else None
    if path is None:
        return None, []
    from pyhanko.keys import load_certs_from_pemder

    try:
        roots = list(load_certs_from_pemder([str(path)]))
    except Exception as exc:  # noqa: BLE001 - any unreadable bundle means "not configured", said once
        return None, [Warning(code="ca_bundle_unreadable", message=f"CA bundle {path} could not be read "
                              f"({type(exc).__name__}); signatures are not checked for trust")]
    return roots, []


def _signed_at(embedded: Any, status: Any) -> dt.datetime | None:
    """The signing time: the dictionary's /M, else a timestamp authority's token, else the CMS attribute.

    /M is the time the visible stamp shows the clerk ("Thời gian ký"), it carries its +07'00'
    offset and lies inside the signed byte range. The CMS signingTime comes last because
    Vietnamese signing tools write local time into it labelled UTC (08:15:32Z for a stamp
    reading 08:15:24 +07:00 in the samples). An embedded timestamp token differed from /M by
    seconds to 18 minutes in the samples (the signing computer's clock), never by a day.
    """
    from pyhanko.pdf_utils import generic

    try:
        raw = embedded.sig_object.get("/M")
        if raw is not None:
            return in_vietnam(generic.parse_pdf_date(raw, strict=False))
    except Exception:  # noqa: BLE001 - a malformed /M falls back to the other times
        pass
    token = getattr(status, "timestamp_validity", None) if status is not None else None
    if token is not None and getattr(token, "timestamp", None) is not None:
        return in_vietnam(token.timestamp)
    reported = getattr(status, "signer_reported_dt", None) if status is not None else None
    if reported is None:
        try:
            reported = embedded.self_reported_timestamp
        except Exception:  # noqa: BLE001
            reported = None
    return in_vietnam(reported) if reported is not None else None


def _validate(embedded: Any, roots: list[Any] | None, moment: dt.datetime | None) -> Any:
    """pyHanko's integrity and (with roots) trust check, with every network path closed.

    Without roots the context trusts nothing, so only the byte-range digest and the signature
    value are checked. With roots the chain is checked as of the reported signing time, so a
    letter signed while its certificate was valid stays trusted after the certificate expires;
    revocation is soft-fail because nothing may be fetched.
    """
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=list(roots or []), allow_fetching=False, revocation_mode="soft-fail",
                                moment=moment.astimezone(dt.timezone.utc) if moment and roots else None)
    return _run(async_validate_pdf_signature(embedded, signer_validation_context=context, skip_diff=True))


def _one(embedded: Any, roots: list[Any] | None) -> tuple[Signature, str | None]:
    """One signature dictionary as a Signature (role provisional) and its certificate's key."""
    cert = embedded.signer_cert
    subject = cert.subject.native
    issuer = cert.issuer.native
    moment = _signed_at(embedded, None)
    status = _validate(embedded, roots, moment)
    moment = moment or _signed_at(embedded, status)
    cn = _first(subject.get("common_name"))
    return Signature(
        role="personal" if looks_personal(cn, _uids(subject)) else "organisation",
        common_name=cn,
        organisation=_first(subject.get("organization_name")),
        certificate_issuer=_first(issuer.get("common_name")),
        signed_at=moment,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted) if roots is not None else None,
        field_name=nfc(str(embedded.field_name)) if embedded.field_name else None,
    ), f"{cert.issuer.sha256.hex()}:{cert.serial_number}"


def _has_signature_dictionary(path: Path) -> bool:
    """A cheap look for /ByteRange, so unsigned PDFs never import or run pyHanko."""
    with path.open("rb") as fh:
        try:
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return data.find(b"/ByteRange") >= 0
        except ValueError:  # empty file
            return False


def read_signatures(path: Path, ca_bundle: Path | None = None) -> tuple[list[Signature], list[Warning]]:
    """Every signature of a PDF in signing order, with warnings; never raises for a bad file."""
    if not _has_signature_dictionary(path):
        return [], []
    roots, warnings = load_ca_bundle(ca_bundle)
    from congvan.readers import budget

    try:
        with budget.page_limit(SIGNATURE_SECONDS, "the digital signatures"), path.open("rb") as fh:
            from pyhanko.pdf_utils.reader import PdfFileReader
            from pyhanko.sign.fields import enumerate_sig_fields
            from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

            reader = PdfFileReader(fh, strict=False)
            found: list[tuple[int, Signature, str | None]] = []
            for name, _value, field_ref in enumerate_sig_fields(reader, filled_status=True):
                try:
                    embedded = EmbeddedPdfSignature(reader, field_ref, name)
                    if embedded.sig_object_type == "/DocTimeStamp":
                        continue  # a timestamp authority dating the file (PAdES-LTA), not a signer
                    signature, key = _one(embedded, roots)
                    found.append((embedded.signed_revision, signature, key))
                except Exception as exc:  # noqa: BLE001 - one unreadable dictionary must not hide the others
                    warnings.append(Warning(
                        code="signature_unreadable", field="signatures",
                        message=f"digital signature {nfc(str(name))!r} is damaged and could not be checked "
                                f"({type(exc).__name__}): treat the letter as not signed and ask the sender for "
                                "the original file"))
    except Exception as exc:  # noqa: BLE001 - pyHanko on a hostile file: no signatures, one warning
        return [], [*warnings, Warning(
            code="signatures_unreadable", field="signatures",
            message=f"the file's digital signatures could not be read ({type(exc).__name__}); none are reported")]
    found.sort(key=lambda item: item[0])
    signatures = assign_roles([s for _, s, _ in found], [k for _, _, k in found])
    return signatures, warnings


# --- the visible stamp ------------------------------------------------------------------------

_STAMP = re.compile(
    r"(?:Ký\s+bởi\s*:\s*(?P<who>[^:\n]+(?:\n[^:\n]+)?)\s*)?"
    r"(?:Cơ\s+quan\s*:\s*(?P<org>[^:\n]+(?:\n[^:\n]+)?)\s*)?"
    r"(?:(?:Chức\s+vụ|E-?mail)\s*:\s*[^\n]*\n\s*)*"
    r"Thời\s+gian\s+ký\s*:\s*(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})\s+"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*(?P<tz>[+-]\d{2}):?(?P<tzm>\d{2}))?",
    re.IGNORECASE,
)


def stamp_signatures(text: str) -> list[Signature]:
    """Signatures as the signing tool's stamp text states them (no verification possible)."""
    if "thời gian ký" not in text.lower():
        return []
    found = []
    for match in _STAMP.finditer(nfc(text)):
        try:
            moment = dt.datetime(int(match["y"]), int(match["m"]), int(match["d"]),
                                 int(match["H"]), int(match["M"]), int(match["S"] or 0))
        except ValueError:
            continue
        if match["tz"]:
            sign = -1 if match["tz"].startswith("-") else 1
            offset = dt.timedelta(hours=int(match["tz"][1:]), minutes=int(match["tzm"] or 0)) * sign
            moment = moment.replace(tzinfo=dt.timezone(offset))
        who = squash(match["who"]) if match["who"] else None
        org = squash(match["org"]) if match["org"] else None
        found.append(Signature(
            role="personal" if looks_personal(who) else "organisation",
            common_name=who, organisation=org, signed_at=in_vietnam(moment), source="stamp"))
    return found


def merge_stamps(signatures: list[Signature], stamps: list[Signature]) -> list[Signature]:
    """Certificate signatures, plus the stamps that match none of them by time (re-saved copies)."""
    times = [s.signed_at for s in signatures if s.signed_at is not None]
    extra = [st for st in stamps if st.signed_at is None
             or not any(abs(st.signed_at - t) <= _SAME_TIME for t in times)]
    if not extra:
        return signatures
    unique: list[Signature] = []
    for stamp in extra:  # one step's stamp is often drawn on every page
        if not any(u.signed_at == stamp.signed_at and u.common_name == stamp.common_name for u in unique):
            unique.append(stamp)
    merged = sorted([*signatures, *unique], key=lambda s: s.signed_at or dt.datetime.max.replace(tzinfo=VN_TZ))
    return assign_roles(merged)
