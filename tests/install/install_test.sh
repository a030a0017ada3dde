#!/usr/bin/env bash
# `cmake --install` into a temporary prefix gives working programs, man pages,
# bash completion, the sample configuration, the systemd units and the docs.
# The Debian package, built from a /usr tree and installed into a Debian
# root, is tests/install/package_test.sh's (run by .ci/run, needs root).
#
#   install_test.sh BUILD_DIR VERSION [CMAKE]
#
# Run by CTest (tests/CMakeLists.txt).

# SPDX-License-Identifier: GPL-2.0-or-later

set -euo pipefail

build=${1:?usage: install_test.sh BUILD_DIR VERSION [CMAKE]}
version=${2:?usage: install_test.sh BUILD_DIR VERSION [CMAKE]}
cmake=${3:-cmake}

fail() { echo "install_test: FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
# The programs must not read or write the user's default database.
export HOME=$tmp/home KIOSQUE_DB=$tmp/no-such-db
unset XDG_DATA_HOME
mkdir -p "$HOME"

# --- cmake --install ---------------------------------------------------------
echo "== cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }

for program in kiosque-index kiosque-query; do
  [[ -x $prefix/bin/$program ]] || fail "$prefix/bin/$program missing or not executable"
  got=$("$prefix/bin/$program" --version | head -n 1) ||
    fail "installed $program --version exited non-zero"
  [[ $got == "$program (kiosque) $version" ]] ||
    fail "installed $program --version printed '$got', expected '$program (kiosque) $version'"
  ok "bin/$program --version prints '$got'"
done

stopwords=$prefix/share/kiosque/stopwords-fr.txt
[[ -s $stopwords ]] || fail "$stopwords missing or empty"
grep -qw 'les' "$stopwords" || fail "$stopwords does not list 'les'"
ok "share/kiosque/stopwords-fr.txt installed"

# --- Man pages ----------------------------------------------------------------
# help2man output, gzipped at build time; assert what help2man writes.
declare -A summary=(
  [kiosque-index]='kiosque-index \- index French news articles into a kiosque database'
  [kiosque-query]='kiosque-query \- search a kiosque database of French news articles'
)
for program in kiosque-index kiosque-query; do
  page=$prefix/share/man/man1/$program.1.gz
  [[ -f $page ]] || fail "$page missing (was help2man found when cmake configured?)"
  text=$(gzip -dc "$page") || fail "$page is not gzip"
  upper=${program^^}
  grep -qF ".TH $upper \"1\"" <<<"$text" || fail "$page has no '.TH $upper \"1\"' line"
  grep -qF "\"kiosque $version\"" <<<"$text" || fail "$page does not name kiosque $version"
  grep -qxF "${summary[$program]}" <<<"$text" || fail "$page NAME is not '${summary[$program]}'"
  grep -qF '\fB\-\-db\fR' <<<"$text" || fail "$page does not document --db (from --help)"
  # shellcheck disable=SC2088  # a literal ~, as the page shows it
  grep -qF '~/.local/share/kiosque/db' <<<"$text" ||
    fail "$page shows the builder's home instead of ~/.local/share/kiosque/db"
  grep -qF '.SH "SEE ALSO"' <<<"$text" || fail "$page has no SEE ALSO section"
  ok "share/man/man1/$program.1.gz: .TH $upper, NAME, --db, SEE ALSO"
done
zcat "$prefix/share/man/man1/kiosque-query.1.gz" | grep -qF 'élection présidentielle' ||
  fail "kiosque-query.1.gz lost the accents of its examples"
ok "kiosque-query.1.gz keeps 'élection présidentielle'"

# --- Bash completion -------------------------------------------------------------
completions=$prefix/share/bash-completion/completions
for program in kiosque-index kiosque-query kiosque-nightly kiosque-alerts; do
  [[ -f $completions/$program ]] || fail "$completions/$program missing"
  bash -n "$completions/$program" || fail "$completions/$program does not parse (bash -n)"
done
ok "completions for the four programs installed and parse"

# Sourced in a plain bash with a stub `complete`: which commands get which
# function?
registered=$(bash --norc --noprofile -c '
  complete() { printf "%s\n" "$*"; }
  source "$1"' _ "$completions/kiosque-index")
for program in kiosque-index kiosque-query kiosque-nightly kiosque-alerts; do
  grep -qE "^-F [_[:alnum:]]+ (.* )?$program( |$)" <<<"$registered" ||
    fail "sourcing the completion does not register '$program' (got: $registered)"
done
function=$(sed -nE 's/^-F ([_[:alnum:]]+) .*/\1/p' <<<"$registered" | head -n 1)
ok "completion registers $function for the four programs"

# complete WORD...: what the completion offers for the last word, sorted, one
# a line, as bash would call it (programs found on PATH, as once installed).
complete_words() {
  PATH=$prefix/bin:$PATH bash --norc --noprofile -c '
    complete() { :; }
    source "$1"; fn=$2; shift 2
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    ((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' \
    _ "$completions/kiosque-query" "$function" "$@"
}
expect_completion() {  # expect_completion "EXPECTED (lines joined by spaces)" WORD...
  local expected=$1 got
  shift
  got=$(complete_words "$@" | paste -sd ' ') || fail "completing '$*' failed"
  [[ $got == "$expected" ]] || fail "completing '$*' offered '$got', expected '$expected'"
  ok "completing '$*' offers '$got'"
}
mkdir -p "$tmp/c/archive-dir"
touch "$tmp/c/article.txt"
expect_completion '--sort' kiosque-query --so
expect_completion '-date date relevance' kiosque-query --sort ''
expect_completion 'always auto' kiosque-query --color a
expect_completion '--db --dry-run' kiosque-index --d
expect_completion '--json' kiosque-query --js
expect_completion 'year' kiosque-index --shard-by ''
expect_completion '--config' kiosque-nightly --c
expect_completion '--json' kiosque-alerts --j
expect_completion "$tmp/c/archive-dir" kiosque-index --db "$tmp/c/"
expect_completion "$tmp/c/archive-dir" kiosque-query -d "$tmp/c/"
expect_completion "$tmp/c/archive-dir" kiosque-query --db = "$tmp/c/"
expect_completion "$tmp/c/archive-dir $tmp/c/article.txt" kiosque-index --quiet "$tmp/c/"
expect_completion '' kiosque-query "$tmp/c/"
expect_completion '' kiosque-query --limit ''

# --- The installed programs work together -------------------------------------
mkdir -p "$tmp/archive"
cat >"$tmp/archive/sardines.txt" <<'EOF'
---
title: La conserverie de Douarnenez relance la sardine à l'huile
date: 2015-05-21
---
À Douarnenez, la dernière conserverie familiale embauche douze saisonniers
pour la campagne de la sardine.
EOF
"$prefix/bin/kiosque-index" --quiet --db "$tmp/db" "$tmp/archive" ||
  fail "installed kiosque-index could not index $tmp/archive"
found=$("$prefix/bin/kiosque-query" --color never --db "$tmp/db" 'conserveries douarnenez') ||
  fail "installed kiosque-query found nothing for 'conserveries douarnenez'"
grep -qF 'La *conserverie* de *Douarnenez* relance la sardine' <<<"$found" ||
  fail "installed kiosque-query did not print the indexed article's title (got: $found)"
ok "installed kiosque-index indexes a temporary archive, installed kiosque-query finds it"

# --- Configuration, units, docs ------------------------------------------------
# Under the prefix for any prefix but /usr (whose sysconfdir is /etc).
for path in etc/kiosque/kiosque.conf etc/kiosque/alerts.txt \
  lib/systemd/system/kiosque-nightly.service lib/systemd/system/kiosque-nightly.timer \
  lib/systemd/system/kiosque-alerts.service lib/systemd/system/kiosque-alerts.timer \
  share/doc/kiosque/copyright share/doc/kiosque/changelog.gz \
  share/doc/kiosque/operations.md share/doc/kiosque/json-output.md \
  share/doc/kiosque/examples/crontab share/locale/fr/LC_MESSAGES/kiosque.mo; do
  [[ -s $prefix/$path ]] || fail "$prefix/$path missing or empty"
done
grep -qx 'db = /var/lib/kiosque/db' "$prefix/etc/kiosque/kiosque.conf" ||
  fail "the sample kiosque.conf does not name /var/lib/kiosque/db"
ok "etc/kiosque, lib/systemd/system, share/doc/kiosque and share/locale installed"
echo "install_test: all checks passed"
