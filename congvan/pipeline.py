"""One letter, start to finish: read → layout → extract → Document.

This is the single function the CLI, the Prefect flow, the API and the benchmark all
call, so there is exactly one definition of "what congvan extracts from a file".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from congvan.extractors.metadata import extract_metadata
from congvan.extractors.options import DEFAULT_OPTIONS, ExtractionOptions
from congvan.hashing import sha256_file
from congvan.extractors.tasks import extract_tasks
from congvan.layout.regions import split_regions
from congvan.models import Document, Source, document_id
from congvan.text import path_text
from congvan.readers import ReadDocument, read_file


def received_date(path: Path) -> dt.date:
    """When the office got the file: its modification time (the scanner or mail export sets it)."""
    return dt.date.fromtimestamp(path.stat().st_mtime)


def build_document(read: ReadDocument, *, path: str, sha256: str, received_at: dt.date | None = None,
                   options: ExtractionOptions = DEFAULT_OPTIONS) -> Document:
    """Extract every field from an already-read letter (receipt date: ``received_at`` or ``options.received_at``)."""
    received_at = received_at or options.received_at
    if received_at is None:
        raise ValueError("build_document needs the date of receipt (received_at or options.received_at)")
    regions = split_regions(read)
    meta = extract_metadata(read, regions, options)
    doc_id = document_id(sha256)
    tasks = extract_tasks(read, regions, meta, doc_id=doc_id, received_at=received_at, options=options)
    return Document(
        id=doc_id,
        source=Source(
            path=path,
            sha256=sha256,
            format=read.format,
            pages=read.pages,
            received_at=received_at,
            text_layer=read.text_layer,
        ),
        doc_number=meta.doc_number,
        doc_type=meta.doc_type,
        issuer=meta.issuer,
        issuer_as_written=meta.issuer_as_written,
        issuer_parent=meta.issuer_parent,
        issuer_parent_as_written=meta.issuer_parent_as_written,
        place=meta.place,
        issue_date=meta.issue_date,
        subject=meta.subject,
        urgency=meta.urgency,
        signer=meta.signer,
        addressees=meta.addressees,
        cc=meta.cc,
        references=meta.references,
        tasks=tasks,
        signatures=read.signatures,
        warnings=[*read.warnings, *meta.warnings],
        confidence=meta.confidence,
    )


def process_file(path: Path, received_at: dt.date | None = None, options: ExtractionOptions = DEFAULT_OPTIONS) -> Document:
    """Read and extract one file; raises ReadError for files that cannot be read.

    The date of receipt is ``received_at``, else ``options.received_at``, else the file's mtime.
    """
    sha = sha256_file(path)
    read = read_file(path)
    received = received_at or options.received_at or received_date(path)
    return build_document(read, path=path_text(path), sha256=sha, received_at=received, options=options)
