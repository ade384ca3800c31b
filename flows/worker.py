"""Entry point of one extraction worker process: ``python -m congvan.flows.worker IN OUT MB EXTRACTOR``.

Started by :class:`congvan.flows.isolation.LetterPool`; IN and OUT are inherited pipe fds.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from congvan.flows.isolation import worker_main


def main(argv: list[str]) -> None:
    fd_in, fd_out, memory_mb, extractor = argv
    worker_main(Connection(int(fd_in), writable=False), Connection(int(fd_out), readable=False), int(memory_mb), extractor)


if __name__ == "__main__":
    main(sys.argv[1:])
