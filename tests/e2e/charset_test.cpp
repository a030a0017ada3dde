// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: an archive in a legacy charset is indexed as the unit-tested
// reader reads it, so that a Latin-1 JSON Lines file is found with its
// accents intact (issue #13, defect 2: the indexer read such a file as
// "Caf\uFFFD").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

// Latin-1 bytes, with the cp1252 "œ" (0x9C) that old French archives use.
constexpr char kLatin1Records[] =
    "{\"id\": \"cafe\", \"title\": \"Caf\xE9\", \"text\": \"Le caf\xE9 \xE0 "
    "l'\x9C"
    "uvre rouvre ses portes.\"}\n"
    "{\"id\": \"gare\", \"title\": \"Gare\", \"text\": \"La gare ferme.\"}\n";

TEST(CharsetTest, ALatin1JsonLinesArchiveIsIndexedWithItsAccents) {
  TempDir dir;
  write_file(dir.path() / "archive/fil.jsonl", kLatin1Records);
  const RunResult indexed = run({kIndex, "--db", dir / "db", dir / "archive"});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;

  const RunResult found = run({kQuery, "--db", dir / "db", "--json", "café"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  std::vector<std::string> titles;
  std::vector<std::string> snippets;
  for (const nlohmann::json& line : json_lines(found.out)) {
    if (line.value("type", "") != "hit") continue;
    titles.push_back(line.at("title").get<std::string>());
    snippets.push_back(line.at("snippet").get<std::string>());
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"Café"}));
  EXPECT_EQ(snippets, (std::vector<std::string>{"Le café à l'œuvre rouvre ses portes."}));
}

}  // namespace
}  // namespace kiosque::testing
