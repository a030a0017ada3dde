// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/terms.h"

#include "kiosque/base/hash.h"

namespace kiosque {

namespace {

constexpr char kHashMark = '~';
constexpr std::size_t kHashBytes = 1 + 16;  // the mark and hex16()

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string bounded_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxTermBytes) {
    term += value;
    return term;
  }
  std::size_t head = kMaxTermBytes - prefix.size() - kHashBytes;
  // Never cut inside a character: a term must stay valid UTF-8 when the
  // value was.
  while (head > 0 && is_continuation_byte(value[head])) --head;
  term += value.substr(0, head);
  term += kHashMark;
  term += hex16(fnv1a64(value));
  return term;
}

}  // namespace kiosque
