// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque's query language, parsed with the French analyzer so that a query
// meets the index exactly as the indexer wrote it.
//
//   élection présidentielle     plain words, ranked (BM25), partial matches
//                               kept but ranked below articles with all words
//   "la Syrie"  «la Syrie»      a phrase (stop words kept inside phrases)
//   cessez-le-feu  l'entretien  a hyphenated word is a phrase; elisions drop
//   +Syrie -Turquie             required, excluded
//   a AND b, a ET b             both        a OR b, a OU b     either
//   a NOT b, a SAUF b           a without b ( ) groups          a NEAR b
//   gouvern*                    words of the archive that start so
//   "Poutine Erdogan"~5         NEAR/5 (Lucene's and Elasticsearch's form)
//   titre:Fillon title:"mise en examen" titre:Sarkoz*   words of the title
//   source:"Le Monde"           articles of that source (filter)
//   date:2017  date:2017-03  date:2016..2018  date:2017-03-01..2017-03-15
//
// Operators are operators only in capitals and between two terms; a query
// typed wholly in capitals (a pasted headline) is read as plain words.
//
// Mistakes are said, then the best guess is searched: an unknown field
// ("auteur:Dupont") searches its value, a leading '*' is dropped, an
// impossible date ("date:2017-02-30") is left out, and a query that cannot
// be parsed at all is searched as its plain words.
#ifndef KIOSQUE_SEARCH_QUERY_PARSER_H_
#define KIOSQUE_SEARCH_QUERY_PARSER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "kiosque/search/date_range.h"  // the date: field
#include "kiosque/text/analyzer.h"

namespace kiosque {

// Bounds on one query (README, "Limits"); past them the query is cut, with
// a warning naming the bound.
inline constexpr std::size_t kMaxQueryBytes = 4096;
// Words (space-separated, then as the analyzer splits them).
inline constexpr std::size_t kMaxQueryWords = 200;
// Archive words one trailing wildcard expands to, the most frequent first.
inline constexpr std::size_t kMaxWildcardWords = 100;
// ... and all the wildcards of one query together, shared out evenly.
inline constexpr std::size_t kMaxWildcardWordsPerQuery = 500;

struct ParsedQuery {
  Xapian::Query query;
  // The terms (without prefix) that snippets highlight wherever they occur:
  // the query's words and wildcard expansions, sorted, without duplicates;
  // stop words only when the query searches them (it holds nothing else).
  std::vector<std::string> highlight_terms;
  // The query's phrases and acronym expansions, as term sequences:
  // highlighted only where the whole phrase occurs (so the "la" of "la
  // Syrie" is not lit everywhere).
  std::vector<std::vector<std::string>> highlight_phrases;
  // Plain words as typed (elision kept), for did-you-mean.
  std::vector<std::string> words;
  // `query` without its proximity boost (the part that reads word
  // positions, most of a multi-word query's cost), or empty when `query`
  // has none. A search ranks with this first and then with `query` among
  // its best matches only (search.cpp).
  Xapian::Query without_proximity;
  // The proximity boost alone, when `query` has one: `query` weighs an
  // article as `without_proximity` does plus what this weighs it (0 when it
  // does not match), since the boost is OP_AND_MAYBE'd in.
  Xapian::Query proximity;
  // Terms each of which alone makes an article match `query` (its words,
  // when it is nothing but words, none required or excluded); empty
  // otherwise. An article count is at least each one's frequency.
  std::vector<std::string> sufficient_terms;
  // `query` without the parts that only rank (the all-words and headline
  // boosts, proximity): the same matches, for counting them; empty when
  // `query` has no such parts to drop.
  Xapian::Query matching;
  // Set when the query is nothing but words (no phrase, group, field
  // filter, '+' or '-'): a ranking that skips what cannot reach the page
  // then reads little, and an unweighted pass counts the matches.
  bool words_only = false;
  // Set when the query could not be parsed as written and was read as plain
  // words instead; says why.
  std::string fallback_reason;
  // What the user should know about how the query was read (a cut, an
  // unknown field, a dropped date, the fallback above), each once, in
  // order, as sentences without a prefix; the programs print them.
  std::vector<std::string> warnings;
};

// Parses `text`. `db` (may be null) is used to expand trailing wildcards over
// the archive's words. Never throws for a bad query: it searches its best
// guess and says so in `warnings` (and fallback_reason when it fell back to
// the plain words). Time and memory are bounded by the bounds above.
ParsedQuery parse_query(std::string_view text, Analyzer& analyzer,
                        const Xapian::Database* db);

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_QUERY_PARSER_H_
