// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/hash.h"

namespace kiosque {

std::string hex16(std::uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (std::size_t i = 16; i-- > 0; value >>= 4) out[i] = kDigits[value & 0xF];
  return out;
}

}  // namespace kiosque
