# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # variables set here are used by the
# sourcing scripts, and `prog` and `work` are theirs.
# Shell functions shared by scripts/bench-index and scripts/bench-query.
# Source it after `cd` to the project root and after setting `prog` (the
# calling script's name, used to prefix diagnostics). Bash only.
#
# Measurements go to "$work/runs.tsv", one line a run (see record_run), which
# bench/scripts/index_table.py turns into the markdown table.

bench_dir=$(pwd)/bench/scripts
shared_dir=$(cd .. && pwd)/shared
kiosque_index=$(pwd)/build/release/indexer/kiosque-index
kiosque_query=$(pwd)/build/release/query/kiosque-query

# Progress for the person watching; results go to stdout.
say() { echo "$prog: $*" >&2; }
die() { echo "$prog: $*" >&2; exit 2; }

# Installs what benchmarks need and builds kiosque in Release.
setup_and_build() {
  say "installing dependencies and building kiosque (release)"
  scripts/setup-deps --bench
  scripts/build release
}

# build_baseline REV: a Release build of git revision REV in build/baseline/
# (a detached worktree), whose kiosque-index index_kiosque then also runs
# (baseline_index). The build is reused while REV names the same commit.
baseline_index=''
build_baseline() {
  local rev commit dir=build/baseline
  rev=$1
  commit=$(git rev-parse --verify "$rev^{commit}") || die "--baseline: no such revision: $rev"
  if [[ ! -f "$dir/.commit" || "$(cat "$dir/.commit")" != "$commit" ]]; then
    say "building the baseline $rev ($commit) in $dir"
    git worktree remove --force "$dir/src" 2>/dev/null || rm -rf "$dir/src"
    mkdir -p "$dir"
    git worktree add --detach "$dir/src" "$commit" >/dev/null
    (cd "$dir/src" && scripts/build release)
    echo "$commit" > "$dir/.commit"
  fi
  baseline_index=$(pwd)/$dir/src/build/release/indexer/kiosque-index
  [[ -x "$baseline_index" ]] || die "baseline build has no $baseline_index"
}

# Exits 0 with a clear message when ../shared (corpus generator, reference
# scripts) is not there: the benchmark cannot run, and that is not an error.
require_shared() {
  if [[ ! -x "$shared_dir/tools/make-bench-corpus" || ! -d "$shared_dir/reference" ]]; then
    echo "$prog: skipped: $shared_dir (make-bench-corpus and reference/) not found" >&2
    exit 0
  fi
}

# make_work_dir REQUESTED: prints the work folder; a fresh one under
# build/bench-work/ when REQUESTED is empty.
make_work_dir() {
  if [[ -n "$1" ]]; then
    mkdir -p "$1" && (cd "$1" && pwd)
  else
    mkdir -p build/bench-work
    mktemp -d "$(pwd)/build/bench-work/run.XXXXXX"
  fi
}

# make_corpus W N FORMAT: W/bench.jsonl (jsonl) or W/tree/ (tree) holding N
# articles. The generator is seeded, so an existing corpus made with the same
# N (recorded in a stamp file) is reused.
make_corpus() {
  local w=$1 n=$2 format=$3 out stamp
  if [[ "$format" == jsonl ]]; then out=$w/bench.jsonl; else out=$w/tree; fi
  stamp=$w/.corpus-$format
  if [[ -e "$out" && -f "$stamp" && "$(cat "$stamp")" == "$n" ]]; then
    say "reusing $out ($n articles)"
    return
  fi
  say "making the $format corpus ($n articles) in $out"
  rm -rf "$out" "$stamp"
  "$shared_dir/tools/make-bench-corpus" --articles "$n" --format "$format" --out "$out"
  echo "$n" > "$stamp"
}

# Bytes of input under a file or folder (files only, not directory entries).
input_bytes() {
  find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}

# Bytes of a database folder, whatever its layout (plain glass folder, or a
# stub file with generation folders).
db_bytes() {
  du -sb "$1" | cut -f1
}

# compact_db DB OUT: xapian-compact of DB into OUT, then prints OUT's size.
# DB may be a glass folder or a folder holding a XAPIANDB stub; when
# xapian-compact refuses the stub folder, the folders it lists are compacted
# (merged) instead.
compact_db() {
  local db=$1 out=$2 sources=() backend path
  rm -rf "$out"
  if ! xapian-compact "$db" "$out" >"$out.log" 2>&1; then
    [[ -f "$db/XAPIANDB" ]] || { cat "$out.log" >&2; die "xapian-compact $db failed"; }
    while read -r backend path; do
      [[ -z "$backend" || "$backend" == \#* ]] && continue
      [[ -z "$path" ]] && { path=$backend; }
      [[ "$path" == /* ]] || path=$db/$path
      sources+=("$path")
    done < "$db/XAPIANDB"
    rm -rf "$out"
    xapian-compact "${sources[@]}" "$out" >"$out.log" 2>&1 \
      || { cat "$out.log" >&2; die "xapian-compact of ${sources[*]} failed"; }
  fi
  db_bytes "$out"
}

# timed NAME CMD...: runs CMD under /usr/bin/time -v with its stdout and
# stderr in W/NAME.out and W/NAME.err, and sets `wall_s` (to the millisecond:
# /usr/bin/time only gives hundredths) and `rss_kb` (peak resident set size).
# Exit statuses 0 and 1 are accepted (1: finished, some input failed, which
# is reported); anything else stops the benchmark.
timed() {
  local name=$1 status=0 start end; shift
  start=$(date +%s%N)
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  end=$(date +%s%N)
  if (( status > 1 )); then
    tail -n 5 "$work/$name.err" >&2
    die "$name: '$*' exited with status $status (log: $work/$name.err)"
  fi
  (( status == 1 )) && say "$name: exit status 1 (see $work/$name.err)"
  wall_s=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time")
}

# record_run NAME WALL_S RSS_KB INPUT_BYTES DB_BYTES COMPACT_BYTES: one line of
# W/runs.tsv; '-' for a measure that does not apply.
record_run() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$work/runs.tsv"
}

# The last line of an indexer's stderr that looks like its summary, or empty.
summary_line() {
  grep -E 'added|unchanged' "$1" | tail -n 1 || true
}

# index_kiosque NAME DB INPUT [no-compact]: a full build of DB from INPUT
# (DB removed first), measured and recorded, compacted unless told not to.
# With a baseline (build_baseline), the same build by the baseline follows,
# recorded as NAME@baseline.
index_kiosque() {
  index_with "$kiosque_index" "$@"
  if [[ -n "$baseline_index" ]]; then
    index_with "$baseline_index" "$1@baseline" "$2.baseline" "${@:3}"
  fi
}

# index_with BINARY NAME DB INPUT [no-compact] [OPTIONS...]: index_kiosque
# with the given kiosque-index.
index_with() {
  local bin=$1 name=$2 db=$3 input=$4 compact=${5:-compact} bytes size csize=-
  local extra=("${@:6}")  # more kiosque-index options
  rm -rf "$db" "$db.compact" "$db.compact.log"
  bytes=$(input_bytes "$input")
  say "$name: kiosque-index $input"
  timed "$name" "$bin" --db "$db" --summary "${extra[@]}" "$input"
  size=$(db_bytes "$db")
  [[ "$compact" == compact ]] && csize=$(compact_db "$db" "$db.compact")
  record_run "$name" "$wall_s" "$rss_kb" "$bytes" "$size" "$csize"
  say "$name: ${wall_s} s, $((rss_kb * 1024 / 1000000)) MB peak RSS; $(summary_line "$work/$name.err")"
}

# rerun_kiosque NAME DB INPUT: the incremental re-run over unchanged input
# (and the baseline's over its own database, when there is one).
rerun_kiosque() {
  rerun_with "$kiosque_index" "$@"
  if [[ -n "$baseline_index" ]]; then
    rerun_with "$baseline_index" "$1@baseline" "$2.baseline" "$3"
  fi
}

rerun_with() {
  local bin=$1 name=$2 db=$3 input=$4
  say "$name: kiosque-index re-run over unchanged $input"
  timed "$name" "$bin" --db "$db" --summary "$input"
  record_run "$name" "$wall_s" "$rss_kb" "$(input_bytes "$input")" "$(db_bytes "$db")" -
  say "$name: ${wall_s} s; $(summary_line "$work/$name.err")"
}

# index_stock NAME DB JSONL [no-compact]: stock scriptindex -s french with the
# reference index script, from the corpus converted to scriptindex's dump.
index_stock() {
  local name=$1 db=$2 jsonl=$3 compact=${4:-compact} size csize=-
  local dump=$work/bench.dump
  if [[ ! -s "$dump" || "$dump" -ot "$jsonl" ]]; then
    "$shared_dir/reference/jsonl2scriptindex" < "$jsonl" > "$dump"
  fi
  rm -rf "$db" "$db.compact" "$db.compact.log"
  say "$name: scriptindex -s french (takes a few minutes)"
  timed "$name" scriptindex -s french "$db" \
    "$shared_dir/reference/scriptindex-french.script" "$dump"
  size=$(db_bytes "$db")
  [[ "$compact" == compact ]] && csize=$(compact_db "$db" "$db.compact")
  record_run "$name" "$wall_s" "$rss_kb" "$(input_bytes "$jsonl")" "$size" "$csize"
  say "$name: ${wall_s} s, $((rss_kb * 1024 / 1000000)) MB peak RSS"
}
