"""Task extraction on hand-made bodies: what becomes a task, what inherits from a heading."""

import datetime as dt

from congvan.pipeline import build_document
from congvan.readers import read_text

TEMPLATE = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 3308/UBND-TH
V/v chấn chỉnh, tăng cường trách nhiệm
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghệ An, ngày 27 tháng 4 năm 2023
Kính gửi: {to}
{body}
Nơi nhận:
- Như trên;
- Lưu: VT, TH.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Hồng Vinh
"""


def tasks_of(body: str, to: str = "Các sở, ban, ngành cấp tỉnh."):
    doc = build_document(read_text(TEMPLATE.format(body=body, to=to)), path="t.txt", sha256="1" * 64,
                         received_at=dt.date(2023, 4, 28))
    return doc.tasks


def assignees_by_evidence(*lines: str) -> dict[str, list[str]]:
    """The assignees of each task of a letter whose body is ``lines``, keyed by evidence text."""
    return {t.evidence.text: t.assignees for t in tasks_of("\n".join(lines))}


def test_preambles_narrative_and_chairing_are_not_tasks():
    body = "\n".join([
        "Thực hiện Công điện số 280/CĐ-TTg ngày 19/4/2023 của Thủ tướng Chính phủ về chấn chỉnh công tác.",
        "Căn cứ Quyết định số 56/2021/QĐ-UBND ngày 09/12/2021 của UBND tỉnh.",
        "Thời gian qua, Sở Y tế đã chỉ đạo các đơn vị triển khai nhiều giải pháp.",
        "Phó Chủ tịch UBND tỉnh chủ trì Hội nghị trực tuyến với các địa phương.",
        "Quyết định này có hiệu lực kể từ ngày ký.",
    ])
    assert tasks_of(body) == []


def test_directive_sentence_becomes_one_task_with_evidence():
    body = ("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát kinh phí, báo cáo UBND tỉnh "
            "trước ngày 30/6/2023./.")
    (task,) = tasks_of(body)
    assert task.assignees == ["Sở Tài chính"] and task.lead == "Sở Tài chính"
    assert task.collaborators == ["Sở Nội vụ"] and task.report_to == "UBND tỉnh"
    assert task.deadline.kind == "absolute" and task.deadline.date == dt.date(2023, 6, 30)
    assert task.evidence.text.startswith("Giao Sở Tài chính") and task.evidence.page == 1
    assert task.action and task.action.startswith("rà soát kinh phí")
    assert task.deliverable == "báo cáo"
    assert 0 < task.confidence <= 1


def test_items_inherit_the_heading_body():
    body = "\n".join([
        "1. Sở Y tế:",
        "- Chủ trì, phối hợp với Công an tỉnh kiểm tra các cơ sở khám bệnh, chữa bệnh;",
        "- Hằng tháng trước ngày 20, tổng hợp báo cáo UBND tỉnh.",
        "2. Trách nhiệm của Sở Giáo dục và Đào tạo",
        "- Hướng dẫn các trường học triển khai; hoàn thành trong quý III/2023.",
    ])
    tasks = tasks_of(body)
    assert [t.assignees for t in tasks] == [["Sở Y tế"], ["Sở Y tế"], ["Sở Giáo dục và Đào tạo"]]
    assert tasks[0].lead == "Sở Y tế" and tasks[0].collaborators == ["Công an tỉnh"]
    assert tasks[1].deadline.kind == "recurring" and tasks[1].deadline.date == dt.date(2023, 5, 20)
    assert tasks[2].deadline.date == dt.date(2023, 9, 30)
    assert not tasks[0].evidence.text.startswith("-")  # list markers are not part of the evidence


def test_quy_so_assigns_the_addressee():
    (task,) = tasks_of("Đề nghị Quý Sở khẩn trương rà soát, báo cáo kết quả về UBND tỉnh.", to="Sở Giáo dục và Đào tạo")
    assert task.assignees == ["Sở Giáo dục và Đào tạo"]
    assert task.deadline.kind == "urgent"


def test_relative_deadline_counts_working_days_from_receipt():
    (task,) = tasks_of("Yêu cầu UBND các huyện báo cáo trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản.")
    assert task.deadline.kind == "relative" and task.deadline.working_days
    assert task.deadline.date == dt.date(2023, 5, 10)  # 29/4–3/5 are holidays (30/4, 1/5 and bridges)


def test_issuer_lead_in_hands_no_body_to_plan_goals():
    """A Kế hoạch's goal items under the issuer's own lead-in are not tasks of the issuer."""
    body = "\n".join([
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, UBND tỉnh ban hành Kế hoạch cải cách hành chính năm 2024 như sau:",
        "I. NỘI DUNG",
        "1. Cải cách thể chế: nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật.",
        "2. Cải cách tài chính công: đẩy mạnh giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập.",
        "II. TỔ CHỨC THỰC HIỆN",
        "1. Sở Tư pháp:",
        "- Phối hợp với Văn phòng UBND tỉnh thẩm định các quy định về thủ tục hành chính trước khi trình UBND tỉnh ban hành.",
        "2. Các sở, ban, ngành cấp tỉnh:",
        "- Căn cứ Kế hoạch này, xây dựng kế hoạch cải cách hành chính của cơ quan; gửi về Sở Nội vụ trước ngày 31/01/2024.",
    ])
    tasks = tasks_of(body, to="")  # a Kế hoạch has no Kính gửi
    assert [t.assignees for t in tasks] == [["Sở Tư pháp"], ["các sở, ban, ngành cấp tỉnh"]]
    assert tasks[0].collaborators == ["Văn phòng UBND tỉnh"]
    assert tasks[1].deadline.date == dt.date(2024, 1, 31)


def test_each_sentence_of_an_item_with_its_own_obligation_is_a_task():
    body = "\n".join([
        "1. Sở Nội vụ:",
        "- Định kỳ hằng quý, trước ngày 15 tháng cuối quý, tổng hợp tình hình thực hiện, báo cáo UBND tỉnh. "
        "Báo cáo năm gửi UBND tỉnh trước ngày 15/12/2023.",
        "- Thông báo kết quả cho các đơn vị. Việc thông báo được thực hiện bằng văn bản hoặc thư điện tử.",
    ])
    tasks = tasks_of(body)
    assert [t.assignees for t in tasks] == [["Sở Nội vụ"]] * 3
    assert tasks[0].deadline.kind == "recurring"
    assert tasks[1].evidence.text == "Báo cáo năm gửi UBND tỉnh trước ngày 15/12/2023."
    assert tasks[1].deadline.date == dt.date(2023, 12, 15)
    assert tasks[2].evidence.text.endswith("thư điện tử.")  # the 'Việc …' sentence only qualifies


def test_norms_titles_and_rules_about_a_task_are_not_tasks():
    body = "\n".join([
        "1. Sở Tài chính có trách nhiệm:",
        "a) Định mức khoán chi cho nhiệm vụ do Sở Tài chính chủ trì xây dựng thực hiện theo Phụ lục I.",
        "b) Nội dung thông tin, tuyên truyền gồm: tình hình, phương thức, thủ đoạn.",
        "c) Chủ động quyết định nội dung chi đối với nhiệm vụ thuộc thẩm quyền.",
        "Việc quyết định nội dung chi quy định tại điểm này không được vượt quá tổng mức chi.",
        "Tổ chức thực hiện",
    ])
    tasks = tasks_of(body, to="")
    assert [t.evidence.text[:20] for t in tasks] == ["Chủ động quyết định "]
    assert tasks[0].assignees == ["Sở Tài chính"]


def test_frame_after_subject_then_the_verb():
    (task,) = tasks_of("Các địa phương căn cứ tình hình thực tế ngân sách địa phương mình, chủ động cân đối, bố trí ngân sách.",
                       to="")
    assert task.assignees == ["các địa phương"]


def test_narrative_and_membership_lines_are_not_tasks():
    body = "\n".join([
        "1. Các chi bộ trực thuộc:",
        "- Duy trì nghiêm nền nếp sinh hoạt chi bộ.",
        "- Tuy nhiên, vẫn còn tình trạng một số đảng viên chưa tham gia sinh hoạt đầy đủ.",
        "- Các thành viên: Lãnh đạo các Sở: Tài chính, Xây dựng; lãnh đạo Kho bạc Nhà nước tỉnh.",
    ])
    tasks = tasks_of(body, to="")
    assert [t.evidence.text for t in tasks] == ["Duy trì nghiêm nền nếp sinh hoạt chi bộ."]


ATTACHED = TEMPLATE + """PHỤ LỤC I
{title}
(Kèm theo Công văn số 3308/UBND-TH ngày 27 tháng 4 năm 2023 của UBND tỉnh)
{annex}
"""


def _with_attachment(title: str, annex: str, body: str = "Giao Sở Y tế chủ trì kiểm tra các cơ sở."):
    text = ATTACHED.format(body=body, to="Các sở, ban, ngành cấp tỉnh.", title=title, annex=annex)
    return build_document(read_text(text), path="t.txt", sha256="1" * 64, received_at=dt.date(2023, 4, 28))


def test_an_attachment_after_the_signature_keeps_the_closing_and_its_own_tasks():
    # A long annex after the signature used to hide the closing (looked for in the last lines):
    # the signer and Nơi nhận were lost and the annex was read as body.
    annex = "\n".join(f"{i}. Sở Tài chính rà soát danh mục dự án nhóm {i}." for i in range(1, 60))
    doc = _with_attachment("DANH MỤC NHIỆM VỤ", annex)
    assert doc.signer.name == "Lê Hồng Vinh"
    assert doc.signer.authority == ["KT. CHỦ TỊCH"]
    assert [c for c in doc.cc] == ["Như trên", "Lưu: VT, TH"]
    assert doc.tasks[0].assignees == ["Sở Y tế"]
    assert len(doc.tasks) == 60 and all(t.assignees == ["Sở Tài chính"] for t in doc.tasks[1:])


def test_cells_of_a_criteria_annex_are_not_tasks():
    # table cells end without a full stop
    annex = "1.1. Có quy hoạch chung xã được phê duyệt\nĐạt\nBộ Xây dựng hướng dẫn; UBND cấp tỉnh quy định cụ thể việc áp dụng"
    doc = _with_attachment("BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI", annex)
    assert [t.assignees for t in doc.tasks] == [["Sở Y tế"]]
    # the same cell in an annex of tasks is a task
    doc = _with_attachment("DANH MỤC NHIỆM VỤ", annex)
    assert ["Bộ Xây dựng"] in [t.assignees for t in doc.tasks]


def test_a_body_sentence_citing_an_annex_is_not_an_attachment():
    body = "Giao Sở Y tế chủ trì thực hiện các nhiệm vụ tại Phụ lục kèm theo.\n(Kèm theo danh mục)\nSở Tài chính bố trí kinh phí."
    doc = build_document(read_text(TEMPLATE.format(body=body, to="Các sở.")), path="t.txt", sha256="1" * 64,
                         received_at=dt.date(2023, 4, 28))
    assert doc.signer.name == "Lê Hồng Vinh"
    assert ["Sở Tài chính"] in [t.assignees for t in doc.tasks]


def test_a_duty_heading_names_its_owner_and_an_elided_subject_stays_in_its_section():
    body = """Điều 11. Trách nhiệm của Sở Y tế
1. Lập hồ sơ, báo cáo Bộ Y tế đề nghị cơ quan có thẩm quyền cấp giấy phép.
Điều 12. Quyền và trách nhiệm của nhà nghỉ dưỡng
1. Tiếp nhận, vận hành hoạt động của nhà nghỉ dưỡng.
2. Xây dựng nội quy sử dụng nhà nghỉ dưỡng."""
    tasks = tasks_of(body)
    assert [t.assignees for t in tasks] == [["Sở Y tế"], ["nhà nghỉ dưỡng"], ["nhà nghỉ dưỡng"]]


def test_the_contents_of_a_file_are_no_tasks_but_the_step_before_them_is():
    body = """1. Ủy ban nhân dân cấp xã lập hồ sơ đề nghị công nhận xã đảo gửi Sở Nội vụ thẩm định. Hồ sơ gồm các văn bản, tài liệu sau:
a) Tờ trình của Ủy ban nhân dân cấp xã trình Chủ tịch Ủy ban nhân dân tỉnh;
b) Báo cáo về vị trí địa lý của đơn vị hành chính cấp xã.
2. Sở Nội vụ thẩm định hồ sơ trong thời hạn 10 ngày làm việc."""
    tasks = tasks_of(body)
    assert [t.evidence.text for t in tasks] == [
        "Ủy ban nhân dân cấp xã lập hồ sơ đề nghị công nhận xã đảo gửi Sở Nội vụ thẩm định.",
        "Sở Nội vụ thẩm định hồ sơ trong thời hạn 10 ngày làm việc.",
    ]


def test_a_hard_wrapped_text_is_unwrapped_but_a_text_of_paragraphs_is_not():
    from congvan.layout.units import wrapping_of
    from congvan.readers.base import Line
    wrapped = [Line(t, 1, 0) for t in ("Giao Sở Y tế chủ trì, phối hợp với các sở", "kiểm tra các cơ sở khám bệnh,",
                                          "chữa bệnh trên địa bàn tỉnh.", "Sở Tài chính bố trí kinh phí.")]
    assert wrapping_of("txt", wrapped) == "hard"
    cells = [Line(t, 1, 0) for t in ("STT", "Tên dự án", "cơ quan trình", "Thời gian trình", "1", "Luật Đất đai (sửa đổi)",
                                     "Chính phủ", "Tháng 3/2026", "Sở Y tế chủ trì.", "Sở Tài chính bố trí.")]
    assert wrapping_of("txt", cells) is False
    assert wrapping_of("pdf") is True and wrapping_of("docx") is False
    body = ("Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính\nkiểm tra các cơ sở khám bệnh, chữa bệnh\ntrên địa bàn tỉnh, báo cáo UBND tỉnh\n"
            "trước ngày 30/6/2023. Giao Sở Nội vụ rà soát\nbiên chế các đơn vị sự nghiệp,\nhoàn thành trong tháng 7\nnăm 2023 và"
            "\nbáo cáo kết quả.")
    tasks = tasks_of(body)
    assert [t.assignees for t in tasks] == [["Sở Y tế"], ["Sở Nội vụ"]]
    assert tasks[0].deadline.kind == "absolute" and tasks[0].evidence.text.endswith("trước ngày 30/6/2023.")


def test_a_procedure_written_in_a_criteria_annex_keeps_its_steps():
    annex = ("1.1. Có quy hoạch chung xã được phê duyệt\nĐạt\nBộ Xây dựng hướng dẫn; UBND cấp tỉnh quy định cụ thể việc áp dụng\n"
             "Quy trình khung xét, công nhận xã đạt chuẩn\n1. Ủy ban nhân dân cấp xã đánh giá, báo cáo kết quả thực hiện Bộ tiêu chí.")
    doc = _with_attachment("BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI", annex)
    assert [t.assignees for t in doc.tasks] == [["Sở Y tế"], ["Ủy ban nhân dân cấp xã"]]


def test_a_bare_head_word_is_the_addressee_of_that_kind():
    tasks = tasks_of("Đề nghị đồng chí Giám đốc Sở quan tâm, chỉ đạo thực hiện trước ngày 15/5/2023./.",
                     to="Giám đốc Sở Lao động - Thương binh và Xã hội.")
    assert [t.assignees for t in tasks] == [["Sở Lao động - Thương binh và Xã hội"]]
    assert "task.bare_head_is_addressee" in tasks[0].rules


def test_a_bare_name_under_an_owners_heading_picks_its_items_owner():
    """'Điều 14. Quyền và trách nhiệm của Cục Hậu cần, Cục Y tế …' then '1. Cục Hậu cần' over a), b):
    the items are that body's. 'Quyền và trách nhiệm cơ quan chủ quản' (no 'của') names its owner too."""
    found = assignees_by_evidence(
        "Điều 10. Quyền và trách nhiệm cơ quan chủ quản",
        "1. Phê duyệt Quy chế chi tiêu nội bộ của nhà nghỉ dưỡng.",
        "Điều 14. Quyền và trách nhiệm của Cục Hậu cần, Cục Y tế và Công an đơn vị, địa phương",
        "1. Cục Hậu cần",
        "a) Tổ chức hướng dẫn, kiểm tra nghiệp vụ công tác nghỉ dưỡng;",
        "b) Theo dõi, đôn đốc việc quản lý nhà nghỉ dưỡng.",
        "2. Cục Y tế",
        "a) Tổ chức thực hiện cấp phát phiếu điều dưỡng theo quy định.",
    )
    assert found["Phê duyệt Quy chế chi tiêu nội bộ của nhà nghỉ dưỡng."] == ["cơ quan chủ quản"]
    assert found["Tổ chức hướng dẫn, kiểm tra nghiệp vụ công tác nghỉ dưỡng;"] == ["Cục Hậu cần"]
    assert found["Tổ chức thực hiện cấp phát phiếu điều dưỡng theo quy định."] == ["Cục Y tế"]


def test_a_bare_name_heading_elsewhere_hands_nothing_down():
    body = "\n".join([
        "II. NỘI DUNG",
        "1. Trung tâm Văn hóa tỉnh",
        "a) Có quy chế quản lý và vận hành hiệu quả.",
    ])
    assert not any("Trung tâm Văn hóa tỉnh" in t.assignees for t in tasks_of(body))


def test_quoted_amendment_items_and_paren_roman_markers():
    """Amendment text quotes the clause it inserts ('“đ) Trong thời hạn …:') and lists under it with
    '(i)', '(ii)': the quote goes with the marker. The clause states the duty (to issue a document)
    with its time, so it is the task; the (i) items are what that document says (samples/README.md)."""
    from congvan.layout.units import marker_of
    assert marker_of("“đ) Trong thời hạn 42 ngày") == ("letter", 4)
    assert marker_of("(ii) Chấp thuận danh sách") == ("paren_roman", 5)
    assert marker_of("“30/6/2023 là hạn cuối") == (None, 0)
    body = "\n".join([
        "“đ) Trong thời hạn 42 ngày kể từ ngày nhận đủ hồ sơ hợp lệ, Ngân hàng Nhà nước Khu vực có văn bản:",
        "(i) Chấp thuận nguyên tắc việc tổ chức lại quỹ tín dụng nhân dân;",
        "(ii) Chấp thuận danh sách dự kiến bầu Hội đồng quản trị.”.",
    ])
    tasks = tasks_of(body)
    assert not [t for t in tasks if t.evidence.text.startswith("Chấp thuận")]
    [lead_in] = tasks
    assert lead_in.assignees == ["Ngân hàng Nhà nước Khu vực"]
    assert lead_in.deadline.text == "Trong thời hạn 42 ngày kể từ ngày nhận đủ hồ sơ hợp lệ"


def test_chu_tri_after_a_frame_sets_the_lead():
    """'Trên cơ sở …, chủ trì, phối hợp với …' under a body's heading: that body leads. Not when
    chủ trì belongs to a purpose clause ('báo cáo Bộ Tài chính để chủ trì …') or a directed body."""
    body = "\n".join([
        "Điều 3. Trách nhiệm của Bộ Tài chính",
        "1. Trên cơ sở báo cáo của Ngân hàng Chính sách xã hội, chủ trì, phối hợp với các bộ báo cáo cấp có thẩm quyền.",
        "2. Khi có vướng mắc, các đơn vị báo cáo Bộ Tài chính để chủ trì, phối hợp với các bộ hướng dẫn.",
    ])
    tasks = tasks_of(body)
    leads = {t.evidence.text[:20]: t.lead for t in tasks}
    assert leads["Trên cơ sở báo cáo c"] == "Bộ Tài chính"
    # the sender does not lead; the purpose clause gives Bộ Tài chính a task of its own, as lead
    # (samples/README.md, "One task or several")
    second = [(t.assignees, t.lead) for t in tasks if t.evidence.text.startswith("Khi có vướng mắc")]
    assert second == [(["các đơn vị"], None), (["Bộ Tài chính"], "Bộ Tài chính")]


def test_a_body_the_document_defines_by_its_duties_is_a_subject_elsewhere():
    """'Điều 12. Quyền và trách nhiệm của nhà nghỉ dưỡng' makes 'nhà nghỉ dưỡng' a body of this
    document: 'Nhà nghỉ dưỡng bố trí phòng nghỉ …' in another article is its task."""
    found = assignees_by_evidence(
        "Điều 8. Bố trí phòng nghỉ",
        "1. Nhà nghỉ dưỡng bố trí phòng nghỉ cho cán bộ, chiến sĩ theo kế hoạch.",
        "Điều 12. Quyền và trách nhiệm của nhà nghỉ dưỡng",
        "1. Xây dựng quy chế làm việc của nhà nghỉ dưỡng.",
    )
    assert found["Nhà nghỉ dưỡng bố trí phòng nghỉ cho cán bộ, chiến sĩ theo kế hoạch."] == ["Nhà nghỉ dưỡng"]
    assert found["Xây dựng quy chế làm việc của nhà nghỉ dưỡng."] == ["nhà nghỉ dưỡng"]


def test_a_purpose_clause_with_a_marker_of_its_own_gives_the_recipient_a_task():
    # samples/README.md, "A purpose clause gives the recipient a task only when it has a marker of its own"
    def roles(body):
        return [(t.assignees, t.lead, t.report_to, t.deadline.date) for t in tasks_of(body)]

    assert roles("Các sở gửi báo cáo về Sở Kế hoạch và Đầu tư để tổng hợp, trình UBND tỉnh trước ngày 15/12/2023.") == [
        (["các sở"], None, "Sở Kế hoạch và Đầu tư", dt.date(2023, 12, 15)),
        (["Sở Kế hoạch và Đầu tư"], None, "UBND tỉnh", dt.date(2023, 12, 15))]
    assert roles("Các huyện gửi hồ sơ về Sở Tài chính để chủ trì, phối hợp với các sở hướng dẫn, xử lý.")[1][:2] == (["Sở Tài chính"], "Sở Tài chính")
    # only compiling or following up, or a report to no named body: the recipient gets nothing
    assert len(roles("Các đơn vị gửi kết quả về Sở Nội vụ để theo dõi.")) == 1
    assert len(roles("Các sở gửi phương án về Sở Tài chính để tổng hợp và báo cáo cấp có thẩm quyền theo quy định.")) == 1
    # the issuer's own intention is no task
    assert len(roles("Các đơn vị phản ánh về UBND tỉnh để xem xét, báo cáo Thủ tướng Chính phủ.")) == 1


def test_what_is_done_to_a_thing_names_no_doer():
    """A passive duty ('… phải được kiểm tra') or a passive statement under a body's section
    ('Quyết định công nhận … được công khai …') is no task of the subject or of that body; the
    active sentences around them are."""
    found = assignees_by_evidence(
        "Trung tâm dữ liệu, hệ thống thông tin phải được kiểm tra trước khi kết nối mạng.",
        "Sở Văn hóa và Thể thao tổ chức thẩm định hồ sơ đề nghị công nhận trước ngày 30/6/2023.",
        "Quyết định công nhận xã, phường đạt chuẩn văn hóa được công khai trên báo, đài phát thanh.",
        "Sở Y tế phải kiểm tra các cơ sở trước ngày 30/6/2023.",
    )
    assert found == {
        "Sở Văn hóa và Thể thao tổ chức thẩm định hồ sơ đề nghị công nhận trước ngày 30/6/2023.": ["Sở Văn hóa và Thể thao"],
        "Sở Y tế phải kiểm tra các cơ sở trước ngày 30/6/2023.": ["Sở Y tế"],
    }


def test_an_agentless_instruction_to_send_a_document_by_a_time():
    """'Báo cáo gửi về Sở … trước ngày …' names no sender: in a letter to addressees it is theirs;
    right after a directive it says how that directive reports, and the recipient's own name ends
    before the sender's time."""
    (alone,) = tasks_of("Báo cáo kết quả gửi về Sở Kế hoạch và Đầu tư trước ngày 23/5/2023.")
    assert alone.assignees == ["Các sở, ban, ngành cấp tỉnh"] and alone.deadline.date == dt.date(2023, 5, 23)
    found = tasks_of("\n".join([
        "Yêu cầu UBND các huyện, thành phố, thị xã khẩn trương tổ chức chiến dịch vệ sinh môi trường.",
        "Kết quả thực hiện gửi về Sở Y tế trước ngày 31/5/2023 để tổng hợp, báo cáo UBND tỉnh./.",
    ]))
    sends = [t for t in found if t.evidence.text.startswith("Kết quả")]
    assert sorted(a for t in sends for a in t.assignees) == ["Sở Y tế", "UBND các huyện, thành phố, thị xã"]
    assert tasks_of("Báo cáo năm 2022 gửi UBND tỉnh cho thấy nhiều tồn tại.") == []


def test_footnotes_at_the_end_of_a_web_copy_are_no_tasks_but_keep_their_references():
    annex = ("1.1. Tỷ lệ cơ quan cấp xã ban hành quy chế ứng xử[1]\nĐạt\n"
             "[1]\nBộ Văn hóa, Thể thao và Du lịch hướng dẫn chi tiết nội dung này theo Quyết định số 12/2024/QĐ-TTg.\n"
             "[2]\nUBND tỉnh quy định cụ thể thể loại và số lượng phim.")
    annex = annex.replace("Đạt\n", "Đạt[2]\n")
    doc = _with_attachment("DANH MỤC NHIỆM VỤ", annex)
    assert [t.assignees for t in doc.tasks] == [["Sở Y tế"]]
    assert "12/2024/QĐ-TTg" in [r.doc_number for r in doc.references]


def test_a_list_numbered_in_brackets_is_no_footnote():
    annex = "[1]\nSở Tài chính rà soát danh mục dự án.\n[2]\nSở Xây dựng kiểm tra các công trình."
    doc = _with_attachment("DANH MỤC NHIỆM VỤ", annex)
    assert ["Sở Tài chính"] in [t.assignees for t in doc.tasks] and ["Sở Xây dựng"] in [t.assignees for t in doc.tasks]


def test_a_lead_in_that_issues_a_document_is_the_task_and_its_points_are_contents():
    body = ("1. Trong thời hạn 42 ngày kể từ ngày nhận đủ hồ sơ hợp lệ, Ngân hàng Nhà nước Khu vực có văn bản:\n"
            "a) Chấp thuận nguyên tắc việc tổ chức lại quỹ tín dụng nhân dân;\n"
            "b) Chấp thuận phương án sắp xếp lại mạng lưới phòng giao dịch.\n"
            "2. Trường hợp phê duyệt phương án, Ngân hàng Nhà nước Khu vực có văn bản:\n"
            "a) Chấp thuận nguyên tắc sáp nhập quỹ tín dụng nhân dân;\n"
            "3. Sở Tài chính rà soát danh mục dự án.")
    tasks = tasks_of(body, to="Các sở.")
    evidence = [t.evidence.text for t in tasks]
    assert evidence[0].endswith("Ngân hàng Nhà nước Khu vực có văn bản:")
    assert tasks[0].deadline.kind == "relative"
    assert not any(e.startswith("Chấp thuận") for e in evidence)
    assert not any(e.startswith("Trường hợp phê duyệt") for e in evidence)
    assert ["Sở Tài chính"] in [t.assignees for t in tasks]


def test_points_under_a_list_of_conditions_are_no_tasks():
    body = ("1. Sở Tài nguyên và Môi trường thẩm định hồ sơ xác nhận dự án.\n"
            "2. Tổ chức xác nhận độc lập đáp ứng đầy đủ các yêu cầu sau:\n"
            "a) Có tư cách pháp nhân theo quy định của pháp luật;\n"
            "b) Thuộc một trong các loại hình sau:\n"
            "- Kinh doanh dịch vụ kiểm toán;\n"
            "3. Sở Tài chính bố trí kinh phí thực hiện.")
    assert [t.assignees for t in tasks_of(body, to="Các sở.")] == [["Sở Tài nguyên và Môi trường"], ["Sở Tài chính"]]


def test_who_holds_a_post_of_a_body_is_no_task():
    # the action words in the body's name ('thẩm định') and in the holder ('được giao chủ trì')
    # are not the unit's verbs (task.not.definition, _is_post_held)
    evidence = assignees_by_evidence(
        "Chủ tịch Hội đồng thẩm định là Giám đốc Sở Văn hóa, Thể thao và Du lịch.",
        "Phó Chủ tịch Hội đồng là lãnh đạo đơn vị được giao chủ trì tham mưu việc thẩm định.",
        "Hội đồng thẩm định có trách nhiệm thẩm định hồ sơ trong thời hạn 10 ngày làm việc.",
    )
    assert list(evidence) == ["Hội đồng thẩm định có trách nhiệm thẩm định hồ sơ trong thời hạn 10 ngày làm việc."]
    # a holder with a duty of its own is a task
    (task,) = tasks_of("Trưởng đoàn là người chịu trách nhiệm báo cáo kết quả với Ủy ban nhân dân tỉnh.")
    assert task.assignees


def test_a_bodys_working_mode_is_no_task():
    evidence = assignees_by_evidence(
        "Thành viên Hội đồng làm việc theo chế độ kiêm nhiệm.",
        "Hội đồng làm việc theo nguyên tắc tập trung dân chủ.",
        "Hội đồng thẩm định có trách nhiệm nghiên cứu hồ sơ trong thời hạn 10 ngày làm việc.",
    )
    assert list(evidence) == ["Hội đồng thẩm định có trách nhiệm nghiên cứu hồ sơ trong thời hạn 10 ngày làm việc."]


def test_points_of_a_principles_article_without_their_own_subject_are_no_tasks():
    evidence = assignees_by_evidence(
        "Điều 4. Nguyên tắc xây dựng",
        "1. Xác định rõ phạm vi dữ liệu và phân định rõ vai trò các thành phần dữ liệu.",
        "2. Sở Nội vụ chịu trách nhiệm bảo đảm dữ liệu đúng, đủ, sạch, sống.",
    )
    assert list(evidence) == ["Sở Nội vụ chịu trách nhiệm bảo đảm dữ liệu đúng, đủ, sạch, sống."]
