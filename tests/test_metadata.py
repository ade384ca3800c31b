"""Letter metadata on hand-made texts (each a Decree 30 situation) and on the sample gold."""

import datetime as dt

import pytest

from congvan.pipeline import build_document
from congvan.readers import read_text

HEADER = """UBND TỈNH HÀ TĨNH
SỞ NỘI VỤ
Số: {number}
V/v triển khai công tác
cải cách hành chính năm 2025
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{date_line}
Kính gửi:
- Các phòng chuyên môn thuộc Sở;
- UBND các xã, phường.
Sở Nội vụ đề nghị các đơn vị triển khai thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, CCHC.
TL. GIÁM ĐỐC
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
(Đã ký)
Nguyễn Thị Lan
"""


def extract(text: str):
    return build_document(read_text(text), path="t.txt", sha256="0" * 64, received_at=dt.date(2025, 3, 10))


def test_full_header_and_signature_chain():
    doc = extract(HEADER.format(number="125/SNV-CCHC", date_line="Hà Tĩnh, ngày 05 tháng 3 năm 2025"))
    assert doc.doc_number == "125/SNV-CCHC"
    assert (doc.issuer_parent, doc.issuer) == ("UBND tỉnh Hà Tĩnh", "Sở Nội vụ")  # the register's case
    assert (doc.issuer_parent_as_written, doc.issuer_as_written) == ("UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ")
    assert doc.place == "Hà Tĩnh" and doc.issue_date == dt.date(2025, 3, 5)
    assert doc.doc_type == "Công văn"
    assert doc.subject == "V/v triển khai công tác cải cách hành chính năm 2025"
    assert doc.addressees == ["Các phòng chuyên môn thuộc Sở", "UBND các xã, phường"]
    assert doc.cc == ["Như trên", "Lưu: VT, CCHC"]
    assert doc.signer.authority == ["TL. GIÁM ĐỐC", "KT. CHÁNH VĂN PHÒNG"]
    assert (doc.signer.title, doc.signer.name) == ("PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Thị Lan")
    assert not doc.warnings


@pytest.mark.parametrize("number", ["1562/SNN&PTNT-TL", "45/TTr-UBND", "12/2024/QyĐ-UBND", "07/2025/QĐ-TTg"])
def test_ky_hieu_with_lowercase_and_ampersand(number):
    doc = extract(HEADER.format(number=number, date_line="Hà Tĩnh, ngày 5 tháng 3 năm 2025"))
    assert doc.doc_number == number


def test_blank_number_and_day_are_null_with_warnings():
    doc = extract(HEADER.format(number="     /SNV-VP", date_line="Hà Tĩnh, ngày    tháng 3 năm 2025"))
    assert doc.doc_number is None and doc.issue_date is None
    codes = {w.code for w in doc.warnings}
    assert {"number_blank", "date_blank"} <= codes
    assert doc.place == "Hà Tĩnh"


def test_party_letter_number_and_urgency():
    text = """TỈNH ỦY QUẢNG BÌNH
Số: 12-CV/TU
HỎA TỐC
ĐẢNG CỘNG SẢN VIỆT NAM
Quảng Bình, ngày 05 tháng 3 năm 2024
V/v tăng cường phòng, chống dịch
Kính gửi: Các huyện ủy, thành ủy, thị ủy.
Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy khẩn trương triển khai./.
Nơi nhận:
- Như trên;
- Lưu VPTU.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Trần Hải Châu
"""
    doc = extract(text)
    assert doc.doc_number == "12-CV/TU"
    assert doc.urgency == "Hỏa tốc"
    assert (doc.issuer, doc.issuer_as_written) == ("Tỉnh ủy Quảng Bình", "TỈNH ỦY QUẢNG BÌNH")
    assert doc.signer.authority == ["T/M BAN THƯỜNG VỤ"] and doc.signer.title == "PHÓ BÍ THƯ"


def test_references_with_dates_and_issuers():
    text = HEADER.format(number="1/SNV", date_line="Hà Tĩnh, ngày 5 tháng 3 năm 2025").replace(
        "Sở Nội vụ đề nghị",
        "Thực hiện Công điện số 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ và các Công văn: số 5958/UBND-TH "
        "ngày 05/8/2022 của Chủ tịch UBND tỉnh; số 9390/UBND-TH ngày 25 tháng 11 năm 2022 của UBND tỉnh, Sở Nội vụ đề nghị",
    )
    refs = {r.doc_number: r for r in extract(text).references}
    assert refs["280/CĐ-TTg"].doc_type == "Công điện"
    assert refs["280/CĐ-TTg"].issue_date == dt.date(2023, 4, 19)
    assert refs["280/CĐ-TTg"].issuer == "Thủ tướng Chính phủ"
    assert refs["5958/UBND-TH"].doc_type == "Công văn" and refs["5958/UBND-TH"].issuer == "Chủ tịch UBND tỉnh"
    assert refs["9390/UBND-TH"].issue_date == dt.date(2022, 11, 25)


WEB_COPY = """VĂN PHÒNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 6869/VPCP-KGVX | Hà Nội, ngày 25 tháng 9 năm 2021 |
V/v phòng, chống dịch COVID-19 |
Kính gửi: Ủy ban nhân dân tỉnh Bến Tre.
Ủy ban nhân dân tỉnh Bến Tre chỉ đạo thực hiện nghiêm Công điện số 1099/CĐ-TTg.
| KT. BỘ TRƯỞNG, CHỦ NHIỆM |
"""

WEB_CELLS = """ỦY BAN NHÂN DÂN
TỈNH HẢI DƯƠNG
-------
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
|
Số: 1161/KH-UBND
|
Hải Dương, ngày
13 tháng 4 năm 2023
|
KẾ HOẠCH
Truyền thông về giảm nghèo
Sở Lao động chủ trì tổ chức truyền thông.
"""


def test_a_header_table_copied_from_a_web_page():
    """Official-text sites give the two-column header as '|'-separated cells (readers.text.table_cells)."""
    doc = build_document(read_text(WEB_COPY), path="t.txt", sha256="1" * 64, received_at=dt.date(2021, 9, 27))
    assert (doc.issuer, doc.issuer_as_written) == ("Văn phòng Chính phủ", "VĂN PHÒNG CHÍNH PHỦ")
    assert doc.doc_number == "6869/VPCP-KGVX"
    assert (doc.place, doc.issue_date) == ("Hà Nội", dt.date(2021, 9, 25))
    assert doc.signer.authority == ["KT. BỘ TRƯỞNG, CHỦ NHIỆM"]
    doc = build_document(read_text(WEB_CELLS), path="t.txt", sha256="1" * 64, received_at=dt.date(2023, 4, 14))
    assert (doc.issuer, doc.issuer_as_written) == ("Ủy ban nhân dân tỉnh Hải Dương", "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG")
    assert (doc.place, doc.issue_date) == ("Hải Dương", dt.date(2023, 4, 13))
    assert doc.doc_type == "Kế hoạch"


def test_a_bar_inside_prose_is_no_table():
    from congvan.readers.text import table_cells
    assert table_cells("Tỷ lệ đạt 50%|60% theo từng năm") is None
    assert table_cells("| TM. ỦY BAN NHÂN DÂN |") == ["TM. ỦY BAN NHÂN DÂN"]
    assert table_cells("|") == []


WEB_CELLS_REWRAPPED = """ỦY
BAN NHÂN DÂN
TỈNH TIỀN GIANG
-------
|
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
--------------
|
Số:
33/2009/QĐ-UBND
|
Mỹ
Tho, ngày 24 tháng 12 năm 2009
|
QUYẾT ĐỊNH
BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ MẠNG TIN HỌC
Điều 1. Sở Thông tin và Truyền thông chủ trì hướng dẫn thực hiện.
"""


def test_web_header_cells_rewrapped_at_random():
    """A cell re-wrapped into one-word lines ('ỦY' / 'BAN NHÂN DÂN', 'Mỹ' / 'Tho, ngày …') is read
    as the header it was: issuer left, motto right, number left, place and date right."""
    from congvan.readers.text import bar_header_cells
    doc = build_document(read_text(WEB_CELLS_REWRAPPED), path="t.txt", sha256="1" * 64, received_at=dt.date(2010, 1, 4))
    assert doc.issuer_as_written == "ỦY BAN NHÂN DÂN TỈNH TIỀN GIANG"
    assert doc.issuer == "Ủy ban nhân dân tỉnh Tiền Giang"
    assert doc.issuer_parent is None
    assert doc.doc_number == "33/2009/QĐ-UBND"
    assert (doc.place, doc.issue_date) == ("Mỹ Tho", dt.date(2009, 12, 24))
    assert doc.doc_type == "Quyết định"
    # prose with a lone bar but no motto in the second cell is not a header
    assert bar_header_cells(["Sở Y tế báo cáo.", "|", "Kết quả tốt.", "|"]) is None


SCAN_LIKE = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: /TTr-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ngãi, ngàW† tháng năm 2025
TỜ TRÌNH
Về việc miễn nhiệm chức danh Ủy viên
Ủy ban nhân dân tỉnh Quảng Ngãi nhiệm kỳ 2021 - 2026
Kính gửi: Hội đồng nhân dân tỉnh
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét.
"""


def test_ocr_garbled_date_line_and_a_trich_yeu_wrapped_before_a_capital():
    """'ngàW†' (OCR of 'ngày' beside a hand-written day) still marks the place/date line, so the
    title after it is found; a trích yếu wrapped before 'Ủy ban nhân dân …' ends at 'Kính gửi'."""
    doc = extract(SCAN_LIKE)
    assert doc.doc_type == "Tờ trình"
    assert doc.place == "Quảng Ngãi" and doc.issue_date is None
    assert doc.subject == "Về việc miễn nhiệm chức danh Ủy viên Ủy ban nhân dân tỉnh Quảng Ngãi nhiệm kỳ 2021 - 2026"


ENCLOSED_DRAFT = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 22/TTr-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ngãi, ngày 10 tháng 1 năm 2025
TỜ TRÌNH
Về việc đề nghị giao dự toán năm 2025
Kính gửi: Hội đồng nhân dân tỉnh.
Kính trình HĐND tỉnh xem xét, quyết nghị.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Hoàng Giang
HỘI ĐỒNG NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: /NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
NGHỊ QUYẾT
Giao dự toán năm 2025
Điều 1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.
Nơi nhận:
- Như trên;
CHỦ TỊCH
Bùi Thị Quỳnh Vân
"""


def test_an_enclosed_document_with_its_own_header_is_an_attachment():
    """A draft Nghị quyết sent with a Tờ trình has its own header and signer: the letter's signer
    is the Tờ trình's, and the draft is an attachment, not the closing."""
    doc = extract(ENCLOSED_DRAFT)
    assert doc.signer.name == "Nguyễn Hoàng Giang"
    assert doc.signer.authority == ["TM. ỦY BAN NHÂN DÂN"]
    assert doc.doc_number == "22/TTr-UBND"


def test_a_signer_title_wrapped_in_a_narrow_cell_is_one_title():
    from congvan.extractors.metadata import _signer
    signer = _signer(["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ", "NHIỆM", "Nguyễn Văn Tùng"])
    assert (signer.title, signer.name) == ("PHÓ CHỦ NHIỆM", "Nguyễn Văn Tùng")
    assert _signer(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Phước Hiền"]).title == "PHÓ CHỦ TỊCH"


FLATTENED = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc


Số: 73/UBND-TH Hậu Giang, ngày 12 tháng 1 năm 2018

V/v ủy quyền chỉ đạo, điều hành công việc của UBND tỉnh

Kính gửi: Sở Nội vụ.

Sở Nội vụ chủ trì tham mưu thực hiện.
"""

GAPPED = """UỶ BAN NHÂN DÂN                                            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÀNH PHỐ HỒ CHÍ MINH                                         Độc lập – Tự do – Hạnh phúc
SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số : 4144 /GDĐT – VP                                        Thành phố Hồ Chí Minh, ngày 25 tháng 11 năm 2018
Về cho học sinh nghỉ học
Kính gửi: Trưởng phòng Giáo dục và Đào tạo các quận, huyện.
Các trường cho học sinh nghỉ học ngày 26/11/2018.
"""


def test_a_two_column_header_flattened_into_lines():
    """Columns joined by one space before the motto or the place, or by a wide gap, are split."""
    doc = extract(FLATTENED)
    assert doc.issuer_as_written == "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"
    assert doc.doc_number == "73/UBND-TH"
    assert (doc.place, doc.issue_date) == ("Hậu Giang", dt.date(2018, 1, 12))
    assert doc.subject == "V/v ủy quyền chỉ đạo, điều hành công việc của UBND tỉnh"
    doc = extract(GAPPED)
    assert (doc.issuer_parent_as_written, doc.issuer_as_written) == ("UỶ BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    assert (doc.place, doc.issue_date) == ("Thành phố Hồ Chí Minh", dt.date(2018, 11, 25))


QUOC_HOI = """{issuer}
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
{number_line}
{date_line}
{title}
{name}
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Điều 1. Chính phủ có trách nhiệm quy định chi tiết các điều, khoản được giao.
{closing}
CHỦ TỊCH
Trần Văn An
"""


@pytest.mark.parametrize(("number_line", "number", "doc_type"), [
    ("Luật số: 80/2015/QH13", "80/2015/QH13", "Luật"),
    ("Nghị quyết số: 512/NQ-UBTVQH14", "512/NQ-UBTVQH14", "Nghị quyết"),
    ("Pháp lệnh số 02/2022/UBTVQH15", "02/2022/UBTVQH15", "Pháp lệnh"),
])
def test_quoc_hoi_documents_write_the_type_before_the_number(number_line, number, doc_type):
    title = doc_type.upper()
    doc = extract(QUOC_HOI.format(issuer="ỦY BAN THƯỜNG VỤ QUỐC HỘI", number_line=number_line,
                                  date_line="Hà Nội, ngày 14 tháng 8 năm 2018", title=title,
                                  name="VỀ CHƯƠNG TRÌNH GIÁM SÁT NĂM 2019", closing=""))
    assert (doc.doc_number, doc.doc_type) == (number, doc_type)
    assert doc.subject == "VỀ CHƯƠNG TRÌNH GIÁM SÁT NĂM 2019"
    assert number not in {ref.doc_number for ref in doc.references}


def test_a_citation_wrapped_to_a_line_start_is_not_the_number():
    text = HEADER.replace("Số: {number}\n", "").format(date_line="Hà Tĩnh, ngày 05 tháng 3 năm 2025")
    text = text.replace("Sở Nội vụ đề nghị", "Thực hiện\nQuyết định số 12/QĐ-UBND ngày 02/01/2025 của UBND tỉnh,\nSở Nội vụ đề nghị")
    doc = extract(text)
    assert doc.doc_number is None
    assert "number_missing" in {w.code for w in doc.warnings}


def test_a_law_is_dated_by_the_day_it_was_passed():
    doc = extract(QUOC_HOI.format(
        issuer="QUỐC HỘI", number_line="Luật số: 80/2015/QH13", date_line="", title="LUẬT",
        name="BAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT",
        closing="Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 9 "
                "thông qua ngày 22 tháng 6 năm 2015."))
    assert doc.issue_date == dt.date(2015, 6, 22) and doc.place is None
    assert "date_missing" not in {w.code for w in doc.warnings}
    assert doc.subject == "BAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT"


BROKEN_CELLS = """BẢO
HIỂM XÃ HỘI VIỆT NAM |
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Số: 5337/BHXH-BC |
Hà Nội, ngày 14 tháng 12 năm 2011 |
Kính gửi: Bảo hiểm xã hội các tỉnh, thành phố
Yêu cầu Bảo hiểm xã hội các tỉnh, thành phố báo cáo trước ngày 20/12/2011.
Nơi nhận: |
- Như trên;
- Lưu: VT, BC.
TL.
TỔNG GIÁM ĐỐC |
KT.
TRƯỞNG BAN CHI
PHÓ
TRƯỞNG BAN
Nguyễn
Minh Thảo
"""


def test_web_cells_with_their_first_word_broken_off():
    """Some web copies put each cell's first word on a line of its own: the issuer, the motto
    and the signature lines are rejoined, and a công văn's unit code is no type code."""
    doc = extract(BROKEN_CELLS)
    assert doc.issuer_as_written == "BẢO HIỂM XÃ HỘI VIỆT NAM" and doc.issuer_parent is None
    assert doc.doc_type == "Công văn"  # 5337/BHXH-BC: BC is a unit, the ký hiệu opens with the issuer
    assert doc.signer.authority == ["TL. TỔNG GIÁM ĐỐC", "KT. TRƯỞNG BAN CHI"]
    assert (doc.signer.title, doc.signer.name) == ("PHÓ TRƯỞNG BAN", "Nguyễn Minh Thảo")


def test_title_is_the_line_above_the_name_and_a_recipient_line_is_no_name():
    text = HEADER.replace("- Lưu: VT, CCHC.\n", "- VPUB: CVP, PVP Trần Văn Hà, TGĐ\nCỔNG TTĐT, VP;\nLưu: VT, V03, H07(P5\n").format(
        number="125/SNV-CCHC", date_line="Hà Tĩnh, ngày 05 tháng 3 năm 2025")
    doc = extract(text)
    assert (doc.signer.title, doc.signer.name) == ("PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Thị Lan")


@pytest.mark.parametrize(("number", "doc_type"), [
    ("12/BC-UBND", "Báo cáo"), ("12/2024/QĐ-UBND", "Quyết định"), ("12-NQ/TU", "Nghị quyết"),
    ("3308/UBND-TH", "Công văn"), ("5469/BHXH-BC", "Công văn"), ("12-CV/TU", "Công văn"),
])
def test_the_type_code_opens_the_ky_hieu(number, doc_type):
    text = HEADER.replace("V/v triển khai công tác\ncải cách hành chính năm 2025\n", "")
    doc = extract(text.format(number=number, date_line="Hà Tĩnh, ngày 05 tháng 3 năm 2025"))
    assert doc.doc_type == doc_type


def test_old_header_forms():
    """'Về:' opens a trích yếu, rules glued to a name are dropped, 'Độc Lập' in title case is
    the motto, and 'UỶ BAN NHÂN DÂN TỈNH' (old tone placement) under a Quyết định's trích yếu is
    its enacting authority, not more of the subject."""
    doc = extract("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HẬU GIANG Độc Lập - Tự Do - Hạnh Phúc\n"
                  "Số: 454/UBND-NCTH Vị Thanh, ngày 6 tháng 4 năm 2011\nVề: tham gia ý kiến dự thảo quy chế.\n"
                  "Kính gửi: Sở Nội vụ.\nĐề nghị Sở Nội vụ góp ý trước ngày 10/4/2011.\n")
    assert doc.issuer_as_written == "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"
    assert (doc.place, doc.issue_date) == ("Vị Thanh", dt.date(2011, 4, 6))
    assert doc.subject == "Về: tham gia ý kiến dự thảo quy chế."
    doc = extract("ỦY BAN NHÂN DÂN TỈNH BẮC NINH******\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc********\nSố: 101/2009/QĐ-UBND\nBắc Ninh, ngày 28 tháng 10 năm 2009\n"
                  "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH QUY CHẾ PHỐI HỢP\nUỶ BAN NHÂN DÂN TỈNH BẮC NINH\n"
                  "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n")
    assert doc.issuer_as_written == "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    assert doc.subject == "VỀ VIỆC BAN HÀNH QUY CHẾ PHỐI HỢP"


def test_capitals_of_seal_noise_above_the_name_are_no_title():
    """On a scan the seal and the signature leave capitals between the title and the name
    ('XD ST'): the title is the last line above the name that names a position."""
    text = HEADER.replace("PHÓ CHÁNH VĂN PHÒNG\n(Đã ký)\n", "PHÓ CHÁNH VĂN PHÒNG\nXD ST\n").format(
        number="125/SNV-CCHC", date_line="Hà Tĩnh, ngày 05 tháng 3 năm 2025")
    doc = extract(text)
    assert (doc.signer.title, doc.signer.name) == ("PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Thị Lan")


WRAPPED_TRICH_YEU = """CHÍNH PHỦ
Số: 66.3/2025/NQ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 15 tháng 9 năm 2025
NGHỊ QUYẾT
Tháo gỡ, xử lý vướng mắc để triển khai các dự án trong thời gian
Quy hoạch sử dụng đất quốc gia thời kỳ 2021 - 2030,
tầm nhìn đến năm 2050 chưa được phê duyệt điều chỉnh
Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Chính phủ ban hành Nghị quyết.
"""


def test_a_trich_yeu_wrapped_before_a_capital_line_that_ends_in_a_comma():
    doc = extract(WRAPPED_TRICH_YEU)
    assert doc.subject == ("Tháo gỡ, xử lý vướng mắc để triển khai các dự án trong thời gian Quy hoạch sử dụng đất quốc gia "
                           "thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 chưa được phê duyệt điều chỉnh")


def test_a_web_row_that_joins_the_trich_yeu_to_the_number_line():
    text = """BỘ LAO ĐỘNG-THƯƠNG BINH VÀ XÃ HỘI ------- |
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
Số: 2455 / LĐTBXH - LĐTL V/v thực hiện điều tra lao động và tiền lương năm 2016 |
Hà Nội, ngày 30 tháng 06 năm 2016 |
Kính gửi: Giám đốc Sở Lao động - Thương binh và Xã hội
Đề nghị đồng chí Giám đốc Sở chỉ đạo thực hiện./.
"""
    doc = extract(text)
    assert doc.doc_number == "2455/LĐTBXH-LĐTL"
    assert doc.subject == "V/v thực hiện điều tra lao động và tiền lương năm 2016"


def test_an_authority_line_wrapped_after_its_comma_is_one_line():
    from congvan.extractors.metadata import _signer

    signer = _signer(["KT. BỘ TRƯỞNG,", "CHỦ NHIỆM |".rstrip(" |"), "PHÓ CHỦ NHIỆM", "Nguyễn Văn A"])
    assert signer.authority == ["KT. BỘ TRƯỞNG, CHỦ NHIỆM"]
    assert signer.title == "PHÓ CHỦ NHIỆM" and signer.name == "Nguyễn Văn A"


def test_with_no_name_only_a_line_that_names_a_position_is_the_title():
    from congvan.extractors.metadata import _signer

    assert _signer(["KT. BỘ TRƯỞNG", "DANH SÁCH CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"]).title is None
    assert _signer(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]).title == "PHÓ CHỦ TỊCH"


def test_a_place_that_opens_with_an_abbreviation_still_marks_the_date_line():
    text = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HỒ CHÍ MINH
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 10/CT-UB-NCVX
TP. Hồ Chí Minh, ngày 15 tháng 4 năm 1996
CHỈ THỊ
Về việc tham gia cuộc vận động ủng hộ nhân dân Cu Ba
Các sở, ngành thực hiện.
"""
    doc = extract(text)
    assert doc.place == "TP. Hồ Chí Minh" and doc.issue_date == dt.date(1996, 4, 15)
    assert doc.doc_type == "Chỉ thị" and doc.subject == "Về việc tham gia cuộc vận động ủng hộ nhân dân Cu Ba"


@pytest.mark.parametrize("lines,parent,issuer", [
    (["ỦY BAN THƯỜNG VỤ", "QUỐC HỘI"], None, "ỦY BAN THƯỜNG VỤ QUỐC HỘI"),
    (["VĂN PHÒNG", "CHÍNH PHỦ"], None, "VĂN PHÒNG CHÍNH PHỦ"),
    (["UBND TỈNH NGHỆ AN", "VĂN PHÒNG"], "UBND TỈNH NGHỆ AN", "VĂN PHÒNG"),
    (["BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ"], "BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ"),
])
def test_an_issuer_line_that_names_no_one_continues_on_the_next(lines, parent, issuer):
    from congvan.extractors.metadata import split_issuer

    assert split_issuer(lines) == (parent, issuer)


OLD_TITLE = """UỶ BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 12/2005/QĐ-UB
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 10 tháng 5 năm 2005
QUYẾT ĐỊNH CỦA UỶ BAN NHÂN DÂN
TỈNH LẠNG SƠN
Về việc ban hành Quy chế làm việc của
Uỷ ban nhân dân tỉnh Lạng Sơn nhiệm kỳ 2004 - 2009
ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Uỷ ban nhân dân tỉnh./.
"""


def test_a_title_that_names_its_issuer_is_not_the_subject():
    # 'QUYẾT ĐỊNH CỦA UỶ BAN NHÂN DÂN' wraps its issuer onto the next line; the trích yếu is the
    # 'Về việc …' after it, and its line cut after 'của' goes on in the next
    doc = extract(OLD_TITLE)
    assert doc.doc_type == "Quyết định"
    assert doc.subject == "Về việc ban hành Quy chế làm việc của Uỷ ban nhân dân tỉnh Lạng Sơn nhiệm kỳ 2004 - 2009"
