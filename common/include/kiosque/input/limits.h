// SPDX-License-Identifier: GPL-2.0-or-later
// How much of one input the indexer takes (issue #16.6). Memory for one
// article is about 50 times its text while it is analysed and written, so
// these bounds keep one hostile file from taking the machine; past one, the
// input is refused or cut with a message naming the bound. Listed with their
// defaults in the README's "Limits" section.
#ifndef KIOSQUE_INPUT_LIMITS_H_
#define KIOSQUE_INPUT_LIMITS_H_

#include <cstddef>

namespace kiosque {

// One plain text or HTML file, after decompression: larger is refused
// ("file larger than the limit of 64 MiB for one article file").
inline constexpr std::size_t kMaxArticleFileBytes = std::size_t{64} << 20;

// One JSON Lines line (one record): longer is refused, at its line, and the
// file's other lines are read ("line longer than the limit of 8 MiB").
inline constexpr std::size_t kMaxLineBytes = std::size_t{8} << 20;

// One article's text, in UTF-8: longer is cut at a character boundary, with
// a warning at its line.
inline constexpr std::size_t kMaxArticleTextBytes = std::size_t{8} << 20;

// Problems (errors, warnings and notes) reported one by one for one file:
// beyond, they are counted (every error still counts as failed) and one
// warning at the end of the file says how many more there were.
inline constexpr std::size_t kMaxProblemsPerFile = 1000;

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_LIMITS_H_
