// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/text/stopwords.h"

#include <string_view>

#include "kiosque/base/ascii.h"

namespace kiosque::internal {

extern const char kStopwordsText[];

const std::unordered_set<std::string>& french_stopwords() {
  // Split by hand: two string streams per line cost a one-word search more
  // than folding the words (0.15 of 0.25 million instructions).
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> set;
    const std::string_view text(kStopwordsText);
    std::size_t line_start = 0;
    while (line_start < text.size()) {
      std::size_t line_end = text.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = text.size();
      std::string_view line = text.substr(line_start, line_end - line_start);
      line = line.substr(0, line.find('#'));
      for (std::size_t i = 0; i < line.size();) {
        while (i < line.size() && is_ascii_space(line[i])) ++i;
        const std::size_t begin = i;
        while (i < line.size() && !is_ascii_space(line[i])) ++i;
        if (i > begin) set.insert(fold_word(line.substr(begin, i - begin)));
      }
      line_start = line_end + 1;
    }
    return set;
  }();
  return words;
}

}  // namespace kiosque::internal
