// SPDX-License-Identifier: GPL-2.0-or-later
// Word wrapping for text shown on a terminal: the article view, snippets and
// any other paragraph a person reads. French keeps a no-break space before
// « ; : ! ? » and inside numbers (1 800), so those never break a line.
#ifndef KIOSQUE_BASE_WRAP_H_
#define KIOSQUE_BASE_WRAP_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace kiosque {

// One line of a wrapped text: bytes [begin, end) of the text given, without
// the spaces at the break.
struct LineSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const LineSpan&, const LineSpan&) = default;
};

// Display width of `text` in terminal columns: one a code point, none for
// combining marks (U+0300–U+036F, as in a decomposed "é") and zero-width
// characters. Good enough for French and other Latin-script text.
std::size_t display_width(std::string_view text);

// Cuts `text` into lines of at most `width` columns (at least 1), breaking at
// ASCII spaces, tabs and newlines, never at a no-break space (U+00A0,
// U+202F). A newline always ends a line. A word wider than `width` is cut
// between code points. Runs of spaces at a break are dropped; an empty or
// all-space text gives no line. Spans index into `text`, which the caller
// keeps alive.
std::vector<LineSpan> wrap_lines(std::string_view text, std::size_t width);

}  // namespace kiosque

#endif  // KIOSQUE_BASE_WRAP_H_
