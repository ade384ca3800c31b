"""``make train``: build the data, train with ``config.cfg``, ship the best model as package data.

    python -m congvan.training.train [--work build/task_model] [--ship congvan/data/task_model]
                                     [--extra GOLD_DIR ...] [--max-steps N]

1. ``congvan.training.build`` writes ``train.spacy`` / ``dev.spacy`` into ``--work``;
2. ``spacy train`` (CPU, seed 14) keeps the checkpoint with the best dev score (early stopping
   by ``patience``);
3. ``model-best`` is copied to ``--ship`` and its ``meta.json`` gets a ``congvan`` block: the spaCy
   minor version it was trained with (``extractors/task_model.py`` refuses any other), the data
   counts, the training time and the config's hash.
Test documents are never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
SHIP = HERE.parent / "data" / "task_model"


def train(work: Path, ship: Path | None, extra: list[Path] | None = None, overrides: dict | None = None,
          limit: int | None = None, context: str = "unit", synthetic: bool = True) -> dict:
    import spacy
    from spacy.cli.train import train as spacy_train

    from congvan.training.build import build

    started = time.monotonic()
    stats = build(work, extra, limit=limit, context=context, synthetic=synthetic)
    built = time.monotonic()
    output = work / "out"
    if output.exists():
        shutil.rmtree(output)
    spacy_train(CONFIG, output, use_gpu=-1, overrides={"paths.train": str(work / "train.spacy"),
                                                       "paths.dev": str(work / "dev.spacy"), **(overrides or {})})
    trained = time.monotonic()
    best = output / "model-best"
    meta_path = best / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    minor = ".".join(spacy.__version__.split(".")[:2])
    meta["name"] = "congvan_task_model"
    meta["version"] = "0.1.0"
    meta["congvan"] = {
        "spacy_minor": minor,
        "input": context,
        "synthetic": synthetic,
        "spacy_version_trained": spacy.__version__,
        "config_sha256": hashlib.sha256(CONFIG.read_bytes()).hexdigest(),
        "data": stats,
        "seconds": {"build": round(built - started, 1), "train": round(trained - built, 1)},
        "extra_gold": [str(p) for p in extra or []],
        "note": "trained on the train split of samples/splits.tsv + samples/gold; dev for early stopping; test never read",
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if ship is not None:
        if ship.exists():
            shutil.rmtree(ship)
        shutil.copytree(best, ship)
    return meta


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the task model and ship it as package data.")
    parser.add_argument("--work", type=Path, default=Path("build/task_model"))
    parser.add_argument("--ship", type=Path, default=SHIP)
    parser.add_argument("--extra", type=Path, action="append", default=[],
                        help="gold JSON folder from `congvan review export-gold` (joins train); repeatable")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--input", choices=("headings", "unit"), default="unit")
    parser.add_argument("--no-synthetic", action="store_true", help="train on the real train split only")
    args = parser.parse_args(argv)
    overrides = {"training.max_steps": args.max_steps} if args.max_steps else {}
    meta = train(args.work, args.ship, args.extra, overrides, context=args.input, synthetic=not args.no_synthetic)
    size = sum(p.stat().st_size for p in args.ship.rglob("*") if p.is_file())
    print(json.dumps({"shipped": str(args.ship), "bytes": size, "performance": meta.get("performance"),
                      **meta["congvan"]}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
