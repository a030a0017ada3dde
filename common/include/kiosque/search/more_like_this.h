// SPDX-License-Identifier: GPL-2.0-or-later
// "More like this": the query that finds the articles most similar to one
// article, made of the words that best tell it apart (Xapian's relevance
// feedback over the article alone).
#ifndef KIOSQUE_SEARCH_MORE_LIKE_THIS_H_
#define KIOSQUE_SEARCH_MORE_LIKE_THIS_H_

#include <string>
#include <vector>

#include <xapian.h>

#include "kiosque/text/analyzer.h"

namespace kiosque {

// How many of the article's words make its similarity query.
inline constexpr Xapian::termcount kLikeTerms = 20;

struct LikeQuery {
  // The OR of the article's most telling words (schema::kPrefixWord terms),
  // the article itself excluded.
  Xapian::Query query;
  // Those words' terms without prefix, sorted, for snippet highlighting.
  std::vector<std::string> terms;
};

// The similarity query for the article whose id is `id`, or whose id reads
// `id` as the programs show it (bytes that are not UTF-8 shown as U+FFFD),
// when exactly one does. Only analysed words count: not stop words, not
// words of two letters or fewer. Throws Error("no article with id ID", ID
// sanitised for a terminal) when the database holds no such article,
// Xapian::Error on database failures.
LikeQuery like_query(const Xapian::Database& db, Analyzer& analyzer,
                     const std::string& id);

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_MORE_LIKE_THIS_H_
