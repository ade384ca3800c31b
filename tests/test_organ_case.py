"""Issuer names in the register's sentence case (Decree 30/2020 Phụ lục II), the header's form kept beside."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from congvan.extractors.organ_case import is_all_caps, register_case
from congvan.models import Document, Source
from congvan.pipeline import build_document
from congvan.readers import read_text

# (as written in a header, as the register gives it)
NAMES = [
    ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
    ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
    ("CỤC THUẾ TỈNH QUẢNG NGÃI", "Cục Thuế tỉnh Quảng Ngãi"),
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("BẢO HIỂM XÃ HỘI VIỆT NAM", "Bảo hiểm xã hội Việt Nam"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("VĂN PHÒNG CHÍNH PHỦ", "Văn phòng Chính phủ"),
    ("BỘ GIAO THÔNG VẬN TẢI", "Bộ Giao thông vận tải"),  # known_bodies.txt: the ministry's own spelling
    ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
    ("BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH, TỈNH HẬU GIANG", "Ủy ban nhân dân huyện Châu Thành, tỉnh Hậu Giang"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HÀ NỘI", "Sở Giáo dục và Đào tạo thành phố Hà Nội"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),  # Phụ lục II's special case
    ("HỘI ĐỒNG NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Hội đồng nhân dân tỉnh Bà Rịa - Vũng Tàu"),
    ("TỈNH ỦY QUẢNG BÌNH", "Tỉnh ủy Quảng Bình"),
    ("HUYỆN ỦY SƠN TỊNH", "Huyện ủy Sơn Tịnh"),  # a place after the head although the tokenizer joins 'ủy sơn'
    ("BAN THƯỜNG VỤ TỈNH ỦY", "Ban Thường vụ Tỉnh ủy"),
    ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
    ("KHO BẠC NHÀ NƯỚC QUẢNG NGÃI", "Kho bạc Nhà nước Quảng Ngãi"),
    ("TÒA ÁN NHÂN DÂN TỐI CAO", "Tòa án nhân dân tối cao"),
    ("BỘ CHỈ HUY QUÂN SỰ TỈNH", "Bộ Chỉ huy Quân sự tỉnh"),
    ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH QUẢNG NGÃI", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi"),
    ("TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI", "Trường Đại học Bách khoa Hà Nội"),
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Phòng Tài chính - Kế hoạch"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("SỞ Y TẾ", "Sở Y tế"),
    # abbreviations and numbers stay as written
    ("UBND TỈNH HÀ TĨNH", "UBND tỉnh Hà Tĩnh"),
    ("CỤC THUẾ TP HÀ NỘI", "Cục Thuế TP Hà Nội"),
    ("VĂN PHÒNG UBND TỈNH", "Văn phòng UBND tỉnh"),
    ("ỦY BAN NHÂN DÂN PHƯỜNG 5, QUẬN 3", "Ủy ban nhân dân phường 5, quận 3"),
    ("CHI CỤC THUẾ KHU VỰC II", "Chi cục Thuế Khu vực II"),
    # after "các" the class is named by common nouns (issue 13: generic nouns were capitalised)
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH BẮC NINH", "Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh"),
    ("BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA", "Ban Chỉ đạo các chương trình mục tiêu quốc gia"),
    ("CÁC SỞ, BAN, NGÀNH TỈNH", "Các sở, ban, ngành tỉnh"),
    ("UBND CÁC HUYỆN, THỊ XÃ", "UBND các huyện, thị xã"),
]


@pytest.mark.parametrize(("written", "register"), NAMES)
def test_register_case_of_realistic_names(written: str, register: str):
    assert register_case(written) == register


def test_only_case_changes_and_the_tone_style_is_kept():
    for written, _ in NAMES:
        assert register_case(written).upper() == written  # diacritics, spacing, punctuation kept
    assert register_case("UỶ BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ") == "Uỷ ban nhân dân tỉnh Thừa Thiên Huế"
    assert register_case("BỘ VĂN HOÁ, THỂ THAO VÀ DU LỊCH") == "Bộ Văn hoá, Thể thao và Du lịch"


def test_nfc_in_and_out():
    decomposed = unicodedata.normalize("NFD", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")
    out = register_case(decomposed)
    assert out == "Sở Tài nguyên và Môi trường" and unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize("written", ["Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi", "Bộ Y TẾ", "Sở Y Tế"])
def test_mixed_case_is_kept_as_written(written: str):
    assert not is_all_caps(written)
    assert register_case(written) == written


def test_nothing_to_recase():
    assert register_case(None) is None
    assert register_case("") == ""
    assert register_case("123/UBND") == "123/UBND"  # letters all capitals, but an abbreviation


# --------------------------------------------------------------------------- the contract
HEADER = """UBND TỈNH HÀ TĨNH
SỞ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 125/SNV-CCHC
Hà Tĩnh, ngày 05 tháng 3 năm 2025
V/v triển khai công tác cải cách hành chính
Kính gửi: Các phòng, ban thuộc Sở.
Đề nghị các phòng báo cáo kết quả trước ngày 20/3/2025.
GIÁM ĐỐC
Nguyễn Văn A
"""


def _document() -> Document:
    return build_document(read_text(HEADER), path="t.txt", sha256="2" * 64, received_at=dt.date(2025, 3, 6))


def test_the_extractor_fills_both_forms():
    doc = _document()
    assert (doc.issuer, doc.issuer_as_written) == ("Sở Nội vụ", "SỞ NỘI VỤ")
    assert (doc.issuer_parent, doc.issuer_parent_as_written) == ("UBND tỉnh Hà Tĩnh", "UBND TỈNH HÀ TĨNH")
    assert doc.schema_version == "1.3.0"


def test_json_round_trip_keeps_both_forms():
    doc = _document()
    again = Document.model_validate_json(doc.model_dump_json())
    assert again == doc and again.issuer_as_written == "SỞ NỘI VỤ"
    data = json.loads(doc.model_dump_json())
    assert data["issuer"] == "Sở Nội vụ" and data["issuer_parent_as_written"] == "UBND TỈNH HÀ TĨNH"


def test_a_1_2_0_document_without_the_new_fields_still_loads():
    old = {
        "schema_version": "1.2.0", "id": "abcdef0123456789",
        "source": {"path": "a.pdf", "sha256": "a" * 64, "format": "pdf", "pages": 1, "received_at": "2024-01-02",
                   "text_layer": "born_digital"},
        "doc_number": "12/UBND-TH", "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "issuer_parent": None,
        "signatures": [], "tasks": [],
    }
    doc = Document.model_validate_json(json.dumps(old, ensure_ascii=False))
    assert doc.schema_version == "1.2.0" and doc.issuer == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert doc.issuer_as_written is None and doc.issuer_parent_as_written is None
    assert Document.model_validate_json(doc.model_dump_json()) == doc


def test_the_new_fields_are_plain_fields_of_the_schema():
    from congvan.models.schema import json_schema

    properties = json_schema()["properties"]
    assert {"issuer_as_written", "issuer_parent_as_written"} <= set(properties)
    with pytest.raises(ValueError):  # extra="forbid" still holds
        Source.model_validate({"path": "a", "sha256": "a", "format": "pdf", "pages": 1,
                               "received_at": "2024-01-01", "text_layer": "ocr", "issuer_as_written": "X"})


def test_a_1_2_0_document_in_the_register_is_read_in_the_register_case(tmp_path):
    """A letter stored before 1.3.0 comes out of the store and the API in sentence case, its
    capitals moved to the *_as_written fields (the stored row itself is left as it was)."""
    from sqlalchemy import update

    from congvan.outputs.api.queries import document_payload
    from congvan.outputs.store import DocumentRow, Register
    from congvan.outputs.stored import load_document

    current = _document()
    register = Register(f"sqlite:///{tmp_path / 'r.db'}")
    assert register.add(current, "a.txt")
    old = json.loads(current.model_dump_json())
    old.update(schema_version="1.2.0", issuer="SỞ NỘI VỤ", issuer_parent="UBND TỈNH HÀ TĨNH",
               issuer_as_written=None, issuer_parent_as_written=None)
    with register.session() as s, s.begin():
        s.execute(update(DocumentRow).where(DocumentRow.id == current.id).values(payload=json.dumps(old, ensure_ascii=False)))
    for doc in (register.get(current.id), Document.model_validate_json(document_payload(register, current.id))):
        assert (doc.issuer, doc.issuer_as_written) == ("Sở Nội vụ", "SỞ NỘI VỤ")
        assert (doc.issuer_parent, doc.issuer_parent_as_written) == ("UBND tỉnh Hà Tĩnh", "UBND TỈNH HÀ TĨNH")
    # a current document is served exactly as stored, and a mixed-case 1.2.0 issuer is kept
    assert load_document(current.model_dump_json()) == current
    old.update(issuer="Sở Nội vụ")
    mixed = json.dumps(old, ensure_ascii=False)
    assert load_document(mixed).issuer == "Sở Nội vụ" and load_document(mixed).issuer_as_written is None
