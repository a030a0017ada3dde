// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/terms.h"

#include <gtest/gtest.h>

#include <string>

#include "kiosque/base/hash.h"

namespace kiosque {
namespace {

TEST(BoundedTerm, KeepsAValueThatFits) {
  EXPECT_EQ(bounded_term("Q", "presse/2020/idleb.txt"), "Qpresse/2020/idleb.txt");
  const std::string longest(244, 'a');
  EXPECT_EQ(bounded_term("Q", longest), "Q" + longest);
}

TEST(BoundedTerm, CutsALongValueAndAppendsAHashOfTheWhole) {
  const std::string value(300, 'a');
  EXPECT_EQ(bounded_term("XP", value),
            "XP" + std::string(226, 'a') + "~" + hex16(fnv1a64(value)));
  EXPECT_EQ(bounded_term("XP", value).size(), kMaxTermBytes);
}

TEST(BoundedTerm, TellsApartLongValuesThatShareTheirHead) {
  const std::string head(400, 'x');
  EXPECT_NE(bounded_term("Q", head + "1"), bounded_term("Q", head + "2"));
}

TEST(BoundedTerm, NeverCutsInsideACharacter) {
  // "é" is two bytes: 227 of them would be cut after the first byte of one.
  std::string value;
  for (int i = 0; i < 200; ++i) value += "é";
  const std::string term = bounded_term("Q", value);
  std::string head;
  for (int i = 0; i < 113; ++i) head += "é";
  EXPECT_EQ(term, "Q" + head + "~" + hex16(fnv1a64(value)));
}

TEST(BoundedTerm, BoundingItsOwnValueAgainGivesTheSameTerm) {
  for (const std::size_t length : {10u, 244u, 245u, 300u, 1000u}) {
    const std::string term = bounded_term("Q", std::string(length, 'z'));
    EXPECT_LE(term.size(), kMaxTermBytes);
    EXPECT_EQ(bounded_term("Q", term.substr(1)), term) << length;
  }
}

}  // namespace
}  // namespace kiosque
