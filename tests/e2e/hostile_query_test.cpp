// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: queries pasted from elsewhere never hang, crash or stop a
// batch (issue #16): 6,000 nested parentheses, 500 x "a*", a 1 MB query and
// every stray quotation mark each get an answer, a message naming what was
// done, and exit 0 or 1, within 10 s and 1 GB. Generous guards, not speed
// tests; the memory guard is skipped under sanitizers, which reserve more.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

class HostileQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    const RunResult indexed = run({kIndex, "--db", db_, kSample});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  // kiosque-query --json QUERY, within the guards; a query too long for
  // one argument (128 KiB) goes through --batch. In English, the language
  // of the JSON's warnings, so that stderr and JSON say the same words.
  static RunResult guarded_query(const std::string& query) {
    const auto started = std::chrono::steady_clock::now();
    const RunResult r =
        query.size() < 100000
            ? run({kQuery, "--db", db_, "--json", "--", query}, "", {"LC_MESSAGES=C"})
            : run({kQuery, "--db", db_, "--batch"}, query + "\n", {"LC_MESSAGES=C"});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_LT(seconds, 10.0);
    if (!kSanitized) {
      // The largest child so far (this suite runs nothing bigger).
      rusage usage{};
      getrusage(RUSAGE_CHILDREN, &usage);
      EXPECT_LT(usage.ru_maxrss, 1024L * 1024L) << "KiB";
    }
    return r;
  }

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

// The summary's "warnings" array.
std::vector<std::string> summary_warnings(const std::string& out) {
  const std::vector<nlohmann::json> lines = json_lines(out);
  if (lines.empty()) return {"(no output)"};
  return lines.back().at("warnings").get<std::vector<std::string>>();
}

const std::string kFallback = "; searching for the query's words instead";

TEST_F(HostileQueryTest, AStrayClosingQuoteIsSearchedAsItsWordsWithAWarning) {
  const RunResult r =
      run({kQuery, "--db", db_, "--json", "funiculaire\u00bb"}, "", {"LC_MESSAGES=C"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: warning: a closing quote has no opening one; searching for "
            "the query's words instead\n");
  EXPECT_EQ(hit_ids(r.out),
            (std::vector<std::string>{
                "sample-corpus/2025-03-20-funiculaire-mont-rouge-reouverture.txt"}));
  EXPECT_EQ(summary_warnings(r.out),
            (std::vector<std::string>{"a closing quote has no opening one" + kFallback}));
}

// Every French and English quotation mark, alone before or after a word.
TEST_F(HostileQueryTest, EveryStrayQuotationMarkIsAnsweredWithAWarning) {
  struct Case {
    std::string query, warning;
  };
  const std::string unclosed = "a quote is not closed" + kFallback;
  const std::string unopened = "a closing quote has no opening one" + kFallback;
  const std::vector<Case> cases = {
      {"funiculaire\u00bb", unopened}, {"\u00bb funiculaire", unopened},
      {"funiculaire\u201d", unopened}, {"\u201d funiculaire", unopened},
      {"funiculaire\u201c", unclosed}, {"\u201c funiculaire", unclosed},
      {"funiculaire\u00ab", unclosed}, {"\u00ab funiculaire", unclosed},
      {"funiculaire\u201e", unclosed}, {"\u201e funiculaire", unclosed},
      {"funiculaire\"", unclosed},
  };
  for (const Case& c : cases) {
    const RunResult r = guarded_query(c.query);
    EXPECT_EQ(r.exit_code, 0) << c.query << "\n" << r.err;
    EXPECT_EQ(r.err, "kiosque-query: warning: " + c.warning + "\n") << c.query;
    EXPECT_EQ(summary_warnings(r.out), std::vector<std::string>{c.warning}) << c.query;
    EXPECT_EQ(hit_ids(r.out).size(), 1u) << c.query;
  }
}

TEST_F(HostileQueryTest, SixThousandNestedParenthesesAreCutAndSaid) {
  const std::string deep = std::string(6000, '(') + "bibliobus" + std::string(6000, ')');
  const RunResult r = guarded_query(deep);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: warning: the query is longer than 4096 bytes: searching its "
            "first 4096\n"
            "kiosque-query: warning: parentheses nested deeper than 32; searching for "
            "the query's words instead\n");
}

TEST_F(HostileQueryTest, FiveHundredWildcardsShareOneBudgetOfExpansions) {
  std::string query;
  for (int i = 0; i < 500; ++i) query += "a* ";
  const RunResult r = guarded_query(query);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(summary_warnings(r.out),
            (std::vector<std::string>{
                "the query has more than 200 words: searching its first 200",
                "a* matches more words than the bound of 500 for all the query's "
                "wildcards: searching its 2 most frequent"}));
}

TEST_F(HostileQueryTest, AOneMegabyteQueryIsCutToItsBounds) {
  std::string query;
  while (query.size() < 1024 * 1024) query += "funiculaire ";
  const RunResult r = guarded_query(query);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: stdin:1: warning: the query is longer than 4096 bytes: "
            "searching its first 4096\n"
            "kiosque-query: stdin:1: warning: the query has more than 200 words: "
            "searching its first 200\n");
}

TEST_F(HostileQueryTest, TenThousandWordsAreCutToTwoHundred) {
  std::string query;
  for (int i = 0; i < 10000; ++i) query += "m" + std::to_string(i) + " ";
  const RunResult r = guarded_query(query);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << r.err;
  EXPECT_EQ(summary_warnings(r.out),
            (std::vector<std::string>{
                "the query is longer than 4096 bytes: searching its first 4096",
                "the query has more than 200 words: searching its first 200"}));
}

TEST_F(HostileQueryTest, ABatchAnswersEveryLineAfterStrayQuotesAndDeepNesting) {
  const std::string deep = std::string(6000, '(') + "bibliobus" + std::string(6000, ')');
  const std::string input = "\u00bb Macron\nunmatched\u201d\n\u201dcurly quotes\u201d\n" +
                            deep + "\nfuniculaire\n";
  const RunResult r =
      run({kQuery, "--db", db_, "--batch", "--limit", "1"}, input, {"LC_MESSAGES=C"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: stdin:1: warning: a closing quote has no opening one; "
            "searching for the query's words instead\n"
            "kiosque-query: stdin:2: warning: a closing quote has no opening one; "
            "searching for the query's words instead\n"
            "kiosque-query: stdin:3: warning: a closing quote has no opening one; "
            "searching for the query's words instead\n"
            "kiosque-query: stdin:4: warning: the query is longer than 4096 bytes: "
            "searching its first 4096\n"
            "kiosque-query: stdin:4: warning: parentheses nested deeper than 32; "
            "searching for the query's words instead\n");
  EXPECT_EQ(tagged(r.out),
            (std::vector<std::string>{
                "hit \u00bb Macron", "summary \u00bb Macron", "summary unmatched\u201d",
                "summary \u201dcurly quotes\u201d", "summary " + deep, "hit funiculaire",
                "summary funiculaire"}));
}

}  // namespace
}  // namespace kiosque::testing
