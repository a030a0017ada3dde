// SPDX-License-Identifier: GPL-2.0-or-later
// The French analysis of kiosque: one definition of how text becomes terms,
// used by the indexer, the query parser and the snippet highlighter alike, so
// that what is indexed is what is found and what is highlighted.
//
// A word goes through, in this order:
//   1. apostrophe look-alikes (’ ‘ ʼ ´ ` ‛ ＇) count as one apostrophe;
//   2. a leading elision (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu'
//      puisqu' quoiqu', any case, also with a space after the apostrophe) is
//      dropped; an apostrophe that belongs to the word stays (aujourd'hui);
//   3. folding with ICU: NFKD, non-spacing marks removed, case folding, then
//      œ→oe and æ→ae (which Unicode does not decompose);
//   4. Snowball French stemming (Xapian::Stem("french")) of the folded word;
//      words holding a digit are not stemmed. Before it, a final s after u
//      or o is dropped (perdus, numéros), except for a shipped list of
//      words whose singular ends so (bus, virus, os, dos, propos…), because
//      Snowball keeps an s after a vowel and such plurals never met their
//      singulars.
// Folding comes before stemming so that an accented word and the same word
// typed without accents always meet (sécurité and securite both give
// "securit").
#ifndef KIOSQUE_TEXT_ANALYZER_H_
#define KIOSQUE_TEXT_ANALYZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace kiosque {

// The analyzer's identity, stored in every database it builds. Bump it
// whenever the same text would give different index terms, or the schema
// (schema.h) stores an article differently: a database built by another
// version must be rebuilt. 2: the text moved from the data to kSlotText.
// 3: source terms through fold_source (white space runs made one).
// 4: exact forms (schema::kPrefixExact) beside the stems; -us/-os plurals
// made singular.
inline constexpr char kAnalyzerVersion[] = "kiosque-fr-4";

// One word of a text, as analysis sees it.
// A longer "word" (folded) is a URL, a hash or garbage: it gets no term
// (Token::term empty), but still takes a position so that phrases do not
// match across it.
inline constexpr std::size_t kMaxWordBytes = 64;

struct Token {
  std::string term;        // normalised term, without prefix; may be empty
                           // for a word too long to index
  std::uint32_t position;  // word position, from 0; a joined number shares
                           // the position of its first digit group
  std::size_t begin;       // byte offset of the word as written, including
  std::size_t end;         //   an elided article ("L'" in "L'entretien")
  bool joined = false;     // an extra term for a spaced number ("1 800")
  std::string folded;      // the word folded, before stemming: its spelling
                           // ("" for a joined number or a filtered word)
  bool exact = false;      // `folded` is also indexed as an exact form
                           // (exact_form_term): a word with letters only,
                           // not a stop word
};

// The exact-form term of a folded word: schema's exact prefix + `folded`.
// Exact forms carry no positions; they let a query word typed as the article
// wrote it (after folding) outrank a word that only shares its stem ("gaza"
// against "gaz", "rove" against "rover").
std::string exact_form_term(std::string_view folded);

// Which words of a text may give one of a few terms, decided from their
// first letters without analysing them: Snowball French never changes the
// first two letters of a folded word (nor a one-letter word), so a word
// whose folded first letters start none of the terms cannot give any. The
// first letters are folded one character at a time (ASCII lower-cased, the
// others by fold_word, once per character). A snippet needs only the terms
// of such words, and skipping the rest is most of its cost saved.
class TermPrefixFilter {
 public:
  explicit TermPrefixFilter(const std::vector<std::string>& terms);
  // False only when `word` (as written) cannot analyse to one of the terms.
  bool may_match(std::string_view word) const;

 private:
  std::vector<char> one_letter_;            // terms of one letter
  std::vector<std::uint16_t> two_letters_;  // first two bytes of the others, sorted
  // Non-ASCII characters met at a word's start, folded (é → e, Œ → oe).
  mutable std::unordered_map<char32_t, std::string> folded_characters_;
};

// Analyzer is not thread-safe (it owns a stemmer and a cache): use one per
// thread. Construction is cheap after the first one.
class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Splits `text` (UTF-8; invalid bytes are separators) into words and
  // appends one Token per word to `*tokens`, positions counting from
  // `first_position`. Returns the position after the last word.
  // With a `filter`, words it rules out get an empty term, unanalysed.
  std::uint32_t tokenize(std::string_view text, std::vector<Token>* tokens,
                         std::uint32_t first_position = 0,
                         const TermPrefixFilter* filter = nullptr);

  // The term of one word typed or written alone: steps 1–4 above. Returns ""
  // for a word that is only an elided article ("l'") or nothing at all.
  // The result stays valid until the next call.
  const std::string& term(std::string_view word);

  // Steps 1–3 only (no stemming): the form kept in the spelling data, which
  // did-you-mean proposes and trailing wildcards expand over. The result
  // stays valid until the next call.
  const std::string& fold(std::string_view word);

  // Whether a folded word is a French stop word (le, de, la, qu…). Stop
  // words are indexed; only the query parser leaves them out of ranking.
  static bool is_stopword(std::string_view folded);

 private:
  struct Analysis {
    std::string folded;
    std::string term;
    bool exact = false;
  };
  const Analysis& analyze_word(std::string_view word);

  Xapian::Stem stemmer_;
  std::unordered_map<std::string, Analysis> cache_;
  std::string scratch_;
};

// Removes a leading elided article from `word` (after step 1), e.g.
// "qu'Ankara" → "Ankara"; returns `word` unchanged when it has none.
std::string_view strip_elision(std::string_view word);

// The key a source name is filed under and searched by: steps 1 and 3 over
// the whole name, its elided article kept, white space runs (a no-break
// space too) made one space, trimmed. So "L’Écho des Causses", "L'Écho des
// Causses" and "l'echo  des causses" all give "l'echo des causses". The
// indexer's source term and the query parser's source: value both come from
// here, so that every source the facets list can be searched for.
std::string fold_source(std::string_view name);

// Whether `cp` is one of the apostrophe look-alikes of step 1.
bool is_apostrophe(char32_t cp);

}  // namespace kiosque

#endif  // KIOSQUE_TEXT_ANALYZER_H_
