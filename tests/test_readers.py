"""Readers: reading order, NFC, offsets, and what they refuse."""

from pathlib import Path

import pytest

from congvan.readers import ReadError, read_file
from conftest import LETTERS, SHARED, needs_shared


def _texts(doc):
    return [line.text for line in doc.lines]


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_two_column_header_reads_left_column_then_right(suffix):
    doc = read_file(LETTERS / f"cv-byt-2023-benh-an-dien-tu{suffix}")
    texts = _texts(doc)
    motto = next(i for i, t in enumerate(texts) if t.startswith("CỘNG HÒA"))
    number = next(i for i, t in enumerate(texts) if t.startswith("Số:"))
    # the motto line is read whole, not interleaved with the issuer
    assert texts[motto] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert number < motto and doc.lines[number].column == "left" and doc.lines[motto].column == "right"


def test_line_offsets_point_into_the_page_text():
    doc = read_file(LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf")
    for line in doc.lines:
        page = doc.page_text(line.page)
        assert page[line.start:line.start + len(line.text)] == line.text


def test_text_reader_normalises_nfd_to_nfc(tmp_path: Path):
    import unicodedata

    path = tmp_path / "letter.txt"
    path.write_text(unicodedata.normalize("NFD", "Số: 12/UBND-VP\nKính gửi: Sở Tài chính"), encoding="utf-8")
    doc = read_file(path)
    assert all(unicodedata.is_normalized("NFC", t) for t in _texts(doc))
    assert _texts(doc)[1] == "Kính gửi: Sở Tài chính"


@needs_shared
def test_scan_with_only_a_signature_stamp_needs_ocr(monkeypatch):
    monkeypatch.setenv("CONGVAN_OCR", "0")  # detection alone; tests/test_ocr.py reads the pixels
    doc = read_file(SHARED / "real-pdf" / "qn_574_UB_signed.pdf")
    assert doc.text_layer == "none"
    assert any(w.code == "needs_ocr" for w in doc.warnings)


@needs_shared
def test_born_digital_closing_block_separates_recipients_and_signer():
    doc = read_file(SHARED / "real-pdf" / "qn_vht507_signed.pdf")
    texts = _texts(doc)
    recipients = texts.index("Nơi nhận:")
    assert texts[recipients + 1].startswith("- Như thành phần")
    assert texts[-4:] == ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phùng Tô Long"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts  # Word's stray space glyph is not a word break


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("empty.pdf", b"", "empty_file"),
        ("letter.docx", b"this is not a zip", "corrupt_docx"),
        ("notes.xyz", b"hello", "unsupported_format"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "unsupported_format"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", "corrupt_pdf"),
    ],
)
def test_unreadable_files_raise_a_specific_error(tmp_path: Path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == code
    assert info.value.message


def test_truncated_pdf_is_refused(tmp_path: Path):
    data = (LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "corrupt_pdf"


def test_encrypted_pdf_is_refused(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf"))
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    writer.write(str(path))
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "encrypted"


def test_pdf_named_docx_is_read_as_pdf_with_a_warning(tmp_path: Path):
    path = tmp_path / "mislabelled.docx"
    path.write_bytes((LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf").read_bytes())
    doc = read_file(path)
    assert doc.format == "pdf"
    assert any(w.code == "extension_mismatch" for w in doc.warnings)


def test_docx_zip_bomb_is_refused(tmp_path: Path):
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>" + " " * (200 * 1024 * 1024))
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "zip_bomb"


def test_pdfplumber_fallback_reads_what_pdfium_reads(monkeypatch):
    """A file PDFium refuses goes to pdfplumber; that path must give the very same document."""
    from congvan.readers import pdf as pdf_reader

    source = LETTERS / "cv-byt-2023-benh-an-dien-tu.pdf"
    fast = read_file(source)

    def refuse(path, deadline, legacy_fonts):  # noqa: ARG001
        raise pdf_reader._PdfiumRefused(ReadError("corrupt_pdf", "refused for the test"))

    monkeypatch.setattr(pdf_reader, "_pdfium_pages", refuse)
    slow = read_file(source)
    assert [(ln.page, ln.text) for ln in slow.lines] == [(ln.page, ln.text) for ln in fast.lines]
    assert len(slow.lines) > 10


def test_pdfium_and_pdfplumber_give_the_same_words():
    """The fast path must keep the boxes the layout was tuned on (pdfplumber's)."""
    import pypdfium2 as pdfium
    import pdfplumber

    from congvan.readers import pdfium_text, plumber_text

    for source in sorted(LETTERS.glob("*.pdf"))[:6]:
        doc = pdfium.PdfDocument(str(source))
        with pdfplumber.open(source) as plumber:
            for index, page in enumerate(plumber.pages):
                # the same words with the same boxes; the order is the layout's job (readers/geometry.py)
                fast = sorted(pdfium_text.page_words(doc[index], set()), key=lambda w: (w.text, round(w.x0)))
                slow = sorted(plumber_text.page_words(page, set()), key=lambda w: (w.text, round(w.x0)))
                assert [w.text for w in fast] == [w.text for w in slow], source.name
                for a, b in zip(fast, slow):
                    assert abs(a.x0 - b.x0) < 1.5 and abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 < 4.0
        doc.close()
