// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/file_state.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace kiosque {
namespace {

TEST(FileStateTest, KeyIsTheFilePrefixTheRootLabelAndTheRelativePath) {
  EXPECT_EQ(file_state_key("sud", "2020/03/idleb.txt"),
            "kiosque.file:sud/2020/03/idleb.txt");
  EXPECT_EQ(file_state_prefix("sud", ""), "kiosque.file:sud/");
  EXPECT_EQ(file_state_prefix("sud", "2020"), "kiosque.file:sud/2020");
}

TEST(FileStateTest, EncodesAsRootSizeMtimeAndArticlesSeparatedByTabs) {
  EXPECT_EQ(encode_file_state({"/archives/sud", 1234, 1700000000123456789, 3}),
            "/archives/sud\t1234\t1700000000123456789\t3");
}

TEST(FileStateTest, DecodesWhatItEncodes) {
  const std::vector<FileState> states = {
      {"/archives/sud", 1234, 1700000000123456789, 3},
      {"/", 0, 0, 0},
      {"/a\tb", 18446744073709551615ULL, -1, 7},  // a tab in the root survives
      {"", 5, 6, 7},
  };
  for (const FileState& state : states) {
    EXPECT_EQ(decode_file_state(encode_file_state(state)), state) << state.root;
  }
}

TEST(FileStateTest, MalformedValuesDecodeAsNothing) {
  const std::vector<std::string> malformed = {
      "",                                        // a file recorded as gone
      "/archives",                               // no numbers
      "/archives\t12\t34",                       // one number short
      "12\t34\t5",                               // no root field
      "/archives\t12\tabc\t3",                   // not a number
      "/archives\t12\t34\t3x",                   // trailing garbage
      "/archives\t-12\t34\t3",                   // a negative size
      "/archives\t\t34\t3",                      // an empty field
      "/archives\t12\t34\t",                     // an empty last field
      "/archives\t 12\t34\t3",                   // a space before a number
      "/archives\t99999999999999999999\t34\t3",  // out of range
  };
  for (const std::string& value : malformed) {
    EXPECT_EQ(decode_file_state(value), std::nullopt) << value;
  }
}

}  // namespace
}  // namespace kiosque
