"""Other formats: .doc and .odt through LibreOffice, and legacy Vietnamese fonts (TCVN3, VNI)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
import pytest

from congvan.readers import ReadError, legacy, read_file, sniff

from conftest import LETTERS

DOCX_LETTER = LETTERS / "cv-byt-2023-benh-an-dien-tu.docx"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (make system)")


def _texts(doc) -> list[tuple[str, str]]:
    return [(line.text, line.column) for line in doc.lines]


@pytest.fixture(scope="module")
def legacy_office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The DOCX sample letter saved by LibreOffice as .doc and as .odt."""
    out = tmp_path_factory.mktemp("lo")
    profile = (out / "profile").as_uri()
    for target in ("doc", "odt"):
        subprocess.run(
            ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
             "--convert-to", target, "--outdir", str(out), str(DOCX_LETTER)],
            check=True, capture_output=True, timeout=180,
        )
    return {kind: out / f"{DOCX_LETTER.stem}.{kind}" for kind in ("doc", "odt")}


@needs_soffice
def test_doc_and_odt_read_like_the_docx_even_when_converted_concurrently(legacy_office):
    reference = _texts(read_file(DOCX_LETTER))
    with ThreadPoolExecutor(max_workers=2) as pool:  # each conversion has its own LibreOffice profile
        doc, odt = pool.map(read_file, [legacy_office["doc"], legacy_office["odt"]])
    for document, kind in ((doc, "doc"), (odt, "odt")):
        assert document.format == "docx"
        assert [w.code for w in document.warnings] == [f"converted_from_{kind}"]
        assert _texts(document) == reference
    assert sniff(legacy_office["doc"]) == "doc" and sniff(legacy_office["odt"]) == "odt"


@needs_soffice
def test_conversion_leaves_no_files_or_processes(legacy_office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    read_file(legacy_office["doc"])
    assert list(tmp_path.iterdir()) == []
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True, check=False)
    assert leftover.stdout.strip() == ""


def test_doc_without_libreoffice_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "WordDocument".encode("utf-16-le") + b"\0" * 512)
    monkeypatch.setenv("CONGVAN_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "conversion_unavailable"
    assert "apt-get install libreoffice-writer-nogui" in info.value.message


@pytest.mark.parametrize("payload,code", [
    (b"\0" * 1024, "unsupported_format"),  # an OLE file that is not Word (Excel, Outlook…)
    ("EncryptedPackage".encode("utf-16-le") + b"\0" * 512, "encrypted"),  # a password-protected .docx
])
def test_ole_files_that_are_not_plain_word_are_refused(tmp_path: Path, payload: bytes, code: str):
    path = tmp_path / "letter.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + payload)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == code


def test_opendocument_spreadsheet_is_refused(tmp_path: Path):
    path = tmp_path / "table.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.code == "unsupported_format"


# --- legacy fonts ---------------------------------------------------------------------------------

TCVN3_MOTTO = "Céng hoµ x· héi chñ nghÜa ViÖt Nam"
VNI_MOTTO = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"


@pytest.mark.parametrize("text,encoding,upper,expected", [
    (TCVN3_MOTTO, "tcvn3", False, "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", False, "Độc lập - Tự do - Hạnh phúc"),
    ("uû ban nh©n d©n", "tcvn3", True, "UỶ BAN NHÂN DÂN"),
    (VNI_MOTTO, "vni", False, "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", False, "Độc lập - Tự do - Hạnh phúc"),
    ("UÛY BAN NHAÂN DAÂN", "vni", False, "ỦY BAN NHÂN DÂN"),
])
def test_legacy_tables(text, encoding, upper, expected):
    assert legacy.convert(text, encoding, upper=upper) == expected


@pytest.mark.parametrize("font,encoding", [
    (".VnTime", "tcvn3"), ("ABCDEF+.VnTimeH,Bold", "tcvn3"), ("VnArial", "tcvn3"), ("VNI-Times", "vni"),
    ("Times New Roman", None), ("Verdana", None), (None, None),
])
def test_legacy_font_names(font, encoding):
    assert legacy.font_encoding(font) == encoding


def test_guessing_by_characters_needs_strong_evidence():
    assert legacy.guess_encoding(TCVN3_MOTTO) == "tcvn3"
    assert legacy.guess_encoding(VNI_MOTTO) == "vni"
    assert legacy.guess_encoding("Cộng hòa xã hội chủ nghĩa Việt Nam; Ủy ban; Điều 5 µm") is None
    assert legacy.guess_encoding("Café Đà Lạt ñ") is None


def _docx(tmp_path: Path, build) -> Path:
    document = docx.Document()
    build(document)
    path = tmp_path / "legacy.docx"
    document.save(str(path))
    return path


def test_docx_mixed_runs_convert_only_the_legacy_ones(tmp_path: Path):
    def build(document):
        p = document.add_paragraph()
        p.add_run(TCVN3_MOTTO).font.name = ".VnTime"
        p.add_run(" – 5 µm, Hà Nội").font.name = "Times New Roman"
        p2 = document.add_paragraph()
        p2.add_run("uû ban nh©n d©n").font.name = ".VnTimeH"
        p2.add_run(" / ").font.name = "Arial"
        p2.add_run("Ñoäc laäp").font.name = "VNI-Times"

    doc = read_file(_docx(tmp_path, build))
    texts = [line.text for line in doc.lines]
    assert texts == ["Cộng hoà xã hội chủ nghĩa Việt Nam – 5 µm, Hà Nội", "UỶ BAN NHÂN DÂN / Độc lập"]
    warning = next(w for w in doc.warnings if w.code == "legacy_font")
    assert ".VnTime" in warning.message and "VNI-Times" in warning.message


def test_docx_font_from_the_paragraph_style(tmp_path: Path):
    def build(document):
        style = document.styles.add_style("Cu", WD_STYLE_TYPE.PARAGRAPH)
        style.font.name = ".VnTime"
        document.add_paragraph(TCVN3_MOTTO, style="Cu")
        document.add_paragraph("Kính gửi: Sở Tài chính")  # Normal style, Unicode

    texts = [line.text for line in read_file(_docx(tmp_path, build)).lines]
    assert texts == ["Cộng hoà xã hội chủ nghĩa Việt Nam", "Kính gửi: Sở Tài chính"]


def test_docx_without_font_names_is_converted_by_its_characters(tmp_path: Path):
    def build(document):
        document.add_paragraph(TCVN3_MOTTO)
        document.add_paragraph("Kính gửi: Sở Tài chính; 5 µm")

    doc = read_file(_docx(tmp_path, build))
    assert [line.text for line in doc.lines] == ["Cộng hoà xã hội chủ nghĩa Việt Nam", "Kính gửi: Sở Tài chính; 5 µm"]
    assert any(w.code == "legacy_font" for w in doc.warnings)


def _pdf(runs: list[tuple[str, str]]) -> bytes:
    """A one-page PDF drawing each (font name, Latin-1 text) run on its own line."""
    fonts = sorted({name for name, _ in runs})
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    font_refs = " ".join(f"/F{i} {5 + i} 0 R" for i in range(len(fonts)))
    objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                   f"/Resources << /Font << {font_refs} >> >> >>".encode())
    content = b"BT 12 TL 60 780 Td "
    for name, text in runs:
        escaped = text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        content += f"/F{fonts.index(name)} 12 Tf ".encode() + b"(" + escaped + b") Tj T* T* "
    content += b"ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    widths = " ".join(["500"] * 224)
    first_descriptor = 5 + len(fonts)
    for i, name in enumerate(fonts):
        objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding "
                       f"/FirstChar 32 /LastChar 255 /Widths [{widths}] /FontDescriptor {first_descriptor + i} 0 R >>".encode())
    for name in fonts:
        objects.append(f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [0 -200 1000 900] "
                       f"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>".encode())
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_pdf_legacy_font_runs_are_converted_and_unicode_runs_kept(tmp_path: Path):
    path = tmp_path / "legacy.pdf"
    path.write_bytes(_pdf([
        (".VnTimeH", "uû ban nh©n d©n tØnh qu¶ng ng·i"),
        (".VnTime", TCVN3_MOTTO),
        ("Helvetica", "Measured: 5 µm across the page, kept as written"),
        ("VNI-Times", VNI_MOTTO),
    ]))
    doc = read_file(path)
    assert [line.text for line in doc.lines] == [
        "UỶ BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Measured: 5 µm across the page, kept as written",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
    ]
    assert doc.text_layer == "born_digital"
    assert any(w.code == "legacy_font" for w in doc.warnings)
