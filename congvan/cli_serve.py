"""``congvan serve``: the HTTP API for downstream trackers, over the register the batch writes.

Kept apart from ``cli.py`` so that FastAPI and uvicorn are imported only by this command.
Configuration mistakes are refused before the port is opened, with the reason on stderr
and exit code 2, so a service manager shows why the server did not start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from congvan.cli import app, console

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def register_url(db: str | None, out: Path) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or plain file path) or ``OUT/register.sqlite``."""
    from congvan.outputs.store import default_url

    if db is None:
        return default_url(out)
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).resolve()}"


def _existing_sqlite(url: str) -> None:
    """Refuse to serve a register that does not exist: opening it would create an empty one."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            console.print(f"[red]no register at {path}[/red]: run `congvan process INBOX --out OUT` first, "
                          "or point --db at the register")
            raise typer.Exit(2)


@app.command()
def serve(
    db: Annotated[str | None, typer.Option(help="Register: SQLAlchemy URL or path of register.sqlite (default: OUT/register.sqlite).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder of `congvan process`, used when --db is not given.")] = Path("out"),
    host: Annotated[str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless a reverse proxy with TLS is in front.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="No writes (PATCH answers 405); then no API key is needed if reads are open.")] = False,
    reads: Annotated[str, typer.Option(envvar="CONGVAN_API_READS", help="open: anyone may read; protected: reads need the API key too.")] = "protected",
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the register as a JSON API under /api/v1 (key in CONGVAN_API_KEY, sent as Bearer)."""
    from congvan.outputs.api import ApiSettings, ConfigError, create_app

    if reads not in ("open", "protected"):
        raise typer.BadParameter("must be open or protected", param_hint="--reads")
    url = register_url(db, out)
    _existing_sqlite(url)
    try:
        settings = ApiSettings.from_env(url, writes=not read_only, reads=reads)  # type: ignore[arg-type]
    except ConfigError as exc:
        console.print(f"[red]not starting:[/red] {exc}")
        raise typer.Exit(2) from exc
    if host not in LOOPBACK and not settings.api_key:
        console.print(f"[yellow]warning:[/yellow] anyone who can reach {host}:{port} can read the register")

    import uvicorn

    console.print(f"congvan API on http://{host}:{port}/api/v1 ({'read-only' if read_only else 'read-write'}, "
                  f"reads {settings.reads}) over {url}")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, server_header=False,
                proxy_headers=False, timeout_keep_alive=5)
