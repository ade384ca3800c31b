"""Build the spaCy training data: ``python -m congvan.training.build --out build/task_model``.

Writes ``train.spacy`` (train split of ``samples/splits.tsv`` + synthetic ``samples/gold`` +
any ``--extra`` folder of reviewer corrections from ``congvan review export-gold``) and
``dev.spacy`` (dev split), one spaCy Doc per unit, with ``cats`` {TASK, NOT_TASK} and ``ents``
AGENCY / DEADLINE. Test documents are never read here. Prints counts only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

LABELS = ("TASK", "NOT_TASK")


def tokenizer_nlp():
    """The blank Vietnamese pipeline the config trains: spaCy's rule-based tokenizer (punctuation
    split off, syllables kept apart), not pyvi; no vectors."""
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})


def to_docs(nlp, units) -> tuple[list, int]:
    """spaCy Docs for labelled units; returns (docs, spans dropped for token misalignment)."""
    docs, dropped = [], 0
    for unit in units:
        doc = nlp.make_doc(unit.text)
        doc.cats = {"TASK": 1.0 if unit.task else 0.0, "NOT_TASK": 0.0 if unit.task else 1.0}
        ents = []
        for start, end, label in unit.spans:
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            if span is None or not span.text.strip():
                dropped += 1
                continue
            ents.append(span)
        # the heading context before the unit is not annotated: its tokens are missing, not O
        head = sum(1 for t in doc if t.idx < unit.prefix)
        missing = [doc[0:head]] if head else None
        doc.set_ents(ents, missing=missing, default="outside")
        docs.append(doc)
    return docs, dropped


def build(out: Path, extra: list[Path] | None = None, letters: Path | None = None, limit: int | None = None,
          context: str = "unit", synthetic: bool = True) -> dict:
    from spacy.tokens import DocBin

    from congvan.training.data import gold_documents, labelled_document

    out.mkdir(parents=True, exist_ok=True)
    nlp = tokenizer_nlp()
    stats: dict = {"input": context}
    for split in ("train", "dev"):
        documents = gold_documents(split, extra=extra or [], letters=letters, synthetic_too=synthetic)
        if limit:
            documents = documents[:limit]
        bin_ = DocBin(store_user_data=False)
        counts = {"documents": len(documents), "units": 0, "task": 0, "agency": 0, "deadline": 0,
                  "evidence_unmatched": 0, "spans_dropped": 0}
        for document in documents:
            units, unmatched = labelled_document(document, context)
            docs, dropped = to_docs(nlp, units)
            for doc in docs:
                bin_.add(doc)
            counts["units"] += len(units)
            counts["task"] += sum(u.task for u in units)
            counts["agency"] += sum(1 for u in units for s in u.spans if s[2] == "AGENCY")
            counts["deadline"] += sum(1 for u in units for s in u.spans if s[2] == "DEADLINE")
            counts["evidence_unmatched"] += unmatched
            counts["spans_dropped"] += dropped
        bin_.to_disk(out / f"{split}.spacy")
        stats[split] = counts
    (out / "data_stats.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("build/task_model"))
    parser.add_argument("--extra", type=Path, action="append", default=[],
                        help="a folder of gold JSON from `congvan review export-gold` (train); repeatable")
    parser.add_argument("--letters", type=Path, default=None, help="where to find extra gold's letters by file stem")
    parser.add_argument("--input", choices=("headings", "unit"), default="unit",
                        help="model input: the unit alone (default) or after its enclosing headings (no better on dev)")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.out, args.extra, args.letters, context=args.input), indent=2))


if __name__ == "__main__":
    main()
