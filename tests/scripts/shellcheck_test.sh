#!/usr/bin/env bash
# Every installed shell script passes shellcheck (issue #16, point 11): the
# operations scripts of ops/ (the configured kiosque-nightly and
# kiosque-alerts from the build tree, the others from the source tree) and
# the bash completion of data/completion/.
#
#   shellcheck_test.sh SOURCE_DIR BUILD_DIR
#
# Run by CTest (tests/CMakeLists.txt). Exits 77, which CTest reports as
# skipped, when shellcheck is missing (scripts/setup-deps installs it).

# SPDX-License-Identifier: GPL-2.0-or-later

set -euo pipefail

source_dir=${1:?usage: shellcheck_test.sh SOURCE_DIR BUILD_DIR}
build_dir=${2:?usage: shellcheck_test.sh SOURCE_DIR BUILD_DIR}

if ! command -v shellcheck >/dev/null; then
  echo "SKIPPED: shellcheck is not installed (scripts/setup-deps)"
  exit 77
fi

scripts=()
for script in "$source_dir"/ops/*; do
  if [[ $script == *.in ]]; then
    configured=$build_dir/ops/$(basename "$script" .in)
    [[ -f $configured ]] || { echo "FAIL: $configured was not configured" >&2; exit 1; }
    scripts+=("$configured")
  else
    scripts+=("$script")
  fi
done
status=0
shellcheck "${scripts[@]}" || status=1
# Sourced by bash-completion, with no #! line to name the shell.
shellcheck --shell=bash "$source_dir"/data/completion/* || status=1
if ((status == 0)); then
  printf 'ok: shellcheck finds nothing in %s\n' "${scripts[@]}" "$source_dir"/data/completion/*
fi
exit "$status"
