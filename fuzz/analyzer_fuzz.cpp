// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzzes the French analysis: tokenize over the whole input (with and
// without a TermPrefixFilter), and term and fold of each word it found.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "kiosque/text/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static kiosque::Analyzer* analyzer = new kiosque::Analyzer();
  static const kiosque::TermPrefixFilter* filter =
      new kiosque::TermPrefixFilter({"a", "securit", "gouvern", "1800"});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<kiosque::Token> tokens;
  analyzer->tokenize(text, &tokens);
  for (const kiosque::Token& token : tokens) {
    if (token.begin > token.end || token.end > text.size()) std::abort();
    const std::string_view word = text.substr(token.begin, token.end - token.begin);
    (void)analyzer->term(word);
    (void)analyzer->fold(word);
    (void)kiosque::strip_elision(word);
  }
  std::vector<kiosque::Token> filtered;
  analyzer->tokenize(text, &filtered, 7, filter);
  if (filtered.size() != tokens.size()) std::abort();
  (void)analyzer->term(text);
  (void)kiosque::Analyzer::is_stopword(analyzer->fold(text));
  return 0;
}
