"""Vietnamese descriptions for the contract models in the OpenAPI document.

The contract (``models/document.py``) is documented in English, and its JSON Schema
(``GET /schema``) is published as it is. Integrators reading the OpenAPI document are
Vietnamese developers, so there the same fields are described in Vietnamese. The edXML /
Decree 30 element named in brackets in the English text is kept, so the mapping stays
mechanical. :func:`missing_translations` lets a test fail the day a contract field is added
without a Vietnamese description here.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from congvan.models import Deadline, Document, Evidence, Reference, Signature, Signer, Source, Task, Warning

# model name -> (model description, {field: description})
VI: dict[str, tuple[str, dict[str, str]]] = {
    "Document": ("Một văn bản đến với mọi thông tin congvan trích xuất được (cùng lược đồ với OUT/documents/<id>.json).", {
        "schema_version": "Phiên bản lược đồ (semver).",
        "id": "Mã văn bản: 16 chữ số hex đầu của SHA-256 tệp, không đổi.",
        "source": "Nguồn văn bản: tệp nhận được và cách lấy nội dung.",
        "doc_number": "Số, ký hiệu văn bản, ví dụ 3308/UBND-TH.",
        "doc_type": "Tên loại văn bản, ví dụ Công văn, Quyết định.",
        "issuer": "Cơ quan, tổ chức ban hành, viết hoa theo Phụ lục II Nghị định 30/2020/NĐ-CP như trong sổ, ví dụ "
                  "'Ủy ban nhân dân tỉnh Quảng Ngãi' (phần đầu văn bản viết chữ in hoa). (Viết hoa theo sổ từ phiên "
                  "bản 1.3.0.)",
        "issuer_as_written": "Cơ quan ban hành đúng như ghi ở phần đầu văn bản, ví dụ 'ỦY BAN NHÂN DÂN TỈNH QUẢNG "
                             "NGÃI'; null với văn bản ghi trước phiên bản 1.3.0. (Có từ phiên bản 1.3.0.)",
        "issuer_parent": "Cơ quan chủ quản trực tiếp của cơ quan ban hành, viết hoa như trong sổ.",
        "issuer_parent_as_written": "Cơ quan chủ quản đúng như ghi ở phần đầu văn bản. (Có từ phiên bản 1.3.0.)",
        "place": "Địa danh nơi ban hành.",
        "issue_date": "Ngày ban hành.",
        "subject": "Trích yếu nội dung: dòng V/v hoặc phần trích yếu của tên văn bản.",
        "urgency": "Độ khẩn.",
        "signer": "Người ký, chức vụ và thẩm quyền ký.",
        "addressees": "Nơi nhận ghi sau 'Kính gửi'.",
        "cc": "Các mục trong phần 'Nơi nhận', như ghi trên văn bản.",
        "references": "Các văn bản được dẫn chiếu (Căn cứ, Thực hiện, Theo đề nghị tại …).",
        "tasks": "Các nhiệm vụ giao trong văn bản.",
        "signatures": "Các chữ ký số trên tệp, theo thứ tự ký (chỉ PDF; rỗng với DOCX/TXT và PDF không ký). "
                      "(Có từ phiên bản 1.2.0.)",
        "warnings": "Những gì không đọc được và lý do.",
        "confidence": "Độ tin cậy (0–1) theo từng trường với giá trị không lấy thẳng từ lớp chữ, ví dụ số viết tay "
                      "hoặc ô chữ ký; trường không có tên ở đây được đọc từ lớp chữ. (Có từ phiên bản 1.1.0.)",
    }),
    "Source": ("Nguồn văn bản và cách lấy nội dung.", {
        "path": "Đường dẫn tệp lúc nhận (chỉ để tham khảo; mã văn bản không phụ thuộc vào nó).",
        "sha256": "SHA-256 của nội dung tệp: định danh của văn bản.",
        "format": "Định dạng tệp: pdf, docx hoặc txt.",
        "pages": "Số trang (DOCX/TXT không chia trang cố định: 1).",
        "received_at": "Ngày đến.",
        "text_layer": "born_digital: chữ đọc trực tiếp từ tệp; ocr: chữ nhận dạng từ ảnh trang; none: không có chữ dùng được.",
    }),
    "Signer": ("Phần chữ ký.", {
        "name": "Họ và tên người ký.",
        "title": "Chức vụ người ký, ví dụ PHÓ CHỦ TỊCH.",
        "authority": "Thẩm quyền ký theo thứ tự ghi trên văn bản, ví dụ ['TL. CHỦ TỊCH', 'KT. CHÁNH VĂN PHÒNG'] (TM./KT./TL./Q./TUQ.).",
    }),
    "Signature": ("Một chữ ký số trên tệp (từ điển chữ ký PDF), hoặc chỉ dòng chữ 'Ký bởi … Thời gian ký …' "
                  "hiện trên trang. (Có từ phiên bản 1.2.0.)", {
        "role": "Chữ ký của ai, đoán từ chứng thư số và thứ tự ký: personal (cá nhân người ký), organisation (cơ "
                "quan ban hành), publisher (đơn vị công bố: trung tâm công báo, cổng thông tin), receiver (cơ quan "
                "khác ký sau cơ quan ban hành, ví dụ khi nhận).",
        "common_name": "Tên (CN) trong chứng thư số, nguyên văn (NFC).",
        "organisation": "Tổ chức (O) trong chứng thư số, nguyên văn (NFC).",
        "certificate_issuer": "Tên (CN) của tổ chức cung cấp dịch vụ chứng thực đã cấp chứng thư số.",
        "signed_at": "Thời gian ký, có múi giờ, theo giờ Việt Nam (+07:00).",
        "intact": "true nếu phần tệp được ký không bị thay đổi và chữ ký khớp khóa của chứng thư; false nếu tệp bị "
                  "sửa sau khi ký; null nếu chỉ đọc được dòng chữ trên trang.",
        "trusted": "true chỉ khi chuỗi chứng thư hợp lệ theo bộ CA cấu hình ở CONGVAN_CA_BUNDLE (không truy cập "
                   "mạng); false nếu không hợp lệ; null nếu không cấu hình bộ CA.",
        "source": "certificate: đọc từ từ điển chữ ký PDF; stamp: chỉ có dòng chữ trên trang, chưa kiểm tra được.",
        "field_name": "Tên trường chữ ký trong PDF, ví dụ Signature1.",
    }),
    "Reference": ("Một văn bản được dẫn chiếu.", {
        "doc_number": "Số, ký hiệu của văn bản được dẫn chiếu.",
        "doc_type": "Tên loại của văn bản được dẫn chiếu, ví dụ Công điện.",
        "issue_date": "Ngày ban hành của văn bản được dẫn chiếu.",
        "issuer": "Cơ quan ban hành văn bản được dẫn chiếu, như ghi trên văn bản.",
    }),
    "Deadline": ("Thời hạn thực hiện: cụm từ như ghi trên văn bản và giá trị đã chuẩn hóa.", {
        "text": "Cụm từ chỉ thời hạn, nguyên văn, ví dụ 'trước ngày 30/6/2023'.",
        "kind": "Cách diễn đạt thời hạn: absolute (ngày cụ thể), relative (số ngày kể từ …), recurring (định kỳ), "
                "urgent (khẩn trương), ongoing (thường xuyên), event (theo sự kiện), none (không có).",
        "date": "Hạn xử lý (kèm giờ nếu văn bản ghi giờ); với thời hạn định kỳ là lần đầu tiên sau ngày văn bản.",
        "duration": "Khoảng thời gian ISO 8601 của thời hạn tương đối, ví dụ P5D.",
        "working_days": "true nếu tính theo ngày làm việc.",
        "anchor": "Mốc tính thời hạn tương đối: receipt (ngày nhận), signing (ngày ký), event (sự kiện).",
        "rrule": "Quy tắc lặp RFC 5545 của thời hạn định kỳ.",
    }),
    "Evidence": ("Câu văn giao nhiệm vụ.", {
        "page": "Số trang (bắt đầu từ 1).",
        "text": "Câu hoặc mục liệt kê, đã chuẩn hóa khoảng trắng.",
        "start": "Vị trí ký tự bắt đầu trong nội dung trang.",
        "end": "Vị trí ký tự kết thúc (không tính) trong nội dung trang.",
    }),
    "Task": ("Một nhiệm vụ: ai phải làm gì, đến khi nào (chủ trì, phối hợp, thời hạn).", {
        "id": "Mã nhiệm vụ, không đổi: mã văn bản và số thứ tự, ví dụ 3f2a…-t01.",
        "assignees": "Các cơ quan, đơn vị được giao, như ghi trên văn bản (gồm cả đơn vị chủ trì, không gồm đơn vị phối hợp).",
        "lead": "Đơn vị chủ trì (cũng có trong assignees).",
        "collaborators": "Các đơn vị phối hợp.",
        "action": "Việc phải làm (cụm động từ chính).",
        "deliverable": "Sản phẩm phải nộp (báo cáo, kế hoạch, dự thảo …).",
        "report_to": "Nơi báo cáo kết quả.",
        "deadline": "Thời hạn thực hiện.",
        "evidence": "Vị trí câu giao nhiệm vụ trong văn bản.",
        "confidence": "Độ tin cậy của việc trích xuất nhiệm vụ (0–1).",
        "status": "Trạng thái theo dõi; do hệ thống theo dõi và người rà soát cập nhật.",
        "rules": "Tên các quy tắc trích xuất đã tạo ra nhiệm vụ, quy tắc tìm ra đơn vị được giao đứng đầu.",
    }),
    "Warning": ("Điều không đọc được và lý do.", {
        "code": "Mã cảnh báo máy đọc được, ví dụ number_blank, needs_ocr.",
        "message": "Giải thích (tiếng Anh).",
        "field": "Trường dữ liệu liên quan, nếu có.",
    }),
}

CONTRACT_MODELS: tuple[type[BaseModel], ...] = (Document, Source, Signer, Signature, Reference, Deadline, Evidence, Task,
                                                 Warning)

# API components that extend a contract model and reuse its field descriptions.
EXTENDS = {"TaskItem": "Task"}

_BRACKET = re.compile(r"\s*(\[[^\]]+\])\s*\.?\s*$")


# Deadline.date carries a clock time without a UTC offset ("2023-09-21T18:00:00", Vietnam time),
# which RFC 3339 "date-time" does not allow. The stored JSON cannot change here (it is the
# contract, served byte for byte), so the OpenAPI document describes what is really sent.
# Remove this once the contract emits offsets (see docs/API.md, "Known gaps").
LOCAL_DATE_TIME = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$",
    "description": "Ngày giờ theo giờ Việt Nam (UTC+7), không ghi múi giờ.",
}


def missing_translations() -> list[str]:
    """Contract fields (``Model.field``) that have no Vietnamese description here."""
    return [f"{model.__name__}.{name}" for model in CONTRACT_MODELS for name in model.model_fields
            if name not in VI.get(model.__name__, ("", {}))[1]]


def _with_tag(vietnamese: str, english: str | None) -> str:
    """The Vietnamese text, followed by the edXML tag the English text ends with, if any."""
    match = _BRACKET.search(english or "")
    return f"{vietnamese} {match.group(1)}" if match else vietnamese


def localise(openapi: dict[str, Any]) -> dict[str, Any]:
    """Replace the contract models' English descriptions in an OpenAPI document, in place."""
    for name, component in openapi.get("components", {}).get("schemas", {}).items():
        base = name.removesuffix("-Output").removesuffix("-Input")
        own = base in VI
        source = base if own else EXTENDS.get(base)
        if source is None:
            continue
        model_text, fields = VI[source]
        if own:
            component["description"] = _with_tag(model_text, component.get("description"))
        for field, prop in component.get("properties", {}).items():
            if field in fields:  # for an extension: only the fields it inherits from the contract
                prop["description"] = _with_tag(fields[field], prop.get("description"))
    _local_deadline_times(openapi)
    return openapi


def _local_deadline_times(openapi: dict[str, Any]) -> None:
    schemas = openapi.get("components", {}).get("schemas", {})
    date = schemas.get("Deadline", {}).get("properties", {}).get("date", {})
    if "anyOf" in date and LOCAL_DATE_TIME not in date["anyOf"]:
        date["anyOf"].insert(2, LOCAL_DATE_TIME)

