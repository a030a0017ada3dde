// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/wrap.h"

#include <algorithm>

#include "kiosque/base/utf8.h"

namespace kiosque {
namespace {

bool is_break_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t code_point_width(char32_t cp) {
  if (cp >= 0x0300 && cp <= 0x036F) return 0;  // combining diacritical marks
  if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF)
    return 0;
  return 1;
}

// Byte length of the longest prefix of `word` that fits in `width` columns,
// at least one code point so that every cut makes progress.
std::size_t fitting_prefix(std::string_view word, std::size_t width) {
  std::size_t at = 0;
  std::size_t used = 0;
  while (at < word.size()) {
    std::size_t length = 0;
    const std::size_t w = code_point_width(utf8::decode(word, at, &length));
    if (used + w > width && at > 0) break;
    used += w;
    at += length;
  }
  return at;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t length = 0;
    width += code_point_width(utf8::decode(text, at, &length));
    at += length;
  }
  return width;
}

std::vector<LineSpan> wrap_lines(std::string_view text, std::size_t width) {
  width = std::max<std::size_t>(width, 1);
  std::vector<LineSpan> lines;
  bool open = false;  // a line has been started and not yet ended
  LineSpan line;
  std::size_t used = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    if (is_break_space(text[at])) {
      if (text[at] == '\n' && open) {
        lines.push_back(line);
        open = false;
      }
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && !is_break_space(text[end])) ++end;
    std::string_view word = text.substr(at, end - at);
    std::size_t word_width = display_width(word);
    if (open && used + 1 + word_width <= width) {
      line.end = end;
      used += 1 + word_width;
      at = end;
      continue;
    }
    if (open) lines.push_back(line);
    while (word_width > width) {
      const std::size_t cut = fitting_prefix(word, width);
      lines.push_back({at, at + cut});
      at += cut;
      word.remove_prefix(cut);
      word_width = display_width(word);
    }
    line = {at, end};
    used = word_width;
    open = !word.empty();
    at = end;
  }
  if (open) lines.push_back(line);
  return lines;
}

}  // namespace kiosque
