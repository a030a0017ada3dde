// SPDX-License-Identifier: GPL-2.0-or-later
// Snippets cut from an article's stored text around the words a query looks
// for, with those words highlighted exactly as the article wrote them.
#ifndef KIOSQUE_SEARCH_SNIPPET_H_
#define KIOSQUE_SEARCH_SNIPPET_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "kiosque/text/analyzer.h"

namespace kiosque {

struct Snippet {
  // The passage, safe to print: no control characters or escape sequences,
  // one line, "…" where it was cut inside the text.
  std::string text;
  // [begin, end) spans of highlighted words, in Unicode code points into
  // `text`, in order and not overlapping.
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

// What to highlight: analysed terms (no prefix) wherever they occur, and
// phrases (term sequences) only where the whole phrase occurs; where two
// phrases start at one word, the longer. The query parser leaves stop words
// out of `words` unless the query holds nothing else: a stop word is then
// highlighted only inside a phrase.
struct HighlightTerms {
  std::unordered_set<std::string> words;
  std::vector<std::vector<std::string>> phrases;
};

// How much of an article's text make_snippet reads: a match further on is
// not shown (the article is still found).
inline constexpr std::size_t kSnippetScanBytes = 256 * 1024;

// Cuts a passage of about `max_chars` code points from `text` (its first
// kSnippetScanBytes): the window
// that holds the most distinct highlighted words and phrases, widened back
// to the start of its sentence when that is near, cut at word boundaries.
// Without any match, the passage is the text's start.
Snippet make_snippet(std::string_view text, const HighlightTerms& terms,
                     Analyzer& analyzer, std::size_t max_chars);

// The highlighted words and phrases of the whole of `text` (a title), as
// make_snippet finds them: [begin, end) spans in code points into `text` as
// given (an invalid byte counts as one, as in utf8::decode), in order and
// not overlapping.
std::vector<std::pair<std::size_t, std::size_t>> find_highlights(
    std::string_view text, const HighlightTerms& terms, Analyzer& analyzer);

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_SNIPPET_H_
