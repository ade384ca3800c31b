"""``congvan review …``: reviewers correct extractions in Word and the corrections flow back.

export       write OUT/review/<số ký hiệu>_<id>.docx for letters in the register
apply        apply corrected review files to the register, JSON and XLSX (audited)
export-gold  write reviewed letters as gold labels for ``congvan eval``
status       set one task's status from the command line (audited)
audit        show who changed what
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from congvan.cli import app

review_app = typer.Typer(no_args_is_help=True, help="Reviewers correct extractions in a DOCX; corrections flow back.")
app.add_typer(review_app, name="review")
console = Console(stderr=True)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="Output folder of `congvan process`.")]
DbOption = Annotated[Optional[str], typer.Option(help="SQLAlchemy URL of the register (default: OUT/register.sqlite).")]


def _register(out: Path, db: str | None):
    from congvan.outputs.store import Register, default_url

    if db is None and not (out / "register.sqlite").exists():
        console.print(f"[red]no register in {out}[/red] (run `congvan process INBOX --out {out}` first, or give --db)")
        raise typer.Exit(2)
    return Register(db or default_url(out))


@review_app.command("export")
def export_cmd(
    documents: Annotated[Optional[list[str]], typer.Argument(help="Document ids or số ký hiệu (default: every letter).")] = None,
    out: OutOption = Path("out"),
    db: DbOption = None,
    blank_rows: Annotated[int, typer.Option(min=0, max=20, help="Blank rows for tasks the reviewer adds.")] = 3,
) -> None:
    """Write a review DOCX per letter into OUT/review/."""
    from congvan.flows.review_batch import export_reviews

    register = _register(out, db)
    try:
        paths = export_reviews(register, out, documents or (), blank_rows)
    except LookupError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    finally:
        register.close()
    for path in paths:
        console.print(str(path))
    console.print(f"{len(paths)} review file(s) in {out / 'review'}")


@review_app.command("apply")
def apply_cmd(
    files: Annotated[list[Path], typer.Argument(help="Corrected review files (.docx), or folders of them.")],
    out: OutOption = Path("out"),
    db: DbOption = None,
    reviewer: Annotated[Optional[str], typer.Option(help="Who made the corrections (default: the file's last-modified-by).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
) -> None:
    """Apply corrected review files: register, audit trail, JSON and XLSX. Exit 1 if any file is rejected."""
    from congvan.flows.review_batch import apply_reviews_to, review_files

    paths: list[Path] = []
    for item in files:
        if item.is_dir():
            paths.extend(review_files(item))
        elif item.is_file():
            paths.append(item)
        else:
            console.print(f"[red]no such file:[/red] {item}")
            raise typer.Exit(2)
    register = _register(out, db)
    try:
        results = apply_reviews_to(register, out, paths, reviewer, dry_run)
    finally:
        register.close()
    for result in results:
        if result.error is not None:
            console.print(f"[red]rejected[/red] {result.path.name} ({result.error.code}): {result.error}")
            continue
        extra = ", marked reviewed" if result.marked_reviewed else ""
        console.print(f"[green]{result.status}[/green] {result.path.name}: {len(result.changes)} change(s){extra}"
                      + (f" by {result.reviewer}" if result.reviewer else ""))
        if result.changes:
            console.print(_changes_table(result))
    raise typer.Exit(1 if any(r.status == "rejected" for r in results) else 0)


def _changes_table(result) -> Table:
    table = Table(show_header=True, header_style="bold")
    for column in ("task", "field", "old", "new"):
        table.add_column(column, overflow="fold")
    for change in result.changes:
        table.add_row(change.task_id or "", change.field, _short(change.old), _short(change.new))
    return table


def _short(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


@review_app.command("export-gold")
def export_gold_cmd(
    gold: Annotated[Path, typer.Option(help="Folder to write gold JSON files into.")],
    out: OutOption = Path("out"),
    db: DbOption = None,
    reviewed_only: Annotated[bool, typer.Option("--reviewed-only", help="Only letters marked «Đã rà soát xong».")] = False,
) -> None:
    """Write corrected letters in the samples/gold format, for `congvan eval --gold`."""
    from congvan.flows.review_batch import export_gold

    register = _register(out, db)
    try:
        paths = export_gold(register, gold, reviewed_only)
    finally:
        register.close()
    console.print(f"{len(paths)} gold file(s) in {gold}")


@review_app.command("status")
def status_cmd(
    task_id: Annotated[str, typer.Argument(help="Task id, e.g. 3f2a…-t01.")],
    status: Annotated[str, typer.Argument(help="chưa thực hiện | đang thực hiện | hoàn thành đúng hạn | hoàn thành quá hạn | hủy")],
    reviewer: Annotated[str, typer.Option(help="Who sets the status (recorded in the audit trail).")],
    note: Annotated[Optional[str], typer.Option(help="A note kept with the task.")] = None,
    out: OutOption = Path("out"),
    db: DbOption = None,
) -> None:
    """Set one task's status; the register, JSON, XLSX and review file follow."""
    from congvan.flows.review_batch import STATUS_SOURCE, rebuild_outputs
    from congvan.outputs.json_feed import write_document
    from congvan.outputs.review_apply import STATUSES, match_choice
    from congvan.outputs.review_export import write_review

    chosen = match_choice(status, STATUSES)
    if chosen is None:
        console.print(f"[red]not a status:[/red] {status!r}; use one of: {', '.join(STATUSES)}")
        raise typer.Exit(2)
    register = _register(out, db)
    try:
        try:
            document = register.set_task_status(task_id, chosen, note, reviewer, STATUS_SOURCE)
        except KeyError:
            console.print(f"[red]no task {task_id} in the register[/red]")
            raise typer.Exit(2) from None
        write_document(out, document)
        write_review(out, document)
        rebuild_outputs(register, out)
    finally:
        register.close()
    console.print(f"{task_id}: {chosen}")


@review_app.command("audit")
def audit_cmd(
    document: Annotated[Optional[str], typer.Argument(help="A document id (default: every document).")] = None,
    out: OutOption = Path("out"),
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """Show the audit trail: document, task, field, old, new, who, when."""
    register = _register(out, db)
    try:
        rows = register.audit_trail(document)
    finally:
        register.close()
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps({
                "document_id": row.document_id, "task_id": row.task_id, "field": row.field, "old": row.old_value,
                "new": row.new_value, "actor": row.actor, "source": row.source, "at": row.at.isoformat(),
            }, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"audit trail ({len(rows)} entries)")
    for column in ("at", "document", "task", "field", "old", "new", "who", "source"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row.at.isoformat(sep=" "), row.document_id, row.task_id or "", row.field,
                      _short(row.old_value or ""), _short(row.new_value or ""), row.actor, row.source)
    Console().print(table)
