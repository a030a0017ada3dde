// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-query --batch: many queries over one open database, for scripts
// and saved-search alerts.
#ifndef KIOSQUE_QUERY_BATCH_H_
#define KIOSQUE_QUERY_BATCH_H_

#include <iosfwd>
#include <string>

#include "kiosque/search/search.h"

namespace kiosque {

// Opens the database at `locations` once, then reads one query a line from
// `in` (UTF-8; a final "\r" is dropped; blank lines are skipped) and runs
// each with `options` (whose `query` is replaced), riding out the indexer
// (search_live). Writes JSON Lines to `out`: each query's hits, its facets
// when asked for, and its summary, every object tagged with the query, and
// flushed after each query. Warnings go to `err` as "kiosque-query:
// stdin:LINE: warning: …". Returns 0 when some query found something, 1
// when none did; throws (Error, Xapian::Error) when the database cannot be
// searched, which main() turns into exit 2.
int run_batch(const Locations& locations, const SearchOptions& options, std::istream& in,
              std::ostream& out, std::ostream& err);

}  // namespace kiosque

#endif  // KIOSQUE_QUERY_BATCH_H_
