"""Digital signatures: read from real e-signed letters and from PDFs signed here with pyHanko.

The signing keys and certificates are generated in the test with ``cryptography`` (no fixture
files, nothing from the network); the PDFs are signed with pyHanko exactly as a signing tool
would, then read back through the same reader and pipeline as any letter.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from openpyxl import load_workbook

from congvan.extractors.metadata import Metadata
from congvan.extractors.signatures import check_signatures
from congvan.models import Signature, Signer
from congvan.outputs.signature_text import BROKEN, signatures_summary
from congvan.outputs.xlsx import SHEET_INCOMING, write_register
from congvan.pipeline import process_file
from congvan.readers import read_file
from congvan.readers.signatures import VN_TZ, looks_personal, read_signatures, stamp_signatures

from conftest import LETTERS, SHARED, needs_shared

LETTER = LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf"  # born digital, issuer BỘ Y TẾ, dated 16/10/2023
REAL = SHARED / "real-pdf"
SIGNED_AT = dt.datetime(2023, 10, 16, 19, 14, 21, tzinfo=VN_TZ)


# --- keys and certificates made here ----------------------------------------------------------

def _name(cn: str, org: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def _cert(subject: x509.Name, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
          issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(start)
               .not_valid_after(start + dt.timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not ca, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                            crl_sign=ca, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(tmp: Path, name: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey | None = None) -> Path:
    (tmp / f"{name}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if key is not None:
        (tmp / f"{name}.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                            serialization.PrivateFormat.PKCS8,
                                                            serialization.NoEncryption()))
    return tmp / f"{name}.crt"


def _self_signed(tmp: Path, name: str, cn: str, org: str | None = None) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(cn, org)
    return _pem(tmp, name, _cert(subject, key, subject, key, ca=False), key)


def _issued_by_ca(tmp: Path, cn: str, org: str) -> tuple[Path, Path]:
    """A leaf certificate and the PEM of the throwaway CA that issued it."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("CA thử nghiệm congvan", "congvan")
    ca_cert = _cert(ca_name, ca_key, ca_name, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _pem(tmp, "leaf", _cert(_name(cn, org), key, ca_name, ca_key, ca=False), key)
    return leaf, _pem(tmp, "ca", ca_cert)


def _sign(source: bytes, cert: Path, field: str) -> bytes:
    """One more signature on the PDF, as an incremental update (how e-signing tools add theirs)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(str(cert.with_suffix(".key")), str(cert))
    writer = IncrementalPdfFileWriter(io.BytesIO(source), strict=False)
    out = io.BytesIO()
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field), signer=signer, output=out)
    return out.getvalue()


def _signed_letter(tmp: Path, cn: str, org: str | None = None) -> Path:
    path = tmp / "signed.pdf"
    path.write_bytes(_sign(LETTER.read_bytes(), _self_signed(tmp, "org", cn, org), "Signature1"))
    return path


def _tamper(path: Path) -> Path:
    """Change one byte inside the first signed range (the header's binary comment), keeping a valid PDF."""
    data = bytearray(path.read_bytes())
    start = data.index(b"\n", 0) + 1  # the second line: '%' and four binary bytes
    assert data[start:start + 1] == b"%"
    data[start + 2] ^= 0x01
    broken = path.with_name("tampered.pdf")
    broken.write_bytes(bytes(data))
    return broken


# --- real e-signed letters --------------------------------------------------------------------

@needs_shared
def test_real_letters_carry_intact_organisation_signatures_in_vietnam_time():
    read = {p.name: read_signatures(p) for p in sorted(REAL.glob("*.pdf"))}
    assert all(not warnings for _sigs, warnings in read.values())
    signatures = [s for sigs, _w in read.values() for s in sigs]
    assert len(signatures) >= 20
    assert all(s.intact is True and s.trusted is None and s.source == "certificate" for s in signatures)
    assert all(s.signed_at is not None and s.signed_at.utcoffset() == dt.timedelta(hours=7) for s in signatures)
    assert all(unicodedata.is_normalized("NFC", s.common_name or "") for s in signatures)
    organisations = [s for s in signatures if s.role == "organisation"]
    assert len({p for p, (sigs, _w) in read.items() if any(s.role == "organisation" for s in sigs)}) >= 10
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi" in {s.common_name for s in organisations}


@needs_shared
def test_real_letter_signing_order_gives_personal_organisation_publisher():
    """Facts checked by hand: the born-digital 542/TB-UBND is signed by Phùng Tô Long, then e-sealed
    by UBND tỉnh Quảng Ngãi on 06/11/2024, then re-signed by the Trung tâm Công báo to publish it."""
    signatures, _ = read_signatures(REAL / "qn_vht507_signed.pdf")
    roles = [s.role for s in signatures]
    assert roles[0] == "personal" and signatures[0].common_name == "Phùng Tô Long"
    assert roles.index("organisation") < roles.index("publisher")
    issuing = next(s for s in signatures if s.role == "organisation")
    assert issuing.signed_at.date() == dt.date(2024, 11, 6)
    assert signatures[-1].role == "publisher" and "CÔNG BÁO" in (signatures[-1].common_name or "")


@needs_shared
def test_real_scan_stamp_text_matches_its_certificate_signature():
    """The stamp on the scan ('Ký bởi … Thời gian ký: 04/02/2025 16:42:36') is the e-seal, not a second one."""
    document = read_file(REAL / "qn_574_UB_signed.pdf")
    assert [s.source for s in document.signatures] == ["certificate", "certificate"]
    issuing = document.signatures[0]
    assert issuing.role == "organisation"
    assert issuing.signed_at == dt.datetime(2025, 2, 4, 16, 42, 36, tzinfo=VN_TZ)


# --- signed here ------------------------------------------------------------------------------

def test_self_signed_personal_certificate_reads_back_intact_with_exact_diacritics(tmp_path: Path):
    path = _signed_letter(tmp_path, "Nguyễn Thị Hằng")
    signatures, warnings = read_signatures(path)
    assert warnings == []
    assert len(signatures) == 1
    signature = signatures[0]
    assert signature.role == "personal"
    assert signature.common_name == unicodedata.normalize("NFC", "Nguyễn Thị Hằng")
    assert signature.intact is True and signature.trusted is None
    assert signature.signed_at is not None and signature.signed_at.utcoffset() == dt.timedelta(hours=7)
    assert abs(signature.signed_at - dt.datetime.now(VN_TZ)) < dt.timedelta(minutes=10)


def test_personal_name_in_decomposed_form_is_stored_nfc(tmp_path: Path):
    path = _signed_letter(tmp_path, unicodedata.normalize("NFD", "Đặng Văn Minh"))
    (signature,), _ = read_signatures(path)
    assert signature.common_name == unicodedata.normalize("NFC", "Đặng Văn Minh")
    assert signature.role == "personal"


def test_changed_byte_inside_signed_range_is_signature_broken_end_to_end(tmp_path: Path):
    good = _signed_letter(tmp_path, "Bộ Y tế", "Bộ Y tế")
    assert process_file(good).signatures[0].intact is True
    broken = _tamper(good)
    document = process_file(broken)
    assert [s.intact for s in document.signatures] == [False]
    assert document.signatures[0].role == "organisation"
    codes = [w.code for w in document.warnings]
    assert "signature_broken" in codes
    assert document.issuer_as_written == "BỘ Y TẾ"  # the text is still read, only the signature is broken

    register = tmp_path / "register.xlsx"
    write_register(register, lambda: [(1, dt.date(2023, 10, 20), document)])
    sheet = load_workbook(register, read_only=True)[SHEET_INCOMING]
    rows = list(sheet.iter_rows(values_only=True))
    header, row = list(rows[0]), rows[1]
    notes = row[header.index("Ghi chú")]
    assert "broken" in notes and "changed after it was signed" in notes
    signed = row[header.index("Chữ ký số")]
    assert signed.startswith("Bộ Y tế (cơ quan ban hành)") and BROKEN in signed


def test_broken_signature_shows_in_the_review_phieu(tmp_path: Path):
    import docx

    from congvan.outputs.review_export import write_review

    document = process_file(_tamper(_signed_letter(tmp_path, "Bộ Y tế", "Bộ Y tế")))
    target = write_review(tmp_path / "out", document)
    text = "\n".join(cell.text for table in docx.Document(str(target)).tables for row in table.rows
                     for cell in row.cells)
    assert "Chữ ký số" in text and BROKEN in text

    from congvan.outputs.review_apply import plan_review
    from congvan.outputs.review_read import read_review

    review = read_review(target.read_bytes())  # the read-only row does not disturb the round trip
    assert review.base is not None and review.base.signatures == document.signatures
    plan = plan_review(review, document)
    assert plan.document == document and not plan.changed


def test_issuer_certificate_that_disagrees_with_the_header_is_a_warning(tmp_path: Path):
    document = process_file(_signed_letter(tmp_path, "Sở Tài chính tỉnh Hà Tĩnh", "Tỉnh Hà Tĩnh"))
    assert (document.issuer, document.issuer_as_written) == ("Bộ Y tế", "BỘ Y TẾ")
    assert any(w.code == "issuer_signature_mismatch" and "Sở Tài chính tỉnh Hà Tĩnh" in w.message
               for w in document.warnings)


def test_matching_issuer_certificate_gives_no_issuer_warning(tmp_path: Path):
    document = process_file(_signed_letter(tmp_path, "Bộ Y tế", "Bộ Y tế"))
    assert document.signatures[0].role == "organisation"
    assert not [w for w in document.warnings if w.field in {"issuer", "issue_date", "signatures"}]
    assert document.signatures[0].signed_at.date() >= document.issue_date


def test_trusted_only_with_the_configured_ca_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    leaf, ca = _issued_by_ca(tmp_path, "Ủy ban nhân dân tỉnh Quảng Ngãi", "Tỉnh Quảng Ngãi")
    path = tmp_path / "ca-signed.pdf"
    path.write_bytes(_sign(LETTER.read_bytes(), leaf, "Signature1"))

    (untrusted,), _ = read_signatures(path)
    assert untrusted.trusted is None and untrusted.intact is True

    (trusted,), warnings = read_signatures(path, ca_bundle=ca)
    assert warnings == [] and trusted.trusted is True and trusted.intact is True

    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    other = _issued_by_ca(elsewhere, "Bộ Y tế", "Bộ Y tế")[1]  # another CA that did not issue this one
    monkeypatch.setenv("CONGVAN_CA_BUNDLE", str(other))
    (stranger,), _ = read_signatures(path)
    assert stranger.trusted is False and stranger.intact is True
    document = process_file(path)
    assert any(w.code == "signature_untrusted" for w in document.warnings)


def test_unreadable_ca_bundle_is_a_warning_not_a_crash(tmp_path: Path):
    path = _signed_letter(tmp_path, "Nguyễn Văn An")
    bad = tmp_path / "bundle.pem"
    bad.write_text("not a certificate")
    (signature,), warnings = read_signatures(path, ca_bundle=bad)
    assert signature.trusted is None and [w.code for w in warnings] == ["ca_bundle_unreadable"]


def test_two_signing_steps_personal_then_organisation(tmp_path: Path):
    once = _sign(LETTER.read_bytes(), _self_signed(tmp_path, "person", "Trần Hoàng Tuấn"), "Signature1")
    twice = _sign(once, _self_signed(tmp_path, "org", "Bộ Y tế", "Bộ Y tế"), "Signature2")
    path = tmp_path / "two.pdf"
    path.write_bytes(twice)
    signatures, _ = read_signatures(path)
    assert [s.role for s in signatures] == ["personal", "organisation"]
    assert all(s.intact for s in signatures)
    document = process_file(path)
    mismatch = [w for w in document.warnings if w.code == "signer_signature_mismatch"]
    assert document.signer.name == "Đinh Quốc Bảo" and mismatch and "Trần Hoàng Tuấn" in mismatch[0].message


# --- hostile ----------------------------------------------------------------------------------

def _with_garbage_signature(tmp: Path, contents: bytes) -> Path:
    """The letter plus a signature field whose dictionary holds garbage instead of a CMS blob."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(LETTER.read_bytes()), strict=False)
    sig = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Sig"),
        generic.pdf_name("/Filter"): generic.pdf_name("/Adobe.PPKLite"),
        generic.pdf_name("/SubFilter"): generic.pdf_name("/adbe.pkcs7.detached"),
        generic.pdf_name("/ByteRange"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 10, 99999999, 5)]),
        generic.pdf_name("/Contents"): generic.ByteStringObject(contents),
        generic.pdf_name("/M"): generic.TextStringObject("D:garbage"),
    }))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    field = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/FT"): generic.pdf_name("/Sig"),
        generic.pdf_name("/T"): generic.TextStringObject("Chữ ký hỏng"),
        generic.pdf_name("/V"): sig,
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Widget"),
        generic.pdf_name("/Rect"): generic.ArrayObject([generic.NumberObject(0)] * 4),
        generic.pdf_name("/P"): page_ref,
    }))
    writer.root[generic.pdf_name("/AcroForm")] = generic.DictionaryObject(
        {generic.pdf_name("/Fields"): generic.ArrayObject([field])})
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    path = tmp / "garbage-signature.pdf"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("contents", [b"\x00" * 64, b"\x30\x82\xff\xff garbage", b""])
def test_garbage_signature_dictionary_gives_no_signatures_and_a_warning(tmp_path: Path, contents: bytes):
    path = _with_garbage_signature(tmp_path, contents)
    signatures, warnings = read_signatures(path)
    assert signatures == []
    assert warnings and warnings[0].code in {"signature_unreadable", "signatures_unreadable"}
    document = process_file(path)  # the letter itself is still read
    assert document.issuer_as_written == "BỘ Y TẾ" and document.signatures == []
    assert any(w.field == "signatures" for w in document.warnings)


def test_truncated_signed_file_never_raises_from_the_signature_reader(tmp_path: Path):
    data = _signed_letter(tmp_path, "Nguyễn Thị Hằng").read_bytes()
    for cut in (len(data) // 2, len(data) - 40, 200):
        path = tmp_path / f"cut-{cut}.pdf"
        path.write_bytes(data[:cut])
        signatures, warnings = read_signatures(path)
        assert all(s.intact in (True, False) for s in signatures)
        assert signatures or warnings or b"/ByteRange" not in data[:cut]


def test_document_timestamp_is_not_a_signer(tmp_path: Path):
    """A PAdES-LTA document timestamp (a TSA dating the file) is skipped, without a warning."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
    name = _name("TSA thử nghiệm")
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(key, hashes.SHA256()))
    tsa = DummyTimeStamper(asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
                           asn1_keys.PrivateKeyInfo.load(key.private_bytes(
                               serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption())))
    signed = _signed_letter(tmp_path, "Bộ Y tế", "Bộ Y tế").read_bytes()
    out = io.BytesIO()
    PdfTimeStamper(tsa).timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(signed), strict=False), "sha256", output=out)
    path = tmp_path / "timestamped.pdf"
    path.write_bytes(out.getvalue())
    signatures, warnings = read_signatures(path)
    assert warnings == []
    assert [(s.role, s.common_name, s.intact) for s in signatures] == [("organisation", "Bộ Y tế", True)]


@pytest.fixture(scope="module")
def signed_seed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _signed_letter(tmp_path_factory.mktemp("seed"), "Nguyễn Thị Hằng").read_bytes()


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_signed_pdf_never_raises_from_the_signature_reader(tmp_path: Path, signed_seed: bytes, data: st.DataObject):
    """Bytes flipped, cut or copied anywhere in a signed file: signatures or warnings, never an exception."""
    blob = bytearray(signed_seed)
    at = signed_seed.index(b"/ByteRange")  # mutate around the signature dictionary, where pyHanko parses
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(max(at - 2000, 0), min(at + 6000, len(blob) - 1)))
        op = data.draw(st.sampled_from(["flip", "cut", "copy"]))
        if op == "flip":
            blob[where] = data.draw(st.integers(0, 255))
        elif op == "cut":
            del blob[where:where + data.draw(st.integers(1, 64))]
        else:
            blob[where:where] = blob[data.draw(st.integers(0, len(blob) - 1)):][:data.draw(st.integers(1, 128))]
    path = tmp_path / "fuzz.pdf"
    path.write_bytes(bytes(blob))
    signatures, warnings = read_signatures(path)
    assert all(w.code in {"signature_unreadable", "signatures_unreadable"} for w in warnings)
    assert all(s.intact in (True, False) for s in signatures)


def test_unsigned_pdf_has_no_signatures_and_no_warning():
    signatures, warnings = read_signatures(LETTER)
    assert (signatures, warnings) == ([], [])


def test_a_second_body_after_the_issuer_is_a_receiver_and_a_renewed_key_is_the_same_body():
    from congvan.readers.signatures import assign_roles

    seal = Signature(role="organisation", common_name="Ủy ban nhân dân tỉnh Quảng Ngãi", organisation="Tỉnh Quảng Ngãi",
                     signed_at=SIGNED_AT)
    renewed = seal.model_copy(update={"common_name": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"})
    receiver = Signature(role="organisation", common_name="Sở Tài chính tỉnh Quảng Ngãi", signed_at=SIGNED_AT)
    publisher = Signature(role="organisation", common_name="Trung tâm Công báo và Tin học", signed_at=SIGNED_AT)
    roles = assign_roles([seal, renewed, publisher, receiver], ["ca:1", "ca:2", "ca:3", "ca:4"])
    assert [s.role for s in roles] == ["organisation", "organisation", "publisher", "receiver"]


# --- the rules, as pure functions -------------------------------------------------------------

def _sig(role: str, cn: str, when: dt.datetime, source: str = "certificate", intact: bool | None = True) -> Signature:
    return Signature(role=role, common_name=cn, signed_at=when, source=source, intact=intact)


def test_personal_certificate_fills_a_missing_signer_name_with_a_warning():
    meta = Metadata(issuer="SỞ TÀI CHÍNH", signer=Signer(title="GIÁM ĐỐC"))
    check_signatures(meta, [_sig("personal", "Lê Thị Thu", SIGNED_AT), _sig("organisation", "Sở Tài chính", SIGNED_AT)],
                     "born_digital")
    assert meta.signer.name == "Lê Thị Thu"
    assert 0 < meta.confidence["signer.name"] < 1
    assert any(w.code == "signer_from_signature" and "personal certificate" in w.message for w in meta.warnings)


def test_personal_signature_after_the_issuing_one_is_not_the_signer():
    later = SIGNED_AT + dt.timedelta(days=1)
    meta = Metadata(issuer="SỞ TÀI CHÍNH")
    check_signatures(meta, [_sig("organisation", "Sở Tài chính", SIGNED_AT), _sig("personal", "Lê Thị Thu", later)],
                     "born_digital")
    assert meta.signer.name is None


def test_organisation_signing_day_fills_a_born_digital_date_but_only_bounds_a_scan():
    seal = [_sig("organisation", "Ủy ban nhân dân tỉnh Quảng Ngãi", SIGNED_AT)]
    born = Metadata(issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    check_signatures(born, seal, "born_digital")
    assert born.issue_date == SIGNED_AT.date() and 0 < born.confidence["issue_date"] < 1
    assert [w.code for w in born.warnings] == ["issue_date_from_signature"]

    scan = Metadata(issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    check_signatures(scan, seal, "ocr")
    assert scan.issue_date is None
    assert [w.code for w in scan.warnings] == ["issue_date_signature_bound"]
    assert "16/10/2023" in scan.warnings[0].message


def test_issue_date_after_the_organisation_signature_is_flagged():
    meta = Metadata(issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", issue_date=dt.date(2023, 10, 18))
    check_signatures(meta, [_sig("organisation", "Ủy ban nhân dân tỉnh Quảng Ngãi", SIGNED_AT)], "ocr")
    assert meta.issue_date == dt.date(2023, 10, 18)  # kept: the clerk decides which is wrong
    assert meta.confidence["issue_date"] < 0.8
    assert [w.code for w in meta.warnings] == ["issue_date_after_signature"]


def test_signing_time_late_in_the_evening_utc_is_the_next_day_in_vietnam():
    utc_evening = dt.datetime(2023, 10, 15, 19, 30, tzinfo=dt.timezone.utc)  # 02:30 on the 16th in Hà Nội
    signature = Signature(role="organisation", common_name="Bộ Y tế", signed_at=utc_evening)
    assert signature.signed_at.astimezone(VN_TZ).date() == dt.date(2023, 10, 16)
    meta = Metadata(issuer="BỘ Y TẾ", issue_date=dt.date(2023, 10, 16))
    from congvan.readers.signatures import in_vietnam

    check_signatures(meta, [signature.model_copy(update={"signed_at": in_vietnam(utc_evening)})], "born_digital")
    assert not [w for w in meta.warnings if w.field == "issue_date"]


def test_ocr_slip_in_the_issuer_is_spelled_as_in_the_certificate():
    meta = Metadata(issuer="ỦY BAN NHÂN DẦN TỈNH QUẢNG NGẢI")
    check_signatures(meta, [_sig("organisation", "Ủy ban nhân dân tỉnh Quảng Ngãi", SIGNED_AT)], "ocr")
    assert meta.issuer == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert any(w.code == "issuer_from_signature" for w in meta.warnings)


@pytest.mark.parametrize(("cn", "uid", "personal"), [
    ("Phùng Tô Long", None, True),
    ("NGUYỄN VĂN AN", None, True),
    ("Đoàn Thị Hoa", None, True),
    ("Ủy ban nhân dân tỉnh Quảng Ngãi", None, False),
    ("CỤC THUẾ", None, False),
    ("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC", ["MNS:1103293", "MST:4300476238"], False),
    ("Văn phòng Bộ", None, False),
    ("Ngọc Lan", ["CCCD:012345678901"], True),
    (None, None, False),
])
def test_whose_certificate(cn: str | None, uid: list[str] | None, personal: bool):
    assert looks_personal(cn, uid) is personal


def test_stamp_text_is_parsed_with_its_offset_and_wrapped_names():
    text = ("Ký bởi: Ủy ban nhân\ndân tỉnh Quảng Ngãi\nCơ quan: Tỉnh Quảng Ngãi\n"
            "Thời gian ký: 11/09/2024 19:14:21 +07:00\nKý bởi: Nguyễn Văn An\nThời gian ký:\n16.04.2020 07:37:07")
    first, second = stamp_signatures(text)
    assert first.common_name == "Ủy ban nhân dân tỉnh Quảng Ngãi" and first.organisation == "Tỉnh Quảng Ngãi"
    assert first.role == "organisation" and first.source == "stamp" and first.intact is None
    assert first.signed_at == dt.datetime(2024, 9, 11, 19, 14, 21, tzinfo=VN_TZ)
    assert second.role == "personal" and second.signed_at == dt.datetime(2020, 4, 16, 7, 37, 7, tzinfo=VN_TZ)


def test_summary_lists_the_issuing_body_first(tmp_path: Path):
    document = process_file(_signed_letter(tmp_path, "Bộ Y tế", "Bộ Y tế"))
    document.signatures = [_sig("personal", "Lê Thị Thu", SIGNED_AT), _sig("organisation", "Bộ Y tế", SIGNED_AT),
                           _sig("organisation", "Bộ Y tế", SIGNED_AT)]  # one body sealing two fields
    summary = signatures_summary(document)
    assert summary == "Bộ Y tế (cơ quan ban hành) 16/10/2023 19:14: nguyên vẹn; Lê Thị Thu (cá nhân) 16/10/2023 19:14: nguyên vẹn"
