"""``congvan schedule``: process an office inbox on a schedule, moving letters out as they are done.

Unlike ``congvan process`` (which only reads its inbox), ``schedule`` defaults to the office
inbox lifecycle: each letter moves to ``OUT/archive/YYYY/MM/`` or ``OUT/quarantine/`` once
its register rows are committed (``--no-archive`` to only read). ``--once`` runs one batch
now without Prefect, for system cron or a quick check; otherwise the ``process_inbox`` flow
is served as a Prefect deployment (see ``congvan.flows.schedule``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from congvan.cli import _date, app, console

EX_TEMPFAIL = 75  # sysexits: "try again later", what cron wrappers expect for a held lock


@app.command()
def schedule(
    inbox: Annotated[Path, typer.Argument(help="The office inbox folder the scanner or mail export drops letters into.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (register, JSON, XLSX, archive/, quarantine/).")] = Path("out"),
    every: Annotated[Optional[str], typer.Option(help="Run every INTERVAL: 30s, 10m, 2h, 1d.")] = None,
    cron: Annotated[Optional[str], typer.Option(help="Run on a cron schedule instead, e.g. '*/10 7-18 * * 1-6'.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Run one batch now, without Prefect, and exit.")] = False,
    db: Annotated[Optional[str], typer.Option(help="SQLAlchemy URL of the register, e.g. postgresql+psycopg://… (default: OUT/register.sqlite).")] = None,
    archive: Annotated[bool, typer.Option("--archive/--no-archive", help="Move letters out of the inbox after they are registered.")] = True,
    received: Annotated[Optional[str], typer.Option(help="Receipt date for all letters (YYYY-MM-DD); default: each file's mtime.")] = None,
    workers: Annotated[int, typer.Option(help="Extraction processes.")] = os.cpu_count() or 1,
    timeout: Annotated[float, typer.Option(help="Time budget per letter, seconds (then quarantined as 'timeout').")] = 600.0,
    memory_mb: Annotated[int, typer.Option(help="Memory cap per letter, MB (then quarantined as 'memory').")] = 2048,
    settle: Annotated[float, typer.Option(help="Seconds a freshly modified file must stay unchanged before it is read.")] = 2.0,
    work_pool: Annotated[Optional[str], typer.Option(help="Fan letters out to this Prefect work pool's workers (scale-out).")] = None,
    name: Annotated[str, typer.Option(help="Deployment name in Prefect.")] = "congvan-inbox",
) -> None:
    """Process INBOX on a schedule as a Prefect deployment (or once, with --once)."""
    if not inbox.is_dir():
        console.print(f"[red]inbox folder not found:[/red] {inbox}")
        raise typer.Exit(2)
    received_at = _date(received)
    if once:
        _once(inbox, out, db, received_at, archive, workers, timeout, memory_mb, settle)
        return
    if bool(every) == bool(cron):
        console.print("[red]give exactly one of --every or --cron (or --once)[/red]")
        raise typer.Exit(2)
    from congvan.flows.process_inbox import configure_prefect_defaults
    from congvan.flows.schedule import LocalPrefectServer, configured_api_url, parse_every

    try:
        interval = parse_every(every) if every else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    configure_prefect_defaults()
    parameters: dict[str, object] = {
        "inbox": str(inbox.resolve()), "out": str(out.resolve()), "db_url": db, "received_at": received_at,
        "archive": archive, "workers": workers, "timeout_seconds": timeout, "memory_mb": memory_mb,
        "settle_seconds": settle,
    }
    api_url = configured_api_url()
    if api_url:
        console.print(f"Using the Prefect server at {api_url}")
        _serve(parameters, interval, cron, name, work_pool, api_url)
        return
    out.mkdir(parents=True, exist_ok=True)
    console.print("No PREFECT_API_URL configured: starting a local Prefect server on 127.0.0.1 (about 20–40 s)…")
    with LocalPrefectServer(log=out / "prefect-server.log") as server:
        console.print(f"Prefect server ready in {server.started_in:.0f} s; UI: {server.ui_url}")
        _serve(parameters, interval, cron, name, work_pool, server.api_url)


def _serve(parameters: dict[str, object], interval: object, cron: str | None, name: str,
           work_pool: str | None, api_url: str) -> None:
    os.environ["PREFECT_API_URL"] = api_url  # flow-run subprocesses inherit it
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from congvan.flows.schedule import deploy_letters, serve_inbox

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        if work_pool:
            parameters["deployment"] = deploy_letters(work_pool)
            console.print(f"Chunks go to work pool {work_pool!r}: start workers with "
                          f"`prefect worker start --pool {work_pool}` on each machine")
        when = f"every {interval}" if interval else f"on cron {cron!r}"
        console.print(f"Serving process_inbox/{name} {when}; Ctrl-C to stop. "
                      f"Runs show in the Prefect UI under Deployments → {name}.")
        serve_inbox(parameters, every=interval, cron=cron, name=name)  # type: ignore[arg-type]


def _once(inbox: Path, out: Path, db: str | None, received_at: object, archive: bool, workers: int,
          timeout: float, memory_mb: int, settle: float) -> None:
    from congvan.cli_report import summary_table
    from congvan.flows.batch import BatchOptions, run_batch
    from congvan.flows.lock import BatchLocked

    options = BatchOptions(db_url=db, received_at=received_at, workers=workers, archive=archive,
                           settle_seconds=settle, timeout_seconds=timeout, memory_mb=memory_mb)
    try:
        summary = run_batch(inbox, out, options)
    except BatchLocked as exc:
        console.print(f"[yellow]{exc}[/yellow]")
        raise typer.Exit(EX_TEMPFAIL) from exc
    console.print(summary_table(summary, out))
    if summary.waiting:
        console.print(f"{len(summary.waiting)} file(s) still being written; left for the next run")
    raise typer.Exit(1 if summary.failed else 0)
