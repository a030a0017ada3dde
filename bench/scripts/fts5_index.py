#!/usr/bin/env python3

# SPDX-License-Identifier: GPL-2.0-or-later

"""Index corpus JSON Lines into SQLite FTS5, the reference set-up of
../shared/reference/README.md: one table
fts5(id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2'),
filled with one executemany in one transaction.

    fts5_index.py CORPUS.jsonl OUT.sqlite
"""
import json
import sqlite3
import sys


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                yield (a.get("id"), a.get("title") or "", a.get("text") or "")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, out = sys.argv[1:]
    db = sqlite3.connect(out)
    db.execute("CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, text, "
               "tokenize='unicode61 remove_diacritics 2')")
    with db:  # one transaction
        db.executemany("INSERT INTO t (id, title, text) VALUES (?, ?, ?)", rows(corpus))
    db.close()


if __name__ == "__main__":
    main()
