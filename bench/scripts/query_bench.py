#!/usr/bin/env python3

# SPDX-License-Identifier: GPL-2.0-or-later

"""Query benchmark of scripts/bench-query: whole-process time of kiosque-query
(10 results with snippets) against stock quest -s french on the scriptindex
database of the same corpus, and kiosque-query --batch latency. Prints
markdown tables with PASS/FAIL per target.

    query_bench.py --kiosque BIN --db DIR --ref DIR --queries FILE
                   [--runs R] [--rounds K]

FILE: one query a line, "kiosque query<TAB>quest query" (quest has no date:
filter, so its column carries the same words without it).
"""
import argparse
import json
import os
import selectors
import statistics
import subprocess
import sys
import time

MAX_RATIO_TO_QUEST = 1.5
MAX_BATCH_P95_MS = 10.0
LIMIT = "10"
ROUND_TRIP_TIMEOUT_S = 10.0


def read_queries(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                kiosque, quest = line.split("\t")
                pairs.append((kiosque, quest))
    return pairs


def run_seconds(argv, capture=False):
    """Wall time of one whole process, its exit status and (when asked) its
    stdout; output is otherwise discarded."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=out, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, result.returncode, result.stdout


def summary_elapsed_ms(stdout):
    """elapsed_ms of the summary line of kiosque-query --json, or None."""
    for line in reversed(stdout.splitlines()):
        obj = json.loads(line)
        if obj.get("type") == "summary":
            value = obj.get("elapsed_ms")
            return value if isinstance(value, (int, float)) else None
    return None


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return ordered[int(rank) - 1]


def verdict(ok):
    return "**PASS**" if ok else "**FAIL**"


class Tools:
    def __init__(self, args):
        self.kiosque = args.kiosque
        self.db = args.db
        self.ref = args.ref

    def kiosque_argv(self, query, *extra):
        return [self.kiosque, "--db", self.db, "--limit", LIMIT, "--color=never", *extra, query]

    def quest_argv(self, query):
        return ["quest", "-d", self.ref, "-s", "french", "-m", LIMIT, query]


def check_queries(tools, pairs):
    """Runs each query once (which also warms the page cache); stops on an
    error and warns about a query that finds nothing."""
    for kq, qq in pairs:
        result = subprocess.run(tools.kiosque_argv(kq, "--json"), capture_output=True, text=True)
        if result.returncode not in (0, 1):
            sys.exit(f"bench-query: kiosque-query failed on {kq!r} "
                     f"(exit {result.returncode}): {result.stderr.strip()}")
        if result.returncode == 1:
            print(f"bench-query: warning: kiosque-query finds nothing for {kq!r}", file=sys.stderr)
        result = subprocess.run(tools.quest_argv(qq), capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"bench-query: quest failed on {qq!r} (exit {result.returncode}): "
                     f"{result.stderr.strip()}")


def whole_process(tools, pairs, runs):
    """Each query `runs` times through kiosque-query (human output), quest and
    kiosque-query --json (a diagnostic: its summary's elapsed_ms is the time
    spent opening the database and searching), alternating the order;
    returns {tool: {query index: [milliseconds]}}."""
    times = {"kiosque": {}, "quest": {}, "kiosque --json": {}, "elapsed_ms": {},
             "kiosque --timeline": {}}
    timeline = option_supported(tools.kiosque, "--timeline")
    for r in range(runs):
        for i, (kq, qq) in enumerate(pairs):
            order = [("kiosque", tools.kiosque_argv(kq)), ("quest", tools.quest_argv(qq)),
                     ("kiosque --json", tools.kiosque_argv(kq, "--json"))]
            if timeline:
                order.append(("kiosque --timeline", tools.kiosque_argv(kq, "--timeline")))
            if (r + i) % 2:
                order.reverse()
            for tool, argv in order:
                seconds, _, stdout = run_seconds(argv, capture=tool == "kiosque --json")
                times[tool].setdefault(i, []).append(seconds * 1000)
                if stdout is not None:
                    elapsed = summary_elapsed_ms(stdout)
                    if elapsed is not None:
                        times["elapsed_ms"].setdefault(i, []).append(elapsed)
    return times


def start_up(tools, runs):
    """Median milliseconds of a process that only starts and exits (--version)."""
    out = {}
    for tool, argv in (("kiosque", [tools.kiosque, "--version"]), ("quest", ["quest", "--version"])):
        out[tool] = statistics.median(run_seconds(argv)[0] * 1000 for _ in range(runs))
    return out


def whole_process_report(pairs, times, boot):
    ms = {tool: [v for per_q in t.values() for v in per_q] for tool, t in times.items()}
    med = {tool: statistics.median(v) for tool, v in ms.items() if v}
    ratio = med["kiosque"] / med["quest"]
    n = len(ms["kiosque"])

    def row(label, tool, ratio_to_quest=True):
        if tool not in med:
            return f"| {label} | – | – | – |"
        r = f"{med[tool] / med['quest']:.2f}×" if ratio_to_quest else ""
        return f"| {label} | {med[tool]:.2f} | {percentile(ms[tool], 95):.2f} | {r} |"

    lines = [
        f"### Whole process, {len(pairs)} queries × {n // len(pairs)} runs, 10 results",
        "",
        "| tool | median ms | p95 ms | ratio to quest |",
        "|---|--:|--:|--:|",
        row("`kiosque-query --limit 10` (human output, 10 snippets)", "kiosque"),
        row("`quest -s french -m 10` (no snippets)", "quest"),
        row("`kiosque-query --limit 10 --json` (diagnostic)", "kiosque --json"),
        row("… of which open + search, its `elapsed_ms` (diagnostic)", "elapsed_ms",
            ratio_to_quest=False),
        f"| `kiosque-query --version`: start-up only (diagnostic) | {boot['kiosque']:.2f} | | "
        f"{boot['kiosque'] / boot['quest']:.2f}× |",
        f"| `quest --version`: start-up only | {boot['quest']:.2f} | | 1.00× |",
        row("`kiosque-query --timeline` (every match counted by date, no snippet)",
            "kiosque --timeline"),
        "",
        "| target | measured | result |",
        "|---|---|---|",
        f"| whole-process median ≤ {MAX_RATIO_TO_QUEST:g}× quest's, with snippets | "
        f"{ratio:.2f}× ({med['kiosque']:.2f} ms vs {med['quest']:.2f} ms) | "
        f"{verdict(ratio <= MAX_RATIO_TO_QUEST)} |",
        timeline_target(med),
        "",
        "Per query (median ms over the runs):",
        "",
        "| query (kiosque) | kiosque-query | quest | ratio | `elapsed_ms` |",
        "|---|--:|--:|--:|--:|",
    ]
    for i, (kq, _) in enumerate(pairs):
        k = statistics.median(times["kiosque"][i])
        q = statistics.median(times["quest"][i])
        e = times["elapsed_ms"].get(i)
        shown = kq.replace("|", "\\|")
        lines.append(f"| `{shown}` | {k:.2f} | {q:.2f} | {k / q:.2f}× | "
                     f"{statistics.median(e) if e else float('nan'):.2f} |")
    return lines


def option_supported(kiosque, option):
    help_text = subprocess.run([kiosque, "--help"], capture_output=True, text=True).stdout
    return option in help_text


def batch_supported(kiosque):
    return option_supported(kiosque, "--batch")


def timeline_target(med):
    """The --timeline target row: cheaper than one query with snippets."""
    if "kiosque --timeline" not in med:
        return "| `--timeline` < one query with snippets | not measured: no --timeline | – |"
    ratio = med["kiosque --timeline"] / med["kiosque"]
    return (f"| `--timeline` median < a query with 10 snippets | {ratio:.2f}× "
            f"({med['kiosque --timeline']:.2f} ms vs {med['kiosque']:.2f} ms) | "
            f"{verdict(ratio < 1)} |")


def parse_json_lines(text):
    objects = []
    for line in text.splitlines():
        if line.strip():
            objects.append(json.loads(line))
    return objects


def batch_argv(tools, json_flag):
    return [tools.kiosque, "--db", tools.db, "--batch", "--limit", LIMIT,
            *(["--json"] if json_flag else [])]


def batch_whole(tools, queries):
    """Feeds all queries to one process; returns (argv used, seconds, objects)."""
    stdin = "".join(q + "\n" for q in queries)
    for json_flag in (False, True):
        argv = batch_argv(tools, json_flag)
        start = time.perf_counter()
        result = subprocess.run(argv, input=stdin, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if result.returncode not in (0, 1):
            sys.exit(f"bench-query: {' '.join(argv)} failed (exit {result.returncode}): "
                     f"{result.stderr.strip()[:300]}")
        try:
            return argv, seconds, parse_json_lines(result.stdout)
        except json.JSONDecodeError:
            continue  # not JSON without --json: try with it
    sys.exit("bench-query: kiosque-query --batch does not write JSON Lines")


def batch_round_trips(argv, queries):
    """Latency as a script sees it: write one query, wait for its summary
    line. Returns milliseconds per query, or None when the tool holds its
    output back (buffered until end of input)."""
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, bufsize=0)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    pending = b""
    latencies = []
    try:
        for q in queries:
            start = time.perf_counter()
            proc.stdin.write((q + "\n").encode())
            done = False
            while not done:
                if not sel.select(timeout=ROUND_TRIP_TIMEOUT_S):
                    return None
                chunk = os.read(proc.stdout.fileno(), 1 << 16)
                if not chunk:
                    return None
                pending += chunk
                *complete, pending = pending.split(b"\n")
                for line in complete:
                    if line.strip() and json.loads(line).get("type") == "summary":
                        done = True
            latencies.append((time.perf_counter() - start) * 1000)
        return latencies
    finally:
        proc.kill()
        proc.wait()


def batch_report(tools, pairs, rounds):
    if not batch_supported(tools.kiosque):
        return ["### Batch", "", "batch: not available yet (kiosque-query --help has no --batch)"]
    queries = [kq for _ in range(rounds) for kq, _ in pairs]
    argv, seconds, objects = batch_whole(tools, queries)
    summaries = [o for o in objects if o.get("type") == "summary"]
    elapsed = [s["elapsed_ms"] for s in summaries if isinstance(s.get("elapsed_ms"), (int, float))]
    per_query = len(summaries) == len(queries)
    trips = batch_round_trips(argv, queries) if per_query else None
    qps = len(queries) / seconds
    lines = [f"### Batch: `{' '.join(['kiosque-query', *argv[1:]])}`, "
             f"{len(pairs)} queries × {rounds} rounds through one process", "",
             "| latency measured as | p50 ms | p95 ms | p99 ms | mean ms |",
             "|---|--:|--:|--:|--:|"]
    if trips:
        lines.append(f"| round trip: query written → its summary read | {percentile(trips, 50):.2f} | "
                     f"{percentile(trips, 95):.2f} | {percentile(trips, 99):.2f} | "
                     f"{statistics.mean(trips):.2f} |")
    if per_query and len(elapsed) == len(queries):
        lines.append(f"| `elapsed_ms` of each summary | {percentile(elapsed, 50):.2f} | "
                     f"{percentile(elapsed, 95):.2f} | {percentile(elapsed, 99):.2f} | "
                     f"{statistics.mean(elapsed):.2f} |")
    lines.append(f"| whole process / queries (start-up included) | | | | {seconds * 1000 / len(queries):.2f} |")
    lines += ["", f"Throughput: {qps:.0f} queries/s ({len(queries)} queries in {seconds:.2f} s, "
              "one process, start-up included).", ""]
    basis = trips or (elapsed if per_query and len(elapsed) == len(queries) else None)
    lines += ["| target | measured | result |", "|---|---|---|"]
    if basis:
        p95 = percentile(basis, 95)
        what = "round trip" if trips else "elapsed_ms"
        lines.append(f"| batch p95 ≤ {MAX_BATCH_P95_MS:g} ms | {p95:.2f} ms ({what}) | "
                     f"{verdict(p95 <= MAX_BATCH_P95_MS)} |")
    else:
        lines.append(f"| batch p95 ≤ {MAX_BATCH_P95_MS:g} ms | not measurable: "
                     f"{len(summaries)} summaries for {len(queries)} queries | – |")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosque", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--ref", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    tools = Tools(args)
    pairs = read_queries(args.queries)

    check_queries(tools, pairs)
    print(f"bench-query: whole-process runs ({len(pairs)} queries × {args.runs} runs × 4)",
          file=sys.stderr)
    times = whole_process(tools, pairs, args.runs)
    boot = start_up(tools, args.runs * 5)
    print("\n".join(whole_process_report(pairs, times, boot)))
    print()
    print("bench-query: batch", file=sys.stderr)
    print("\n".join(batch_report(tools, pairs, args.rounds)))


if __name__ == "__main__":
    main()
