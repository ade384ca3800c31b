# ruff: noqa: E501
"""Báo cáo: mostly past-tense narrative and the issuer's own plans; only a few sentences
assign anything (a request to other bodies, an internal assignment, the kiến nghị to the
superior body, which the labelling guide counts because of its "đề nghị")."""

from specs.model import ABS, LETTER, ONG, SIGN, H, P, Ref, S, T

LETTERS = [
    LETTER(
        stem="bc-bentre-snn-2024-nong-thon-moi-6-thang",
        doc_type="Báo cáo",
        parent="UBND TỈNH BẾN TRE",
        issuer=["SỞ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"],
        number="215/BC-SNN",
        place="Bến Tre",
        date="2024-07-08",
        title="BÁO CÁO",
        subject="Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới 6 tháng đầu năm 2024 và nhiệm vụ trọng tâm 6 tháng cuối năm 2024",
        refs=[Ref("1850/KH-UBND", "Kế hoạch", "2024-03-29", "UBND tỉnh")],
        body=[
            P("Thực hiện Kế hoạch số 1850/KH-UBND ngày 29/3/2024 của UBND tỉnh về thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2024, Sở Nông nghiệp và Phát triển nông thôn báo cáo kết quả thực hiện 6 tháng đầu năm 2024 như sau:"),
            H("I. KẾT QUẢ THỰC HIỆN"),
            P("1. Công tác chỉ đạo, điều hành: Sở đã tham mưu Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh ban hành 12 văn bản chỉ đạo; tổ chức 04 đoàn kiểm tra tại các huyện."),
            P("2. Kết quả đạt chuẩn: đến ngày 30/6/2024, toàn tỉnh có 115/139 xã đạt chuẩn nông thôn mới, 38 xã đạt chuẩn nông thôn mới nâng cao và 09 xã đạt chuẩn nông thôn mới kiểu mẫu."),
            P("3. Nguồn vốn: tổng vốn huy động 6 tháng đầu năm đạt 1.245 tỷ đồng; giải ngân vốn ngân sách trung ương đạt 41,2% kế hoạch."),
            H("II. TỒN TẠI, HẠN CHẾ"),
            P("Tiến độ giải ngân vốn sự nghiệp còn chậm; tình hình xâm nhập mặn đầu năm 2024 đã ảnh hưởng đến sản xuất và thu nhập của người dân ở một số xã ven biển."),
            H("III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2024"),
            P("1. Sở Nông nghiệp và Phát triển nông thôn sẽ tiếp tục phối hợp với các sở, ngành hướng dẫn các địa phương hoàn thiện hồ sơ đề nghị công nhận xã đạt chuẩn."),
            P(S("2. Đề nghị UBND các huyện, thành phố chỉ đạo các xã đăng ký đạt chuẩn năm 2024 hoàn thiện hồ sơ, gửi về Văn phòng Điều phối nông thôn mới tỉnh trước ngày 30/9/2024.",
                T("UBND các huyện, thành phố", "chỉ đạo các xã đăng ký đạt chuẩn năm 2024 hoàn thiện hồ sơ", ABS("trước ngày 30/9/2024"), deliverable="hồ sơ", report_to="Văn phòng Điều phối nông thôn mới tỉnh"))),
            P(S("3. Đề nghị Ủy ban MTTQ Việt Nam tỉnh tiếp tục chỉ đạo thực hiện cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”; thường xuyên lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới.",
                T("Ủy ban MTTQ Việt Nam tỉnh", "chỉ đạo thực hiện cuộc vận động; lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới", ONG("thường xuyên")))),
            H("IV. KIẾN NGHỊ"),
            P(S("Sở Nông nghiệp và Phát triển nông thôn kính đề nghị UBND tỉnh xem xét, chỉ đạo bố trí kịp thời vốn đối ứng ngân sách tỉnh năm 2024 cho các xã phấn đấu đạt chuẩn./.",
                T("UBND tỉnh", "xem xét, chỉ đạo bố trí vốn đối ứng ngân sách tỉnh năm 2024 cho các xã phấn đấu đạt chuẩn"))),
        ],
        signer=SIGN("GIÁM ĐỐC", "Huỳnh Quang Đức"),
        cc=["UBND tỉnh (để b/c)", "Văn phòng Điều phối NTM Trung ương", "Các thành viên BCĐ tỉnh", "UBND các huyện, thành phố", "Ủy ban MTTQ Việt Nam tỉnh", "Lưu: VT, VPĐP"],
    ),
    LETTER(
        stem="bc-dienchau-ubnd-xa-2025-ba-thang-hai-cap",
        doc_type="Báo cáo",
        issuer=["ỦY BAN NHÂN DÂN", "XÃ DIỄN CHÂU"],
        number="145/BC-UBND",
        place="Diễn Châu",
        date="2025-10-06",
        title="BÁO CÁO",
        subject="Tình hình hoạt động sau 03 tháng vận hành chính quyền địa phương hai cấp",
        addressees=["UBND tỉnh Nghệ An"],
        body=[
            P("Sau 03 tháng vận hành mô hình chính quyền địa phương hai cấp (từ ngày 01/7/2025 đến ngày 30/9/2025), UBND xã Diễn Châu báo cáo kết quả như sau:"),
            H("I. KẾT QUẢ ĐẠT ĐƯỢC"),
            P("1. Về tổ chức bộ máy: UBND xã đã kiện toàn 02 phòng chuyên môn, Văn phòng HĐND và UBND xã và Trung tâm Phục vụ hành chính công; bố trí 86 cán bộ, công chức theo vị trí việc làm."),
            P("2. Về giải quyết thủ tục hành chính: Trung tâm Phục vụ hành chính công xã đã tiếp nhận 4.318 hồ sơ, giải quyết đúng hạn 4.251 hồ sơ, đạt 98,4%; không có hồ sơ bị phản ánh, kiến nghị."),
            P("3. Về cơ sở vật chất: trụ sở làm việc được bố trí tại trụ sở của các xã cũ; UBND xã đã đề nghị và được tỉnh hỗ trợ 25 bộ máy tính phục vụ bộ phận một cửa."),
            H("II. KHÓ KHĂN, VƯỚNG MẮC"),
            P("Khối lượng hồ sơ đất đai tồn đọng do cấp huyện chuyển giao lớn; một số công chức chưa được đào tạo chuyên sâu về lĩnh vực quy hoạch, xây dựng; đường truyền mạng tại một số điểm tiếp nhận còn chập chờn."),
            H("III. NHIỆM VỤ THỜI GIAN TỚI"),
            P(S("UBND xã giao Phòng Kinh tế chủ trì, phối hợp với Trung tâm Phục vụ hành chính công xã rà soát, giải quyết dứt điểm hồ sơ đất đai tồn đọng do cấp huyện chuyển giao trước ngày 15/11/2025.",
                T("Phòng Kinh tế", "rà soát, giải quyết dứt điểm hồ sơ đất đai tồn đọng do cấp huyện chuyển giao", ABS("trước ngày 15/11/2025"), lead="Phòng Kinh tế", collab=["Trung tâm Phục vụ hành chính công xã"]))),
            H("IV. KIẾN NGHỊ"),
            P(S("UBND xã kính đề nghị UBND tỉnh quan tâm bố trí kinh phí nâng cấp hạ tầng mạng và tổ chức các lớp bồi dưỡng chuyên sâu cho công chức cấp xã trong năm 2026./.",
                T("UBND tỉnh", "bố trí kinh phí nâng cấp hạ tầng mạng, tổ chức bồi dưỡng chuyên sâu cho công chức cấp xã", ABS("trong năm 2026")))),
        ],
        signer=SIGN("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Cao Thị Hằng"),
        cc=["Như trên", "Sở Nội vụ", "Đảng ủy xã (để b/c)", "TT HĐND xã", "Lưu: VT, VP"],
    ),
]
