// End to end: queries pasted from elsewhere never hang, crash or stop a
// batch (issue #16). Generous guards, not speed tests: each run must end
// within the test's timeout.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;

class HostileQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    const RunResult indexed = run({kIndex, "--db", db_, kSample});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static TempDir* dir_;
  static std::string db_;
};

TempDir* HostileQueryTest::dir_ = nullptr;
std::string HostileQueryTest::db_;

// The "type query" of each object of a --batch output, in order.
std::vector<std::string> tagged(const std::string& out) {
  std::vector<std::string> s;
  for (const auto& o : json_lines(out)) {
    s.push_back(o.value("type", "?") + " " + o.value("query", "?"));
  }
  return s;
}

TEST_F(HostileQueryTest, AStrayClosingQuoteIsSearchedAsItsWordsWithAWarning) {
  const RunResult r = run({kQuery, "--db", db_, "--json", "funiculaire\u00bb"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: warning: a closing quote has no opening one; searching for "
            "the query's words instead\n");
  EXPECT_EQ(hit_ids(r.out),
            (std::vector<std::string>{
                "sample-corpus/2025-03-20-funiculaire-mont-rouge-reouverture.txt"}));
}

TEST_F(HostileQueryTest, ABatchAnswersEveryLineAfterStrayQuotesAndDeepNesting) {
  const std::string deep = std::string(6000, '(') + "bibliobus" + std::string(6000, ')');
  const std::string input = "\u00bb Macron\nunmatched\u201d\n\u201dcurly quotes\u201d\n" +
                            deep + "\nfuniculaire\n";
  const RunResult r = run({kQuery, "--db", db_, "--batch", "--limit", "1"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: stdin:1: warning: a closing quote has no opening one; "
            "searching for the query's words instead\n"
            "kiosque-query: stdin:2: warning: a closing quote has no opening one; "
            "searching for the query's words instead\n"
            "kiosque-query: stdin:3: warning: a closing quote has no opening one; "
            "searching for the query's words instead\n"
            "kiosque-query: stdin:4: warning: parentheses nested deeper than 32; "
            "searching for the query's words instead\n");
  EXPECT_EQ(tagged(r.out),
            (std::vector<std::string>{
                "hit \u00bb Macron", "summary \u00bb Macron", "summary unmatched\u201d",
                "summary \u201dcurly quotes\u201d", "hit " + deep, "summary " + deep,
                "hit funiculaire", "summary funiculaire"}));
}

}  // namespace
}  // namespace kiosque::testing
