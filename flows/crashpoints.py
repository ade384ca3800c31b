"""Named points where the crash test kills the batch with SIGKILL.

A crash-recovery claim is only as good as the places it was tested at. The batch calls
:func:`crashpoint` at each step boundary (after the lock, before and after the register
commit, between the archive link and unlink, before each export file…). Normally it does
nothing: one dictionary lookup. With ``CONGVAN_CRASH`` set, the named point kills the
process, which is how ``tests/test_crash.py`` reproduces a power cut at a known place.

Spec: ``NAME`` (kill at the first hit), ``NAME#N`` (at the N-th hit) and ``NAME+SECONDS``
(arm a timer at the hit and kill that long after it, i.e. *during* the next step: reading,
extraction or the XLSX write, which have no boundary of their own we could stop at).
"""

from __future__ import annotations

import os
import re
import signal
import threading
from collections import Counter

ENV = "CONGVAN_CRASH"
_SPEC = re.compile(r"^(?P<name>[\w.-]+)(?:#(?P<nth>\d+))?(?:\+(?P<delay>[\d.]+))?$")
_hits: Counter[str] = Counter()


def crashpoint(name: str) -> None:
    """Kill this process here if ``CONGVAN_CRASH`` names this point (test-only; a no-op otherwise)."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    match = _SPEC.match(spec)
    if match is None or match["name"] != name:
        return
    _hits[name] += 1
    if _hits[name] != int(match["nth"] or 1):
        return
    delay = float(match["delay"] or 0)
    if delay > 0:
        timer = threading.Timer(delay, _die)
        timer.daemon = True
        timer.start()
    else:
        _die()


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
