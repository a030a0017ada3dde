// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/hash.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace kiosque {
namespace {

// The published FNV-1a 64 test vectors: if one of these changes, every
// stored fallback id, content hash, simhash and shard routing changes too.
TEST(HashTest, Fnv1a64GivesThePublishedValues) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
  static_assert(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
}

TEST(HashTest, Fnv1a64ContinuedEqualsTheHashOfTheJoinedPieces) {
  EXPECT_EQ(fnv1a64(fnv1a64("foo"), "bar"), fnv1a64("foobar"));
  EXPECT_EQ(fnv1a64(kFnv1a64Offset, "foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(fnv1a64(fnv1a64(fnv1a64("élu"), " "), ""), fnv1a64("élu "));
}

TEST(HashTest, Fnv1a64ReadsBytesAsUnsigned) {
  // A sign-extended byte would give another value for any non-ASCII text.
  EXPECT_EQ(fnv1a64("\xE9"), 0xaf64644c8602d3a4ULL);
}

TEST(HashTest, Hex16IsSixteenLowerCaseDigits) {
  EXPECT_EQ(hex16(0), "0000000000000000");
  EXPECT_EQ(hex16(0xff), "00000000000000ff");
  EXPECT_EQ(hex16(0x85944171f73967e8ULL), "85944171f73967e8");
  EXPECT_EQ(hex16(UINT64_MAX), "ffffffffffffffff");
}

}  // namespace
}  // namespace kiosque
