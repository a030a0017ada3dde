// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/wrap.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace kiosque {
namespace {

std::vector<std::string> wrapped(std::string_view text, std::size_t width) {
  std::vector<std::string> out;
  for (const LineSpan& line : wrap_lines(text, width)) {
    out.emplace_back(text.substr(line.begin, line.end - line.begin));
  }
  return out;
}

TEST(WrapLines, BreaksBetweenWordsWithinTheWidth) {
  EXPECT_EQ(wrapped("Le cessez-le-feu tient depuis mardi soir", 16),
            (std::vector<std::string>{"Le cessez-le-feu", "tient depuis", "mardi soir"}));
}

TEST(WrapLines, CountsCodePointsNotBytes) {
  // 10 code points, 13 bytes: fits a width of 10 exactly.
  EXPECT_EQ(wrapped("été désolé", 10), (std::vector<std::string>{"été désolé"}));
  EXPECT_EQ(wrapped("été désolé", 9), (std::vector<std::string>{"été", "désolé"}));
}

TEST(WrapLines, CombiningMarksTakeNoColumn) {
  const std::string decomposed = "e\u0301te\u0301 ok";  // "été ok", decomposed
  EXPECT_EQ(display_width(decomposed), 6u);
  EXPECT_EQ(wrapped(decomposed, 6), (std::vector<std::string>{decomposed}));
}

TEST(WrapLines, NeverBreaksAtANoBreakSpace) {
  const std::string text = "environ 1\u00a0800 civils";
  EXPECT_EQ(wrapped(text, 9),
            (std::vector<std::string>{"environ", "1\u00a0800", "civils"}));
  const std::string quoted = "il a dit\u202f: non";
  EXPECT_EQ(wrapped(quoted, 9), (std::vector<std::string>{"il a", "dit\u202f: non"}));
}

TEST(WrapLines, CutsAWordWiderThanTheLine) {
  EXPECT_EQ(wrapped("a anticonstitutionnellement b", 10),
            (std::vector<std::string>{"a", "anticonsti", "tutionnell", "ement b"}));
}

TEST(WrapLines, ANewlineEndsALineAndSpacesAtBreaksAreDropped) {
  EXPECT_EQ(wrapped("  un  deux\ntrois   ", 40),
            (std::vector<std::string>{"un  deux", "trois"}));
}

TEST(WrapLines, NothingToWrapGivesNoLine) {
  EXPECT_TRUE(wrap_lines("", 20).empty());
  EXPECT_TRUE(wrap_lines("   \n  ", 20).empty());
}

TEST(WrapLines, AWidthOfZeroIsOneColumn) {
  EXPECT_EQ(wrapped("ab c", 0), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(WrapLines, SpansIndexIntoTheText) {
  EXPECT_EQ(wrap_lines("un deux trois", 7), (std::vector<LineSpan>{{0, 7}, {8, 13}}));
}

}  // namespace
}  // namespace kiosque
