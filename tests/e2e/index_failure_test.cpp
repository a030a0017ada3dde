// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: what kiosque-index does when one record cannot be read (an
// exception while parsing it): that record's failure, not the run's.
#include <gtest/gtest.h>

#include <string>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

// A JSON Lines number out of double's range makes nlohmann throw
// out_of_range while the reader thread parses the record. That used to end
// the run (exit 2, nothing of the file indexed, and the same again every
// night: the file was never recorded as read). Issue #16.5: it is that
// record's problem, at its line; the rest of the file is indexed.
TEST(IndexFailureTest, ANumberOutOfRangeIsThatRecordsFailureAndTheRestIsIndexed) {
  TempDir dir;
  write_file(dir.path() / "archive" / "a.jsonl",
             R"({"id":"bon","title":"Le pont","text":"mots du pont"})"
             "\n");
  write_file(dir.path() / "archive" / "b.jsonl",
             R"({"id":"avant","title":"t","text":"mots du pont"})"
             "\n"
             R"({"id":"x","title":"t","text":"mots","n":1e400})"
             "\n"
             R"({"id":"après","title":"t","text":"mots du pont"})"
             "\n");
  const RunResult r = run({kIndex, "--db", dir / "db", dir / "archive"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err.substr(0, r.err.find('\n') + 1),
            dir / "archive/b.jsonl" +
                ":2: error: record cannot be read: number overflow parsing '1e400'\n");
  EXPECT_NE(r.err.find("3 added, 0 updated, 0 deleted, 0 unchanged, 1 failed"),
            std::string::npos)
      << r.err;
  const RunResult q = run({kQuery, "--db", dir / "db", "--json", "pont"});
  EXPECT_EQ(hit_ids(q.out).size(), 3u) << q.out;

  // The file was recorded as read with its failure: not read (nor reported)
  // again until it changes.
  const RunResult again = run({kIndex, "--db", dir / "db", "--summary", dir / "archive"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 added, 0 updated, 0 deleted, 3 unchanged, 0 failed"),
            std::string::npos)
      << again.err;
}

}  // namespace
}  // namespace kiosque::testing
