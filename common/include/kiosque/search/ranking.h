// SPDX-License-Identifier: GPL-2.0-or-later
// How kiosque ranks: the weighting scheme and the query shapes that make a
// word typed as the article wrote it, and query words standing together,
// count more. Only Xapian's built-in operators and weighting schemes are
// used, so that a stock xapian-tcpsrv ranks as a local search does.
// docs/architecture.md ("Ranking") says why each value holds.
#ifndef KIOSQUE_SEARCH_RANKING_H_
#define KIOSQUE_SEARCH_RANKING_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "kiosque/text/analyzer.h"

namespace kiosque {

// One word of a query for ranking: its term (prefix + stem), its folded form
// and whether that form was indexed as an exact form (Token::exact).
struct RankedWord {
  std::string term;
  std::string folded;
  bool exact = false;
};

// The query for one typed word: its stem term matches, and an article that
// holds the word's exact (folded) form gains on top, so "Gaza" ranks Gaza
// articles above "gaz" ones while "gaz" articles are still found.
Xapian::Query word_query(const RankedWord& word);

// One plain word of a query in order, for the proximity boost: `gap` is the
// number of stop words typed between it and the previous word.
struct ProximityWord {
  std::string term;
  unsigned gap = 0;
};

// The proximity boost of a run of plain query words: each pair of
// neighbours found together in the article's order (within their gap and one
// word of slack) adds weight, so "Tour de France" and a person's first and
// last name rank articles holding the name above those holding the words
// apart. It never matches on its own: combine it with OP_AND_MAYBE.
// Returns an empty query for fewer than two words.
Xapian::Query proximity_query(const std::vector<ProximityWord>& words);

// The query for an acronym typed as the list writes it (acronyms.h): the
// acronym and its expansions as one OP_SYNONYM ("ONU" finds "Nations
// unies"), with the exact form's bonus of word_query on top, so the form
// typed ranks first.
Xapian::Query acronym_query(const RankedWord& word,
                            const std::vector<std::string>& expansions,
                            Analyzer& analyzer);

// The other way: the terms (prefix + stem) of the acronyms whose expansion
// the query's words spell, in order. `words` are the terms of the query's
// plain words in order, stop words included, "" where something else stands.
std::vector<std::string> acronyms_spelt(const std::vector<std::string>& words,
                                        Analyzer& analyzer);

// The headline boost: an article whose title holds two of the query's words
// gains a fixed weight per such pair, whatever the words' frequencies, so a
// headline naming the subject ranks above a body that repeats one frequent
// word. `word_terms` are the terms (prefix + stem) of the query's plain
// words; only the first few distinct ones are paired. Returns an empty query
// for fewer than two distinct words. It never matches on its own: combine it
// with OP_AND_MAYBE.
Xapian::Query title_pairs_query(std::vector<std::string> word_terms);

// How much an article holding every plain word gains (OP_SCALE_WEIGHT of the
// words' AND).
double all_words_boost();

// The weighting scheme of every ranked search: BM25 with kiosque's
// parameters. Serialisable, so remote searches use it too.
std::unique_ptr<Xapian::Weight> ranking_weight();

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_RANKING_H_
