// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: one language for people (issue #18, point 7). Both programs
// speak French under LANG=fr_FR.UTF-8 and English under LANG=C, from the
// build tree's catalogue; what scripts read (the JSON, the indexer's
// summary line, the `error|warning|note:` words, exit codes) is the same
// bytes in both. Literal outputs.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;
const std::vector<std::string> kFrench = {"LANG=fr_FR.UTF-8",
                                          "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="};
const std::vector<std::string> kEnglish = {"LANG=C",
                                           "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="};

class TranslationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    const RunResult indexed = run({kIndex, "--db", db_, kSample});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override {
    if (!has_locale("fr_FR.UTF-8")) {
      GTEST_SKIP() << "the fr_FR.UTF-8 locale is not installed (scripts/setup-deps "
                      "generates it): French messages cannot be tested";
    }
  }
  static RunResult query(std::vector<std::string> args,
                         const std::vector<std::string>& env) {
    args.insert(args.begin(), {kQuery, "--db", db_});
    return run(args, "", env);
  }
  // An archive with one good record and one that is not JSON, indexed
  // into a database of its own under `env`.
  static RunResult index_bad_record(const TempDir& dir,
                                    const std::vector<std::string>& env) {
    write_file(dir.path() / "archive/fil.jsonl",
               "{\"id\":\"1\",\"title\":\"Crue\",\"date\":\"2021-09-15\",\"text\":\"La "
               "Loire déborde.\"}\n"
               "pas du JSON\n");
    write_file(dir.path() / "archive/vide.txt", "");
    return run({kIndex, "--db", dir / "db", "--summary", dir / "archive"}, "", env);
  }

  static TempDir* dir_;
  static std::string db_;
};

TempDir* TranslationTest::dir_ = nullptr;
std::string TranslationTest::db_;

// The elapsed times, the only bytes that differ between two runs.
std::string without_times(const std::string& text) {
  static const std::regex elapsed_ms(R"("elapsed_ms":[0-9.e+-]+)");
  static const std::regex rate(R"([0-9]+\.[0-9]{2} s, [0-9]+ articles/s)");
  return std::regex_replace(std::regex_replace(text, elapsed_ms, "\"elapsed_ms\":T"),
                            rate, "T s, R articles/s");
}

TEST_F(TranslationTest, AQueryWithResultsCountsInTheUsersLanguage) {
  const std::vector<std::string> args = {
      "--color=never", "--facets", "--limit", "1", "--", "Gard"};
  const RunResult french = query(args, kFrench);
  EXPECT_EQ(french.exit_code, 0) << french.err;
  EXPECT_EQ(french.out.substr(0, french.out.find('\n') + 1),
            "4 articles (1 reprise regroupée)\n");
  EXPECT_NE(french.out.find("(+1 reprise)\n"), std::string::npos) << french.out;
  EXPECT_NE(french.out.find("Par année (y compris les reprises) :\n"), std::string::npos);
  EXPECT_NE(french.out.find("  sans date  1\n"), std::string::npos) << french.out;
  const RunResult english = query(args, kEnglish);
  EXPECT_EQ(english.exit_code, 0) << english.err;
  EXPECT_EQ(english.out.substr(0, english.out.find('\n') + 1),
            "4 articles (1 reprint grouped)\n");
  EXPECT_NE(english.out.find("(+1 reprint)\n"), std::string::npos) << english.out;
  EXPECT_NE(english.out.find("By year (reprints included):\n"), std::string::npos);
  EXPECT_NE(english.out.find("  no date  1\n"), std::string::npos) << english.out;
}

TEST_F(TranslationTest, NothingFoundAndTheSuggestionInTheUsersLanguage) {
  const RunResult french = query({"--color=never", "gardd"}, kFrench);
  EXPECT_EQ(french.exit_code, 1);
  EXPECT_EQ(french.out,
            "Aucun article ne correspond à « gardd »\n"
            "Essayez avec : Gard (4 articles)\n");
  const RunResult english = query({"--color=never", "gardd"}, kEnglish);
  EXPECT_EQ(english.exit_code, 1);
  EXPECT_EQ(english.out,
            "No article matches “gardd”\n"
            "Try: Gard (4 articles)\n");
}

TEST_F(TranslationTest, WarningsKeepTheirEnglishWordAndTranslateTheirReason) {
  const RunResult french = query({"--count", "date:2017-13", "Gard"}, kFrench);
  EXPECT_EQ(french.err,
            "kiosque-query: warning: date:2017-13 n'est pas une date (2017, 2017-03, "
            "2017-03-01, A..B) : recherche sans elle\n");
  const RunResult english = query({"--count", "date:2017-13", "Gard"}, kEnglish);
  EXPECT_EQ(english.err,
            "kiosque-query: warning: date:2017-13 is not a date (2017, 2017-03, "
            "2017-03-01, A..B): searching without it\n");
  EXPECT_EQ(french.out, english.out);
  EXPECT_EQ(french.exit_code, english.exit_code);
}

TEST_F(TranslationTest, JsonIsTheSameBytesInEveryLanguageWarningsIncluded) {
  const std::vector<std::string> args = {"--json", "--facets", "date:2017-13", "Gard"};
  const RunResult french = query(args, kFrench);
  const RunResult english = query(args, kEnglish);
  EXPECT_EQ(french.exit_code, 0) << french.err;
  EXPECT_EQ(french.exit_code, english.exit_code);
  EXPECT_EQ(without_times(french.out), without_times(english.out));
  const nlohmann::json summary = json_lines(english.out).back();
  EXPECT_EQ(summary.at("warnings"),
            (nlohmann::json{"date:2017-13 is not a date (2017, 2017-03, 2017-03-01, "
                            "A..B): searching without it"}));
  const RunResult none_french = query({"--json", "gardd"}, kFrench);
  const RunResult none_english = query({"--json", "gardd"}, kEnglish);
  EXPECT_EQ(without_times(none_french.out), without_times(none_english.out));
}

TEST_F(TranslationTest, ErrorsOfTheLibraryAreTranslatedWhereShown) {
  const TempDir dir;
  const RunResult french = query({"--db", dir / "nowhere", "Gard"}, kFrench);
  EXPECT_EQ(french.exit_code, 2);
  EXPECT_EQ(french.err, "kiosque-query: pas de base à " + (dir / "nowhere") +
                            " (créez-en une avec kiosque-index, ou donnez --db)\n");
  const RunResult english = query({"--db", dir / "nowhere", "Gard"}, kEnglish);
  EXPECT_EQ(english.exit_code, 2);
  EXPECT_EQ(english.err, "kiosque-query: no database at " + (dir / "nowhere") +
                             " (build one with kiosque-index, or give --db)\n");
}

TEST_F(TranslationTest, IndexerDiagnosticsAreTranslatedAndTheSummaryLineIsNot) {
  const TempDir in_french, in_english;
  const RunResult french = index_bad_record(in_french, kFrench);
  const RunResult english = index_bad_record(in_english, kEnglish);
  EXPECT_EQ(french.exit_code, 1);
  EXPECT_EQ(english.exit_code, 1);
  const std::string fil = "/archive/fil.jsonl:2: error: ";
  const std::string json_error =
      "parse error at line 1, column 1: syntax error while parsing value - invalid "
      "literal; last read: 'p'\n";
  EXPECT_EQ(without_times(french.err),
            in_french.path().string() + fil + "la ligne n'est pas du JSON valide : " +
                json_error + in_french / "archive/vide.txt" + ": error: fichier vide\n" +
                "kiosque-index: 1 added, 0 updated, 0 deleted, 0 unchanged, 2 failed, "
                "T s, R articles/s\n");
  EXPECT_EQ(without_times(english.err),
            in_english.path().string() + fil + "line is not valid JSON: " + json_error +
                in_english / "archive/vide.txt" + ": error: empty file\n" +
                "kiosque-index: 1 added, 0 updated, 0 deleted, 0 unchanged, 2 failed, "
                "T s, R articles/s\n");
}

TEST_F(TranslationTest, UsageErrorsAreTranslated) {
  const RunResult french =
      run({kIndex, "--db", *dir_ / "x", "--jobs", "0", kSample}, "", kFrench);
  EXPECT_EQ(french.exit_code, 2);
  EXPECT_EQ(french.err,
            "kiosque-index: --jobs doit valoir au moins 1 (voir kiosque-index --help)\n");
  const RunResult english =
      run({kIndex, "--db", *dir_ / "x", "--jobs", "0", kSample}, "", kEnglish);
  EXPECT_EQ(english.err,
            "kiosque-index: --jobs must be at least 1 (see kiosque-index --help)\n");
}

// As Debian tools: LANGUAGE chooses among translations only when the
// locale is not C, so cron's LANG=C gets English whatever LANGUAGE says.
TEST_F(TranslationTest, LanguageIsIgnoredUnderTheCLocaleAndHonouredOtherwise) {
  const RunResult c = query({"--color=never", "gardd"},
                            {"LANG=C", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=fr"});
  EXPECT_EQ(c.out, "No article matches “gardd”\nTry: Gard (4 articles)\n");
  const RunResult messages =
      query({"--color=never", "gardd"},
            {"LANG=C", "LC_ALL=", "LC_MESSAGES=fr_FR.UTF-8", "LANGUAGE="});
  EXPECT_EQ(
      messages.out,
      "Aucun article ne correspond à « gardd »\nEssayez avec : Gard (4 articles)\n");
}

}  // namespace
}  // namespace kiosque::testing
