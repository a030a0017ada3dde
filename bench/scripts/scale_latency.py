#!/usr/bin/env python3

# SPDX-License-Identifier: GPL-2.0-or-later

"""Query latency of one kiosque database for scripts/bench-scale.

Feeds QUERIES x ROUNDS through one `kiosque-query --batch --limit 10` process
and prints "p50 p95" of the per-query elapsed_ms its summaries report (open
and search, snippets included; process start-up excluded).
"""
import json
import subprocess
import sys

QUERIES = [
    "Syrie", "gouvernement", "securite", "elysee", "élection présidentielle",
    "Premier ministre", "\"Conseil de sécurité\"", "\"Jeux olympiques\"",
    "tremblement de terre Japon", "date:2017 élection", "Union européenne",
    "Des milliers de personnes secourues en mer Méditerranée",
]


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main():
    query_bin, db, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    lines = "\n".join(QUERIES * rounds) + "\n"
    out = subprocess.run([query_bin, "--db", db, "--batch", "--limit", "10"],
                         input=lines, capture_output=True, text=True, check=False)
    if out.returncode > 1:
        sys.exit(f"scale_latency: kiosque-query failed: {out.stderr.strip()}")
    elapsed = [json.loads(l)["elapsed_ms"] for l in out.stdout.splitlines()
               if l.startswith('{"') and '"summary"' in l]
    if not elapsed:
        sys.exit("scale_latency: no summaries from kiosque-query --batch")
    print(f"{percentile(elapsed, 50):.2f} {percentile(elapsed, 95):.2f}")


if __name__ == "__main__":
    main()
