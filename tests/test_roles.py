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
    ],
)
def test_split_bodies(span, bodies):
    assert split_bodies(span) == bodies


def test_x_chu_tri_y_phoi_hop():
    roles = find_roles("Sở Văn hóa, Thể thao và Du lịch chủ trì, Sở Y tế phối hợp tổ chức kiểm tra.", [])
    assert roles.lead == "Sở Văn hóa, Thể thao và Du lịch" and roles.collaborators == ["Sở Y tế"]
