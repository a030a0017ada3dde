// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: kiosque-query for people (issue #18) over sample-corpus/:
// query mistakes said and the best guess searched, options only before the
// query, counts that agree with the hits listed, and a did-you-mean as the
// archive writes it, with what it finds. Text and --json, literal outputs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;

const std::string kEpisode = "sample-corpus/2021-09-15-episode-cevenol-gard-depeche.txt";
const std::string kGazette =
    "sample-corpus/2021-09-15-gard-villages-coupes-du-monde-gazette.txt";

class QueryPeopleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    const RunResult indexed = run({kIndex, "--db", db_, kSample});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static RunResult query(std::vector<std::string> args,
                         const std::vector<std::string>& env = {}) {
    args.insert(args.begin(), {kQuery, "--db", db_});
    return run(args, "", env);
  }
  // The summary object of a --json output.
  static nlohmann::json summary(const std::string& out) {
    const std::vector<nlohmann::json> lines = json_lines(out);
    return lines.empty() ? nlohmann::json() : lines.back();
  }
  static std::size_t hit_count(const std::vector<std::string>& args) {
    return hit_ids(query(args).out).size();
  }

  static TempDir* dir_;
  static std::string db_;
};

TempDir* QueryPeopleTest::dir_ = nullptr;
std::string QueryPeopleTest::db_;

// --- Options only before the first query word ---------------------------

TEST_F(QueryPeopleTest, AWordStartingWithADashAfterTheFirstWordIsAnExclusion) {
  const RunResult r = query({"--json", "--limit", "100", "Gard", "-Cévennes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(summary(r.out).at("query"), "Gard -Cévennes");
  EXPECT_EQ(hit_ids(r.out),
            (std::vector<std::string>{
                "sample-corpus:kq-sans-date-transhumance",
                "sample-corpus/archive/2019/03/14/bibliobus-ecoles-rurales.txt"}));
}

TEST_F(QueryPeopleTest, OptionsBeforeTheQueryStillCountAndDashDashEndsThem) {
  EXPECT_EQ(hit_count({"-n", "1", "--json", "Gard"}), 1u);
  EXPECT_EQ(hit_count({"-n1", "--json", "Gard"}), 1u);
  EXPECT_EQ(hit_count({"--limit=1", "--json", "Gard"}), 1u);
  // After the first word, "--limit" is a word of the query.
  EXPECT_EQ(summary(query({"--json", "Gard", "--limit", "1"}).out).at("query"),
            "Gard --limit 1");
  EXPECT_EQ(summary(query({"--json", "--", "-Cévennes", "Gard"}).out).at("query"),
            "-Cévennes Gard");
  const RunResult first = query({"-Cévennes", "Gard"});
  EXPECT_EQ(first.exit_code, 2);
  EXPECT_EQ(first.err,
            "kiosque-query: unrecognised option '-Cévennes' (les options viennent avant "
            "la requête ; mettez un mot qui commence par '-' après le premier mot de la "
            "requête, ou après '--') (voir kiosque-query --help)\n");
}

// --- Query mistakes: said, then the best guess searched -----------------

struct Mistake {
  std::string query;
  std::string warning;  // "" for none
  std::vector<std::string> ids;
};

TEST_F(QueryPeopleTest, EachQueryMistakeIsSaidInTextAndJsonAndTheBestGuessSearched) {
  const std::vector<Mistake> mistakes = {
      {"*ardèche",
       "a leading '*' is not supported (words are looked up by how they begin): "
       "searching ardèche instead",
       {"sample-corpus/2023-08-22-canicule-lyon-nuit-record.txt.gz"}},
      {"auteur:Cévennes",
       "unknown field 'auteur:' (the fields are titre:, title:, source:, date:): "
       "searching its value as words",
       {kEpisode, kGazette}},
      {"funiculaire date:2025-02-30",
       "date:2025-02-30 is not a date (2017, 2017-03, 2017-03-01, A..B): searching "
       "without it",
       {"sample-corpus/2025-03-20-funiculaire-mont-rouge-reouverture.txt"}},
      {"funiculaire date:2025-02-30..2025-03",
       "date:2025-02-30..2025-03 is not a date (2017, 2017-03, 2017-03-01, A..B): "
       "searching without it",
       {"sample-corpus/2025-03-20-funiculaire-mont-rouge-reouverture.txt"}},
      {"source:Agence* Cévennes",
       "source:Agence* takes no wildcard: searching source:Agence",
       {}},
      // Lucene's proximity is NEAR/N, not the number 8; a field takes a wildcard.
      {"\"pluies villages\"~8", "", {kEpisode, kGazette}},
      {"titre:Gard*", "", {kEpisode, kGazette}},
  };
  for (const Mistake& m : mistakes) {
    // In English, the language of the JSON warnings (translation_test.cpp
    // has the French).
    const RunResult text = query({"--color=never", "--", m.query}, {"LC_ALL=C"});
    EXPECT_EQ(text.err,
              m.warning.empty() ? "" : "kiosque-query: warning: " + m.warning + "\n")
        << m.query;
    const RunResult json = query({"--json", "--", m.query});
    EXPECT_EQ(json.exit_code, m.ids.empty() ? 1 : 0) << m.query << json.err;
    EXPECT_EQ(summary(json.out).at("warnings"), m.warning.empty()
                                                    ? nlohmann::json::array()
                                                    : nlohmann::json::array({m.warning}))
        << m.query;
    EXPECT_EQ(hit_ids(json.out), m.ids) << m.query;
  }
}

TEST_F(QueryPeopleTest, EveryWarningOfABatchLineIsInItsSummary) {
  const RunResult r = run({kQuery, "--db", db_, "--batch"},
                          "Cévennes\nauteur:Cévennes *ardèche\n", {"LC_MESSAGES=C"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: stdin:2: warning: unknown field 'auteur:' (the fields are "
            "titre:, title:, source:, date:): searching its value as words\n"
            "kiosque-query: stdin:2: warning: a leading '*' is not supported (words are "
            "looked up by how they begin): searching ardèche instead\n");
  std::vector<nlohmann::json> warnings;
  for (const nlohmann::json& o : json_lines(r.out)) {
    if (o.at("type") == "summary") warnings.push_back(o.at("warnings"));
  }
  EXPECT_EQ(
      warnings,
      (std::vector<nlohmann::json>{
          nlohmann::json::array(),
          {"unknown field 'auteur:' (the fields are titre:, title:, source:, date:): "
           "searching its value as words",
           "a leading '*' is not supported (words are looked up by how they begin): "
           "searching ardèche instead"}}));
}

// --- Counts you can trust -----------------------------------------------

// "gard" matches five articles, two of them one story (a reprint).
TEST_F(QueryPeopleTest, CountEqualsTheHitsListedCollapsedOrNot) {
  EXPECT_EQ(query({"--count", "gard"}).out, "4\n");
  EXPECT_EQ(query({"--count", "--no-collapse", "gard"}).out, "5\n");
  EXPECT_EQ(hit_count({"--json", "--limit", "1000", "gard"}), 4u);
  EXPECT_EQ(hit_count({"--json", "--limit", "1000", "--no-collapse", "gard"}), 5u);
  const nlohmann::json s = summary(query({"--json", "--limit", "1", "gard"}).out);
  EXPECT_EQ(s.at("matches"), 4);
  EXPECT_EQ(s.at("matches_exact"), true);
  EXPECT_EQ(s.at("matches_with_reprints"), 5);
  EXPECT_EQ(s.at("matches_estimated"), 4);
}

TEST_F(QueryPeopleTest, TheFirstLineSaysHowManyArticlesAndReprints) {
  const RunResult r = query({"--color=never", "--limit", "1", "gard"});
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 2),
            "4 articles (1 reprise regroupée)\n\n");
  const RunResult all = query({"--color=never", "--limit", "1", "--no-collapse", "gard"});
  EXPECT_EQ(all.out.substr(0, all.out.find('\n') + 2), "5 articles\n\n");
  const RunResult one = query({"--color=never", "funiculaire"});
  EXPECT_EQ(one.out.substr(0, one.out.find('\n') + 2), "1 article\n\n");
}

// Facets count every matching article, the reprint too, and say so.
TEST_F(QueryPeopleTest, FacetsCountReprintsAndSaySo) {
  const RunResult r = query({"--color=never", "--count", "--facets", "gard"});
  EXPECT_EQ(r.out,
            "4\n"
            "Par année (y compris les reprises) :\n"
            "  2019       1\n"
            "  2021       3\n"
            "  sans date  1\n"
            "Par source (y compris les reprises) :\n"
            "  Agence Presse Sud   1\n"
            "  L'Écho des Causses  1\n"
            "  sans source         3\n");
}

// --- Did-you-mean as the archive writes it, with what it finds ----------

TEST_F(QueryPeopleTest, DidYouMeanIsWrittenAsTheArchiveWritesItWithItsCount) {
  const RunResult text = query({"--color=never", "gardd"});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_EQ(text.out,
            "Aucun article ne correspond à « gardd »\n"
            "Essayez avec : Gard (4 articles)\n");
  const RunResult json = query({"--json", "gardd"});
  EXPECT_EQ(json.exit_code, 1);
  const nlohmann::json s = summary(json.out);
  EXPECT_EQ(s.at("suggestion"), "Gard");
  EXPECT_EQ(s.at("suggestion_matches"), 4);
  EXPECT_EQ(s.at("matches"), 0);
}

}  // namespace
}  // namespace kiosque::testing
