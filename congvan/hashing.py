"""The SHA-256 of a file: the register's identity of a letter.

A module of its own so that the batch process, which only hashes, plans and commits, does
not import the extraction pipeline (spaCy, underthesea: about a second per run) that only
its worker processes use.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
