# ruff: noqa: E501
"""Tờ trình: a proposal to a superior body. It states no tasks: "kính trình ... xem xét,
thông qua" is a request upward and "UBND tỉnh sẽ chỉ đạo ..." is the issuer's own plan."""

from specs.model import LETTER, SIGN, H, P, Ref

LETTERS = [
    LETTER(
        stem="ttr-tiengiang-ubnd-2024-nghi-quyet-muc-chi-pho-cap",
        doc_type="Tờ trình",
        issuer=["ỦY BAN NHÂN DÂN", "TỈNH TIỀN GIANG"],
        number="215/TTr-UBND",
        place="Tiền Giang",
        date="2024-11-25",
        title="TỜ TRÌNH",
        subject="Về việc ban hành Nghị quyết quy định mức chi hỗ trợ công tác phổ cập giáo dục, xóa mù chữ trên địa bàn tỉnh Tiền Giang",
        subject_lines=[
            "Về việc ban hành Nghị quyết quy định mức chi hỗ trợ công tác",
            "phổ cập giáo dục, xóa mù chữ trên địa bàn tỉnh Tiền Giang",
        ],
        addressees=["Hội đồng nhân dân tỉnh Tiền Giang"],
        refs=[
            Ref("80/2015/QH13", "Luật", None, None),
            Ref("17/2022/TT-BTC", "Thông tư", "2022-03-08", "Bộ trưởng Bộ Tài chính"),
            Ref("312/BC-STP", "Báo cáo", "2024-10-18", "Sở Tư pháp"),
        ],
        body=[
            P("Thực hiện Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 được sửa đổi, bổ sung năm 2020; căn cứ Thông tư số 17/2022/TT-BTC ngày 08/3/2022 của Bộ trưởng Bộ Tài chính hướng dẫn quản lý, sử dụng kinh phí thực hiện công tác phổ cập giáo dục, xóa mù chữ, Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh dự thảo Nghị quyết như sau:"),
            H("I. SỰ CẦN THIẾT BAN HÀNH NGHỊ QUYẾT"),
            P("Thông tư số 17/2022/TT-BTC giao Hội đồng nhân dân cấp tỉnh quyết định mức chi cụ thể phù hợp với khả năng cân đối ngân sách của địa phương.",
              "Hiện nay, tỉnh chưa có văn bản quy định mức chi này; các địa phương thực hiện chưa thống nhất, gây khó khăn trong thanh toán, quyết toán kinh phí."),
            H("II. QUÁ TRÌNH XÂY DỰNG DỰ THẢO NGHỊ QUYẾT"),
            P("Ngày 12/8/2024, Sở Giáo dục và Đào tạo đã chủ trì xây dựng dự thảo, lấy ý kiến các sở, ngành, UBND các huyện, thành phố, thị xã và đăng tải trên Cổng thông tin điện tử tỉnh trong thời gian 30 ngày."),
            P("Sở Tư pháp đã thẩm định dự thảo Nghị quyết tại Báo cáo số 312/BC-STP ngày 18/10/2024; Sở Giáo dục và Đào tạo đã tiếp thu, giải trình đầy đủ các ý kiến thẩm định."),
            H("III. NỘI DUNG CƠ BẢN CỦA DỰ THẢO NGHỊ QUYẾT"),
            P("1. Phạm vi điều chỉnh: Nghị quyết quy định mức chi hỗ trợ cho công tác điều tra, cập nhật dữ liệu phổ cập giáo dục, xóa mù chữ và mức chi hỗ trợ người trực tiếp giảng dạy lớp xóa mù chữ."),
            P("2. Mức chi: chi điều tra, cập nhật phiếu dữ liệu 3.000 đồng cho mỗi phiếu; hỗ trợ người dạy lớp xóa mù chữ 100.000 đồng cho mỗi buổi dạy."),
            P("3. Kinh phí thực hiện: từ nguồn ngân sách nhà nước theo phân cấp hiện hành, dự kiến khoảng 2,1 tỷ đồng mỗi năm."),
            P("Sau khi Nghị quyết được thông qua, UBND tỉnh sẽ chỉ đạo Sở Giáo dục và Đào tạo, Sở Tài chính hướng dẫn các địa phương triển khai thực hiện."),
            P("Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, thông qua tại kỳ họp thứ 21 Hội đồng nhân dân tỉnh khóa X./."),
        ],
        signer=SIGN("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Thanh Bình"),
        cc=["Như trên", "TT Tỉnh ủy (để b/c)", "Các Ban HĐND tỉnh", "Đại biểu HĐND tỉnh", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Lưu: VT, VX"],
    ),
]
