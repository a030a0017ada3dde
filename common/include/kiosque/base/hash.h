// SPDX-License-Identifier: GPL-2.0-or-later
// The one 64-bit hash of the project. Its values are stored: fallback ids of
// JSON Lines records, content hashes, simhashes and the shard an id goes to
// all depend on it, so an existing database relies on these exact values.
#ifndef KIOSQUE_BASE_HASH_H_
#define KIOSQUE_BASE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace kiosque {

// FNV-1a 64's starting value: the hash of no bytes.
inline constexpr std::uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;

// FNV-1a 64 of `running`'s bytes followed by `more`: `running` is the hash
// of what came before (kFnv1a64Offset for nothing), so that a hash can be
// built piece by piece without joining the pieces. Small and stable across
// platforms and releases; not a defence against crafted collisions.
// Defined here so that hot loops (the simhash) inline it. Thread-safe.
constexpr std::uint64_t fnv1a64(std::uint64_t running, std::string_view more) {
  for (const char c : more) {
    running ^= static_cast<unsigned char>(c);
    running *= 0x100000001b3ULL;
  }
  return running;
}

// FNV-1a 64 of `bytes`. Thread-safe.
constexpr std::uint64_t fnv1a64(std::string_view bytes) {
  return fnv1a64(kFnv1a64Offset, bytes);
}

// `value` as 16 lower-case hexadecimal digits, zero-padded ("00000000000000ff"),
// the form stored in ids and value slots. Thread-safe.
std::string hex16(std::uint64_t value);

}  // namespace kiosque

#endif  // KIOSQUE_BASE_HASH_H_
