// SPDX-License-Identifier: GPL-2.0-or-later
// Internal: the French stop-word list compiled in from data/stopwords-fr.txt,
// and the folding it is stored under.
#ifndef KIOSQUE_TEXT_STOPWORDS_H_
#define KIOSQUE_TEXT_STOPWORDS_H_

#include <string>
#include <string_view>
#include <unordered_set>

namespace kiosque {

// Steps 1 and 3 of the analysis (apostrophes, ICU folding) of one word.
std::string fold_word(std::string_view word);

namespace internal {

// The stop words, folded. Built once, on first use; safe from any thread.
const std::unordered_set<std::string>& french_stopwords();

}  // namespace internal
}  // namespace kiosque

#endif  // KIOSQUE_TEXT_STOPWORDS_H_
