"""How one API server is configured, and the refusals that keep it safe.

The rules live here, not in the CLI, so that every way of starting the app (``congvan
serve``, a test, an ASGI server pointed at :func:`congvan.outputs.api.create_app`) is held
to them: a server that accepts writes must have a key, and a server whose reads are
protected must have one too, otherwise nobody could use it and the operator would not know
why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

ReadAccess = Literal["open", "protected"]

API_KEY_ENV = "CONGVAN_API_KEY"
MIN_KEY_LENGTH = 16
MAX_PAGE_SIZE = 200  # list endpoints; a page of full Documents stays a few MB at most
MAX_BODY_BYTES = 64 * 1024  # a status and a 2000-character note, even fully \u-escaped, stay under 30 KB
MAX_NOTE_CHARS = 2000


class ConfigError(ValueError):
    """The server must not start with this configuration; the message says what to change."""


@dataclass(frozen=True)
class ApiSettings:
    """One server's configuration (immutable once the app is built)."""

    db_url: str
    api_key: str | None = None
    writes: bool = True
    reads: ReadAccess = "protected"
    max_body_bytes: int = MAX_BODY_BYTES

    def __post_init__(self) -> None:
        if self.reads not in ("open", "protected"):
            raise ConfigError(f"reads must be 'open' or 'protected', not {self.reads!r}")
        if self.api_key is not None and len(self.api_key) < MIN_KEY_LENGTH:
            raise ConfigError(f"{API_KEY_ENV} is too short: use at least {MIN_KEY_LENGTH} random characters "
                              "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)")
        if self.writes and not self.api_key:
            raise ConfigError(f"refusing to accept anonymous writes: set {API_KEY_ENV}, "
                              "or start the server with --read-only")
        if self.reads == "protected" and not self.api_key:
            raise ConfigError(f"reads are protected but {API_KEY_ENV} is not set: set it, "
                              "or start the server with --reads open")

    @classmethod
    def from_env(cls, db_url: str, *, writes: bool = True, reads: ReadAccess = "protected") -> ApiSettings:
        """Settings with the key taken from the environment (never from a command-line argument,
        where it would show up in ``ps`` and shell history)."""
        return cls(db_url=db_url, api_key=os.environ.get(API_KEY_ENV) or None, writes=writes, reads=reads)
