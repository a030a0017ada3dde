// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/duplicate_index.h"

#include <gtest/gtest.h>

#include <string>

namespace kiosque {
namespace {

TEST(DuplicateIndexTest, NearSimhashesJoinTheFirstArticlesGroup) {
  DuplicateIndex index;
  const std::uint64_t original = 0x0123456789abcdefULL;
  EXPECT_EQ(index.add(original, "depeche"), "depeche");
  // Three bits apart (in three different bands): a near duplicate.
  EXPECT_EQ(index.add(original ^ 0x0001000100010000ULL, "gazette"), "depeche");
  // Four bits apart from every article: its own group.
  EXPECT_EQ(index.add(original ^ 0x000f000000000000ULL, "autre"), "autre");
  // Near the second member only: still the first article's group.
  EXPECT_EQ(index.add(original ^ 0x0001000100010000ULL ^ 0x0000000000000003ULL, "radio"),
            "depeche");
  EXPECT_EQ(index.add(~original, "sans rapport"), "sans rapport");
}

}  // namespace
}  // namespace kiosque
