// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace kiosque {
namespace {

TEST(MessageTest, FillsEachPartInOrder) {
  EXPECT_EQ(message(messages::kDuplicateId, {"a1", "3"}),
            "duplicate id \"a1\" (first at line 3)");
  EXPECT_EQ(message(messages::kNoDatabaseAt, {"/srv/db"}),
            "no database at /srv/db (build one with kiosque-index, or give --db)");
}

TEST(MessageTest, AMissingPartIsLeftEmpty) {
  EXPECT_EQ(message("%s and %s", {"one"}), "one and ");
}

TEST(MessageTest, ParsingAFilledMessageGivesItsPartsBack) {
  std::vector<std::string> parts;
  ASSERT_TRUE(parse_message(messages::kDuplicateId,
                            "duplicate id \"a: b\" (first at line 3)", &parts));
  EXPECT_EQ(parts, (std::vector<std::string>{"a: b", "3"}));
  ASSERT_TRUE(parse_message(messages::kCannotOpenDatabase,
                            "cannot open database /a: b: c: no such file", &parts));
  EXPECT_EQ(parts, (std::vector<std::string>{"/a", "b: c: no such file"}));
  ASSERT_TRUE(parse_message(messages::kCannotRead, "cannot read: ", &parts));
  EXPECT_EQ(parts, (std::vector<std::string>{""}));
}

TEST(MessageTest, ParsingAnotherMessageFails) {
  std::vector<std::string> parts;
  EXPECT_FALSE(parse_message(messages::kCannotRead, "cannot write: full", &parts));
  EXPECT_FALSE(parse_message(messages::kDuplicateId, "duplicate id \"a\"", &parts));
  EXPECT_FALSE(parse_message(messages::kNoDatabaseAt, "no database at /x", &parts));
  EXPECT_FALSE(parse_message("%s!", "", &parts));
}

TEST(MessageTest, EveryFormatIsListedOnceForTranslation) {
  const auto formats = messages::all_formats();
  const std::vector<std::string> listed(formats.begin(), formats.end());
  EXPECT_EQ(listed.size(), 87u);
  for (const char* format :
       {messages::kNoDatabaseAt, messages::kLinkOutside, messages::kCannotReadFolder,
        messages::kNotADate, messages::kLinkToFolder, messages::kEmptyRoot,
        messages::kEmptyRootMany, messages::kAtError, messages::kFallback,
        messages::kBadSort, messages::kNotShardedByYear}) {
    EXPECT_EQ(std::count(listed.begin(), listed.end(), std::string(format)), 1) << format;
  }
}

}  // namespace
}  // namespace kiosque
