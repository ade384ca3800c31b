"""Imported by each extraction worker before it says "ready", so no letter pays the warm-up.

The first letter a cold process reads pays ~0.5 s to build the spaCy pipeline and the POS
tagger; doing it before the worker says "ready" keeps that out of the first letter's time
budget. Never raises: a failed warm-up only costs speed.
"""

from __future__ import annotations

import datetime as _dt

_LETTER = """ỦY BAN NHÂN DÂN
TỈNH HÀ NAM
Số: 12/UBND-VP
V/v triển khai kế hoạch
Kính gửi: Sở Y tế; Sở Tài chính.
1. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính xây dựng kế hoạch, báo cáo UBND tỉnh trước ngày 15/3/2025.
2. Đề nghị các đơn vị triển khai thực hiện trong 10 ngày làm việc kể từ ngày nhận văn bản.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def warm() -> None:
    try:
        from congvan.flows import batch  # noqa: F401  (what the workers run)
        from congvan.readers import read_text

        from congvan.pipeline import build_document

        build_document(read_text(_LETTER), path="<warm-up>", sha256="0" * 64, received_at=_dt.date(2025, 1, 6))
    except Exception:  # noqa: BLE001, S110 (a failed warm-up only costs the first letter ~0.5 s)
        pass


warm()  # on import: the worker imports this module before saying "ready"
