// Running a query against a kiosque database: ranking, filters, sorting,
// snippets and did-you-mean, shared by every output kiosque-query has.
#ifndef KIOSQUE_SEARCH_H_
#define KIOSQUE_SEARCH_H_

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include "kiosque/analyzer.h"
#include "kiosque/article.h"
#include "kiosque/query_parser.h"
#include "kiosque/snippet.h"

namespace kiosque {

enum class SortOrder { kRelevance, kDateAscending, kDateDescending };

// Parses "relevance", "date" or "-date"; throws std::invalid_argument.
SortOrder parse_sort_order(const std::string& text);

struct SearchOptions {
  std::string query;
  Xapian::doccount offset = 0;
  Xapian::doccount limit = 10;
  SortOrder sort = SortOrder::kRelevance;
  std::size_t snippet_length = 200;  // code points
  DateRange dates;                   // --since/--until; empty ends are open
};

struct Hit {
  std::size_t rank = 0;  // 1-based, counting the offset
  double score = 0;      // Xapian's BM25 weight
  Article article;       // as stored (text as written)
  Snippet snippet;
};

struct SearchResults {
  std::vector<Hit> hits;
  Xapian::doccount matches_estimated = 0;
  std::string suggestion;  // a better spelled query, or ""
  ParsedQuery parsed;      // what the query was read as
};

// Runs `options` against `db`. Throws Xapian::Error on database failures
// (the caller may reopen and retry on Xapian::DatabaseModifiedError).
SearchResults search(Xapian::Database& db, Analyzer& analyzer,
                     const SearchOptions& options);

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_H_
