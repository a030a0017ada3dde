#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Debian package as a new user gets it: built (scripts/build package,
# cpack -G DEB), checked by lintian, then installed with apt into a
# throw-away Debian bookworm root made by mmdebstrap from the mirror apt uses
# here, where its maintainer scripts run and its Depends are satisfied. In
# that root: every file with its owner and mode, the conffiles, the user
# kiosque and its folders, the man pages (man --warnings), the completion,
# systemd-analyze verify on the units, kiosque-nightly run as kiosque with
# the shipped configuration pointed at sample-corpus/, kiosque-alerts, a
# reinstall that keeps the admin's edits, and a purge.
#
#   tests/install/package_test.sh            (run by .ci/run)
#
# Needs root (mmdebstrap's root mode, chroot), mmdebstrap and lintian
# (scripts/setup-deps), and the mirror: otherwise it says SKIPPED and why, and
# exits 0. KIOSQUE_MIRROR overrides the mirror; KIOSQUE_KEEP_ROOT=1 keeps the
# root for a look after a failure.
# shellcheck disable=SC2016  # hooks and in-root commands expand in the root
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS

fail() { echo "package_test: FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
skip() { echo "package_test: SKIPPED: $*"; exit 0; }
phase() { echo "== [$((SECONDS - started)) s] $*"; }

# --- Can it run here? -----------------------------------------------------------
((EUID == 0)) || skip "needs root (mmdebstrap's root mode and chroot); CI runs it as root"
for tool in mmdebstrap lintian cpack dpkg-deb man unshare; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/setup-deps installs it)"
done

# The Debian mirror apt uses here (deb822 .sources or one-line .list files).
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
         /Suites:[^\n]*bookworm( |\n|$)/ && !/Suites:[^\n]*-security/ {
           for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { split($i, u, " "); print u[2]; exit } }' "$f"
  done
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { if ($(i + 1) == "bookworm") print $i; break } }'
}
mirror=${KIOSQUE_MIRROR:-}
[[ -n $mirror ]] || mirror=$(find_mirror | head -n 1 || true)
[[ -n $mirror ]] || skip "no bookworm mirror in /etc/apt/sources.list* (set KIOSQUE_MIRROR)"

tmp=$(mktemp -d)
root=$tmp/root
cleanup() {
  if [[ ${KIOSQUE_KEEP_ROOT:-0} == 1 ]]; then
    echo "package_test: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
timeout 30 /usr/lib/apt/apt-helper download-file "$mirror/dists/bookworm/Release" \
  "$tmp/Release" >/dev/null 2>&1 || skip "the mirror $mirror is not reachable"

# --- Build the package ----------------------------------------------------------
phase "scripts/build package; cpack -G DEB"
scripts/build package
version=$(sed -nE 's/^project\(kiosque VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
(cd build/package && cpack -G DEB -B "$tmp/deb" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$tmp/deb/kiosque_${version}_$arch.deb
[[ -f $deb ]] || fail "cpack did not write $(basename "$deb") (wrote: $(ls "$tmp/deb"))"
ok "built $(basename "$deb")"

# --- The package, before installing -------------------------------------------
phase "control fields, changelog, lintian"
field() { dpkg-deb -f "$deb" "$1"; }
depends=$(field Depends)
needed=('xapian-tools' 'util-linux \(>= [0-9.]+\)' 'jq' 'adduser' 'libxapian30' 'libicu[0-9]+'
  'libboost-program-options[0-9.]+')
readelf -d build/package/indexer/kiosque-index | grep -q 'libjemalloc' && needed+=('libjemalloc2')
for re in "${needed[@]}"; do
  grep -qE "(^|, )$re( |,|$)" <<<"$depends" || fail "Depends lacks $re (Depends: $depends)"
done
ok "Depends: $depends"
[[ $(field Recommends) == bash-completion ]] || fail "Recommends is '$(field Recommends)', not bash-completion"
ok "Recommends: bash-completion"
dpkg-deb -x "$deb" "$tmp/x"
dpkg-deb -e "$deb" "$tmp/control"
changelog_version=$(gzip -dc "$tmp/x/usr/share/doc/kiosque/changelog.gz" | sed -nE '1s/^kiosque \(([^)]*)\).*/\1/p')
[[ $changelog_version == "$version" ]] ||
  fail "the changelog's first entry is '$changelog_version', the package $version"
ok "changelog.gz starts with kiosque ($version)"

# lintian: no error, and every warning fixed or overridden (the overrides
# give their reasons). Infos and pedantic notes are printed, not judged.
lintian --info --display-info --fail-on error,warning "$deb" >"$tmp/lintian.txt" 2>&1 ||
  { cat "$tmp/lintian.txt" >&2; fail "lintian reports an error or a warning (above)"; }
sed 's/^/  lintian: /' "$tmp/lintian.txt"
ok "lintian: no error, no warning that is not overridden"

# --- The man pages --------------------------------------------------------------
phase "man pages"
man1=$tmp/x/usr/share/man/man1
for program in kiosque-index kiosque-query kiosque-nightly kiosque-alerts kiosque-replicate; do
  page=$man1/$program.1.gz
  [[ -f $page ]] || fail "the package has no $program.1.gz"
  warnings=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$page" 2>&1 >/dev/null) || true
  [[ -z $warnings ]] || fail "man --warnings -l $program.1.gz: $warnings"
  sections=$(gzip -dc "$page" | sed -nE 's/^\.SH "?([^"]*)"?$/\1/p' | paste -sd ,)
  expected='NAME,SYNOPSIS,DESCRIPTION,OPTIONS,EXIT STATUS,FILES,EXAMPLES,SEE ALSO'
  [[ $program == kiosque-index || $program == kiosque-query ]] &&
    expected='NAME,SYNOPSIS,DESCRIPTION,OPTIONS,EXIT STATUS,ENVIRONMENT,FILES,EXAMPLES,SEE ALSO'
  [[ $program == kiosque-nightly ]] &&
    expected='NAME,SYNOPSIS,DESCRIPTION,OPTIONS,CONFIGURATION,EXIT STATUS,ENVIRONMENT,FILES,EXAMPLES,SEE ALSO'
  [[ $program == kiosque-replicate ]] &&
    expected='NAME,SYNOPSIS,DESCRIPTION,OPTIONS,SECURITY,EXIT STATUS,FILES,EXAMPLES,SEE ALSO'
  [[ $program == kiosque-alerts ]] &&
    expected='NAME,SYNOPSIS,DESCRIPTION,OPTIONS,EXIT STATUS,ENVIRONMENT,FILES,EXAMPLES,SEE ALSO'
  [[ $sections == "$expected" ]] || fail "$program.1 sections are '$sections', expected '$expected'"
  ok "$program.1: man --warnings clean; $sections"
done
# rendered: what a person reads, MANWIDTH=80, between two headings.
rendered() { MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$man1/$1.1.gz" 2>/dev/null | col -bx; }
between() { sed -n "/^$1\$/,/^$2\$/p" | sed '1d;$d'; }
# Each program's usage lines, as its --help gives them.
declare -A usage_lines=([kiosque-index]=5 [kiosque-query]=5)
for program in kiosque-index kiosque-query; do
  synopsis=$(rendered "$program" | between SYNOPSIS DESCRIPTION | grep -c "^       $program ") || true
  [[ $synopsis == "${usage_lines[$program]}" ]] ||
    fail "$program.1 SYNOPSIS has $synopsis usage lines, expected ${usage_lines[$program]}"
  if rendered "$program" | between DESCRIPTION OPTIONS | grep -qE "^ +$program \["; then
    fail "$program.1 has a usage line in DESCRIPTION"
  fi
  ok "$program.1: the ${usage_lines[$program]} usage lines are in SYNOPSIS, none in DESCRIPTION"
done
example=$(rendered kiosque-nightly | between CONFIGURATION 'EXIT STATUS' |
  sed -n '/For example:/,$s/^ *//p')
for line in 'db = /var/lib/kiosque/db' 'archive = /srv/archives/agence-sud | Agence Presse Sud' \
  'log = /var/log/kiosque/nightly.log'; do
  grep -qxF "$line" <<<"$example" ||
    fail "kiosque-nightly.1's configuration example lacks the line '$line' (got: $example)"
done
ok "kiosque-nightly.1's configuration example is one setting a line"

# --- Install into a throw-away Debian root ------------------------------------
phase "mmdebstrap bookworm from $mirror, apt install ./$(basename "$deb")"
mmdebstrap --mode=root --variant=minbase --include=locales,systemd,man-db \
  --customize-hook='echo "fr_FR.UTF-8 UTF-8" >"$1/etc/locale.gen" && chroot "$1" locale-gen >/dev/null' \
  --customize-hook="copy-in $deb /tmp" \
  --customize-hook="chroot \"\$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o APT::Install-Recommends=true /tmp/$(basename "$deb")" \
  bookworm "$root" "$mirror" >"$tmp/mmdebstrap.log" 2>&1 ||
  { tail -n 40 "$tmp/mmdebstrap.log" >&2; fail "mmdebstrap or apt install failed (above)"; }
ok "installed with apt in a fresh bookworm root, maintainer scripts run"

# in_root CMD...: runs in the root with its own /proc, as root.
in_root() {
  unshare --mount --fork -- sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' \
    "$root" "$@"
}
# as_kiosque CMD...: as the user kiosque, with a clean environment.
as_kiosque() {
  in_root setpriv --reuid=kiosque --regid=kiosque --init-groups \
    env -i PATH=/usr/bin:/bin HOME=/var/lib/kiosque LANG="${lang:-C.UTF-8}" "$@"
}

phase "files, owners and modes"
# The user: a system account, no login.
IFS=: read -r _ _ uid _ _ home shell <<<"$(in_root getent passwd kiosque)" ||
  fail "postinst made no user kiosque"
((uid < 1000)) || fail "kiosque has uid $uid, not a system uid"
[[ $home == /var/lib/kiosque && $shell == /usr/sbin/nologin ]] ||
  fail "kiosque's home is $home and shell $shell"
ok "user kiosque: system uid $uid, home $home, shell $shell"

expect_stat() {  # expect_stat "OWNER:GROUP MODE" PATH...
  local want=$1 path got
  shift
  for path in "$@"; do
    got=$(in_root stat -c '%U:%G %a' "$path" 2>/dev/null) || fail "$path is not installed"
    [[ $got == "$want" ]] || fail "$path is $got, expected $want"
  done
}
programs=(kiosque-index kiosque-query kiosque-nightly kiosque-alerts kiosque-replicate)
expect_stat 'root:root 755' "${programs[@]/#//usr/bin/}"
expect_stat 'root:root 755' /etc/kiosque
expect_stat 'root:root 644' /etc/kiosque/kiosque.conf /etc/kiosque/alerts.txt
units=(kiosque-nightly.service kiosque-nightly.timer kiosque-alerts.service kiosque-alerts.timer)
expect_stat 'root:root 644' "${units[@]/#//usr/lib/systemd/system/}"
docs=(copyright changelog.gz README.Debian operations.md json-output.md scaling.md
  architecture.md examples/crontab)
expect_stat 'root:root 644' "${docs[@]/#//usr/share/doc/kiosque/}"
pages=("${programs[@]/%/.1.gz}")
expect_stat 'root:root 644' "${pages[@]/#//usr/share/man/man1/}"
completions=(kiosque-index kiosque-query kiosque-nightly kiosque-alerts)
expect_stat 'root:root 644' "${completions[@]/#//usr/share/bash-completion/completions/}"
expect_stat 'root:root 644' /usr/share/kiosque/stopwords-fr.txt /usr/share/lintian/overrides/kiosque
expect_stat 'kiosque:kiosque 755' /var/lib/kiosque
expect_stat 'kiosque:adm 2750' /var/log/kiosque
ok "programs, configuration, units, docs, man pages, completions: root:root, 755/644"
ok "/var/lib/kiosque kiosque:kiosque 755, /var/log/kiosque kiosque:adm 2750"
outside=$(in_root dpkg -L kiosque | grep -vE '^/(usr|etc)(/|$)|^/\.$' || true)
[[ -z $outside ]] || fail "the package installs outside /usr and /etc: $outside"
ok "every file of the package is under /usr or /etc"
conffiles=$(cat "$root/var/lib/dpkg/info/kiosque.conffiles")
[[ $conffiles == $'/etc/kiosque/kiosque.conf\n/etc/kiosque/alerts.txt' ]] ||
  fail "conffiles are '$conffiles'"
ok "conffiles: /etc/kiosque/kiosque.conf /etc/kiosque/alerts.txt"
enabled=$(find "$root/etc/systemd/system" -name 'kiosque*' 2>/dev/null)
[[ -z $enabled ]] || fail "units are enabled after install: $enabled"
ok "the units are installed disabled"

phase "systemd-analyze verify, completion"
verify=$(in_root systemd-analyze verify "${units[@]/#//usr/lib/systemd/system/}" 2>&1) ||
  fail "systemd-analyze verify: $verify"
[[ -z $verify ]] || fail "systemd-analyze verify warns: $verify"
ok "systemd-analyze verify: the four units, no warning"

# Through bash-completion itself (Recommends, installed by apt): the
# completion loads on demand under each program's name.
complete_in_root() {
  in_root bash --norc --noprofile -c '
    source /usr/share/bash-completion/bash_completion
    line=$1; COMP_LINE=$line; COMP_POINT=${#line}
    read -ra COMP_WORDS <<<"$line"; [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _completion_loader "${COMP_WORDS[0]}"
    fn=$(complete -p "${COMP_WORDS[0]}" | sed -E "s/.*-F ([^ ]+) .*/\1/")
    "$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd " "' _ "$1"
}
expect_in_root() {  # expect_in_root "EXPECTED" "COMMAND LINE"
  local got
  got=$(complete_in_root "$2") || fail "completing '$2' failed"
  [[ $got == "$1" ]] || fail "completing '$2' offered '$got', expected '$1'"
  ok "completing '$2' offers '$got'"
}
expect_in_root 'year' 'kiosque-index --shard-by '
expect_in_root '--config' 'kiosque-nightly --c'
expect_in_root '--json' 'kiosque-alerts --j'
expect_in_root '--sort' 'kiosque-query --so'

# --- kiosque-nightly as kiosque, with the shipped configuration ----------------
phase "kiosque-nightly as kiosque on sample-corpus/"
mkdir -p "$root/srv/presse"
cp -r sample-corpus/. "$root/srv/presse/"
chmod -R a+rX "$root/srv/presse"
# The admin's one edit: the archive line the sample leaves commented out.
sed -i 's|^#archive = /srv/archives/presse$|archive = /srv/presse|' "$root/etc/kiosque/kiosque.conf"
grep -qx 'archive = /srv/presse' "$root/etc/kiosque/kiosque.conf" ||
  fail "the sample kiosque.conf has no '#archive = /srv/archives/presse' line to uncomment"
status=0
out=$(as_kiosque kiosque-nightly 2>&1) || status=$?
((status == 0)) || fail "kiosque-nightly as kiosque exited $status: $out"
[[ -z $out ]] || fail "kiosque-nightly printed (cron would mail it): $out"
log=$(cat "$root/var/log/kiosque/nightly.log" 2>/dev/null) || fail "no /var/log/kiosque/nightly.log"
# One line a run: kiosque-index's summary (a new database is not compacted
# on its first night), and nothing else.
runs=$(grep -cE '^[0-9T:+-]+ index exit 0: [0-9]+ added, ' <<<"$log") || true
[[ $runs == 1 && $(wc -l <<<"$log") == 1 ]] ||
  fail "nightly.log does not hold one line, 'index exit 0: N added': $log"
expect_stat 'kiosque:adm 644' /var/log/kiosque/nightly.log
count=$(as_kiosque kiosque-query --db /var/lib/kiosque/db --count 'Douarnenez') ||
  fail "the database kiosque-nightly wrote does not answer 'Douarnenez'"
[[ $count -ge 1 ]] || fail "'Douarnenez' counts $count articles"
ok "kiosque-nightly exit 0, silent, logs: $log"
ok "kiosque-query finds 'Douarnenez' in /var/lib/kiosque/db ($count)"
# The French catalogue the package installs, read from its compiled-in
# /usr/share/locale; English without a French locale, as under cron.
expect_stat 'root:root 644' /usr/share/locale/fr/LC_MESSAGES/kiosque.mo
said=$(lang=fr_FR.UTF-8 as_kiosque kiosque-query --db /var/lib/kiosque/db xqzwvy) || true
[[ $said == 'Aucun article ne correspond à « xqzwvy »' ]] ||
  fail "kiosque-query under LANG=fr_FR.UTF-8 said '$said', not 'Aucun article ne correspond à « xqzwvy »'"
said=$(as_kiosque kiosque-query --db /var/lib/kiosque/db xqzwvy) || true
[[ $said == 'No article matches “xqzwvy”' ]] ||
  fail "kiosque-query under LANG=C.UTF-8 said '$said', not 'No article matches “xqzwvy”'"
ok "kiosque-query speaks French from /usr/share/locale under LANG=fr_FR.UTF-8, English under C.UTF-8"

# --- kiosque-alerts --------------------------------------------------------------
# Expected (issue #17 point 4, being built beside this): groups in the order
# of alerts.txt, each hit with its snippet where the words found are marked
# *mot*, and beyond the cap (--limit N) a line "… et N autres" under a French
# locale.
phase "kiosque-alerts"
cat >"$root/etc/kiosque/alerts.txt" <<'EOF'
# the admin's saved searches, deliberately not in alphabetical order
sardines: sardine
cevenol: épisode cévenol
idleb: Idleb
EOF
first=$(as_kiosque kiosque-alerts 2>&1) || fail "the first kiosque-alerts run failed: $first"
expect_stat 'kiosque:kiosque 644' /var/lib/kiosque/alerts.last-run
sleep 1
# New articles after the first run: 5 about sardines, 1 about Idleb. Each
# sardine article says something else: near-identical texts would be one
# story (a duplicate group) and count once.
mkdir -p "$root/srv/presse/nouveau"
sardines=(
  'La sardine de Douarnenez revient au port après un hiver difficile pour les pêcheurs.'
  "À Concarneau, la conserverie achète la sardine plus cher que l'an dernier."
  'Les chalutiers de Saint-Guénolé débarquent une sardine de belle taille ce lundi.'
  'Le festival de la sardine attire des milliers de visiteurs sur le quai du Rosmeur.'
  "Une étude s'inquiète de la taille moyenne de la sardine dans le golfe de Gascogne."
)
for i in 1 2 3 4 5; do
  printf -- '---\ntitle: Sardines de Douarnenez, saison %s\ndate: 2026-12-0%s\n---\n%s\n' \
    "$i" "$i" "${sardines[i - 1]}" >"$root/srv/presse/nouveau/sardine-$i.txt"
done
printf -- '---\ntitle: Trêve fragile à Idleb\ndate: 2026-12-06\n---\nÀ Idleb, la trêve tient depuis trois jours.\n' \
  >"$root/srv/presse/nouveau/idleb.txt"
chmod -R a+rX "$root/srv/presse"
as_kiosque kiosque-nightly || fail "the second kiosque-nightly run failed"
runs=$(grep -cE ' index exit 0: 6 added, ' "$root/var/log/kiosque/nightly.log") || true
[[ $runs == 1 ]] || fail "the second run did not log 'index exit 0: 6 added'"
alerts=$(lang=fr_FR.UTF-8 as_kiosque kiosque-alerts --limit 2 2>&1) ||
  fail "kiosque-alerts --limit 2 failed: $alerts"
printf '%s\n' "$alerts" | sed 's/^/  alerts: /'
alerts_problems=()
order=$(grep -oE '^== [^ ]+' <<<"$alerts" | cut -c4- | paste -sd ' ')
[[ $order == 'sardines idleb' ]] ||
  alerts_problems+=("groups come as '$order', expected 'sardines idleb' (alerts.txt's order)")
grep -qE '\*[Ss]ardines?\*' <<<"$alerts" ||
  alerts_problems+=("no snippet with the word found marked *sardine*")
grep -qxE ' *… et 3 autres' <<<"$alerts" ||
  alerts_problems+=("no line '… et 3 autres' after the 2 sardine hits of --limit 2 (of 5)")
if ((${#alerts_problems[@]} > 0)); then
  fail "kiosque-alerts: ${alerts_problems[*]}"
else
  ok "kiosque-alerts: groups in alerts.txt's order, *snippets*, '… et 3 autres'"
fi

# --- Upgrade keeps the admin's edits; purge removes everything -----------------
phase "reinstall, purge"
cp "$deb" "$root/tmp/"  # mmdebstrap emptied /tmp
in_root env DEBIAN_FRONTEND=noninteractive dpkg -i "/tmp/$(basename "$deb")" >"$tmp/reinstall.log" 2>&1 ||
  { cat "$tmp/reinstall.log" >&2; fail "reinstalling the package failed"; }
grep -qx 'archive = /srv/presse' "$root/etc/kiosque/kiosque.conf" ||
  fail "reinstalling lost the admin's edit of kiosque.conf"
grep -qx 'sardines: sardine' "$root/etc/kiosque/alerts.txt" ||
  fail "reinstalling lost the admin's alerts.txt"
ok "reinstalling keeps the edited kiosque.conf and alerts.txt"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q kiosque >"$tmp/purge.log" 2>&1 ||
  { cat "$tmp/purge.log" >&2; fail "apt-get purge kiosque failed"; }
for path in /etc/kiosque /var/lib/kiosque /var/log/kiosque /usr/bin/kiosque-index; do
  [[ ! -e $root$path ]] || fail "$path is still there after purge"
done
! in_root getent passwd kiosque >/dev/null || fail "the user kiosque is still there after purge"
ok "purge removes /etc/kiosque, /var/lib/kiosque, /var/log/kiosque and the user kiosque"

phase "package_test: all checks passed"
