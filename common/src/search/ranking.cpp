// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/ranking.h"

#include <algorithm>
#include <cstring>

#include "kiosque/search/acronyms.h"
#include "kiosque/store/schema.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {
namespace {

// The values below were chosen with scripts/eval-relevance on the shared
// topics and the known-item sets together; docs/architecture.md ("Ranking")
// gives the figures and why they hold for French news in general.

// The exact form's weight, scaled, on top of the stem's. A quarter is enough
// for a name to outrank the common word that shares its stem (the exact
// term is rarer, so its weight is high), without letting a query typed in
// the other number (singular for plural) lose its article.
constexpr double kExactFormScale = 0.25;
// The weight of neighbours found side by side, scaled, on top of their own.
constexpr double kProximityScale = 0.5;
// Extra positions allowed inside a pair: one word of slack lets "George Bush"
// meet "George W. Bush" and "Corée Nord" meet "Corée du Nord".
constexpr Xapian::termcount kProximitySlack = 1;
// Longer runs of words get no proximity boost: a pasted headline already
// finds its article through the all-words boost, and checking positions
// for every pair of a long query made it 3-6 times slower (p95 over
// headline queries 35 ms against 14 ms with this bound).
constexpr std::size_t kMaxProximityWords = 4;
// The headline boost per pair of query words in the title. A fixed weight,
// not BM25's: a title is a dozen words, so BM25 gives a title pair of common
// words (the ones whose pairing in a headline says most about the subject)
// almost nothing, while a rare name already ranks its articles through the
// body. 4 is about one rare word's weight in the body: a headline holding
// two of the words outweighs a body holding one more word, but not a body
// holding every word. Pairs, not single words: one word in a headline says
// little about a multi-word query, and single-word bonuses lowered the
// known-item sets (elision 0.980 -> 0.973).
constexpr double kTitlePairWeight = 4.0;
// Pairs among the first words only: a pasted headline already finds its
// article, and 15 pairs bound the work.
constexpr std::size_t kMaxTitlePairWords = 6;
// An article holding every plain word gains their weights once more.
constexpr double kAllWordsBoost = 1.0;
// BM25 (Xapian's defaults, which measured best): k1 saturates repeated
// words early, b half-normalises for length (news articles vary from a
// brief to a long feature without being less about their subject).
constexpr double kBm25K1 = 1.0;
constexpr double kBm25K3 = 1.0;
constexpr double kBm25B = 0.5;
constexpr double kBm25MinNormLen = 0.5;

}  // namespace

Xapian::Query word_query(const RankedWord& word) {
  const Xapian::Query stem(word.term);
  if (!word.exact) return stem;
  return Xapian::Query(
      Xapian::Query::OP_AND_MAYBE, stem,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                    Xapian::Query(exact_form_term(word.folded)), kExactFormScale));
}

Xapian::Query proximity_query(const std::vector<ProximityWord>& words) {
  std::vector<Xapian::Query> pairs;
  if (words.size() > kMaxProximityWords) return Xapian::Query();
  for (std::size_t i = 1; i < words.size(); ++i) {
    // Only words typed side by side: a pair across a stop word ("Tour de
    // France", "championnat de France") is most often a frequent collocation
    // whose phrase matches articles on other subjects (measured: -0.02).
    if (words[i].gap != 0 || words[i].term == words[i - 1].term) continue;
    const std::string pair[] = {words[i - 1].term, words[i].term};
    pairs.emplace_back(Xapian::Query::OP_PHRASE, pair, pair + 2, 2 + kProximitySlack);
  }
  if (pairs.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                       kProximityScale);
}

namespace {

// The word terms (prefix + stem) of `text`, in order. With a `filter`,
// none when one of its words gives no term (ruled out by the filter, or too
// long): the words are then not worth analysing further.
std::vector<std::string> word_terms(std::string_view text, Analyzer& analyzer,
                                    const TermPrefixFilter* filter = nullptr) {
  std::vector<Token> tokens;
  analyzer.tokenize(text, &tokens, 0, filter);
  std::vector<std::string> terms;
  for (const Token& t : tokens) {
    if (t.joined) continue;
    if (t.term.empty()) {
      if (filter != nullptr) return {};
      continue;
    }
    terms.push_back(schema::kPrefixWord + t.term);
  }
  return terms;
}

}  // namespace

Xapian::Query acronym_query(const RankedWord& word,
                            const std::vector<std::string>& expansions,
                            Analyzer& analyzer) {
  std::vector<Xapian::Query> forms{Xapian::Query(word.term)};
  for (const std::string& expansion : expansions) {
    const std::vector<std::string> terms = word_terms(expansion, analyzer);
    if (terms.size() == 1) {
      forms.emplace_back(terms[0]);
    } else if (terms.size() > 1) {
      forms.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(terms.size()));
    }
  }
  const Xapian::Query synonym(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
  if (!word.exact) return synonym;
  return Xapian::Query(
      Xapian::Query::OP_AND_MAYBE, synonym,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                    Xapian::Query(exact_form_term(word.folded)), kExactFormScale));
}

std::vector<std::string> acronyms_spelt(const std::vector<std::string>& words,
                                        Analyzer& analyzer) {
  // An expansion is spelt only if each of its words gives one of the
  // query's terms: the others are not worth analysing. Analysing every
  // word of the list's expansions cost a one-word search 0.47 million
  // instructions, 3% of it.
  std::vector<std::string> bare;
  for (const std::string& word : words) {
    if (word.rfind(schema::kPrefixWord, 0) == 0)
      bare.push_back(word.substr(std::strlen(schema::kPrefixWord)));
  }
  const TermPrefixFilter filter(bare);
  std::vector<std::string> found;
  for (const auto& [form, expansions] : acronyms().entries()) {
    for (const std::string& expansion : expansions) {
      const std::vector<std::string> terms = word_terms(expansion, analyzer, &filter);
      if (terms.empty() || terms.size() > words.size()) continue;
      if (std::search(words.begin(), words.end(), terms.begin(), terms.end()) !=
          words.end()) {
        found.push_back(schema::kPrefixWord + analyzer.term(form));
        break;
      }
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

Xapian::Query title_pairs_query(std::vector<std::string> word_terms) {
  std::vector<std::string> titles;
  for (std::string& term : word_terms) {
    if (term.rfind(schema::kPrefixWord, 0) != 0) continue;
    std::string title =
        schema::kPrefixTitle + term.substr(std::strlen(schema::kPrefixWord));
    if (std::find(titles.begin(), titles.end(), title) != titles.end()) continue;
    titles.push_back(std::move(title));
    if (titles.size() == kMaxTitlePairWords) break;
  }
  std::vector<Xapian::Query> pairs;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    for (std::size_t j = i + 1; j < titles.size(); ++j) {
      // Owned by the query (release()), which may outlive this function.
      Xapian::Query weight(
          (new Xapian::FixedWeightPostingSource(kTitlePairWeight))->release());
      pairs.emplace_back(Xapian::Query::OP_FILTER, weight,
                         Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(titles[i]),
                                       Xapian::Query(titles[j])));
    }
  }
  if (pairs.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
}

double all_words_boost() { return kAllWordsBoost; }

std::unique_ptr<Xapian::Weight> ranking_weight() {
  return std::make_unique<Xapian::BM25Weight>(kBm25K1, 0.0, kBm25K3, kBm25B,
                                              kBm25MinNormLen);
}

}  // namespace kiosque
