"""Check the hand labels in samples/gold-real/*.json against the real texts in ../shared/samples.

Run from the repository root:  python samples/gold-real/validate.py [folder]
(default: samples/gold-real; samples/gold-real-second holds the second, independent labellings)
It checks the layout, NFC, that every evidence text and deadline text occurs verbatim in the source
(after NFC and whitespace collapse), lead in assignees, collaborators not in assignees, that dates parse
and agree with the deadline kind and rrule, and it prints counts per file and per deadline kind.
"""
import collections
import datetime as dt
import glob
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOP = ['file', 'source_path', 'received_at', 'doc_number', 'doc_type', 'issuer', 'issuer_parent', 'place',
       'issue_date', 'subject', 'urgency', 'signer', 'addressees', 'cc', 'references', 'tasks']
TASK = ['assignees', 'lead', 'collaborators', 'action', 'deliverable', 'report_to', 'deadline', 'evidence']
DL = ['text', 'kind', 'date', 'duration', 'working_days', 'anchor', 'rrule']
KINDS = {'absolute', 'relative', 'recurring', 'urgent', 'ongoing', 'event', 'none'}


def norm(s):
    return re.sub(r'\s+', ' ', unicodedata.normalize('NFC', s)).strip()


def day(s):
    return dt.date.fromisoformat(s)


def next_yearly(after, month, mday):
    d = dt.date(after.year, month, mday)
    return d if d > after else dt.date(after.year + 1, month, mday)


def next_month_end(after, months):
    """The first last-day-of-month strictly after `after` among the given months."""
    for year in (after.year, after.year + 1):
        for month in sorted(months):
            end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            if end > after:
                return end
    raise ValueError(months)


def add_days(start, n, working):
    if not working:
        return start + dt.timedelta(days=n)
    import holidays  # only needed for working-day deadlines anchored to receipt/signing
    vn = holidays.country_holidays('VN', years=range(start.year, start.year + 2))
    d = start
    while n:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in vn:
            n -= 1
    return d


def check(path):
    errs = []
    raw = open(path, encoding='utf-8').read()
    if unicodedata.normalize('NFC', raw) != raw:
        errs.append('not NFC')
    g = json.loads(raw)
    missing = [k for k in TOP if k not in g]
    if missing:
        errs.append(f'missing keys {missing}')
        return errs, g
    stem = os.path.splitext(os.path.basename(path))[0]
    if g['file'] != stem:
        errs.append('file != stem')
    src = os.path.normpath(os.path.join(ROOT, g['source_path']))
    if not os.path.exists(src):
        return [f'source missing: {src}'], g
    if not src.endswith('.txt'):
        # PDF sources (labelled from the page image): only the layout and dates are checked here
        text = None
    else:
        text = norm(open(src, encoding='utf-8').read())
    for k in ('received_at', 'issue_date'):
        if g[k] is not None:
            day(g[k])
    if text is not None and g['issue_date'] and g['received_at'] != g['issue_date']:
        errs.append('received_at should equal issue_date')
    if set(g['signer']) != {'name', 'title', 'authority'}:
        errs.append('signer keys')
    for r in g['references']:
        if set(r) != {'doc_number', 'doc_type', 'issue_date', 'issuer'}:
            errs.append(f'reference keys {r}')
        if r['issue_date']:
            day(r['issue_date'])
        if text is not None and r['doc_number'] not in text:
            errs.append(f'reference not in text: {r["doc_number"]}')
    nums = [r['doc_number'] for r in g['references']]
    if len(nums) != len(set(nums)):
        errs.append('duplicate references')
    base = day(g['received_at'])
    for i, t in enumerate(g['tasks'] or []):
        w = f'task {i}'
        if list(t) != TASK:
            errs.append(f'{w}: keys {list(t)}')
        if not t['assignees']:
            errs.append(f'{w}: no assignee')
        if t['lead'] is not None and t['lead'] not in t['assignees']:
            errs.append(f'{w}: lead not in assignees')
        if set(t['collaborators']) & set(t['assignees']):
            errs.append(f'{w}: collaborator is also assignee')
        ev = t['evidence']
        if text is not None and (ev['page'] != 1 or norm(ev['text']) != ev['text'] or ev['text'] not in text):
            errs.append(f'{w}: evidence not verbatim: {ev["text"][:60]}')
        d = t['deadline']
        if list(d) != DL or d['kind'] not in KINDS:
            errs.append(f'{w}: deadline layout')
            continue
        if text is not None and d['text'] is not None and d['text'] not in text:
            errs.append(f'{w}: deadline text not in source: {d["text"]}')
        if d['date']:
            day(d['date'])
        k = d['kind']
        if k == 'none' and any(d[x] for x in ('text', 'date', 'duration', 'anchor', 'rrule')):
            errs.append(f'{w}: none with values')
        if k == 'absolute' and not d['date']:
            errs.append(f'{w}: absolute without date')
        if k in ('urgent', 'ongoing', 'event') and d['date']:
            errs.append(f'{w}: {k} with a date')
        if k == 'relative':
            if not re.fullmatch(r'P(\d+[DWMY]|T\d+H)', d['duration'] or ''):
                errs.append(f'{w}: bad duration {d["duration"]}')
            if d['anchor'] not in ('receipt', 'signing', 'event'):
                errs.append(f'{w}: bad anchor')
            m = re.fullmatch(r'P(\d+)D', d['duration'] or '')
            if d['anchor'] in ('receipt', 'signing') and m:
                want = add_days(base, int(m.group(1)), d['working_days']).isoformat()
                if d['date'] != want:
                    errs.append(f'{w}: relative date {d["date"]} != {want}')
            if d['anchor'] == 'event' and d['date']:
                errs.append(f'{w}: event-anchored relative with a date')
        elif d['duration'] or d['anchor'] or d['working_days']:
            errs.append(f'{w}: duration/anchor on non-relative')
        if k == 'recurring':
            r = d['rrule']
            if r is not None and not r.startswith('FREQ='):
                errs.append(f'{w}: bad rrule')
            m = re.search(r'BYMONTH=(\d+);BYMONTHDAY=(\d+)', r or '')
            multi = re.search(r'BYMONTH=([\d,]+);BYMONTHDAY=(-1)', r or '')
            if m:
                want = next_yearly(base, int(m.group(1)), int(m.group(2))).isoformat()
                if d['date'] != want:
                    errs.append(f'{w}: recurring date {d["date"]} != {want}')
            elif multi:  # "6 tháng": BYMONTH=6,12;BYMONTHDAY=-1, due at the end of each listed month
                want = next_month_end(base, [int(x) for x in multi.group(1).split(',')]).isoformat()
                if d['date'] != want:
                    errs.append(f'{w}: recurring date {d["date"]} != {want}')
            elif d['date']:
                errs.append(f'{w}: recurring date without a day in the rrule')
        elif d['rrule']:
            errs.append(f'{w}: rrule on non-recurring')
    return errs, g


def main():
    # an optional folder argument checks another set of labels, e.g. samples/gold-real-second
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(glob.glob(os.path.join(folder, '*.json')))
    kinds, bad, total = collections.Counter(), 0, 0
    for f in files:
        errs, g = check(f)
        tasks = g.get('tasks') or []
        total += len(tasks)
        kinds.update(t['deadline']['kind'] for t in tasks if isinstance(t, dict) and 'deadline' in t)
        n = 'unlab.' if g.get('tasks') is None else f'{len(tasks):4d}'
        print(f'{os.path.basename(f)[:60]:60s} {n:>6s} tasks  {"OK" if not errs else "ERRORS"}')
        for e in errs:
            print('   ', e)
        bad += bool(errs)
    print(f'{len(files)} files, {total} tasks; deadline kinds: {dict(sorted(kinds.items()))}')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
