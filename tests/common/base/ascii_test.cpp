// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/ascii.h"

#include <gtest/gtest.h>

namespace kiosque {
namespace {

TEST(AsciiTest, LowerChangesOnlyAsciiCapitals) {
  EXPECT_EQ(ascii_lower("Article.JSONL.Gz"), "article.jsonl.gz");
  EXPECT_EQ(ascii_lower("ÉTÉ à Paris 09"), "ÉtÉ à paris 09");
  EXPECT_EQ(ascii_lower(""), "");
  EXPECT_EQ(ascii_lower('Q'), 'q');
  EXPECT_EQ(ascii_lower('\xC9'), '\xC9');
  EXPECT_EQ(ascii_lower('@'), '@');
  EXPECT_EQ(ascii_lower('['), '[');
}

TEST(AsciiTest, AllDigitsWantsAtLeastOneDigitAndNothingElse) {
  EXPECT_TRUE(all_digits("0"));
  EXPECT_TRUE(all_digits("2019"));
  EXPECT_FALSE(all_digits(""));
  EXPECT_FALSE(all_digits("20 19"));
  EXPECT_FALSE(all_digits("-1"));
  EXPECT_FALSE(all_digits("1a"));
  EXPECT_FALSE(all_digits("\xD9\xA1"));  // ١, an Arabic-Indic digit
}

TEST(AsciiTest, IequalsIgnoresAsciiCaseOnly) {
  EXPECT_TRUE(ascii_iequals("Content-Type", "content-type"));
  EXPECT_TRUE(ascii_iequals("", ""));
  EXPECT_FALSE(ascii_iequals("meta", "metas"));
  EXPECT_FALSE(ascii_iequals("été", "ÉTÉ"));
}

}  // namespace
}  // namespace kiosque
