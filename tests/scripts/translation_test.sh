#!/usr/bin/env bash
# The message catalogues (issue #18, point 7): po/kiosque.pot is what
# xgettext gives from the sources (scripts/update-po --check), and every
# po/<lang>.po of po/LINGUAS translates every one of its messages: none
# missing, none untranslated, none fuzzy, formats that match (msgfmt --check).
#
#   translation_test.sh SOURCE_DIR
#
# Run by CTest (tests/CMakeLists.txt). Exits 77, which CTest reports as
# skipped, when the gettext tools are missing (scripts/setup-deps installs them).

# SPDX-License-Identifier: GPL-2.0-or-later

set -euo pipefail

source_dir=${1:?usage: translation_test.sh SOURCE_DIR}
cd "$source_dir"

for tool in xgettext msgfmt msgcmp msgattrib; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIPPED: $tool is not installed (scripts/setup-deps installs gettext)"
    exit 77
  fi
done

status=0
scripts/update-po --check || status=1
while read -r language; do
  [[ $language =~ ^[a-z] ]] || continue
  po=po/$language.po
  # Every msgid of the template is in the catalogue...
  msgcmp "$po" po/kiosque.pot || { echo "FAIL: $po lacks messages of po/kiosque.pot"; status=1; }
  # ...translated, and not fuzzy.
  untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry (msgid "") with any other message.
  ((untranslated == 0)) || { echo "FAIL: $po has $((untranslated - 1)) untranslated messages"; status=1; }
  ((fuzzy == 0)) || { echo "FAIL: $po has $((fuzzy - 1)) fuzzy messages"; status=1; }
  statistics=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) ||
    { echo "FAIL: msgfmt --check $po: $statistics"; status=1; }
  echo "$po: $statistics"
done <po/LINGUAS
((status == 0)) && echo "translation_test: all checks passed"
exit "$status"
