// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/terminal.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace kiosque {
namespace {

TEST(TerminalTest, SanitizeReplacesEveryControlAndBidiCharacter) {
  EXPECT_EQ(sanitize_for_terminal("a\x1b[2Jb\tc\nd\x7f"
                                  "e\xc2\x9b"
                                  "f\u202Eg"),
            "a [2Jb c d e f g");
  EXPECT_EQ(sanitize_for_terminal("Élysée « cœur »"), "Élysée « cœur »");
  EXPECT_EQ(sanitize_for_terminal("bad\xff"), "bad\uFFFD");
}

TEST(TerminalTest, ColorModesParse) {
  EXPECT_EQ(parse_color_mode("auto"), ColorMode::kAuto);
  EXPECT_EQ(parse_color_mode("always"), ColorMode::kAlways);
  EXPECT_EQ(parse_color_mode("never"), ColorMode::kNever);
  EXPECT_THROW(parse_color_mode("yes"), std::invalid_argument);
}

TEST(TerminalTest, AutoColorHonoursNoColorAndDumbTerminals) {
  EXPECT_TRUE(use_color(ColorMode::kAlways, -1));
  EXPECT_FALSE(use_color(ColorMode::kNever, -1));
  ::setenv("TERM", "xterm", 1);
  ::setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(use_color(ColorMode::kAuto, -1));
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "dumb", 1);
  EXPECT_FALSE(use_color(ColorMode::kAuto, -1));
  ::setenv("TERM", "xterm", 1);
  EXPECT_FALSE(use_color(ColorMode::kAuto, -1));  // fd -1 is no terminal
}

TEST(TerminalTest, OutputColumnsFallBackToColumnsThenEighty) {
  // fd -1 is no terminal, so COLUMNS decides when it is a sensible number.
  ::setenv("COLUMNS", "132", 1);
  EXPECT_EQ(output_columns(-1), 132u);
  ::setenv("COLUMNS", "7", 1);
  EXPECT_EQ(output_columns(-1), 80u);
  ::setenv("COLUMNS", "100x", 1);
  EXPECT_EQ(output_columns(-1), 80u);
  ::unsetenv("COLUMNS");
  EXPECT_EQ(output_columns(-1), 80u);
}

}  // namespace
}  // namespace kiosque
