"""Maintain samples/splits.tsv, the split manifest of the real gold (samples/gold-real).

Run from the repository root:
  python samples/splits.py                 check: every gold-real file listed once, hashes current
  python samples/splits.py --rehash        rewrite the two sha256 columns after a deliberate edit
  python samples/splits.py --add FILE SPLIT BATCH LABELLED_BY ISSUER
                                           list a new gold file (a new batch joins only after its
                                           blind score is in docs/ACCURACY.md; see samples/README.md).
                                           SPLIT `auto` applies the joining rule (auto_split below)
  python samples/splits.py --counts        documents, issuers, task units and non-task units per split

Columns: file, source_path, source_sha256, gold_sha256, issuer (group key), issuer_held_out
(yes: no other split holds this issuer), split (train/dev/test), batch, labelled_by,
double_labelled (yes when samples/gold-real-second/ holds an independent second labelling).
"""
import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MANIFEST = os.path.join(ROOT, 'samples', 'splits.tsv')
GOLD = os.path.join(ROOT, 'samples', 'gold-real')
COLUMNS = ['file', 'source_path', 'source_sha256', 'gold_sha256', 'issuer', 'issuer_held_out', 'split', 'batch',
           'labelled_by', 'double_labelled']
HEADER = ('# Split manifest of samples/gold-real: one row per real gold document. See samples/README.md, "Splits".\n'
          '# test is scored in aggregate only (congvan eval --split test); never list its mismatches.\n')


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def read():
    rows = []
    with open(MANIFEST, encoding='utf-8') as f:
        lines = [line.rstrip('\n') for line in f if line.strip() and not line.startswith('#')]
    header = lines[0].split('\t')
    assert header == COLUMNS, header
    for line in lines[1:]:
        rows.append(dict(zip(header, line.split('\t'))))
    return rows


def write(rows):
    # issuer_held_out is a fact of the manifest (no other split holds the issuer): kept true on every write
    splits_of = {}
    for r in rows:
        splits_of.setdefault(r['issuer'], set()).add(r['split'])
    for r in rows:
        r['issuer_held_out'] = 'yes' if len(splits_of[r['issuer']]) == 1 else 'no'
    order = {'train': 0, 'dev': 1, 'test': 2}
    rows = sorted(rows, key=lambda r: (order[r['split']], r['batch'], r['file']))
    with open(MANIFEST, 'w', encoding='utf-8') as f:
        f.write(HEADER)
        f.write('\t'.join(COLUMNS) + '\n')
        for r in rows:
            f.write('\t'.join(r[c] for c in COLUMNS) + '\n')


def issuer_bucket(issuer):
    """A number 0-9 fixed by the issuer's name alone (NFC, case-folded), so nobody picks a split."""
    key = unicodedata.normalize('NFC', ' '.join(issuer.split())).casefold()
    return int(hashlib.sha256(key.encode('utf-8')).hexdigest(), 16) % 10


def auto_split(rows, issuer):
    """The split a new document joins, by its issuer (the rule in samples/README.md, "How a new batch joins").

    An issuer already listed keeps its side of the wall: a test issuer's documents join test, a
    train or dev issuer's join dev (their rules were tuned near them, so test would flatter them).
    A new issuer joins whole, by its bucket: 0-3 test, 4-6 dev, 7-9 train. Hashing, rather than
    "every new issuer to test", keeps dev and train growing too once the corpus takes in many issuers
    (provinces, departments), while test stays near 40% and issuers stay whole.
    """
    key = unicodedata.normalize('NFC', ' '.join(issuer.split())).casefold()
    listed = {r['split'] for r in rows if unicodedata.normalize('NFC', ' '.join(r['issuer'].split())).casefold() == key}
    bucket = issuer_bucket(issuer)
    by_bucket = 'test' if bucket <= 3 else 'dev' if bucket <= 6 else 'train'
    if listed == {by_bucket}:
        return by_bucket  # an issuer that joined by its bucket stays whole there (a batch adds one file at a time)
    if 'test' in listed:
        return 'test'
    if listed:
        return 'dev'
    return by_bucket


def hashes(file):
    gold = os.path.join(GOLD, file + '.json')
    g = json.load(open(gold, encoding='utf-8'))
    src = os.path.normpath(os.path.join(ROOT, g['source_path']))
    return g['source_path'], sha256(src), sha256(gold)


def check(rows):
    errs = []
    files = [r['file'] for r in rows]
    on_disk = sorted(os.path.splitext(n)[0] for n in os.listdir(GOLD) if n.endswith('.json'))
    for f in sorted(set(files)):
        if files.count(f) > 1:
            errs.append(f'listed {files.count(f)} times: {f}')
    for f in on_disk:
        if f not in files:
            errs.append(f'not in manifest: {f}')
    for r in rows:
        if r['file'] not in on_disk:
            errs.append(f'no gold file: {r["file"]}')
            continue
        if r['split'] not in ('train', 'dev', 'test'):
            errs.append(f'bad split: {r["file"]}')
        sp, s_src, s_gold = hashes(r['file'])
        if (sp, s_src, s_gold) != (r['source_path'], r['source_sha256'], r['gold_sha256']):
            errs.append(f'hash or source_path out of date: {r["file"]}')
    by_split = {}
    for r in rows:
        by_split.setdefault(r['split'], set()).add(r['issuer'])
    for r in rows:
        if r['issuer_held_out'] == 'yes':
            others = set().union(*(v for k, v in by_split.items() if k != r['split']))
            if r['issuer'] in others:
                errs.append(f'issuer marked held out but in another split: {r["issuer"]} ({r["file"]})')
    return errs


# ------------------------------------------------------------------------------ counting units
def norm(s):
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFC', s)).strip()


SIGN_OFF = re.compile(r'^(TM\.|KT\.|TL\.|Q\.|TUQ\.|Nơi nhận)')


def units(source_path):
    """Candidate units of a text source: the body (from the first Căn cứ/Điều/item line, without
    the Nơi nhận list and signature, with any attached Quy chế or Phụ lục), vbpl.vn link breaks rejoined, split into sentences at '. ' or ';' line ends.
    A rough count of the sentences a reader would consider; every unit that is no gold evidence is
    a negative."""
    text = unicodedata.normalize('NFC', open(source_path, encoding='utf-8').read())
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    start = next((i for i, l in enumerate(lines) if re.match(r'(Căn cứ|Thực hiện|Theo đề nghị|Kính gửi|Điều 1\b)', l)), 0)
    joined = []
    for l in lines[start:]:
        opens = l[0].isupper() or l[0].isdigit() or l[0] in '“"(-+•' or re.match(r'[a-zđ]\)', l)
        if joined and (not opens or joined[-1].endswith(('số', 'Luật', 'Nghị quyết', 'Nghị định', 'Thông tư', 'Quyết định'))):
            joined[-1] += ' ' + l
        else:
            joined.append(l)
    out = []
    skipping = False
    for l in joined:
        if SIGN_OFF.match(l):
            skipping = True  # the Nơi nhận list and signature; an attached Quy chế or Phụ lục resumes the count
        elif skipping and re.match(r'(Chương [IVX]+|Điều \d+|QUY CHẾ|QUY ĐỊNH|PHỤ LỤC|Phụ lục)', l):
            skipping = False
        if skipping:
            continue
        for s in re.split(r'(?<=[.;:])\s+(?=[A-ZĐÀ-Ỹ])', l):
            s = norm(s)
            if len(s.split()) >= 4:
                out.append(s)
    return out


def counts(rows):
    import collections
    per = collections.defaultdict(lambda: {'documents': 0, 'labelled': 0, 'issuers': set(), 'tasks': 0, 'task_units': 0,
                                           'units': 0})
    for r in rows:
        g = json.load(open(os.path.join(GOLD, r['file'] + '.json'), encoding='utf-8'))
        p = per[r['split']]
        p['documents'] += 1
        if g['tasks'] is None:
            continue
        p['labelled'] += 1
        p['issuers'].add(r['issuer'])
        p['tasks'] += len(g['tasks'])
        evid = {t['evidence']['text'] for t in g['tasks']}
        p['task_units'] += len(evid)
        src = os.path.normpath(os.path.join(ROOT, g['source_path']))
        if src.endswith('.txt'):
            p['units'] += max(len(units(src)), len(evid))
        else:
            p['units'] += len(evid)  # PDF labels: no text to count negatives from
    print(f'{"split":6s} {"docs":>5s} {"task-labelled":>13s} {"issuers":>7s} {"tasks":>6s} {"task units":>10s} '
          f'{"non-task units":>14s}')
    for s in ('train', 'dev', 'test'):
        p = per[s]
        print(f'{s:6s} {p["documents"]:5d} {p["labelled"]:13d} {len(p["issuers"]):7d} {p["tasks"]:6d} {p["task_units"]:10d} '
              f'{p["units"] - p["task_units"]:14d}')
    total_tasks = sum(p['tasks'] for p in per.values())
    if total_tasks:
        print(f'test share of tasks: {per["test"]["tasks"] / total_tasks:.1%}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rehash', action='store_true')
    ap.add_argument('--counts', action='store_true')
    ap.add_argument('--add', nargs=5, metavar=('FILE', 'SPLIT', 'BATCH', 'LABELLED_BY', 'ISSUER'))
    ap.add_argument('--held-out', action='store_true')
    a = ap.parse_args()
    rows = read()
    if a.add:
        file, split, batch, by, issuer = a.add
        rows = [r for r in rows if r['file'] != file]
        if split == 'auto':
            split = auto_split(rows, issuer)
            print(f'{file}: {split}')
        rows.append({'file': file, 'source_path': '', 'source_sha256': '', 'gold_sha256': '', 'issuer': issuer,
                     'issuer_held_out': 'yes' if a.held_out else 'no', 'split': split, 'batch': batch, 'labelled_by': by,
                     'double_labelled': 'no'})
    if a.add or a.rehash:
        for r in rows:
            r['source_path'], r['source_sha256'], r['gold_sha256'] = hashes(r['file'])
        write(rows)
        rows = read()
    if a.counts:
        counts(rows)
    errs = check(rows)
    for e in errs:
        print(e)
    print(f'{len(rows)} rows, {"OK" if not errs else f"{len(errs)} errors"}')
    sys.exit(1 if errs else 0)


if __name__ == '__main__':
    main()
