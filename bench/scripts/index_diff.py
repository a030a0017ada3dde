#!/usr/bin/python3

# SPDX-License-Identifier: GPL-2.0-or-later

"""Compare two kiosque databases built from the same input, document by
document: a change meant to make kiosque-index faster must not change what
it indexes.

    index_diff.py [--ignore-slot N]... [--ignore-meta PREFIX]... OLD NEW

For every document id: its terms with their wdf and positions, its values
and its data; then the spelling words with their frequencies and the
metadata. The first differences are printed; exits 0 when the databases hold
the same, 1 when they differ, 2 on error. OLD and NEW may be database
folders with a XAPIANDB stub (what kiosque-index writes) or glass folders.

Slot 3 (first-indexed time, a clock reading) always differs between two
builds: ignore it with --ignore-slot 3. Needs Debian's python3-xapian, so it
runs under /usr/bin/python3.
"""
import argparse
import sys

import xapian

MAX_SHOWN = 20


def document_summary(db, docid, ignored_slots):
    """The terms (with wdf and positions), values and data of `docid`, or
    None when there is no such document."""
    try:
        doc = db.get_document(docid)
    except xapian.DocNotFoundError:
        return None
    terms = []
    for item in doc.termlist():
        term = item.term
        positions = list(item.positer)
        terms.append((term, item.wdf, tuple(positions)))
    values = {v.num: v.value for v in doc.values() if v.num not in ignored_slots}
    return terms, values, doc.get_data()


def spelling(db):
    return {item.term: item.termfreq for item in db.spellings()}


def metadata(db, ignored_prefixes):
    keys = [k for k in db.metadata_keys()
            if not any(k.startswith(p.encode()) for p in ignored_prefixes)]
    return {k: db.get_metadata(k) for k in keys}


def describe(a, b):
    """A short account of how two document summaries differ."""
    if a is None or b is None:
        return "present in one only"
    (ta, va, da), (tb, vb, db_) = a, b
    parts = []
    if ta != tb:
        sa, sb = set(ta), set(tb)
        only_a = sorted(sa - sb)[:3]
        only_b = sorted(sb - sa)[:3]
        parts.append(f"terms differ (old only {only_a}, new only {only_b})")
    if va != vb:
        slots = sorted(s for s in set(va) | set(vb) if va.get(s) != vb.get(s))
        parts.append(f"values differ in slots {slots}")
    if da != db_:
        parts.append("data differs")
    return "; ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--ignore-slot", type=int, action="append", default=[])
    parser.add_argument("--ignore-meta", action="append", default=[])
    args = parser.parse_args()
    try:
        old, new = xapian.Database(args.old), xapian.Database(args.new)
    except xapian.Error as e:
        print(f"index_diff: {e}", file=sys.stderr)
        return 2
    ignored = set(args.ignore_slot)
    differences = 0

    def report(what):
        nonlocal differences
        differences += 1
        if differences <= MAX_SHOWN:
            print(what)

    if old.get_doccount() != new.get_doccount():
        report(f"document counts differ: {old.get_doccount()} and {new.get_doccount()}")
    last = max(old.get_lastdocid(), new.get_lastdocid())
    for docid in range(1, last + 1):
        a = document_summary(old, docid, ignored)
        b = document_summary(new, docid, ignored)
        if a != b:
            report(f"document {docid}: {describe(a, b)}")
    so, sn = spelling(old), spelling(new)
    if so != sn:
        changed = sorted(w for w in set(so) | set(sn) if so.get(w) != sn.get(w))
        report(f"spelling differs for {len(changed)} words, first {changed[:5]}")
    mo, mn = metadata(old, args.ignore_meta), metadata(new, args.ignore_meta)
    if mo != mn:
        changed = sorted(k for k in set(mo) | set(mn) if mo.get(k) != mn.get(k))
        report(f"metadata differs for keys {changed[:5]}")
    if differences:
        print(f"{differences} differences ({min(differences, MAX_SHOWN)} shown)")
        return 1
    print(f"identical: {old.get_doccount()} documents, {len(so)} spelling words, "
          f"{len(mo)} metadata keys")
    return 0


if __name__ == "__main__":
    sys.exit(main())
