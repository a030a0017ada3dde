# SPDX-License-Identifier: GPL-2.0-or-later
# Rewrites a program's --help into the layout help2man reads (sed -E), so
# that the man page keeps every word of --help in the right section:
# - every usage line after the first, up to the first blank line, becomes
#   an "or:" line (SYNOPSIS, not DESCRIPTION);
# - "Exit status: ..." opens an EXIT STATUS section (help2man's *Section*);
# - the first option group heading ("Database:") opens OPTIONS.
2,/^$/s/^ {7}(kiosque-[a-z]+ )/  or:  \1/
s/^Exit status: /*Exit status*\n\n/
0,/^[A-Z][a-z]+:$/s/^([A-Z][a-z]+:)$/Options:\n\n\1/
