#!/usr/bin/env python3
"""Extracts the query strings of xapian-core's tests/api_queryparser.cc.

    tests/data/extract-xapian-queries.py api_queryparser.cc > xapian-queryparser-queries.txt

Reads every `static const test NAME[] = { ... };` table of the file and keeps
the first C string literal of each `{ "query", "expected" }` entry, then the
literal first argument of each `parse_query("...", ...)` call (adjacent
literals concatenated, C escapes decoded to bytes, table entries commented out
with // left out). Writes the distinct queries, in order of first appearance, one
per line, after a header of '#' lines. A query holding a line break (\n or
\r) cannot be one line of kiosque-query --batch and is skipped; the header
says how many. Empty queries are skipped too (a blank --batch line is not a
query).
"""
import re
import sys

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
TABLE = re.compile(r'^static const test (\w+)\[\] = \{\n(.*?)^\};', re.S | re.M)
ESCAPES = {'n': b'\n', 'r': b'\r', 't': b'\t', '\\': b'\\', '"': b'"', "'": b"'",
           '?': b'?', 'a': b'\a', 'b': b'\b', 'f': b'\f', 'v': b'\v'}


def decode_c_literal(body):
    """The bytes a C string literal's body (UTF-8 source) stands for."""
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != '\\':
            out += c.encode('utf-8')
            i += 1
            continue
        e = body[i + 1]
        if e == 'x':
            m = re.match(r'[0-9a-fA-F]+', body[i + 2:])
            out.append(int(m.group(0), 16) & 0xFF)
            i += 2 + len(m.group(0))
        elif e in '01234567':
            m = re.match(r'[0-7]{1,3}', body[i + 1:])
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
        else:
            out += ESCAPES[e]
            i += 2
    return bytes(out)


def first_literal(entry):
    """The bytes of the first string of an entry `{ "a" "b", "c" }`."""
    parts = []
    pos = 0
    while True:
        m = LITERAL.match(entry, pos)
        if not m:
            break
        parts.append(decode_c_literal(m.group(1)))
        pos = m.end()
        while pos < len(entry) and entry[pos] in ' \t\n':
            pos += 1
    return b''.join(parts) if parts else None


def queries(source):
    for table in TABLE.finditer(source):
        body = '\n'.join(line for line in table.group(2).split('\n')
                         if not line.lstrip().startswith('//'))
        for entry in re.finditer(r'\{\s*(".*?)\s*,\s*(?:"|NULL)', body, re.S):
            query = first_literal(entry.group(1))
            if query is not None:
                yield query
    # Queries written straight into a call, such as parse_query("a b", 0).
    for call in re.finditer(r'parse_query\(\s*(".*?)\s*[,)]', source, re.S):
        query = first_literal(call.group(1))
        if query is not None:
            yield query


def main():
    source = open(sys.argv[1], encoding='utf-8').read()
    seen = set()
    kept = []
    skipped = 0
    for q in queries(source):
        if q in seen:
            continue
        seen.add(q)
        if b'\n' in q or b'\r' in q:
            skipped += 1
        elif q:
            kept.append(q)
    out = sys.stdout.buffer
    out.write(HEADER.format(kept=len(kept), skipped=skipped).encode('utf-8'))
    for q in kept:
        out.write(q + b'\n')


HEADER = """\
# The query strings of Xapian's query-parser tests, as awkward queries for
# kiosque-query (issue #16): tests/e2e/xapian_queries_test.cpp runs them all.
#
# Origin: xapian-core 1.4.22, tests/api_queryparser.cc (Debian's source
# package xapian-core_1.4.22.orig.tar.xz; upstream https://xapian.org/).
# Copyright (C) 2002-2022 Olly Betts; (C) 2006,2007,2009 Lemur Consulting Ltd;
# licensed under the GNU General Public License, version 2 or (at your option)
# any later version (GPL-2.0-or-later), like kiosque itself. These lines are
# test data copied from that file, not code.
#
# Extracted with tests/data/extract-xapian-queries.py: the first string of
# each entry of the file's `static const test` tables and the literal query of
# each parse_query("...") call, C escapes decoded (so
# some lines are not valid UTF-8, on purpose), duplicates removed, in order.
# {kept} queries; {skipped} holding a line break were skipped. Lines starting
# with '#' are this header: no query of the file starts with '#'.
"""

if __name__ == '__main__':
    main()
