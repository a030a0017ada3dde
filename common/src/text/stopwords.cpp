// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/text/stopwords.h"

#include <sstream>

namespace kiosque::internal {

extern const char kStopwordsText[];

const std::unordered_set<std::string>& french_stopwords() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> set;
    std::istringstream lines(kStopwordsText);
    std::string line;
    while (std::getline(lines, line)) {
      const auto hash = line.find('#');
      if (hash != std::string::npos) line.erase(hash);
      std::istringstream fields(line);
      std::string word;
      while (fields >> word) set.insert(fold_word(word));
    }
    return set;
  }();
  return words;
}

}  // namespace kiosque::internal
