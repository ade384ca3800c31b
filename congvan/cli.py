"""The ``congvan`` command.

``process`` runs the inbox batch; ``extract`` prints one Document; ``eval`` scores
predictions against gold; ``schema`` writes or checks the published JSON Schema.
Heavy imports (Prefect, spaCy) happen inside the commands that need them, so
``congvan extract`` starts in well under a second.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Turn Vietnamese official letters into a register and tracked tasks.")
console = Console(stderr=True)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from congvan.extractors.dates import parse_user_date

    try:
        return parse_user_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


@app.command()
def process(
    inbox: Annotated[Path, typer.Argument(help="Folder of incoming letters (PDF, DOCX, TXT).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    db: Annotated[Optional[str], typer.Option(help="SQLAlchemy URL of the register (default: OUT/register.sqlite).")] = None,
    received: Annotated[Optional[str], typer.Option(help="Receipt date for all letters (YYYY-MM-DD); default: each file's mtime.")] = None,
    prefect: Annotated[Optional[bool], typer.Option("--prefect/--no-prefect", help="Run as a Prefect flow (default: only when PREFECT_API_URL is set).")] = None,
    workers: Annotated[int, typer.Option(help="Parallel extraction processes (direct path).")] = os.cpu_count() or 1,
    archive: Annotated[bool, typer.Option("--archive/--no-archive", help="Move processed letters to OUT/archive/ and bad ones to OUT/quarantine/ (office inbox mode).")] = False,
) -> None:
    """Process every new letter in INBOX: register, JSON and XLSX in OUT."""
    received_at = _date(received)
    use_prefect = prefect if prefect is not None else bool(os.environ.get("PREFECT_API_URL"))
    if not inbox.is_dir():
        console.print(f"[red]inbox folder not found:[/red] {inbox}")
        raise typer.Exit(2)
    if use_prefect:
        from congvan.flows.process_inbox import configure_prefect_defaults

        configure_prefect_defaults()
        from congvan.flows.process_inbox import process_inbox

        counts = process_inbox(str(inbox), str(out), db, received_at)
        console.print(f"Prefect flow finished: {counts}")
        raise typer.Exit(1 if counts.get("quarantined") or counts.get("problems") else 0)

    from congvan.cli_report import progress_bar, summary_table
    from congvan.flows.batch import BatchOptions, run_batch, scan_inbox
    from congvan.flows.lock import BatchLocked

    total = len(scan_inbox(inbox))
    try:
        with progress_bar(console, total) as advance:
            options = BatchOptions(db_url=db, received_at=received_at, workers=workers, archive=archive)
            summary = run_batch(inbox, out, options, on_done=advance)
    except BatchLocked as exc:
        console.print(f"[yellow]{exc}[/yellow]")
        raise typer.Exit(75) from exc
    console.print(summary_table(summary, out))
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A letter file, or - to read plain text from stdin.")],
    received: Annotated[Optional[str], typer.Option(help="Receipt date (YYYY-MM-DD); default: file mtime or today.")] = None,
) -> None:
    """Print one letter's Document as JSON."""
    from congvan.pipeline import build_document, process_file
    from congvan.readers import ReadError, read_text
    from congvan.text import nfc

    received_at = _date(received)
    try:
        if file == "-":
            import hashlib

            data = sys.stdin.buffer.read()
            text = nfc(data.decode("utf-8-sig"))
            document = build_document(
                read_text(text), path="<stdin>", sha256=hashlib.sha256(data).hexdigest(),
                received_at=received_at or dt.date.today(),
            )
        else:
            path = Path(file)
            if not path.is_file():
                console.print(f"[red]no such file:[/red] {file}")
                raise typer.Exit(2)
            document = process_file(path, received_at)
    except ReadError as exc:
        console.print(f"[red]cannot read {file}:[/red] {exc.message} ({exc.code})")
        raise typer.Exit(1) from exc
    sys.stdout.write(document.model_dump_json(indent=2) + "\n")


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="Folder of gold JSON files.")],
    pred: Annotated[Optional[Path], typer.Option(help="Folder of predicted Document JSON files (OUT/documents).")] = None,
    letters: Annotated[Optional[Path], typer.Option(help="Extract the gold letters from this folder first (by file stem).")] = None,
    tasks_only: Annotated[bool, typer.Option("--labelled-tasks", help="With --letters or source_path: only letters whose tasks are labelled.")] = False,
    split: Annotated[str, typer.Option(help="train, dev, test or all: score only the gold of this split of samples/splits.tsv "
                                            "(files it does not list, the synthetic set, are train). test prints aggregates only.")] = "all",
    manifest: Annotated[Optional[Path], typer.Option(help="Split manifest (default samples/splits.tsv).")] = None,
    resamples: Annotated[int, typer.Option(help="Bootstrap resamples of documents for the 95% intervals (0: none).")] = 1000,
    blind: Annotated[bool, typer.Option("--blind", help="Aggregate numbers only, as for --split test: for scoring a new "
                                                         "labelling batch before it joins a split.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    show: Annotated[int, typer.Option(help="How many mismatches to list per field (ignored for --split test and --blind).")] = 10,
) -> None:
    """Score predictions against gold: metadata accuracy and task P/R/F1 per field.

    Either give --pred (documents written by `congvan process`), or let eval extract the gold
    letters itself: from --letters by file stem, or from each label's source_path, each with the
    receipt date its label records. With --split test only aggregate numbers are printed, never
    a document's mismatches: held-out errors must not be read while rules are changed.
    """
    import tempfile

    from congvan.evaluation import (aggregate_only, default_manifest, evaluate_dirs, load_manifest, predict_gold_letters,
                                    render_report, split_stems)

    if split not in ("train", "dev", "test", "all"):
        raise typer.BadParameter(f"unknown split {split!r}: use train, dev, test or all", param_hint="--split")
    only = None
    if split != "all":
        only = split_stems(split, load_manifest(manifest or default_manifest()), gold)
    if pred is None:
        pred = Path(tempfile.mkdtemp(prefix="congvan-eval-"))
        predict_gold_letters(gold, letters, pred, labelled_tasks_only=tasks_only, only=only)
    report = evaluate_dirs(gold, pred, only=only, resamples=resamples)
    title = f"[{split}] " if split != "all" else ""
    if split == "test" or blind:
        if show != 10:
            console.print("[yellow]--show is ignored for --split test and --blind: held-out mismatches are never listed.[/yellow]")
        report = aggregate_only(report)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        Console().print(render_report(report, show, title=title))


@app.command()
def schema(
    write: Annotated[bool, typer.Option("--write", help="Regenerate models/document.schema.json.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the checked-in schema is stale.")] = False,
) -> None:
    """Print, write or check the published JSON Schema."""
    from congvan.models.schema import SCHEMA_PATH, render_schema

    text = render_schema()
    if write:
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        console.print(f"wrote {SCHEMA_PATH}")
    elif check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != text:
            console.print("[red]models/document.schema.json is stale: run `congvan schema --write`[/red]")
            raise typer.Exit(1)
        console.print("schema is up to date")
    else:
        sys.stdout.write(text)


# Feature modules that add their own commands to ``app`` (review, serve, schedule, …).
# Each is a small module ``congvan/cli_<feature>.py`` doing ``from congvan.cli import app``.
COMMAND_MODULES: tuple[str, ...] = ("cli_serve", "cli_review", "cli_schedule")


def main() -> None:
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(f"congvan.{module}")
    app()


if __name__ == "__main__":
    main()
