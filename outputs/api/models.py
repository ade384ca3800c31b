"""What the API sends and accepts, with the Vietnamese field descriptions integrators read.

A task item is the contract's :class:`~congvan.models.Task` plus the same document context
``tasks.json`` carries (so a script can switch from the file to the API without a rewrite),
plus what only the register knows: the note, the overdue flag and the version used for
``If-Match``. Documents are never re-modelled here: ``/documents/{id}`` sends the stored
contract JSON itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from congvan.models import Document, Task
from congvan.models.document import TaskStatus, Urgency
from congvan.outputs.api.settings import MAX_NOTE_CHARS

# Statuses after which a task can no longer be overdue (done, on time or late, or cancelled).
CLOSED_STATUSES: tuple[str, ...] = ("hoàn thành đúng hạn", "hoàn thành quá hạn", "hủy")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentSummary(_Out):
    """Một dòng của sổ văn bản đến: đủ để lọc và hiển thị danh sách; chi tiết ở /documents/{id}."""

    id: str = Field(description="Mã văn bản (16 chữ số hex đầu của SHA-256 tệp), không đổi.")
    incoming_year: int = Field(description="Năm đến (số đến đánh lại từ 1 mỗi năm).")
    incoming_no: int = Field(description="Số đến trong năm.")
    received_at: dt.date = Field(description="Ngày đến.")
    doc_number: str | None = Field(description="Số, ký hiệu văn bản.")
    doc_type: str | None = Field(description="Tên loại văn bản, ví dụ Công văn, Quyết định.")
    issuer: str | None = Field(description="Cơ quan ban hành (tác giả), viết hoa như trong sổ "
                               "(Phụ lục II Nghị định 30/2020/NĐ-CP).")
    issue_date: dt.date | None = Field(description="Ngày ban hành.")
    subject: str | None = Field(description="Trích yếu nội dung.")
    urgency: Urgency | None = Field(description="Độ khẩn.")
    task_count: int = Field(description="Số nhiệm vụ trích xuất được từ văn bản.")
    updated_at: dt.datetime = Field(description="Thời điểm cập nhật gần nhất trong sổ (UTC).")


class Page(_Out):
    """Phân trang theo offset: trang tiếp theo bắt đầu ở next_offset."""

    total: int = Field(description="Tổng số kết quả khớp bộ lọc.")
    limit: int = Field(description="Số kết quả tối đa trong một trang.")
    offset: int = Field(description="Vị trí bắt đầu của trang này.")
    next_offset: int | None = Field(description="Offset của trang tiếp theo; null nếu đây là trang cuối.")


class DocumentPage(Page):
    """Một trang danh sách văn bản đến."""

    items: list[DocumentSummary] = Field(description="Các văn bản trong trang, theo thứ tự sổ (năm đến, số đến).")


class TaskItem(Task):
    """Một nhiệm vụ kèm thông tin văn bản giao nhiệm vụ và trạng thái theo dõi trong sổ."""

    document_id: str = Field(description="Mã văn bản giao nhiệm vụ.")
    document_number: str | None = Field(description="Số, ký hiệu văn bản giao nhiệm vụ.")
    document_type: str | None = Field(description="Tên loại văn bản giao nhiệm vụ.")
    document_date: dt.date | None = Field(description="Ngày ban hành văn bản giao nhiệm vụ.")
    document_issuer: str | None = Field(description="Cơ quan ban hành văn bản giao nhiệm vụ.")
    incoming_no: int = Field(description="Số đến của văn bản.")
    received_at: dt.date = Field(description="Ngày đến của văn bản.")
    note: str | None = Field(description="Ghi chú theo dõi (đặt qua PATCH /tasks/{id}).")
    overdue: bool = Field(description="Quá hạn: có hạn xử lý trước ngày hôm nay (giờ Việt Nam) và chưa hoàn thành hoặc hủy.")
    version: int = Field(description="Phiên bản của nhiệm vụ (mã thay đổi gần nhất); gửi lại trong If-Match khi sửa.")


class TaskPage(Page):
    """Một trang danh sách nhiệm vụ."""

    items: list[TaskItem] = Field(description="Các nhiệm vụ trong trang.")


class TaskPatch(_Out):
    """Cập nhật tiến độ một nhiệm vụ: trạng thái và/hoặc ghi chú; trường bỏ trống hoặc null được giữ nguyên.
    Mọi thay đổi được ghi nhật ký; yêu cầu không thay đổi gì thì không ghi gì."""

    status: TaskStatus | None = Field(default=None, description="Trạng thái mới.")
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS,
                             description="Ghi chú mới; chuỗi rỗng để xóa ghi chú; bỏ trống để giữ nguyên.")
    actor: str | None = Field(default=None, min_length=1, max_length=200,
                              description="Người hoặc hệ thống thực hiện thay đổi, ghi vào nhật ký (mặc định 'api').")


class ChangeItem(_Out):
    """Một thực thể đã được tạo, sửa hoặc xóa sau con trỏ; kèm trạng thái hiện tại của nó."""

    cursor: int = Field(description="Vị trí của thay đổi này trong nhật ký thay đổi.")
    entity: Literal["document", "task"] = Field(description="Loại thực thể: văn bản hoặc nhiệm vụ.")
    id: str = Field(description="Mã văn bản hoặc mã nhiệm vụ.")
    document_id: str = Field(description="Mã văn bản chứa thực thể.")
    action: Literal["created", "updated", "deleted"] = Field(
        description="created/updated: ghi đè bản sao của bạn bằng dữ liệu kèm theo; deleted: xóa bản sao.")
    at: dt.datetime = Field(description="Thời điểm thay đổi (UTC).")
    document: Document | None = Field(default=None, description="Văn bản hiện tại (khi entity = document và chưa bị xóa).")
    task: TaskItem | None = Field(default=None, description="Nhiệm vụ hiện tại (khi entity = task và chưa bị xóa).")


class ChangesPage(_Out):
    """Các thay đổi sau con trỏ since, theo thứ tự; mỗi thực thể xuất hiện một lần, ở thay đổi mới nhất của nó."""

    items: list[ChangeItem] = Field(description="Các thay đổi, theo thứ tự con trỏ tăng dần.")
    next_cursor: int = Field(description="Giá trị since cho lần gọi tiếp theo; lưu lại sau khi đã xử lý xong trang này.")
    has_more: bool = Field(description="Còn thay đổi sau next_cursor: gọi tiếp ngay.")


class Health(_Out):
    """Tình trạng máy chủ."""

    status: Literal["ok"] = Field(description="ok khi máy chủ đọc được sổ.")
    documents: int = Field(description="Số văn bản trong sổ.")
    schema_version: str = Field(description="Phiên bản của lược đồ JSON văn bản.")
    writes: bool = Field(description="Máy chủ có nhận thay đổi (PATCH) hay không.")
