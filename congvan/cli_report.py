"""Terminal presentation for ``congvan process``: a progress bar and the summary table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from congvan.flows.batch import Outcome, Summary
from congvan.text import path_text


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar on a terminal; silent (no escape codes) when output is piped."""
    progress = Progress(
        TextColumn("[bold]đang xử lý"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console, disable=not console.is_terminal, transient=True,
    )
    with progress:
        bar = progress.add_task("", total=total)

        def advance(outcome: Outcome) -> None:
            progress.update(bar, advance=1, description=path_text(outcome.path.name)[:40])

        yield advance


def summary_table(summary: Summary, out: Path) -> Table:
    table = Table(title=f"congvan: {len(summary.outcomes)} files in {summary.seconds:.1f} s → {out}")
    table.add_column("file")
    table.add_column("result")
    table.add_column("số, ký hiệu / reason")
    table.add_column("tasks", justify="right")
    style = {"new": "green", "duplicate": "yellow", "unchanged": "dim", "quarantined": "red"}
    for outcome in summary.outcomes:
        if outcome.status == "unchanged":
            continue
        if outcome.status == "quarantined":
            detail, tasks = f"{outcome.error_code}: {(outcome.error or '').splitlines()[0][:80]}", ""
        else:
            detail = outcome.doc_number or "(số trống)"
            tasks = "" if outcome.task_count is None else str(outcome.task_count)
        status = f"[{style[outcome.status]}]{outcome.status}"
        if outcome.problems:
            status += " [red]⚠"
            detail += "; " + "; ".join(p.code for p in outcome.problems)
        table.add_row(path_text(outcome.path.name), status, detail, tasks)
    for problem in summary.problems:
        table.add_row(f"({problem.document_id or 'batch'})", "[red]output problem", str(problem)[:120], "")
    unchanged = summary.count("unchanged")
    table.caption = (f"new {summary.count('new')} · duplicate {summary.count('duplicate')} · "
                     f"unchanged {unchanged} · quarantined {summary.count('quarantined')}"
                     + (f" · output problems {len(summary.all_problems())}" if summary.all_problems() else ""))
    return table
