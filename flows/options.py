"""How one batch runs: one validated options object instead of a dozen parameters per function.

The CLI, :func:`~congvan.flows.batch.run_batch` and the Prefect flows all build a
:class:`BatchOptions`; the functions behind them pass it on whole. The Prefect flows keep flat
parameters of their own (Prefect shows them as the deployment's form and checks them against
its schema) and turn them into a ``BatchOptions`` first thing.
"""

from __future__ import annotations

import datetime as dt
import os

from pydantic import BaseModel, ConfigDict, Field

from congvan.flows.isolation import DEFAULT_EXTRACTOR, Limits


class BatchOptions(BaseModel):
    """Settings of one inbox batch; every default is the office default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db_url: str | None = Field(default=None, description="SQLAlchemy URL of the register; default OUT/register.sqlite.")
    received_at: dt.date | None = Field(default=None, description="Receipt date for every letter; default each file's mtime.")
    archive: bool = Field(default=False, description="Move letters to OUT/archive or OUT/quarantine after their commit.")
    workers: int | None = Field(default=None, ge=1, description="Extraction processes; default one per CPU.")
    settle_seconds: float = Field(default=1.0, ge=0, description="A file must be unchanged this long to be read whole.")
    timeout_seconds: float = Field(default=600.0, gt=0, description="Time budget of one letter (the readers' own deadline).")
    memory_mb: int = Field(default=2048, gt=0, description="Address space one letter may take above the worker's baseline.")
    retry_delays: tuple[float, ...] = Field(default=(1.0, 4.0), description="Direct path: pause before each retry of a "
                                            "transient failure (a locked file, a tool timing out).")
    retries: int = Field(default=2, ge=0, description="Prefect flow: task retries of a transient failure.")
    retry_backoff_seconds: float = Field(default=2.0, ge=0, description="Prefect flow: first retry delay, doubled each time.")
    chunk_size: int | None = Field(default=None, ge=1, description="Prefect flow: letters per extraction task.")
    extractor: str = Field(default=DEFAULT_EXTRACTOR, description="module:function each worker runs per letter.")

    @property
    def limits(self) -> Limits:
        return Limits(self.timeout_seconds, self.memory_mb)

    def worker_count(self, letters: int) -> int:
        """Processes to start for ``letters`` letters: never more than there are letters."""
        return max(1, min(self.workers or os.cpu_count() or 1, letters))
