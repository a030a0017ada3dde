// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/generation_name.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace kiosque {
namespace {

struct NameCase {
  std::string text;
  GenerationName name;
};

// Every form kiosque writes. These names are on users' disks: a change here
// breaks existing databases.
const std::vector<NameCase> kValidNames = {
    {"g000001", {ShardKind::kWhole, 0, 1}},
    {"g000000", {ShardKind::kWhole, 0, 0}},
    {"g999999", {ShardKind::kWhole, 0, 999999}},
    {"meta-g000001", {ShardKind::kMeta, 0, 1}},
    {"s0-g000001", {ShardKind::kHash, 0, 1}},
    {"s3-g000002", {ShardKind::kHash, 3, 2}},
    {"s12-g000010", {ShardKind::kHash, 12, 10}},
    {"y2017-g000004", {ShardKind::kYear, 2017, 4}},
    {"y0999-g000004", {ShardKind::kYear, 999, 4}},
    {"ynone-g000004", {ShardKind::kUndated, 0, 4}},
};

TEST(GenerationNameTest, EveryValidNameParsesAndFormatsBack) {
  for (const NameCase& c : kValidNames) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(parse_generation_name(c.text), std::optional<GenerationName>(c.name));
    EXPECT_EQ(format_generation_name(c.name), c.text);
  }
}

TEST(GenerationNameTest, AnythingElseIsRefused) {
  const std::vector<std::string> invalid = {
      "",
      "g1",
      "g0000001",
      "G000001",
      "g00000a",
      "s-g000001",
      "s03-g000001",
      "s1234567-g000001",
      "y17-g000001",
      "y20170-g000001",
      "yNONE-g000001",
      "meta-g",
      "meta",
      "meta-",
      "-g000001",
      "x-g000001",
      "live",
      "live-s0",
      "..",
      ".",
      "XAPIANDB",
      "XAPIANDB.new",
      "g000001.new",
      "s1-s2-g000001",
      "meta-g000001 ",
  };
  for (const std::string& text : invalid) {
    EXPECT_EQ(parse_generation_name(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(GenerationNameTest, TheShardLabelIsTheNameBeforeTheGenerationNumber) {
  std::vector<std::string> labels;
  for (const NameCase& c : kValidNames) labels.push_back(shard_label(c.name));
  EXPECT_EQ(labels, (std::vector<std::string>{"", "", "", "meta", "s0", "s3", "s12",
                                              "y2017", "y0999", "ynone"}));
}

TEST(GenerationNameTest, RenumberedKeepsTheShard) {
  EXPECT_EQ(format_generation_name(renumbered({ShardKind::kYear, 2017, 4}, 12)),
            "y2017-g000012");
  EXPECT_EQ(format_generation_name(renumbered({ShardKind::kWhole, 0, 1}, 2)), "g000002");
}

}  // namespace
}  // namespace kiosque
