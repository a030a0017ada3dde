// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "kiosque/base/message.h"
#include "kiosque/base/utf8.h"

namespace kiosque {

bool is_unsafe_code_point(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return true;
  if (cp >= 0x80 && cp <= 0x9F) return true;
  if (cp >= 0x202A && cp <= 0x202E) return true;                 // embeddings, overrides
  if (cp >= 0x2066 && cp <= 0x2069) return true;                 // isolates
  if (cp == 0x200E || cp == 0x200F || cp == 0x61C) return true;  // marks
  return false;
}

std::string sanitize_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len;
    const char32_t cp = utf8::decode(text, i, &len);
    if (is_unsafe_code_point(cp)) {
      out.push_back(' ');
    } else if (cp == utf8::kReplacement) {
      utf8::append(&out, cp);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

ColorMode parse_color_mode(std::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  throw std::invalid_argument(message(messages::kBadColor, {text}));
}

bool use_color(ColorMode mode, int fd) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  if (term == nullptr || std::string_view(term) == "dumb") return false;
  return ::isatty(fd) == 1;
}

std::size_t output_columns(int fd) {
  winsize size{};
  if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long value = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && value >= 20 && value <= 1000) {
      return static_cast<std::size_t>(value);
    }
  }
  return 80;
}

}  // namespace kiosque
