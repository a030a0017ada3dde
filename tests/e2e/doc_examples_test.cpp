// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: the examples the docs show are what the programs print
// (issue #14: docs/json-output.md showed a date_source the program did not
// give).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::filesystem::path kSample = KIOSQUE_SAMPLE_CORPUS;

// The lines of the first ```json block of `markdown`.
std::string first_json_block(const std::string& markdown) {
  const std::string fence = "```json\n";
  const std::size_t start = markdown.find(fence);
  if (start == std::string::npos) return "";
  const std::size_t body = start + fence.size();
  return markdown.substr(body, markdown.find("```", body) - body);
}

// `objects` without what differs from run to run: the time a search took,
// a modification-time date (the day the file was copied), and the folder
// the sample corpus lies in (an absolute "file" keeps its part from
// "sample-corpus/" on).
std::vector<nlohmann::json> steady(std::vector<nlohmann::json> objects) {
  for (nlohmann::json& o : objects) {
    o.erase("elapsed_ms");
    if (o.value("date_source", "") == "mtime") o["date"] = "(the file's day)";
    if (o.contains("file") && o["file"].is_string()) {
      const std::string file = o["file"];
      const std::size_t at = file.rfind("/sample-corpus/");
      o["file"] = file.front() == '/' && at != std::string::npos ? file.substr(at) : file;
    }
  }
  return objects;
}

TEST(DocExamplesTest, TheJsonOutputExampleIsTheProgramsOutput) {
  const std::string doc = read_file(kSample.parent_path() / "docs/json-output.md");
  const std::vector<nlohmann::json> shown = json_lines(first_json_block(doc));
  ASSERT_EQ(shown.size(), 3u) << doc;
  TempDir dir;
  ASSERT_LE(run({kIndex, "--db", dir / "db", kSample.string()}).exit_code, 1);
  const RunResult r = run(
      {kQuery, "--db", dir / "db", "--json", "--limit", "1", "--facets", "entretien"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(steady(json_lines(r.out)), steady(shown));
}

}  // namespace
}  // namespace kiosque::testing
