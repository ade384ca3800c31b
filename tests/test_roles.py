"""Assignees, lead, collaborators and report-to from single directive sentences."""

import pytest

from congvan.extractors.roles import find_roles, split_bodies


def test_giao_chu_tri_phoi_hop_bao_cao():
    roles = find_roles(
        "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và UBND các huyện rà soát danh sách, "
        "báo cáo UBND tỉnh (qua Sở Nội vụ) trước ngày 30/6/2023.", [])
    assert roles.assignees == ["Sở Tài chính"] and roles.lead == "Sở Tài chính"
    assert roles.collaborators == ["Sở Nội vụ", "UBND các huyện"]
    assert roles.report_to == "UBND tỉnh"


def test_titles_stand_for_bodies_and_generic_groups_stay_whole():
    roles = find_roles(
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc các Sở, Thủ trưởng các ban, ngành và Chủ tịch UBND các huyện, "
        "thành phố, thị xã quán triệt và tổ chức thực hiện nghiêm túc.", [])
    assert roles.assignees == ["các Sở", "các ban, ngành", "UBND các huyện, thành phố, thị xã"]


def test_quy_so_is_the_addressee():
    roles = find_roles("Đề nghị Quý Sở khẩn trương rà soát, báo cáo.", ["Sở Giáo dục và Đào tạo"])
    assert roles.assignees == ["Sở Giáo dục và Đào tạo"]


@pytest.mark.parametrize(
    "span,bodies",
    [
        ("các Sở: Tài chính, Nội vụ, Tư pháp", ["Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Sở Lao động - Thương binh và Xã hội, Công an tỉnh", ["Sở Lao động - Thương binh và Xã hội", "Công an tỉnh"]),
        ("Giám đốc Sở Nội vụ", ["Sở Nội vụ"]),
        ("Chánh Văn phòng UBND tỉnh", ["Văn phòng UBND tỉnh"]),
        ("các Bộ trưởng, Thủ trưởng cơ quan ngang bộ", ["các bộ", "cơ quan ngang bộ"]),
        # lower-case bodies that each carry a modifier are two; a bare head shares the modifier
        ("tổ chức tín dụng, chi nhánh ngân hàng nước ngoài", ["tổ chức tín dụng", "chi nhánh ngân hàng nước ngoài"]),
        ("các cơ sở giáo dục đại học, cơ sở giáo dục nghề nghiệp", ["các cơ sở giáo dục đại học", "cơ sở giáo dục nghề nghiệp"]),
        ("cơ quan, tổ chức sử dụng dịch vụ", ["cơ quan, tổ chức sử dụng dịch vụ"]),
        ("Cơ quan, tổ chức, cá nhân khai thác khoáng sản", ["Cơ quan, tổ chức, cá nhân khai thác khoáng sản"]),
        ("các cấp ủy, tổ chức đảng", ["các cấp ủy, tổ chức đảng"]),
        ("Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương", ["Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương"]),
        # a council's head stands for it, its deputies keep their role; a province's deputy chair does not
        ("Chủ tịch Hội đồng thẩm định trung ương", ["Hội đồng thẩm định trung ương"]),
        ("Phó Chủ tịch Hội đồng", ["Phó Chủ tịch Hội đồng"]),
        ("Phó Giám đốc Quỹ", ["Phó Giám đốc Quỹ"]),
        ("Phó Chủ tịch UBND tỉnh", ["UBND tỉnh"]),
    ],
)
def test_split_bodies(span, bodies):
    assert split_bodies(span) == bodies


def test_x_chu_tri_y_phoi_hop():
    roles = find_roles("Sở Văn hóa, Thể thao và Du lịch chủ trì, Sở Y tế phối hợp tổ chức kiểm tra.", [])
    assert roles.lead == "Sở Văn hóa, Thể thao và Du lịch" and roles.collaborators == ["Sở Y tế"]


# --- function-defined classes, verbs inside names, and where a named body ends -------------------
@pytest.mark.parametrize(
    "text,assignees",
    [
        ("Cơ quan tiếp nhận, giải quyết thủ tục hành chính khai thác, sử dụng thông tin đã có trong các cơ sở dữ liệu.",
         ["Cơ quan tiếp nhận, giải quyết thủ tục hành chính"]),
        ("Người có thẩm quyền tiếp nhận, giải quyết thủ tục hành chính khai thác, sử dụng thông tin đã có.",
         ["Người có thẩm quyền tiếp nhận, giải quyết thủ tục hành chính"]),
        ("Vụ Công tác xây dựng văn bản quy phạm pháp luật tham mưu, trình Bộ trưởng Bộ Tư pháp phân công thẩm định.",
         ["Vụ Công tác xây dựng văn bản quy phạm pháp luật"]),
        ("Cục Quản lý, giám sát tổ chức tín dụng: Trong thời hạn 03 ngày kể từ ngày nhận được văn bản đề nghị, có văn bản gửi.",
         ["Cục Quản lý, giám sát tổ chức tín dụng"]),
        ("Bộ Tài chính cân đối nguồn vốn ngân sách trung ương thực hiện Chương trình.", ["Bộ Tài chính"]),
    ],
)
def test_function_defined_names_run_to_the_predicate(text, assignees):
    assert find_roles(text, []).assignees == assignees


def test_singular_generic_head_needs_its_clause_but_a_plural_group_does_not():
    roles = find_roles("Định kỳ 6 tháng, các đơn vị báo cáo kết quả triển khai về Bộ Y tế.", [])
    assert roles.assignees == ["các đơn vị"]


@pytest.mark.parametrize(
    "text,collaborators",
    [
        ("Phối hợp với Sở Tài chính thống nhất phương án phân bổ nguồn vận động ủng hộ.", ["Sở Tài chính"]),
        ("Chủ trì, phối hợp với Sở Tài nguyên và Môi trường và UBND các huyện khảo sát, lựa chọn vị trí.",
         ["Sở Tài nguyên và Môi trường", "UBND các huyện"]),
        ("Công an tỉnh chủ trì, phối hợp với Sở Nông nghiệp và Phát triển nông thôn điều tra, làm rõ nguyên nhân.",
         ["Sở Nông nghiệp và Phát triển nông thôn"]),
        ("báo cáo Phòng Y tế trong vòng 24 giờ kể từ khi phát hiện để phối hợp điều tra, xử lý.", []),
    ],
)
def test_collaborator_list_stops_at_the_verb(text, collaborators):
    from congvan.extractors.roles import collaborators_in

    assert collaborators_in(text) == collaborators


def test_relaying_issuer_before_the_trigger():
    roles = find_roles("Tại Công điện số 280/CĐ-TTg ngày 19/4/2023, Thủ tướng Chính phủ yêu cầu Chủ tịch UBND tỉnh, "
                       "thành phố trực thuộc Trung ương chủ động thực hiện đầy đủ nhiệm vụ.", [])
    assert roles.assignees == ["UBND tỉnh, thành phố trực thuộc Trung ương"]


def test_frame_between_subject_and_verb_and_copula_description():
    roles = find_roles("Hội đồng nhân dân, các ban của Hội đồng nhân dân, đại biểu Hội đồng nhân dân, Mặt trận Tổ quốc "
                       "Việt Nam các cấp, trong phạm vi nhiệm vụ, quyền hạn của mình, tăng cường giám sát.", [])
    assert roles.assignees == ["Hội đồng nhân dân", "các ban của Hội đồng nhân dân", "đại biểu Hội đồng nhân dân",
                               "Mặt trận Tổ quốc Việt Nam các cấp"]
    roles = find_roles("Sở Kế hoạch và Đầu tư là cơ quan thường trực của Tổ công tác, có trách nhiệm tổng hợp.", [])
    assert roles.assignees == ["Sở Kế hoạch và Đầu tư"]


def test_requesters_and_plural_non_bodies_are_not_assignees():
    from congvan.extractors.roles import looks_like_body

    assert find_roles("Định kỳ hằng năm và khi có yêu cầu của các bộ, cơ quan ngang bộ, trao đổi, cung cấp thông tin.", []) is None
    assert not looks_like_body("Các hình thức phối hợp được thực hiện như sau")
    assert looks_like_body("Các bệnh viện trên địa bàn")


def test_case_frame_before_colon_and_copula_qualifiers():
    roles = find_roles("Đối với hội thảo cấp bộ do Bộ trưởng Bộ Công an giao thực hiện: Đơn vị chủ trì xây dựng và gửi "
                       "kế hoạch tổ chức hội thảo về Cục Khoa học.", [])
    assert roles.assignees == ["Đơn vị chủ trì"]
    roles = find_roles("Đơn vị chủ trì không phải là đơn vị dự toán cấp 2 hoàn thành quyết toán kinh phí tại Cục Khoa học.", [])
    assert roles.assignees == ["Đơn vị chủ trì"]
    roles = find_roles("Đơn vị chủ trì là đơn vị dự toán cấp 2 hoàn thành quyết toán và gửi báo cáo về Cục Khoa học.", [])
    assert roles.assignees == ["Đơn vị chủ trì"]


def test_passive_allocation_lists_and_who_assigned():
    roles = find_roles("Việc duy trì Tủ sách pháp luật tại đơn vị của lực lượng vũ trang nhân dân do Bộ trưởng Bộ Quốc phòng, "
                       "Bộ trưởng Bộ Công an quyết định và chịu trách nhiệm thực hiện.", [])
    assert roles.assignees == ["Bộ Quốc phòng", "Bộ Công an"]
    assert find_roles("Xây dựng kế hoạch tổ chức hội thảo cấp bộ do Bộ trưởng Bộ Công an giao thực hiện;", []) is None


def test_list_keeps_generic_groups_and_lone_titles():
    assert split_bodies("Chủ tịch Ủy ban nhân dân cấp tỉnh và người đứng đầu các cơ quan, tổ chức liên quan") == \
        ["Ủy ban nhân dân cấp tỉnh", "các cơ quan, tổ chức liên quan"]
    assert split_bodies("Chánh Văn phòng Bộ; Vụ trưởng; Cục trưởng") == ["Văn phòng Bộ", "Vụ", "Cục"]
    roles = find_roles("Các cơ quan, đơn vị, tổ chức, cá nhân có liên quan có trách nhiệm thi hành Thông tư này.", [])
    assert roles.assignees == ["các cơ quan, đơn vị, tổ chức, cá nhân có liên quan"]


def test_closing_formula_with_a_shared_head_mid_list():
    roles = find_roles("Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Kế hoạch và Đầu tư, Tài chính, Giao thông vận tải; "
                       "Giám đốc Kho bạc Nhà nước tỉnh; Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành "
                       "Quyết định này./.", [])
    assert roles.assignees == ["Văn phòng UBND tỉnh", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Giao thông vận tải",
                               "Kho bạc Nhà nước tỉnh", "các cơ quan, đơn vị liên quan"]
    assert split_bodies("Chánh Văn phòng HĐND và UBND phường, Trưởng Công an phường") == \
        ["Văn phòng HĐND và UBND phường", "Công an phường"]


def test_collaborators_of_an_instructed_body_and_defined_partners():
    from congvan.extractors.roles import collaborators_in

    assert collaborators_in("Chỉ đạo Công an các tỉnh chủ trì, phối hợp các cơ quan liên quan tham mưu Ủy ban nhân dân "
                            "cấp tỉnh tổ chức đoàn kiểm tra.") == []
    assert collaborators_in("Trường hợp đánh giá đạt yêu cầu, đơn vị đăng ký phối hợp đơn vị quản lý kinh phí báo cáo "
                            "Bộ trưởng Bộ Công an quyết định;") == ["đơn vị quản lý kinh phí"]
    assert collaborators_in("theo dõi, phối hợp cùng với các đơn vị liên quan thuộc Ngân hàng Nhà nước trong việc triển "
                            "khai thực hiện Thông tư này.") == ["các đơn vị liên quan thuộc Ngân hàng Nhà nước"]


def test_action_syllable_inside_a_compound_noun_does_not_end_a_name():
    roles = find_roles("Công ty TNHH một thành viên Khai thác công trình thủy lợi tỉnh vận hành điều tiết hồ chứa.", [])
    assert roles.assignees == ["Công ty TNHH một thành viên Khai thác công trình thủy lợi tỉnh"]


def test_defining_clause_without_object_ends_at_the_next_verb():
    assert find_roles("Cơ quan tiếp nhận ghi trực tiếp nội dung phản ánh vào sổ theo dõi.", []).assignees == ["Cơ quan tiếp nhận"]


def test_a_leader_named_after_the_title_still_gives_the_instruction():
    """VPCP letters relay 'Thủ tướng Chính phủ Nguyễn Xuân Phúc giao …': the name sits between the title and the verb."""
    from congvan.extractors.roles import find_roles
    roles = find_roles("Về việc này, Thủ tướng Chính phủ Nguyễn Xuân Phúc giao Bộ Y tế kiểm tra nội dung báo nêu.", [])
    assert roles is not None and roles.assignees == ["Bộ Y tế"] and roles.how == "trigger"
    roles = find_roles("Phó Thủ tướng Hoàng Trung Hải yêu cầu Bộ Xây dựng kiểm tra và báo cáo Thủ tướng Chính phủ.", [])
    assert roles is not None and roles.assignees == ["Bộ Xây dựng"]
    # a name alone before the verb is no instruction-giver
    assert find_roles("tại thời điểm Nguyễn Văn An đề nghị Sở Y tế cho vay.", []) is None


@pytest.mark.parametrize(
    "text,who",
    [
        ("Cơ quan được yêu cầu phối hợp có trách nhiệm trả lời trong thời hạn 10 ngày.", "cơ quan được yêu cầu phối hợp"),
        ("Cơ quan, đơn vị được cấp tài khoản có trách nhiệm bảo mật tài khoản.", "cơ quan, đơn vị được cấp tài khoản"),
        ("Cơ quan xử lý phản ánh, kiến nghị có trách nhiệm trả lời.", "cơ quan xử lý phản ánh, kiến nghị"),
    ],
)
def test_a_generic_head_named_by_what_it_does_keeps_its_whole_name(text, who):
    """samples/README.md: a qualifier that defines the group is kept; the verbs before the duty are the name."""
    roles = find_roles(text, [])
    assert roles is not None and roles.assignees == [who]
    assert "roles.subject.generic_duty_holder" in roles.rules


def test_a_named_body_with_its_partners_is_no_generic_name():
    roles = find_roles("Sở Y tế chủ trì, phối hợp với Sở Tài chính có trách nhiệm kiểm tra.", [])
    assert roles is not None and roles.assignees == ["Sở Y tế"]


def test_a_time_clause_or_copula_ends_a_generic_subject():
    # bodies.subject_stop: 'khi …', 'là …' never continue a body's name
    roles = find_roles("Cơ quan chủ quản, đơn vị quản lý nhà nghỉ dưỡng khi tiếp nhận thông tin có trách nhiệm thông báo cho nhà nghỉ dưỡng.", [])
    assert roles is not None and roles.assignees == ["cơ quan chủ quản, đơn vị quản lý nhà nghỉ dưỡng"]
    roles = find_roles("Cơ quan xử lý phản ánh, kiến nghị là cơ quan có thẩm quyền có trách nhiệm trả lời tổ chức, cá nhân.", [])
    assert roles is not None and roles.assignees == ["cơ quan xử lý phản ánh, kiến nghị"]
    # a defining relative clause is still the name
    roles = find_roles("Cơ quan được yêu cầu phối hợp có trách nhiệm trả lời trong thời hạn 05 ngày làm việc.", [])
    assert roles is not None and roles.assignees == ["cơ quan được yêu cầu phối hợp"]


def test_a_power_is_no_subject_of_a_duty():
    # 'có thể' after a body states a power (samples/README.md, Decisions): no subject, no task
    assert find_roles("Sở Y tế có thể tổ chức kiểm tra đột xuất.", []) is None
    assert find_roles("Sở Y tế tổ chức kiểm tra đột xuất.", []).assignees == ["Sở Y tế"]


def test_what_a_body_has_done_can_pick_it_out_before_its_duty():
    """'các bộ … đã triển khai mạng dùng riêng (…) có trách nhiệm …': the past clause says which
    bodies, the duty follows with no comma; 'Sở Y tế đã tổ chức kiểm tra, …' reports the past."""
    text = ("Các bộ, cơ quan ngang bộ đã triển khai mạng dùng riêng (không bao gồm mạng phục vụ an ninh, quốc phòng) "
            "có trách nhiệm duy trì mạng dùng riêng.")
    roles = find_roles(text, [])
    assert roles is not None and roles.assignees == ["các bộ", "cơ quan ngang bộ"]
    assert text[roles.who_end:].startswith("có trách nhiệm")
    narrative = "Sở Y tế đã tổ chức kiểm tra, các đơn vị có trách nhiệm khắc phục."
    roles = find_roles(narrative, [])
    assert roles is None or not narrative[roles.who_end:].startswith("có trách nhiệm")


def test_a_duty_word_of_a_new_case_does_not_stretch_the_subject():
    text = "Quỹ kiểm tra, đối chiếu hồ sơ và làm thủ tục hỗ trợ, trường hợp không hỗ trợ phải trả lời bằng văn bản."
    roles = find_roles(text, [])
    assert roles is not None and roles.assignees == ["Quỹ"]


def test_a_name_ends_where_the_tagger_glued_it_to_the_verb():
    # underthesea tags 'Quỹ lập' as one token; the defining clause 'điều hành Quỹ' still ends before 'lập'
    roles = find_roles("Hằng năm, Cơ quan điều hành Quỹ lập dự toán thu, chi của Quỹ trình Hội đồng quản lý Quỹ phê duyệt.", [])
    assert roles is not None and roles.assignees == ["Cơ quan điều hành Quỹ"]


def test_a_recurrence_ends_a_list_of_partners():
    from congvan.extractors.roles import collaborators_in

    text = "Chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội cùng cấp hàng năm tổ chức kiểm tra."
    assert collaborators_in(text) == ["Ủy ban Mặt trận Tổ quốc Việt Nam", "các tổ chức chính trị - xã hội cùng cấp"]


def test_a_heading_that_describes_its_owner_without_a_comma_still_names_it():
    from congvan.extractors.roles import heading_roles

    roles = heading_roles("Bộ Tư pháp là cơ quan Thường trực của Hội đồng có nhiệm vụ, quyền hạn sau:", [])
    assert roles is not None and roles.assignees == ["Bộ Tư pháp"]


def test_a_chairman_stands_for_the_committee_he_heads():
    roles = find_roles("Chủ nhiệm Ủy ban Kinh tế chủ trì, phối hợp với Chủ nhiệm Ủy ban Pháp luật thẩm tra dự án Luật.", [])
    assert roles is not None and roles.assignees == ["Ủy ban Kinh tế"] and roles.lead == "Ủy ban Kinh tế"
    assert roles.collaborators == ["Ủy ban Pháp luật"]


def test_a_standing_committee_is_a_body_and_its_standing_deputy_a_title():
    roles = find_roles("Thường trực Hội đồng Dân tộc, Thường trực Ủy ban Pháp luật chủ trì thẩm tra dự án luật.", [])
    assert roles is not None and roles.assignees == ["Thường trực Hội đồng Dân tộc", "Thường trực Ủy ban Pháp luật"]
    roles = find_roles("Phó Chủ tịch Thường trực UBND tỉnh chỉ đạo các sở thực hiện.", [])
    assert roles is not None and roles.assignees == ["UBND tỉnh"]


def test_the_state_president_is_not_a_title_of_the_nation():
    roles = find_roles("Chủ tịch nước có trách nhiệm công bố Luật.", [])
    assert roles is not None and roles.assignees == ["Chủ tịch nước"]


def test_posts_listed_before_one_body_all_hold_their_post_in_it():
    # a bare post names nobody: it shares the body of the next post (role_words member_post)
    assert split_bodies("Phó Chủ tịch và Ủy viên Hội đồng quản lý Quỹ") == \
        ["Phó Chủ tịch Hội đồng quản lý Quỹ", "Ủy viên Hội đồng quản lý Quỹ"]
    assert split_bodies("Phó Trưởng ban và thành viên Ban Chỉ đạo") == \
        ["Phó Trưởng ban Ban Chỉ đạo", "thành viên Ban Chỉ đạo"]
    # a title that stands for its bodies keeps doing so
    assert split_bodies("Bộ trưởng, Thủ trưởng cơ quan ngang bộ") == ["các bộ", "cơ quan ngang bộ"]


def test_a_body_that_has_a_duty_is_the_subject():
    # 'có nhiệm vụ' is an obligation like 'có trách nhiệm' (action_words), not the state word 'có'
    roles = find_roles("Ban Pháp chế của Hội đồng nhân dân có nhiệm vụ thẩm tra báo cáo về công tác phòng, chống tội phạm.", [])
    assert roles is not None and roles.assignees == ["Ban Pháp chế của Hội đồng nhân dân"]
    assert find_roles("Sở Tư pháp có nhiệm vụ thẩm định dự thảo.", []).assignees == ["Sở Tư pháp"]


def test_a_head_whose_title_carries_the_body_word_stands_for_that_body():
    # 'Trưởng ban Dân tộc' heads 'Ban Dân tộc' (role_words title_head): the title gives back its 'Ban'
    assert find_roles("Trưởng đoàn giám sát chịu trách nhiệm trước Thường trực Hội đồng nhân dân.", []).assignees == ["Đoàn giám sát"]
    assert find_roles("Trưởng Ban Tổ chức Tỉnh ủy chủ trì hội nghị tổng kết công tác cán bộ.", []).assignees == ["Ban Tổ chức Tỉnh ủy"]
    assert split_bodies("Trưởng ban Dân tộc tỉnh") == ["Ban Dân tộc tỉnh"]


def test_a_forces_function_is_part_of_a_units_name():
    # 'Cảnh sát điều tra', 'Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ' name units
    # (role_words force_head, name_words): the name is not cut at the function's verb
    roles = find_roles("Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ có trách nhiệm tiếp nhận hồ sơ vụ cháy.", [])
    assert roles.assignees == ["Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"]
    roles = find_roles("Cơ quan Cảnh sát điều tra Công an cấp tỉnh có trách nhiệm tiếp nhận hồ sơ.", [])
    assert roles.assignees == ["cơ quan Cảnh sát điều tra Công an cấp tỉnh"]
    # elsewhere the verb still ends the name
    assert find_roles("Bộ Công an điều tra, làm rõ vụ việc.", []).assignees == ["Bộ Công an"]


def test_a_list_named_by_one_alias_is_that_alias_and_or_joins_bodies():
    assert split_bodies("Công an xã, phường, đặc khu (sau đây viết gọn là Công an cấp xã), Đồn Công an") == \
        ["Công an cấp xã", "Đồn Công an"]
    assert split_bodies("Sở Tài chính (sau đây gọi là Sở), Sở Nội vụ") == ["Sở Tài chính", "Sở Nội vụ"]  # a one-word alias names nobody
    assert split_bodies("Đội chữa cháy khu vực hoặc Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ trên sông") == \
        ["Đội chữa cháy khu vực", "Đội Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ trên sông"]
    assert split_bodies("Chủ tịch hoặc Phó Chủ tịch UBND tỉnh") == ["UBND tỉnh"]


def test_a_class_within_a_named_body_is_one_name():
    # 'trong Công an nhân dân' limits the class; 'trong phạm vi …' is a frame
    roles = find_roles("Thủ trưởng cơ quan thanh tra trong Công an nhân dân có trách nhiệm kiểm tra.", [])
    assert roles.assignees == ["cơ quan thanh tra trong Công an nhân dân"]
    assert find_roles("Sở Y tế trong phạm vi chức năng có trách nhiệm kiểm tra.", []).assignees == ["Sở Y tế"]


def test_a_generic_class_opening_a_sentence_is_a_subject_when_a_duty_word_follows():
    assert find_roles("Chủ đầu tư chịu trách nhiệm quản lý việc sử dụng vốn tạm ứng đúng mục đích.", []).assignees == ["Chủ đầu tư"]
    assert find_roles("Cán bộ điều tra thụ lý chính phải xây dựng Kế hoạch kiểm tra.", []).assignees == ["Cán bộ điều tra thụ lý chính"]
    assert find_roles("Cán bộ, chiến sĩ liên hệ với nhà nghỉ dưỡng để được bố trí phòng nghỉ.", []) is None


def test_a_role_name_keeps_its_function():
    # 'cơ quan chủ trì thẩm định / thẩm tra / soạn thảo' (role_words role_function)
    assert find_roles("Tùy thuộc vào quy mô, cơ quan chủ trì thẩm định tổ chức thẩm định bằng hình thức họp.", []).assignees == \
        ["cơ quan chủ trì thẩm định"]
    assert find_roles("Cơ quan chủ trì thẩm tra gửi báo cáo thẩm tra đến Ủy ban Thường vụ Quốc hội.", []).assignees == \
        ["Cơ quan chủ trì thẩm tra"]


def test_at_the_same_time_ends_a_subject():
    # 'đồng thời' is an adverb before the predicate (action_words obligation,frame)
    roles = find_roles("Đối với các khoản viện trợ về pháp luật, cơ quan chủ quản đồng thời gửi hồ sơ đến Bộ Tư pháp.", [])
    assert roles.assignees == ["cơ quan chủ quản"]
