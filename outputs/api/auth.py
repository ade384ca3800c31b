"""API-key checks: ``Authorization: Bearer <CONGVAN_API_KEY>``, compared in constant time.

One key per server, shared by the trackers an office trusts. The comparison uses
:func:`hmac.compare_digest` over SHA-256 digests, so neither the key's content nor its length
leaks through timing. A missing and a wrong key get the same 401, so the answer does not
tell an attacker which one he got right.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from congvan.outputs.api.errors import ApiError

bearer = HTTPBearer(auto_error=False, scheme_name="ApiKey",
                    description="Khóa API của máy chủ (biến môi trường CONGVAN_API_KEY), gửi dạng `Authorization: Bearer <khóa>`.")

Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


def key_matches(presented: str | None, expected: str) -> bool:
    """True if the presented key equals the configured one (constant time)."""
    if presented is None:
        hmac.compare_digest(_digest(""), _digest(expected))  # same work either way
        return False
    return hmac.compare_digest(_digest(presented), _digest(expected))


def require_key(expected: str) -> Callable[[HTTPAuthorizationCredentials | None], None]:
    """A dependency that lets the request through only with the right bearer key."""

    def check(credentials: Credentials) -> None:
        presented = credentials.credentials if credentials else None
        if not key_matches(presented, expected):
            raise ApiError(401, "missing or wrong API key: send `Authorization: Bearer <CONGVAN_API_KEY>`",
                           headers={"WWW-Authenticate": 'Bearer realm="congvan"'})

    return check
