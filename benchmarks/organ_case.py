"""How often ``register_case`` writes an all-caps organ name the way the letter itself writes it.

Real letters name their own issuer, and other bodies, in capitals in the header and the
signature block (``ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI``) and in mixed case in the body (``… của Ủy
ban nhân dân tỉnh Quảng Ngãi``). The mixed-case form is the writer's own register form, so it
is the reference; no labelling is needed. For every text:

1. the all-caps organ names are collected: the header's issuer and parent (split as the
   extractor splits them), and every run of capitals elsewhere that starts with an organ head
   (``organ_heads.txt``), a leading position (``BỘ TRƯỞNG`` of ``BỘ TRƯỞNG BỘ TÀI CHÍNH``,
   ``signer_titles.txt``) dropped;
2. the same words are looked for, case-insensitively, written in mixed case in the same text,
   in the middle of a sentence only (after a word or a comma): at a sentence start the first
   capital says nothing about the name (``Ban hành quy chế …``);
3. a name counts once per text; it is an exact match when ``register_case`` gives its most
   frequent mixed-case form (``any`` also reports a match with any form the text uses).

Texts of test-split documents (``samples/splits.tsv``) are scored in aggregate only: one line,
no mismatches, so the function is never tuned on them.

    python -m benchmarks.organ_case [--texts PATH ...] [--show N] [--held-out]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from congvan.extractors.metadata import split_issuer
from congvan.extractors.organ_case import is_all_caps, register_case
from congvan.layout.regions import split_regions
from congvan.lexicon import organ_heads, signer_words, words
from congvan.readers import read_file
from congvan.text import nfc, squash

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "samples"
DEFAULT_TEXTS = (SHARED / "real-text", ROOT / "samples" / "public-text", SHARED / "seed-3308-UBND-TH-news.txt")

_WORD = r"[^\W\d_]+"
_UPPER = "".join(chr(c) for c in range(0x41, 0x1EFA) if chr(c).isupper() and chr(c).isalpha())
_CAP_WORD = f"[{re.escape(_UPPER)}]+"
# a run of capital words joined by spaces, commas, '-' or '&' (abbreviations and digits included)
_CAPS_RUN = re.compile(rf"(?<!\w)(?:{_CAP_WORD}|\d+)(?:(?:\s+|\s*,\s*|\s+[-–&]\s+)(?:{_CAP_WORD}|\d+))*(?!\w)")


@dataclass
class Result:
    name: str  # as written in capitals
    forms: Counter  # mixed-case forms in the same text
    predicted: str

    @property
    def expected(self) -> str:
        return self.forms.most_common(1)[0][0]

    @property
    def exact(self) -> bool:
        top = self.forms.most_common(1)[0][1]
        return self.predicted in {form for form, n in self.forms.items() if n == top}

    @property
    def any(self) -> bool:
        return self.predicted in self.forms


@dataclass
class Group:
    texts: int = 0
    results: list[tuple[str, Result]] = field(default_factory=list)

    def line(self, label: str) -> str:
        n = len(self.results)
        exact = sum(r.exact for _, r in self.results)
        anyf = sum(r.any for _, r in self.results)
        rate = lambda k: f"{k / n:.3f}" if n else "n/a"  # noqa: E731
        return f"{label:<24} texts {self.texts:>4}  names {n:>4}  exact {exact:>4} ({rate(exact)})  any form {anyf:>4} ({rate(anyf)})"


def _heads() -> tuple[str, ...]:
    return organ_heads()


def _positions() -> tuple[str, ...]:
    """The positions of signer_titles.txt ('BỘ TRƯỞNG', 'CHỦ TỊCH'), not the bodies it also lists
    ('ỦY BAN NHÂN DÂN' starts with an organ head of two words) nor an organ head ('THỦ TƯỚNG')."""
    bodies = [h for h in organ_heads() if " " in h]
    return tuple(t for t in signer_words()
                 if t not in organ_heads() and not any(t == h or t.startswith(h + " ") for h in bodies))


def _ends() -> tuple[str, ...]:
    return tuple(e.upper() for e in words("metadata_words.tsv", "issuer_end"))


def _starts_with(words: list[str], i: int, phrase: str) -> int:
    """Number of words of ``phrase`` matched at ``words[i]``, or 0."""
    parts = phrase.split()
    return len(parts) if [w.upper() for w in words[i:i + len(parts)]] == parts else 0


def caps_names(line: str) -> list[str]:
    """All-caps organ names in one line: runs of capitals from their first organ head."""
    names = []
    titles = _positions()
    for match in _CAPS_RUN.finditer(line):
        run = match.group(0)
        if not is_all_caps(run):
            continue
        words = re.findall(rf"{_WORD}|\d+", run)
        start = next((i for i in range(len(words)) if any(_starts_with(words, i, h) for h in _heads())), None)
        if start is None:
            continue
        title = max((_starts_with(words, start, t) for t in titles), default=0)
        if title and start + title < len(words) and any(_starts_with(words, start + title, h) for h in _heads()):
            start += title
        # a title line runs on after the name ('CHÍNH PHỦ QUY ĐỊNH CHẾ ĐỘ …'): the name ends
        # before a word after which a cited issuer ends (metadata_words.tsv, issuer_end)
        end = next((j for j in range(start + 1, len(words)) if any(_starts_with(words, j, e) for e in _ends())),
                   len(words))
        if end - start < 2:
            continue
        spans = [m.span() for m in re.finditer(rf"{_WORD}|\d+", run)]
        names.append(run[spans[start][0]:spans[end - 1][1]].strip(" ,-–&"))
    return names


def _pattern(name: str) -> re.Pattern[str]:
    parts = re.findall(rf"{_WORD}|\d+|[^\w\s]", name)
    body = ""
    for k, part in enumerate(parts):
        if k:
            body += r"\s*" if not re.match(r"\w", part) or not re.match(r"\w", parts[k - 1]) else r"\s+"
        body += re.escape(part)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _mid_sentence(text: str, start: int) -> bool:
    """Whether the match at ``start`` follows a word or a comma on its line (not a sentence start)."""
    before = text[:start].rstrip(" \t")
    if not before or before.endswith("\n"):
        return False
    return before[-1].isalnum() or before[-1] in ",;(\"“'"


def mixed_forms(text: str, name: str) -> Counter:
    forms: Counter = Counter()
    for match in _pattern(name).finditer(text):
        written = match.group(0)
        if is_all_caps(written) or not written[:1].isupper() or not _mid_sentence(text, match.start()):
            continue
        forms[squash(written)] += 1
    return forms


def evaluate_text(path: Path) -> list[Result]:
    text = nfc(path.read_text(encoding="utf-8"))
    names: list[str] = []
    read = read_file(path)
    regions = split_regions(read)
    parent, issuer = split_issuer(regions.text(regions.issuer))
    names += [n for n in (parent, issuer) if n and is_all_caps(n)]
    for line in text.splitlines():
        names += caps_names(line)
    results, seen = [], set()
    titles = set(_positions())
    for name in names:
        key = squash(name).upper()
        if key in seen or key in titles or len(re.findall(rf"{_WORD}|\d+", key)) < 2:
            continue  # a position alone ('BỘ TRƯỞNG') or one word names no organ
        seen.add(key)
        forms = mixed_forms(text, squash(name))
        if forms:
            results.append(Result(squash(name), forms, register_case(squash(name))))
    return results


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def splits() -> tuple[dict[Path, str], dict[str, str]]:
    """(resolved path → split, sha256 → split) of the real gold documents."""
    by_path, by_sha = {}, {}
    with open(ROOT / "samples" / "splits.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            by_path[(ROOT / row["source_path"]).resolve()] = row["split"]
            by_sha[row["source_sha256"]] = row["split"]
    return by_path, by_sha


def text_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        files += sorted(path.glob("*.txt")) if path.is_dir() else [path]
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, nargs="+", default=list(DEFAULT_TEXTS),
                        help="text files or folders of .txt (default: the real and public texts)")
    parser.add_argument("--held-out", action="store_true",
                        help="also score the test-split texts (one aggregate line, never their mismatches)")
    parser.add_argument("--show", type=int, default=1000, help="mismatches to list (train, dev, unlabelled only)")
    args = parser.parse_args(argv)
    by_path, by_sha = splits()
    groups = {name: Group() for name in ("train", "dev", "unlabelled", "test")}
    for path in text_files(args.texts):
        split = by_path.get(path.resolve()) or by_sha.get(_sha256(path)) or "unlabelled"
        if split == "test" and not args.held_out:
            groups[split].texts += 1
            continue
        group = groups[split]
        group.texts += 1
        group.results += [(path.name, r) for r in evaluate_text(path)]
    pool = Group(sum(groups[g].texts for g in ("train", "dev", "unlabelled")),
                 [r for g in ("train", "dev", "unlabelled") for r in groups[g].results])
    shown = 0
    print("Mismatches (train, dev and unlabelled texts; name as written → predicted | forms in the text)")
    for file, r in pool.results:
        if not r.exact and shown < args.show:
            shown += 1
            forms = "; ".join(f"{form} ×{n}" for form, n in r.forms.most_common())
            print(f"  {file}: {r.name} → {r.predicted} | {forms}")
    print()
    for name in ("train", "dev", "unlabelled"):
        print(groups[name].line(name))
    print(pool.line("train+dev+unlabelled"))
    if args.held_out:
        print(groups["test"].line("held-out test (aggregate)"))
    else:
        print(f"held-out test: {groups['test'].texts} texts not scored (--held-out scores them, in aggregate)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
