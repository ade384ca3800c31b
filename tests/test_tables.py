"""Assignment tables (samples/README.md, "Assignment tables"): one task per row, roles by column.

Three shapes of the same table: a vbpl.vn text with a cell per line, a web row with '|' between
cells, and a real DOCX table written by python-docx and read by the DOCX reader.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from congvan.extractors.deadlines import cell_deadline
from congvan.layout.tables import align, column_kind
from congvan.pipeline import build_document, process_file
from congvan.readers.text import read_text
from test_tasks import TEMPLATE, _with_attachment, tasks_of

ROWS = [
    ("1", "Xây dựng kế hoạch chuyển đổi số năm 2024", "Sở Thông tin và Truyền thông", "Các sở, ban, ngành; UBND cấp huyện", "Quý II/2024"),
    ("2", "Rà soát, sửa đổi quy chế phối hợp", "Sở Nội vụ", "", "Tháng 6/2024"),
    ("3", "Bố trí kinh phí thực hiện", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Thường xuyên"),
]
HEADER = ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")


def _summary(tasks):
    return [(t.assignees, t.lead, t.collaborators, t.deadline.kind, t.deadline.date and t.deadline.date.isoformat())
            for t in tasks if "task.table_row.lead_column" in t.rules or "task.table_row.doer_column" in t.rules]


EXPECTED = [
    (["Sở Thông tin và Truyền thông"], "Sở Thông tin và Truyền thông", ["các sở, ban, ngành", "UBND cấp huyện"], "absolute", "2024-06-30"),
    (["Sở Nội vụ"], "Sở Nội vụ", [], "absolute", "2024-06-30"),
    (["Sở Tài chính"], "Sở Tài chính", ["Sở Kế hoạch và Đầu tư"], "ongoing", None),
]


def test_column_headers_say_what_each_column_holds():
    assert [column_kind(h) for h in HEADER] == ["number", "task", "lead", "collab", "deadline"]
    assert column_kind("CƠ QUAN CHỦ TRÌ THẨM TRA") == "lead"
    assert column_kind("Cơ quan trình") == "doer"
    assert column_kind("Đơn vị phối hợp thực hiện") == "collab"
    assert column_kind("Tên tiêu chí") is None  # a criteria table names no doer


def test_a_time_cell_is_a_deadline_without_the_words_a_sentence_needs():
    day = dt.date(2025, 5, 1)
    read = {t: cell_deadline(t, day, day).deadline for t in ("Tháng 6/2026", "2026", "31/12/2025", "Kỳ họp thứ 10",
                                                              "Tháng 10/2025 - Tháng 12/2025", "Hằng năm")}
    assert read["Tháng 6/2026"].date == dt.date(2026, 6, 30) and read["Tháng 6/2026"].text == "Tháng 6/2026"
    assert read["2026"].date == dt.date(2026, 12, 31)
    assert read["31/12/2025"].date == dt.date(2025, 12, 31)
    assert read["Kỳ họp thứ 10"].kind == "event" and read["Kỳ họp thứ 10"].date is None
    assert read["Tháng 10/2025 - Tháng 12/2025"].date == dt.date(2025, 12, 31)  # a range is due at its end
    assert read["Hằng năm"].kind == "recurring"
    assert cell_deadline("Sở Nội vụ", day, day) is None
    # a list of periods is due at its last, which borrows the unit of the first
    assert cell_deadline("Quý I, II/2026", day, day).deadline.date == dt.date(2026, 6, 30)
    assert cell_deadline("Tháng 5 và tháng 6/2026", day, day).deadline.date == dt.date(2026, 6, 30)


def test_a_flattened_row_is_laid_into_its_columns_by_what_its_lines_look_like():
    kinds = ["task", "lead", "collab", "deadline"]
    assert align(["Rà soát quy chế", "Sở Nội vụ", "Tháng 6/2024"], kinds) == [0, 1, 3]
    # 'Tổ chức' opens a task here, not a body's name
    assert align(["Tổ chức tuyên truyền", "Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình tỉnh", "Năm 2024"], kinds) == [0, 1, 2, 3]


def test_a_table_flattened_to_a_cell_per_line_gives_a_task_per_row():
    lines = [*HEADER, "I", "Nhóm nhiệm vụ về thể chế"]
    for row in ROWS:
        lines.extend(cell for cell in row if cell)
    doc = _with_attachment("PHỤ LỤC PHÂN CÔNG NHIỆM VỤ", "\n".join(lines))
    assert _summary(doc.tasks) == EXPECTED
    # the body's own sentence stays a task, numbered first; the group row 'I' is no task
    assert doc.tasks[0].assignees == ["Sở Y tế"] and len(doc.tasks) == 4
    assert [t.id[-3:] for t in doc.tasks] == ["t01", "t02", "t03", "t04"]
    assert doc.tasks[1].evidence.text == "Xây dựng kế hoạch chuyển đổi số năm 2024 Sở Thông tin và Truyền thông Các sở, ban, ngành; UBND cấp huyện Quý II/2024"


def test_a_merged_doer_cell_is_inherited_by_the_rows_below_it():
    lines = ["STT", "Tên dự án", "Cơ quan trình", "Thời gian trình",
             "1", "Luật Đất đai (sửa đổi)", "Chính phủ", "Tháng 3/2026",
             "2", "Luật Quy hoạch (sửa đổi)", "Tháng 5/2026"]
    doc = _with_attachment("DANH MỤC DỰ ÁN LUẬT", "\n".join(lines))
    rows = [t for t in doc.tasks if "task.table_row.doer_column" in t.rules]
    assert [(t.assignees, t.lead, t.deadline.date) for t in rows] == [
        (["Chính phủ"], None, dt.date(2026, 3, 31)), (["Chính phủ"], None, dt.date(2026, 5, 31))]
    assert rows[1].evidence.text == "Luật Quy hoạch (sửa đổi) Tháng 5/2026"  # evidence is the row's own cells


def test_a_criteria_table_without_a_doer_column_is_left_to_the_sentence_rules():
    annex = "\n".join(["STT", "Tên tiêu chí", "Nội dung tiêu chí", "Chỉ tiêu", "1", "Văn hóa ứng xử",
                       "Tỷ lệ cơ quan ban hành quy chế ứng xử", "100%"])
    doc = _with_attachment("BỘ TIÊU CHÍ", annex)
    assert not any(r.startswith("task.table_row") for t in doc.tasks for r in t.rules)


def test_a_web_table_with_bars_between_cells_gives_a_task_per_row():
    body = "\n".join(["Giao các cơ quan thực hiện các nhiệm vụ sau:",
                      "| STT | Nhiệm vụ | Đơn vị thực hiện | Thời hạn |",
                      "| 1 | Báo cáo kết quả rà soát | Sở Y tế | 30/6/2023 |",
                      "| 2 | Xây dựng đề án | Sở Nội vụ, Sở Tài chính | Quý III/2023 |"])
    tasks = tasks_of(body)
    assert [(t.assignees, t.lead, t.deadline.date) for t in tasks] == [
        (["Sở Y tế"], None, dt.date(2023, 6, 30)), (["Sở Nội vụ", "Sở Tài chính"], None, dt.date(2023, 9, 30))]
    assert tasks[0].evidence.text == "Báo cáo kết quả rà soát Sở Y tế 30/6/2023"


def _to_pdf(source: Path, tmp_path: Path) -> Path:
    """The DOCX printed to PDF by LibreOffice, as an office's letters are."""
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(source)],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / "pdf" / f"{source.stem}.pdf"


def _table_letter(path: Path, rows=ROWS, merge=None) -> Path:
    """A letter whose body hands out work in a ruled five-column table, written by python-docx."""
    header, body = TEMPLATE.split("{body}")
    document = docx.Document()
    for line in header.format(to="Các sở, ban, ngành cấp tỉnh.").strip().splitlines():
        document.add_paragraph(line)
    document.add_paragraph("Giao các cơ quan thực hiện các nhiệm vụ tại bảng sau:")
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    table.style = "Table Grid"  # borders, as a printed Kế hoạch has them
    for r, row in enumerate([HEADER, *rows]):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    if merge is not None:
        merge(table)
    for line in body.strip().splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (make system)")
def test_a_ruled_table_in_a_pdf_is_read_from_its_border_lines(tmp_path: Path):
    source = _table_letter(tmp_path / "ke_hoach.docx")
    doc = process_file(_to_pdf(source, tmp_path), received_at=dt.date(2023, 4, 28))
    assert _summary(doc.tasks) == EXPECTED
    first = next(t for t in doc.tasks if t.lead == "Sở Thông tin và Truyền thông")
    assert first.evidence.text == "Xây dựng kế hoạch chuyển đổi số năm 2024 Sở Thông tin và Truyền thông Các sở, ban, ngành; UBND cấp huyện Quý II/2024"
    assert doc.signer.name == "Lê Hồng Vinh"


def test_a_docx_assignment_table_is_read_from_its_grid(tmp_path: Path):
    doc = process_file(_table_letter(tmp_path / "ke_hoach.docx"), received_at=dt.date(2023, 4, 28))
    assert _summary(doc.tasks) == EXPECTED
    assert doc.signer.name == "Lê Hồng Vinh"  # the closing after the table is still found
    # a cell's text is evidence on the page, at its offsets
    first = next(t for t in doc.tasks if t.lead == "Sở Thông tin và Truyền thông")
    assert first.evidence.text.startswith("Xây dựng kế hoạch chuyển đổi số năm 2024 Sở Thông tin")


def test_a_table_line_is_no_sentence_unit_too():
    body = "\n".join(["| STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |",
                      "| 1 | Sở Y tế chủ trì kiểm tra các cơ sở | Sở Y tế | 30/6/2023 |"])
    tasks = build_document(read_text(TEMPLATE.format(body=body, to="Sở Y tế.")), path="t.txt", sha256="1" * 64,
                           received_at=dt.date(2023, 4, 28)).tasks
    assert len(tasks) == 1 and tasks[0].lead == "Sở Y tế"


def _merged_letter(path: Path) -> Path:
    """A ruled table whose 'Cơ quan chủ trì' cell spans three rows and a time cell two."""
    rows = [("1", "Xây dựng kế hoạch chuyển đổi số", "Sở Nội vụ", "Các sở, ban, ngành", "Quý II/2024"),
            ("2", "Rà soát, sửa đổi quy chế phối hợp", "", "", ""), ("3", "Bố trí kinh phí", "", "", "Quý III/2024")]

    def merge(table) -> None:
        table.cell(1, 2).merge(table.cell(3, 2))
        table.cell(1, 4).merge(table.cell(2, 4))

    return _table_letter(path, rows, merge)


MERGED = [(["Sở Nội vụ"], ["các sở, ban, ngành"], dt.date(2024, 6, 30)), (["Sở Nội vụ"], [], dt.date(2024, 6, 30)),
          (["Sở Nội vụ"], [], dt.date(2024, 9, 30))]


def test_a_cell_merged_over_rows_gives_its_body_to_each_row_in_docx_and_pdf(tmp_path: Path):
    source = _merged_letter(tmp_path / "merged.docx")
    found = {"docx": process_file(source, received_at=dt.date(2023, 4, 28))}
    if shutil.which("soffice"):
        found["pdf"] = process_file(_to_pdf(source, tmp_path), received_at=dt.date(2023, 4, 28))
    for kind, doc in found.items():
        rows = [t for t in doc.tasks if any(r.startswith("task.table_row") for r in t.rules)]
        assert [(t.assignees, t.collaborators, t.deadline.date) for t in rows] == MERGED, kind
        assert rows[1].evidence.text.startswith("Rà soát, sửa đổi quy chế phối hợp"), kind


def test_a_blank_cell_of_a_web_row_keeps_the_columns_after_it_in_place():
    body = "\n".join(["| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |",
                      "| 1 | Báo cáo kết quả rà soát | Sở Y tế | | 30/6/2023 |"])
    tasks = tasks_of(body)
    assert [(t.assignees, t.collaborators, t.deadline.date) for t in tasks] == [(["Sở Y tế"], [], dt.date(2023, 6, 30))]


def test_a_heading_line_in_capitals_ends_its_paragraph_in_a_pdf():
    # a PDF gives visual lines; 'I. MỤC ĐÍCH, YÊU CẦU' has no final stop but still ends there
    from congvan.layout.units import paragraphs
    from congvan.readers.base import Line
    lines = [Line(t, 1, 0) for t in ("I. MỤC ĐÍCH, YÊU CẦU", "Xác định rõ nhiệm vụ của từng cơ quan,", "đơn vị trong năm 2026.",
                                      "QUY ĐỊNH VỀ CÔNG TÁC VĂN THƯ", "VÀ LƯU TRỮ")]
    assert [p.text for p in paragraphs(lines, list(range(len(lines))), True)] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "Xác định rõ nhiệm vụ của từng cơ quan, đơn vị trong năm 2026.",
        "QUY ĐỊNH VỀ CÔNG TÁC VĂN THƯ VÀ LƯU TRỮ"]


def test_the_sub_columns_of_a_time_column_keep_one_time_cell_each():
    # 'Thời gian trình' over two sub-columns, flattened: the row's deadline is its first time cell
    lines = ["STT", "Tên dự án", "Cơ quan trình", "Cơ quan chủ trì thẩm tra", "Thời gian trình",
             "Ủy ban Thường vụ Quốc hội cho ý kiến", "Quốc hội thông qua",
             "1", "Luật Đất đai (sửa đổi)", "Chính phủ", "Ủy ban Pháp luật và Tư pháp", "Phiên họp tháng 3/2026", "Kỳ họp thứ 11"]
    doc = _with_attachment("DANH MỤC CÁC DỰ ÁN", "\n".join(lines))
    rows = [t for t in doc.tasks if any(r.startswith("task.table_row") for r in t.rules)]
    # the submitting body, then the reviewing committee (a second doer column, 'chủ trì' in its header)
    assert [(t.assignees, t.lead, t.deadline.kind, t.deadline.text) for t in rows] == [
        (["Chính phủ"], None, "event", "Phiên họp tháng 3/2026"),
        (["Ủy ban Pháp luật và Tư pháp"], "Ủy ban Pháp luật và Tư pháp", "event", "Phiên họp tháng 3/2026")]


def test_grids_come_only_from_three_or_more_ruled_columns():
    from congvan.readers.grid import Grid, find_grids
    from congvan.readers.geometry import Word
    # a box around a paragraph (two verticals) and an underline are no table
    box = [(100, 100, 101, 200), (300, 100, 301, 200), (100, 100, 300, 101), (100, 199, 300, 200)]
    assert find_grids(box) == []
    # four verticals and three rules: a table of three columns and two rows
    xs, ys = (100, 200, 300, 400), (100, 150, 200)
    rules = [(x, 100, x + 1, 200) for x in xs] + [(100, y, 401, y + 1) for y in ys]
    grids = find_grids(rules)
    assert len(grids) == 1 and len(grids[0].xs) == 4 and len(grids[0].ys) == 3
    assert grids[0].cell_of(Word("Sở", 210, 230, 160, 170)) == (1, 1)
    assert grids[0].cell_of(Word("ngoài", 500, 520, 160, 170)) is None
    assert isinstance(grids[0], Grid)
