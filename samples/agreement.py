"""Agreement between two independent labellings of the same documents.

Run from the repository root:  python samples/agreement.py
For every file in samples/gold-real-second/ it scores the second labelling against the first
(samples/gold-real/) with the evaluation code (congvan.evaluation.evaluate_tasks), so agreement is
measured exactly as the extractor is: task detection, assignee, lead, collaborator, deadline and
triple F1. F1 is symmetric, so it does not matter which labelling plays the gold.
It prints per-document and overall F1, then the same over the test documents alone. --misses lists the
disagreements of train and dev documents only: test documents are described in aggregate (samples/README.md).
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from congvan.evaluation import evaluate_tasks, load_manifest  # noqa: E402

MEASURES = ('detection', 'assignees', 'lead', 'collaborators', 'deadline_span', 'deadline_value', 'triple')


def load(folder, name):
    with open(os.path.join(ROOT, 'samples', folder, name), encoding='utf-8') as f:
        return json.load(f)


def main():
    second = sorted(n for n in os.listdir(os.path.join(ROOT, 'samples', 'gold-real-second')) if n.endswith('.json'))
    pairs = [(load('gold-real', n), load('gold-real-second', n)) for n in second]
    for first, other in pairs:
        r = evaluate_tasks([(first, other)])
        print(f"{first['file'][:40]:40s} tasks {len(first['tasks']):3d} / {len(other['tasks']):3d}  " +
              '  '.join(f"{m} {r[m]['f1']:.3f}" for m in ('detection', 'assignees', 'triple')))
    test = {row['file'] for row in load_manifest() if row['split'] == 'test'}
    groups = [(f'all {len(pairs)} documents', pairs)]
    test_pairs = [p for p in pairs if p[0]['file'] in test]
    if test_pairs:
        groups.append((f'{len(test_pairs)} test documents', test_pairs))
    for title, group in groups:
        r = evaluate_tasks(group)
        print(f'{title}:')
        for m in MEASURES:
            c = r[m]
            print(f"  {m:15s} F1 {c['f1']:.3f}  (tp {c['tp']}, only first {c['fn']}, only second {c['fp']})")
        print(f"  deadline kind agreement {r['deadline_kind_accuracy']} on {r['deadline_counts']['kind']} matched tasks")
    if '--misses' in sys.argv:
        for miss in evaluate_tasks([p for p in pairs if p[0]['file'] not in test])['misses']:
            print('  ', json.dumps(miss, ensure_ascii=False))


if __name__ == '__main__':
    main()
