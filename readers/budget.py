"""Limits for one PDF, so a hostile file cannot hang or swamp a batch: pages, page size, time.

pdfminer is pure Python: a crafted content stream (millions of tiny operators, a cycle
of nested form XObjects) can keep one page busy for minutes. We cannot kill a thread, so
the hard per-page limit uses ``SIGALRM``, which interrupts the parser wherever it is; that
only works in the main thread of a process, which is where the CLI and the batch's worker
processes read files. Elsewhere (the Prefect flow runs tasks in threads) the limit falls
back to a check between pages, and the batch's process-level limits are the backstop.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator

from congvan.readers.base import ReadError

PAGE_SECONDS = 30.0  # pdfplumber on a dense real page takes well under a second
LETTER_SECONDS = 600.0  # a 400-page letter at ~1 s per page, with room to spare
OCR_PAGE_SECONDS = 15.0  # added to the letter's budget per page to OCR (a page takes 1–3 s of CPU)
MAX_PAGES = 400  # a letter, even with annexes; beyond this it is an archive dump, not a letter
MAX_PAGE_AREA = 2000 * 2000  # points²: about 0.7 × 0.7 m; larger is a poster or a hostile file


def check_page_count(n_pages: int) -> None:
    """Refuse a PDF with no pages or more than a letter can have (whichever parser counted them)."""
    if n_pages == 0:
        raise ReadError("corrupt_pdf", "PDF has no pages")
    if n_pages > MAX_PAGES:
        raise ReadError("too_many_pages", f"PDF has {n_pages} pages; the limit for one letter is {MAX_PAGES}")


def check_page_size(number: int, width: float, height: float) -> None:
    """Refuse a page far larger than any letter page (it would be rendered for OCR)."""
    if width * height > MAX_PAGE_AREA:
        raise ReadError("page_too_large", f"page {number} is {width:.0f}×{height:.0f} pt; not a letter page")


class Deadline:
    """A budget for a whole letter, checked between pages."""

    def __init__(self, seconds: float = LETTER_SECONDS) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def extend(self, seconds: float) -> None:
        """More time for work known to be slow but legitimate (OCR: ~2 s of CPU per page)."""
        self.seconds += seconds
        self.end += seconds

    def check(self, what: str) -> None:
        if time.monotonic() > self.end:
            raise ReadError("too_slow", f"reading took more than {self.seconds:.0f} s (stopped at {what}); "
                            "the file is too complex or built to stall the reader")


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def page_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise ReadError('too_slow') if the block runs longer than ``seconds`` (main thread only)."""
    if not _can_alarm() or seconds <= 0:
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise ReadError("too_slow", f"{what} took more than {seconds:.0f} s to parse; "
                        "the file is too complex or built to stall the reader")

    previous = signal.signal(signal.SIGALRM, _expired)
    started = time.monotonic()
    outer, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's timer was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
    # The alarm can land inside a library's own broad 'except Exception' and be swallowed; the
    # clock cannot: a page that overran its limit is refused even if the parser carried on.
    if time.monotonic() - started > seconds:
        raise ReadError("too_slow", f"{what} took more than {seconds:.0f} s to parse; "
                        "the file is too complex or built to stall the reader")
