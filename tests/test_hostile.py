"""Hostile and broken files: every failure is a ReadError with a specific code, never a hang.

The fuzz tests mutate small valid files with Hypothesis (bounded examples, so CI stays
fast; atheris was not needed: Hypothesis found the bugs it would have, see readers/pdf.py _close) with OCR and LibreOffice switched off: they look for exceptions other than ReadError
in our readers and in the parsers under them, not for slow conversions.
"""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import pytest

from congvan.readers import ReadError, budget, legacy, read_file, sniff

from conftest import LETTERS

DOCX_LETTER = LETTERS / "cv-byt-2023-benh-an-dien-tu.docx"
PDF_LETTER = LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf"


def _replace_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == name else zin.read(item.filename))
    return target


def _with_doctype(document_xml: bytes, doctype: str, reference: str) -> bytes:
    """document.xml with a DOCTYPE and an entity reference as the first paragraph's text."""
    head, rest = document_xml.split(b"?>", 1)
    body = rest.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>" + reference.encode() + b"</w:t></w:r></w:p>", 1)
    return head + b"?>" + doctype.encode() + body


def test_docx_external_entity_is_not_resolved(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD-42", encoding="utf-8")
    with zipfile.ZipFile(DOCX_LETTER) as zf:
        xml = zf.read("word/document.xml")
    hostile = _with_doctype(xml, f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>', "&xxe;")
    path = _replace_member(DOCX_LETTER, tmp_path / "xxe.docx", "word/document.xml", hostile)
    try:
        doc = read_file(path)
    except ReadError:
        return  # refusing the file is as good as ignoring the entity
    assert "TOP-SECRET" not in doc.text
    assert any(line.text.startswith("Số:") for line in doc.lines)  # the letter itself is still read


def test_docx_entity_expansion_bomb_is_not_expanded(tmp_path: Path):
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    with zipfile.ZipFile(DOCX_LETTER) as zf:
        xml = zf.read("word/document.xml")
    hostile = _with_doctype(xml, f"<!DOCTYPE w:document [{entities}]>", "&a9;")
    path = _replace_member(DOCX_LETTER, tmp_path / "laughs.docx", "word/document.xml", hostile)
    started = time.monotonic()
    try:
        doc = read_file(path)
        assert "hahaha" not in doc.text
    except ReadError:
        pass
    assert time.monotonic() - started < 10


def test_pdf_with_thousands_of_pages_is_refused(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(2500):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "archive.pdf"
    writer.write(str(path))
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "too_many_pages"


def test_enormous_page_is_refused(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=14400, height=14400)  # 200 inches square, PDF's maximum
    path = tmp_path / "poster.pdf"
    writer.write(str(path))
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "page_too_large"


def _raw_pdf(page_dict: str, content: bytes, extra: list[bytes] | None = None) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               page_dict.encode(), b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               *(extra or [])]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_a_page_that_stalls_the_parser_hits_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(budget, "PAGE_SECONDS", 0.3)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    # 320,000 distinct glyphs on one page: PDFium parses it in a blink, building the words does not
    content = b"BT /F1 1 Tf 10 830 Td " + (b"(" + b"x " * 400 + b") Tj 0 -1 Td ") * 800 + b"ET"
    path = tmp_path / "stall.pdf"
    path.write_bytes(_raw_pdf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                              "/Resources << /Font << /F1 5 0 R >> >> >>", content, [font]))
    started = time.monotonic()
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "too_slow"
    assert time.monotonic() - started < 15


def test_self_drawing_form_xobject_does_not_recurse_forever(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CONGVAN_OCR", "0")
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >> /Length 6 >>\nstream\n/X Do\nendstream"
    path = tmp_path / "loop.pdf"
    path.write_bytes(_raw_pdf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                              "/Resources << /XObject << /X 5 0 R >> >> >>", b"/X Do", [form]))
    started = time.monotonic()
    try:
        doc = read_file(path)
        assert doc.text_layer == "none"
    except ReadError:
        pass
    assert time.monotonic() - started < 15


def test_page_tree_that_contains_itself_is_refused_or_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CONGVAN_OCR", "0")
    data = _raw_pdf("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>", b"")
    path = tmp_path / "cycle.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError):
        read_file(path)


@pytest.mark.parametrize("name,content,code", [
    ("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "corrupt_pdf"),  # a picture saved as .pdf
    ("letter.docx", "Số: 12/UBND-VP\nKính gửi: Sở Tài chính".encode(), "corrupt_docx"),
    ("letter.odt", b"just text", "corrupt_odt"),
    ("letter.pdf", b"%PDF-1.7\n" + b"\0" * 50, "corrupt_pdf"),
])
def test_mislabelled_or_broken_files_are_specific_errors(tmp_path: Path, name: str, content: bytes, code: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == code


def test_docx_named_pdf_is_read_as_docx(tmp_path: Path):
    path = tmp_path / "letter.pdf"
    shutil.copyfile(DOCX_LETTER, path)
    doc = read_file(path)
    assert doc.format == "docx" and any(w.code == "extension_mismatch" for w in doc.warnings)


# --- fuzzing --------------------------------------------------------------------------------------

def _small_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Số: 12/UBND-VP")
    document.add_paragraph("Kính gửi: Sở Tài chính")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _small_pdf() -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    content = b"BT /F1 12 Tf 60 780 Td (So: 12/UBND-VP Kinh gui: So Tai chinh, mot hai ba bon nam) Tj ET"
    return _raw_pdf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    "/Resources << /Font << /F1 5 0 R >> >> >>", content, [font])


SEEDS = {"docx": _small_docx(), "pdf": _small_pdf(), "txt": "Số: 12/UBND-VP\nKính gửi: Sở Tài chính\n".encode()}


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    data = bytearray(SEEDS[kind])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "copy"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif op == "copy" and data:
            start = draw(st.integers(0, len(data) - 1))
            data[at:at] = data[start:start + draw(st.integers(1, 256))]
    return bytes(data)


def _read_only_read_errors(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        read_file(path)
    except ReadError as exc:
        assert exc.code and exc.message


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGVAN_OCR", "0")
    monkeypatch.setenv("CONGVAN_SOFFICE", "/nonexistent/soffice")


# CONGVAN_FUZZ_EXAMPLES=2000 for a longer, randomised local run; CI runs 60 derandomised examples
# so a red build always reproduces (new findings come from the longer local runs).
FUZZ = settings(max_examples=int(os.environ.get("CONGVAN_FUZZ_EXAMPLES", "60")), deadline=None,
                derandomize="CONGVAN_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=mutated("pdf"))
def test_fuzz_pdf(tmp_path: Path, offline: None, data: bytes):
    _read_only_read_errors(tmp_path, "fuzz.pdf", data)


@FUZZ
@given(data=mutated("docx"))
def test_fuzz_docx(tmp_path: Path, offline: None, data: bytes):
    _read_only_read_errors(tmp_path, "fuzz.docx", data)


@FUZZ
@given(data=mutated("txt"))
def test_fuzz_txt(tmp_path: Path, offline: None, data: bytes):
    _read_only_read_errors(tmp_path, "fuzz.txt", data)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_fuzz_legacy_conversion_never_raises(text: str):
    for encoding in ("tcvn3", "vni"):
        assert isinstance(legacy.convert(text, encoding), str)  # type: ignore[arg-type]
    legacy.guess_encoding(text)


@FUZZ
@given(head=st.binary(min_size=1, max_size=64), name=st.sampled_from(["a.pdf", "a.docx", "a.doc", "a.odt", "a.txt", "a"]))
def test_fuzz_sniff(tmp_path: Path, offline: None, head: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(head)
    try:
        assert sniff(path) in ("pdf", "docx", "odt", "doc", "txt")
    except ReadError:
        pass
