// End to end: what kiosque-index does when the run itself cannot go on (an
// exception while reading or analysing, rather than a bad article that the
// readers report as a problem).
#include <gtest/gtest.h>

#include <string>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;

// A JSON Lines number out of double's range makes nlohmann throw
// out_of_range while the reader thread parses the record. Before the reader
// thread captured its exceptions this was std::terminate (exit 134, no
// message); now it ends the run like any other error: one line, exit 2.
TEST(IndexFailureTest, AnExceptionOnTheReaderThreadEndsTheRunWithExit2AndTheFile) {
  TempDir dir;
  write_file(dir.path() / "archive" / "a.jsonl",
             R"({"id":"bon","title":"Le pont","text":"mots du pont"})"
             "\n");
  write_file(dir.path() / "archive" / "b.jsonl",
             R"({"id":"x","title":"t","text":"mots","n":1e400})"
             "\n");
  const RunResult r = run({kIndex, "--db", dir / "db", dir / "archive"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("kiosque-index: " + (dir / "archive") + "/b.jsonl: ", 0), 0u)
      << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;  // one line

  // Once the record is fixed, the next run reads only what was not whole:
  // a.jsonl was written and recorded before b.jsonl failed (kept, as after an
  // interruption), b.jsonl was never recorded as read.
  write_file(dir.path() / "archive" / "b.jsonl", R"({"id":"x","title":"t","text":"mots"})"
                                                 "\n");
  const RunResult again = run({kIndex, "--db", dir / "db", "--summary", dir / "archive"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("1 added, 0 updated, 0 deleted, 1 unchanged, 0 failed"),
            std::string::npos)
      << again.err;
}

}  // namespace
}  // namespace kiosque::testing
