// SPDX-License-Identifier: GPL-2.0-or-later
// Small UTF-8 helpers for code that walks text by code point. Invalid bytes
// never stop a walk: each one decodes as U+FFFD and advances by one byte.
#ifndef KIOSQUE_BASE_UTF8_H_
#define KIOSQUE_BASE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosque::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// decode() past its ASCII fast path.
char32_t decode_multibyte(std::string_view s, std::size_t i, std::size_t* length);

// Decodes the code point that starts at byte `i` of `s` (i < s.size()) and
// stores its length in bytes in `*length` (at least 1). Inline for ASCII,
// most of a French text's bytes: the analyzer decodes every byte it reads.
inline char32_t decode(std::string_view s, std::size_t i, std::size_t* length) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  return decode_multibyte(s, i, length);
}

// Appends the UTF-8 encoding of `cp` to `out`.
void append(std::string* out, char32_t cp);

// Whether `s` is valid UTF-8 throughout (U+FFFD written as such is valid).
bool is_valid(std::string_view s);

// Number of code points in `s` (what Python's len() counts).
std::size_t count_code_points(std::string_view s);

}  // namespace kiosque::utf8

#endif  // KIOSQUE_BASE_UTF8_H_
