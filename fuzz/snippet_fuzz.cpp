// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzzes make_snippet over a random text and query. The input is
// "query\0text" (no NUL: all of it is the text, and the query is its first
// words); the query goes through parse_query, as kiosque-query does, to give
// the highlight terms. The snippet's highlights, and find_highlights' over
// the whole text (a title's), must lie inside their text, in order and
// without overlap.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosque/base/utf8.h"
#include "kiosque/search/query_parser.h"
#include "kiosque/search/snippet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static kiosque::Analyzer* analyzer = new kiosque::Analyzer();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view query =
      nul == std::string_view::npos ? input.substr(0, 30) : input.substr(0, nul);
  const std::string_view text =
      nul == std::string_view::npos ? input : input.substr(nul + 1);
  const kiosque::ParsedQuery parsed = kiosque::parse_query(query, *analyzer, nullptr);
  kiosque::HighlightTerms terms;
  terms.words.insert(parsed.highlight_terms.begin(), parsed.highlight_terms.end());
  terms.phrases = parsed.highlight_phrases;
  const std::size_t max_chars = 20 + size % 200;
  const kiosque::Snippet snippet =
      kiosque::make_snippet(text, terms, *analyzer, max_chars);
  const auto check = [](std::string_view of, const auto& highlights) {
    const std::size_t length = kiosque::utf8::count_code_points(of);
    std::size_t previous_end = 0;
    for (const auto& [begin, end] : highlights) {
      if (begin < previous_end || begin >= end || end > length) std::abort();
      previous_end = end;
    }
  };
  check(snippet.text, snippet.highlights);
  check(text, kiosque::find_highlights(text, terms, *analyzer));
  return 0;
}
