"""The ``apply_reviews`` Prefect flow: apply every corrected review file dropped in ``reviews-in/``.

Reviewers (or a mail rule) drop corrected DOCX files into a folder, by default
``OUT/reviews-in/``. The flow applies them in name order, one Prefect task per file (visible in
the UI), then rebuilds the feed and the XLSX once. Each file is then moved to ``applied/`` or,
with a ``.error.json`` giving the reason, to ``rejected/``, so a scheduled run never sees it
twice. The work itself is ``review_batch.consume_folder``, the same code ``congvan review``
runs; applying is serial because SQLite wants one writer and later files must see earlier ones.
"""

from __future__ import annotations

from pathlib import Path

from congvan.flows.review_batch import Applied, apply_review, consume_folder
from congvan.outputs.store import Register, default_url
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE


@task(name="apply-review", cache_policy=NONE, task_run_name="apply {path.name}")
def apply_review_task(register: Register, out: Path, path: Path, reviewer: str | None = None,
                      dry_run: bool = False) -> Applied:
    """Apply one review file; a rejected file comes back as a result, it does not fail the flow."""
    result = apply_review(register, out, path, reviewer, dry_run)
    logger = get_run_logger()
    if result.error is not None:
        logger.warning("rejected %s: %s", path.name, result.error)
    else:
        logger.info("%s %s: %d change(s)", result.status, path.name, len(result.changes))
    return result


@flow(name="apply_reviews", log_prints=False)
def apply_reviews(out: str, reviews: str | None = None, db_url: str | None = None,
                  reviewer: str | None = None) -> dict[str, int]:
    """Apply the review files in ``reviews`` (default ``OUT/reviews-in``); returns counts per outcome."""
    out_path = Path(out)
    folder = Path(reviews) if reviews else out_path / "reviews-in"
    register = Register(db_url or default_url(out_path))
    try:
        results = consume_folder(register, out_path, folder, reviewer, apply_one=apply_review_task)
    finally:
        register.close()
    counts = {status: sum(1 for r in results if r.status == status) for status in ("applied", "unchanged", "rejected")}
    get_run_logger().info("reviews in %s: %s", folder, counts)
    return counts
