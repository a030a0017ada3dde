#!/usr/bin/env python3

# SPDX-License-Identifier: GPL-2.0-or-later

"""Turn the runs recorded by scripts/bench-index (runs.tsv) into a markdown
table and a list of targets with PASS/FAIL.

    index_table.py RUNS.tsv

RUNS.tsv: one line a run, tab-separated: name, wall seconds, peak RSS in KiB,
input bytes, database bytes, compacted bytes ('-' when not measured).
MB are 10^6 bytes everywhere (sizes, MB/s and RSS, which /usr/bin/time
reports in KiB).
"""
import sys

# name in runs.tsv -> label in the table, in table order.
LABELS = {
    "kiosque-jsonl": "kiosque-index, JSON Lines",
    "kiosque-jsonl-noop": "kiosque-index, JSON Lines, no-op re-run",
    "kiosque-jsonl-jobs1": "kiosque-index, JSON Lines, --jobs 1 (one writer)",
    "kiosque-jsonl-shards2": "kiosque-index, JSON Lines, --shards 2 (two writers)",
    "kiosque-jsonl-jobs2": "kiosque-index, JSON Lines, --jobs 2 (two writers, merged)",
    "kiosque-tree": "kiosque-index, tree of .txt files",
    "kiosque-tree-noop": "kiosque-index, tree, no-op re-run (files stat'ed)",
    "kiosque-tree-shards2": "kiosque-index, tree of .txt files, --shards 2",
    "kiosque-jsonl-flush10000": "kiosque-index, JSON Lines, XAPIAN_FLUSH_THRESHOLD=10000",
    "scriptindex": "stock scriptindex -s french (reference)",
    "fts5": "SQLite FTS5 (reference)",
}
MAX_RSS_MB = 400
MIN_SPEEDUP = 4.0
MAX_NOOP_FRACTION = 0.05
# A change may cost at most this much on any row, against a baseline build
# measured in the same run (bench-index --baseline REV).
MAX_SLOWDOWN = 1.05


def number(text):
    return None if text == "-" else float(text)


def read_runs(path):
    runs = {}
    with open(path) as f:
        for line in f:
            name, wall, rss, inp, size, csize = line.rstrip("\n").split("\t")
            runs[name] = {
                "wall": number(wall), "rss_mb": number(rss) * 1024 / 1e6,
                "input": number(inp), "size": number(size), "csize": number(csize),
            }
    return runs


def fmt(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def table(runs):
    ref = runs.get("scriptindex")
    has_base = any(name.endswith("@baseline") for name in runs)
    lines = ["| run | wall s | MB/s | peak RSS MB | DB MB | compacted MB | speed-up vs scriptindex |"
             + (" baseline wall s | time vs baseline |" if has_base else ""),
             "|---|--:|--:|--:|--:|--:|--:|" + ("--:|--:|" if has_base else "")]
    for name, label in LABELS.items():
        r = runs.get(name)
        if r is None:
            continue
        full_build = not name.endswith("-noop")  # a re-run reads next to nothing
        mbps = r["input"] / 1e6 / r["wall"] if full_build and r["wall"] else None
        speedup = ref["wall"] / r["wall"] if ref and full_build and r["wall"] else None
        lines.append(
            f"| {label} | {fmt(r['wall'], 2)} | {fmt(mbps)} | {fmt(r['rss_mb'], 0)} | "
            f"{fmt(r['size'] and r['size'] / 1e6, 0)} | {fmt(r['csize'] and r['csize'] / 1e6, 0)} | "
            f"{fmt(speedup, 2) + '×' if speedup else '–'} |"
            + (baseline_cells(r, runs.get(name + "@baseline")) if has_base else ""))
    return lines


def baseline_cells(run, base):
    if base is None or not base["wall"]:
        return " – | – |"
    return f" {fmt(base['wall'], 2)} | {run['wall'] / base['wall']:.3f} |"


def verdict(ok):
    return "**PASS**" if ok else "**FAIL**"


def targets(runs):
    ref = runs.get("scriptindex")
    out = ["| target | measured | result |", "|---|---|---|"]
    for name in ("kiosque-jsonl", "kiosque-jsonl-shards2", "kiosque-jsonl-jobs2",
                 "kiosque-tree", "kiosque-tree-shards2"):
        r = runs.get(name)
        if r is None:
            continue
        what = LABELS[name].split(", ", 1)[1]
        if ref:
            speedup = ref["wall"] / r["wall"]
            out.append(f"| ≥ {MIN_SPEEDUP:g}× faster than scriptindex ({what}) | "
                       f"{speedup:.2f}× ({r['wall']:.1f} s vs {ref['wall']:.1f} s) | "
                       f"{verdict(speedup >= MIN_SPEEDUP)} |")
        out.append(f"| peak RSS ≤ {MAX_RSS_MB} MB ({what}) | {r['rss_mb']:.0f} MB | "
                   f"{verdict(r['rss_mb'] <= MAX_RSS_MB)} |")
        if ref and ref["csize"] and r["csize"]:
            out.append(f"| compacted size ≤ scriptindex's ({what}) | "
                       f"{r['csize'] / 1e6:.0f} MB vs {ref['csize'] / 1e6:.0f} MB | "
                       f"{verdict(r['csize'] <= ref['csize'])} |")
        noop = runs.get(name + "-noop")
        if noop:
            fraction = noop["wall"] / r["wall"]
            out.append(f"| no-op re-run ≤ {MAX_NOOP_FRACTION:.0%} of the full build ({what}) | "
                       f"{fraction:.1%} ({noop['wall']:.2f} s) | "
                       f"{verdict(fraction <= MAX_NOOP_FRACTION)} |")
    out += fastest_default(runs)
    if not ref:
        out.append("| ratios to scriptindex | not measured (--skip-stock) | – |")
    for name in LABELS:
        r, base = runs.get(name), runs.get(name + "@baseline")
        if r is None or base is None or name.endswith("-noop"):
            continue
        ratio = r["wall"] / base["wall"]
        out.append(f"| ≤ {MAX_SLOWDOWN:.2f}× the baseline's time ({LABELS[name].split(', ', 1)[1]}) | "
                   f"{ratio:.3f} ({r['wall']:.1f} s vs {base['wall']:.1f} s) | "
                   f"{verdict(ratio <= MAX_SLOWDOWN)} |")
    return out


def fastest_default(runs):
    """The build a user gets with no option is the fastest JSON Lines build."""
    default = runs.get("kiosque-jsonl")
    others = [(r["wall"], name) for name, r in runs.items()
              if name.startswith("kiosque-jsonl-") and not name.endswith("-noop")
              and "@" not in name and name != "kiosque-jsonl-flush10000" and r["wall"]]
    if default is None or not others:
        return []
    wall, name = min(others)
    return [f"| the default build is the fastest (JSON Lines) | "
            f"{default['wall']:.1f} s vs {wall:.1f} s ({LABELS[name].split(', ', 2)[-1]}) | "
            f"{verdict(default['wall'] <= wall)} |"]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    runs = read_runs(sys.argv[1])
    print("\n".join(table(runs)))
    print()
    print("\n".join(targets(runs)))


if __name__ == "__main__":
    main()
