// SPDX-License-Identifier: GPL-2.0-or-later
// Printing untrusted article text for people: control characters and escape
// sequences from articles never reach the terminal, and colour is used only
// where it is wanted.
#ifndef KIOSQUE_BASE_TERMINAL_H_
#define KIOSQUE_BASE_TERMINAL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosque {

// Whether `cp` must never be printed as is: C0 and C1 controls (ESC, BEL,
// backspace, CR, tab, newline…), DEL, and the bidirectional overrides and
// isolates that can make text read differently from what it is.
bool is_unsafe_code_point(char32_t cp);

// `text` with every unsafe code point turned into a space and invalid UTF-8
// into U+FFFD. Newlines become spaces too: one field prints on one line.
std::string sanitize_for_terminal(std::string_view text);

enum class ColorMode { kAuto, kAlways, kNever };

// Parses "auto", "always" or "never"; throws std::invalid_argument.
ColorMode parse_color_mode(std::string_view text);

// Whether to colour output to file descriptor `fd`: kAlways and kNever say
// so; kAuto colours a terminal unless NO_COLOR is set (any value) or TERM is
// "dumb" or unset.
bool use_color(ColorMode mode, int fd);

// Columns to wrap text for file descriptor `fd`: the terminal's width when
// `fd` is a terminal that says it, else COLUMNS when it is a number from 20
// to 1000, else 80. Text piped to a file or a mail is wrapped at 80 too.
std::size_t output_columns(int fd);

}  // namespace kiosque

#endif  // KIOSQUE_BASE_TERMINAL_H_
