// SPDX-License-Identifier: GPL-2.0-or-later
// ASCII-only character tests and case folding, for keys, extensions, tag
// names and digits: places where the bytes are ASCII by definition and where
// the C library's locale-dependent <cctype> must not change the answer.
// Bytes >= 0x80 (UTF-8 sequences) are never changed and never match.
#ifndef KIOSQUE_BASE_ASCII_H_
#define KIOSQUE_BASE_ASCII_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosque {

// Whether `c` is '0'-'9'. Thread-safe.
constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// Whether `c` is one of C's white-space characters: space, \t, \n, \v, \f,
// \r. (HTML's white space, without \v, is html_reader's own.) Thread-safe.
constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// `c` with 'A'-'Z' made 'a'-'z'; any other byte as it is. Thread-safe.
constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with 'A'-'Z' made 'a'-'z'; other bytes as they are. Thread-safe.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Whether `s` is not empty and holds only '0'-'9'. Thread-safe.
constexpr bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_ascii_digit(c)) return false;
  }
  return true;
}

// Whether `a` and `b` are equal once both are ascii_lower()ed. Thread-safe.
constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace kiosque

#endif  // KIOSQUE_BASE_ASCII_H_
