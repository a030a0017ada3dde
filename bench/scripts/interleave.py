#!/usr/bin/env python3

# SPDX-License-Identifier: GPL-2.0-or-later

"""Interleaved timings of indexing commands, for ratios on a busy machine.

    interleave.py --rounds R --input CORPUS --work DIR \\
        NAME=COMMAND [NAME=COMMAND ...]

Each COMMAND is a shell command with {db} and {input} placeholders (a
kiosque-index, scriptindex...). Every round runs each command once, in the
given order and then reversed in the next round, on a fresh {db}. Prints one
line a run (name, round, wall seconds, peak RSS MB), then for each command
its median, min and max wall time and its time relative to the first command
(median ratio, with the spread of the per-round ratios).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import time


def run(command, db, corpus, log):
    shutil.rmtree(db, ignore_errors=True)
    if os.path.exists(db):
        os.remove(db)
    start = time.perf_counter()
    with open(log, "w") as err:
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", log + ".rss", "sh", "-c",
             command.format(db=db, input=corpus)],
            stdout=subprocess.DEVNULL, stderr=err)
    wall = time.perf_counter() - start
    if proc.returncode > 1:
        raise SystemExit(f"{command}: exit status {proc.returncode} (see {log})")
    with open(log + ".rss") as f:
        rss_mb = int(f.read().split()[-1]) * 1024 / 1e6
    return wall, rss_mb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--input", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("runs", nargs="+")
    args = parser.parse_args()
    runs = [r.split("=", 1) for r in args.runs]
    os.makedirs(args.work, exist_ok=True)
    walls = {name: [] for name, _ in runs}
    for r in range(args.rounds):
        order = runs if r % 2 == 0 else list(reversed(runs))
        for name, command in order:
            db = os.path.join(args.work, name + ".db")
            wall, rss = run(command, db, args.input, os.path.join(args.work, name + ".err"))
            walls[name].append(wall)
            print(f"{name}\tround {r + 1}\t{wall:.2f} s\t{rss:.0f} MB", flush=True)
    first = runs[0][0]
    print(f"\n| run | median s | min–max s | vs {first} (median, per-round range) |")
    print("|---|--:|--:|--:|")
    for name, _ in runs:
        w = walls[name]
        ratios = [a / b for a, b in zip(w, walls[first])]
        print(f"| {name} | {statistics.median(w):.2f} | {min(w):.2f}–{max(w):.2f} | "
              f"{statistics.median(ratios):.3f} ({min(ratios):.3f}–{max(ratios):.3f}) |")


if __name__ == "__main__":
    main()
