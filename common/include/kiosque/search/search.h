// SPDX-License-Identifier: GPL-2.0-or-later
// Running a query against a kiosque database: ranking, filters, sorting,
// duplicate collapsing, more-like-this, facets, snippets and did-you-mean,
// shared by every output kiosque-query has (and by long-running readers).
#ifndef KIOSQUE_SEARCH_SEARCH_H_
#define KIOSQUE_SEARCH_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "kiosque/input/article.h"
#include "kiosque/search/date_range.h"
#include "kiosque/search/query_parser.h"
#include "kiosque/search/snippet.h"
#include "kiosque/store/database.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {

enum class SortOrder { kRelevance, kDateAscending, kDateDescending };

// Parses "relevance", "date" or "-date"; throws std::invalid_argument.
SortOrder parse_sort_order(const std::string& text);

// Whether reprints of one story (the indexer's duplicate groups) show as one
// hit or each on its own.
enum class Collapse { kDuplicates, kNone };

struct SearchOptions {
  std::string query;    // may be empty when like_id is set
  std::string like_id;  // --like: rank by similarity to this article; then
                        // a non-empty `query` only filters
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;  // 0: count only (the count is then exact)
  SortOrder sort = SortOrder::kRelevance;
  std::size_t snippet_length = 200;   // code points
  DateRange dates;                    // --since/--until; empty ends are open
  std::optional<double> added_since;  // seconds since the epoch
  // --after-sequence: only articles first made visible by a commit numbered
  // after `after` and up to `upto` (store/sequence.h), the database's
  // sequence when the reader opened it: what is committed later waits for
  // the next alert, so none is seen twice or missed.
  struct SequenceRange {
    std::uint64_t after = 0;
    std::uint64_t upto = 0;
  };
  std::optional<SequenceRange> sequences;
  Collapse collapse = Collapse::kDuplicates;
  bool facets = false;  // count the whole result set by year and source
  // Count the whole result set by date (SearchResults::dates), for
  // kiosque-query --timeline (search/timeline.h).
  bool timeline = false;
  // Some shards are searched through Xapian's remote backend, which has no
  // spelling data: no did-you-mean, and wildcards match word stems.
  bool remote = false;
};

struct Hit {
  std::size_t rank = 0;  // 1-based, counting the offset
  double score = 0;      // Xapian's BM25 weight
  // Other matching articles of this hit's duplicate group, collapsed into
  // it (0 with Collapse::kNone). Exact with facets or a count, otherwise a
  // lower bound when Xapian's matcher skipped low-weight matches.
  Xapian::doccount duplicates = 0;
  Article article;  // as stored (text as written)
  // The absolute path of the article's file (search/show.h), "" when its
  // root is not recorded in the metadata read.
  std::string file;
  Snippet snippet;
  // The query's words and phrases found in the title: [begin, end) code
  // points into article.title, in order, not overlapping.
  std::vector<std::pair<std::size_t, std::size_t>> title_highlights;
};

// One value of a facet and how many matching articles hold it. An empty
// value counts the articles without one (no date, no source).
struct FacetCount {
  std::string value;
  Xapian::doccount count = 0;
};

// Counts over every match, not just the page shown, and over every reprint:
// collapsing merges hits, not counts (docs/json-output.md).
struct Facets {
  std::vector<FacetCount> years;    // by year, oldest first; "" last
  std::vector<FacetCount> sources;  // most articles first, then by name; "" last
};

struct SearchResults {
  std::vector<Hit> hits;
  // Matching articles, one per story unless Collapse::kNone; exact when
  // `matches_exact` (always with facets or limit 0, and up to 10,000
  // matches), Xapian's estimate otherwise.
  Xapian::doccount matches = 0;
  // Every matching article, reprints included; as exact as `matches`.
  Xapian::doccount matches_with_reprints = 0;
  bool matches_exact = false;
  Xapian::doccount matches_estimated = 0;  // the same as `matches` (older name)
  // A better spelled query, as the archive writes its words, or "". When
  // the query found nothing, only a suggestion that finds something is
  // made, and suggestion_matches says how many it finds (else 0).
  std::string suggestion;
  Xapian::doccount suggestion_matches = 0;
  ParsedQuery parsed;            // what the query was read as (with --like: the
                                 // similarity terms are in highlight_terms)
  std::optional<Facets> facets;  // set when options.facets
  // Set when options.timeline: every match (reprints included) by year
  // ("YYYY"), or by its date slot value ("YYYYMMDD", "YYYYMM00" for a
  // month-only date) when the years are few enough to be drawn per month
  // (search/timeline.h); oldest first, then "" for the undated ones;
  // counted as facets are.
  std::optional<std::vector<FacetCount>> dates;
  std::vector<std::string> notes;  // what could not be done, and why
};

// Runs `options` against `db`. Throws Error when options.like_id names no
// article ("no article with id ID"), Xapian::Error on database failures.
SearchResults search(Xapian::Database& db, Analyzer& analyzer,
                     const SearchOptions& options);

// search() for readers that stay open while the indexer works (--batch,
// alerts): first catches up with the last commit, then rides out the
// indexer: on Xapian::DatabaseModifiedError it reopens `*db` and retries
// (read_live(), store/database.h); when the folder it reads was swapped away (a rebuild,
// a replica; Xapian::DatabaseOpeningError and its DatabaseNotFoundError) it opens
// `locations` anew with open_for_search() and retries once. Throws what search() and
// open_for_search() throw when that does not help.
SearchResults search_live(Xapian::Database* db, const Locations& locations,
                          Analyzer& analyzer, const SearchOptions& options);

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_SEARCH_H_
