"""Old binary Word (.doc) and OpenDocument (.odt) → DOCX with LibreOffice, then the DOCX reader.

Offices still receive .doc letters, and some units draft in LibreOffice. Rather than keep
two more parsers, we let LibreOffice (headless) write a DOCX and read that, so tables, text
boxes and the two-column header come out exactly as for a native DOCX.

Details that matter:

* Each conversion gets its own LibreOffice profile (``-env:UserInstallation``). Two
  conversions sharing the default profile make the second one exit 0 *without writing
  anything*; in a batch with parallel workers that would lose letters silently.
* The input is linked into a private temporary folder under a fixed, well-suffixed name,
  so a mislabelled file or an odd file name cannot confuse LibreOffice's type detection
  or collide with another conversion's output. The original is never opened for writing.
* A hard timeout, with the whole process group killed (``soffice`` forks ``soffice.bin``).
* Everything, profile included, is deleted afterwards.

``CONGVAN_SOFFICE`` names the binary (default: ``soffice`` or ``libreoffice`` on PATH).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Literal

from congvan.readers.base import ReadError

Kind = Literal["doc", "odt"]
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
TIMEOUT = 120.0  # seconds; a letter converts in 2–5 s, LibreOffice's first start takes longer
MAX_INPUT_BYTES = 60 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # a password-protected .docx/.xlsx


def soffice() -> str:
    """The LibreOffice executable, or a ReadError that says what to install."""
    names = [os.environ["CONGVAN_SOFFICE"]] if os.environ.get("CONGVAN_SOFFICE") else ["soffice", "libreoffice"]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise ReadError(
        "conversion_unavailable",
        f"this is an old .doc or .odt file and needs LibreOffice to be read, but it was not found "
        f"({' / '.join(names)}); install it with: {INSTALL_HINT}",
    )


def ole_kind(path: Path) -> Literal["word", "encrypted"] | None:
    """What an OLE compound file holds, by its stream names: a Word document, an encrypted
    Office Open XML package (what Office writes when a .docx gets a password), or other."""
    with path.open("rb") as fh:
        data = fh.read(MAX_INPUT_BYTES)
    if _ENCRYPTED_STREAM in data:
        return "encrypted"
    if _WORD_STREAM in data:
        return "word"
    return None


def odf_mimetype(path: Path) -> bytes | None:
    """The ``mimetype`` member of an OpenDocument zip, or None if it is not one."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "mimetype" not in zf.namelist():
                return None
            info = zf.getinfo("mimetype")
            if info.file_size > 200:
                return None
            return zf.read("mimetype").strip()
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None


def _check_input(path: Path, kind: Kind) -> None:
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise ReadError("too_large", f".{kind} file is {size // 2**20} MB; not a letter")
    if kind == "odt":
        from congvan.readers.docx import MAX_UNCOMPRESSED

        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
        if total > MAX_UNCOMPRESSED:
            raise ReadError("zip_bomb", f"ODT expands to {total // 2**20} MB; refusing (limit {MAX_UNCOMPRESSED // 2**20} MB)")


def to_docx(path: Path, kind: Kind, out_dir: Path, timeout: float = TIMEOUT) -> Path:
    """Convert ``path`` into ``out_dir``/letter.docx with a private LibreOffice profile."""
    _check_input(path, kind)
    exe = soffice()
    work = Path(tempfile.mkdtemp(prefix="congvan-lo-", dir=out_dir))
    source = work / f"letter.{kind}"
    try:
        source.symlink_to(path.resolve())
    except OSError:
        shutil.copyfile(path, source)
    profile = work / "profile"
    args = [
        exe, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source),
    ]
    env = {**os.environ, "HOME": str(work)}  # LibreOffice may write under $HOME; keep it in our folder
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        _stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        raise ReadError("conversion_timeout", f"LibreOffice took more than {timeout:.0f} s to convert this .{kind} file") from exc
    finally:
        _kill_group(process)  # soffice.bin can outlive its launcher; never leave it behind
    result = work / "out" / "letter.docx"
    if not result.exists() or result.stat().st_size == 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError("conversion_failed", f"LibreOffice could not convert this .{kind} file "
                        f"({detail[-1] if detail else 'no output'}); it may be damaged or password-protected")
    return result


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
