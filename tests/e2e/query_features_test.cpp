// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: kiosque-query's facets, duplicate collapsing, more-like-this,
// batch mode and --added-since, over sample-corpus/ and temporary archives.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;

const std::string kMoscou = "sample-corpus/2020-03-06-moscou-ankara-accord-idleb.txt";
const std::vector<std::string> kGardFiles = {
    "sample-corpus/2021-09-15-episode-cevenol-gard-depeche.txt",
    "sample-corpus/2021-09-15-gard-villages-coupes-du-monde-gazette.txt",
    "sample-corpus/archive/2021/09/15/pluies-gard-reprise-integrale.txt"};

std::vector<nlohmann::json> of_type(const std::string& out, const std::string& type) {
  std::vector<nlohmann::json> found;
  for (auto& o : json_lines(out)) {
    if (o.value("type", "") == type) found.push_back(o);
  }
  return found;
}

// The "type" of each object, in order.
std::vector<std::string> types(const std::string& out) {
  std::vector<std::string> s;
  for (const auto& o : json_lines(out)) s.push_back(o.value("type", "?"));
  return s;
}

// "type query" of each object, in order (--batch tags every object).
std::vector<std::string> tagged(const std::string& out) {
  std::vector<std::string> s;
  for (const auto& o : json_lines(out)) {
    s.push_back(o.value("type", "?") + " " + o.value("query", "(untagged)"));
  }
  return s;
}

class QueryFeaturesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    const RunResult indexed = run({kIndex, "--db", db_, kSample});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static RunResult query(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {kQuery, "--db", db_});
    return run(args, input);
  }

  static RunResult query_titles(const std::string& q) {
    return query({"--json", "--limit", "100", q});
  }

  static TempDir* dir_;
  static std::string db_;
};

TempDir* QueryFeaturesTest::dir_ = nullptr;
std::string QueryFeaturesTest::db_;

// Three articles with known years and sources: bibliobus (2019, from its
// folder, no source), funiculaire (2025, Journal des Vallées), transhumance
// (no date, L'Écho des Causses).
const char kThreeArticles[] = "transhumance OU funiculaire OU bibliobus";

// A source whose name starts with an elision is found however its
// apostrophe and accents are typed (issue #14, point 7: it found none).
TEST_F(QueryFeaturesTest, ASourceWithAnElidedArticleIsFoundAsTheFacetsNameIt) {
  const std::vector<std::string> echo = {
      "Flambée des carburants : les agriculteurs et les artisans inquiets",
      "Fête de la transhumance : mille brebis traversent le village",
      "Journées du patrimoine : le château de Montrozier ouvre ses portes pour la "
      "première fois"};
  for (const char* query :
       {"source:\"L'Écho des Causses\"", "source:\"L’Écho des Causses\"",
        "source:\"l'echo des causses\"", "source:\"L'ECHO DES CAUSSES\""}) {
    const RunResult r = query_titles(query);
    std::vector<std::string> titles;
    for (const auto& hit : of_type(r.out, "hit")) titles.push_back(hit.at("title"));
    std::sort(titles.begin(), titles.end());
    EXPECT_EQ(titles, echo) << query;
  }
  const RunResult phare = query({"--count", "source:\"Le Phare de l'Estuaire\""});
  EXPECT_EQ(phare.out, "1\n");
}

TEST_F(QueryFeaturesTest, FacetsCountTheWholeResultSetNotJustThePage) {
  const RunResult r = query({"--json", "--facets", "--limit", "1", kThreeArticles});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(types(r.out), (std::vector<std::string>{"hit", "facets", "summary"}));
  const nlohmann::json facets = of_type(r.out, "facets").at(0);
  EXPECT_EQ(facets, nlohmann::json::parse(R"({"type":"facets",
      "year":{"2019":1,"2025":1,"sans date":1},
      "source":{"Journal des Vallées":1,"L'Écho des Causses":1,"sans source":1}})"));
  EXPECT_EQ(of_type(r.out, "summary").at(0).at("matches_estimated"), 3);
}

TEST_F(QueryFeaturesTest, FacetsForPeopleComeAfterTheHitsAndWorkWithCount) {
  const RunResult r = query({"--color=never", "--count", "--facets", kThreeArticles});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "3\n"
            "Par année (y compris les reprises) :\n"
            "  2019       1\n"
            "  2025       1\n"
            "  sans date  1\n"
            "Par source (y compris les reprises) :\n"
            "  Journal des Vallées  1\n"
            "  L'Écho des Causses   1\n"
            "  sans source          1\n");
  const RunResult none = query({"--color=never", "--count", "--facets", "zzyzxquux"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.out, "0\n");
  const RunResult page =
      query({"--color=never", "--facets", "--limit", "1", kThreeArticles});
  EXPECT_NE(page.out.find("\n\nPar année (y compris les reprises) :\n  2019       1\n"),
            std::string::npos)
      << page.out;
  // --count --json: no hits, the facets and the summary.
  const RunResult json =
      query({"--json", "--count", "--facets", "source:\"Agence Presse Sud\""});
  EXPECT_EQ(types(json.out), (std::vector<std::string>{"facets", "summary"}));
  EXPECT_EQ(of_type(json.out, "facets").at(0).at("year"),
            nlohmann::json::parse(R"({"2017":1,"2019":1,"2020":1,"2021":1,"2023":1})"));
  EXPECT_EQ(of_type(json.out, "facets").at(0).at("source"),
            nlohmann::json::parse(R"({"Agence Presse Sud":5})"));
}

// Depends on the indexer's duplicate groups (schema::kSlotDuplicateGroup) for
// the sample corpus's Gard story: an exact reprint and a near duplicate.
TEST_F(QueryFeaturesTest, AnExactReprintOfTheGardStoryCollapsesIntoItsOriginal) {
  // The depeche and its verbatim reprint are one group; the Gazette's edited
  // version (a reworded sentence, a credit line) is 4 simhash bits away from
  // them, beyond the near-duplicate threshold of 3, and stays its own hit.
  const RunResult r = query({"--json", "hélitreuillages"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<nlohmann::json> hits = of_type(r.out, "hit");
  ASSERT_EQ(hits.size(), 2u) << r.out;
  std::vector<std::pair<std::string, int>> got;
  for (const auto& hit : hits) got.emplace_back(hit.at("id"), hit.at("duplicates"));
  std::sort(got.begin(), got.end());
  EXPECT_EQ(
      got,
      (std::vector<std::pair<std::string, int>>{
          {"sample-corpus/2021-09-15-episode-cevenol-gard-depeche.txt", 1},
          {"sample-corpus/2021-09-15-gard-villages-coupes-du-monde-gazette.txt", 0}}));
  EXPECT_NE(query({"--color=never", "hélitreuillages"}).out.find(" (+1 reprise)\n"),
            std::string::npos);

  const RunResult all = query({"--json", "--no-collapse", "hélitreuillages"});
  std::vector<std::string> ids = hit_ids(all.out);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, kGardFiles);
  for (const auto& hit : of_type(all.out, "hit")) EXPECT_EQ(hit.at("duplicates"), 0);
}

TEST_F(QueryFeaturesTest, HitsWithoutReprintsSayZeroDuplicates) {
  const std::vector<nlohmann::json> hits =
      of_type(query({"--json", "funiculaire"}).out, "hit");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].at("duplicates"), 0);
}

TEST_F(QueryFeaturesTest, LikeListsTheMostSimilarArticlesButNotItself) {
  const RunResult r = query({"--json", "--like", kMoscou});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> ids = hit_ids(r.out);
  ASSERT_GE(ids.size(), 3u) << r.out;
  // The Syria/Turkey ceasefire stories first.
  EXPECT_EQ(std::vector<std::string>(ids.begin(), ids.begin() + 3),
            (std::vector<std::string>{
                "sample-corpus/2020-02-29-elysee-appel-cessez-le-feu-idleb.txt",
                "sample-corpus/000_f346281877cc430f.txt",
                "sample-corpus/2019-10-10-offensive-turque-nord-syrie.txt"}));
  EXPECT_EQ(std::find(ids.begin(), ids.end(), kMoscou), ids.end());
  // Snippets highlight the words that made the articles similar.
  const nlohmann::json first = of_type(r.out, "hit").at(0);
  const std::vector<std::string> lit = highlighted(first);
  EXPECT_NE(std::find(lit.begin(), lit.end(), "Ankara"), lit.end()) << first.dump();
  EXPECT_NE(std::find(lit.begin(), lit.end(), "Moscou"), lit.end()) << first.dump();
  const nlohmann::json summary = of_type(r.out, "summary").at(0);
  EXPECT_EQ(summary.at("like"), kMoscou);
  EXPECT_EQ(summary.at("query"), "");
}

TEST_F(QueryFeaturesTest, LikeWithAQueryKeepsOnlyWhatTheQueryMatches) {
  const RunResult r = query({"--json", "--like", kMoscou, "source:\"Dépêches du Nord\""});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(hit_ids(r.out),
            (std::vector<std::string>{
                "sample-corpus/2019-10-10-offensive-turque-nord-syrie.txt"}));
}

TEST_F(QueryFeaturesTest, LikeAnUnknownIdIsAnError) {
  const RunResult r = query({"--like", "nulle-part.txt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "kiosque-query: aucun article d'identifiant nulle-part.txt\n");
}

TEST_F(QueryFeaturesTest, BatchAnswersEachLineTaggedWithItsQuery) {
  const RunResult r =
      query({"--batch", "--limit", "5"}, "funiculaire\r\n\n   \nbibliobus\nzzyzxquux\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(tagged(r.out), (std::vector<std::string>{
                               "hit funiculaire", "summary funiculaire", "hit bibliobus",
                               "summary bibliobus", "summary zzyzxquux"}));
  EXPECT_EQ(hit_ids(r.out),
            (std::vector<std::string>{
                "sample-corpus/2025-03-20-funiculaire-mont-rouge-reouverture.txt",
                "sample-corpus/archive/2019/03/14/bibliobus-ecoles-rurales.txt"}));
}

TEST_F(QueryFeaturesTest, BatchTakesFiltersAndFacetsAndWarnsByLine) {
  const RunResult r = query({"--batch", "--since", "2025", "--facets"},
                            std::string(kThreeArticles) + "\n\"la Syrie\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "kiosque-query: stdin:2: warning: un guillemet n'est pas fermé : recherche "
            "des mots de la requête à la place\n");
  const std::vector<nlohmann::json> facets = of_type(r.out, "facets");
  ASSERT_EQ(facets.size(), 2u);
  EXPECT_EQ(facets[0], nlohmann::json::parse(R"({"type":"facets","query":
      "transhumance OU funiculaire OU bibliobus","year":{"2025":1},
      "source":{"Journal des Vallées":1}})"));
  EXPECT_EQ(of_type(r.out, "summary").size(), 2u);
}

TEST_F(QueryFeaturesTest, AMalformedAcronymLineIsWarnedOnceNamingFileAndLine) {
  TempDir home;
  const std::string list = home / "sigles.txt";
  write_file(list, "CNIL: Commission nationale de l'informatique\nGIEC Groupe\n");
  const RunResult r = run({kQuery, "--db", db_, "--batch", "--limit", "1"},
                          "funiculaire\nbibliobus\n", {"KIOSQUE_ACRONYMS=" + list});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "kiosque-query: stdin:1: warning: " + list +
                       ":2: pas de ':' après un sigle : ligne ignorée (attendu : 'SIGLE: "
                       "développement; développement')\n");
}

TEST_F(QueryFeaturesTest, BatchExitCodes) {
  EXPECT_EQ(query({"--batch"}, "zzyzxquux\nqwxzzq\n").exit_code, 1);
  EXPECT_EQ(query({"--batch"}, "").exit_code, 1);
  const RunResult with_query = query({"--batch", "Syrie"});
  EXPECT_EQ(with_query.exit_code, 2);
  EXPECT_EQ(with_query.err.rfind(
                "kiosque-query: --batch lit les requêtes sur l'entrée standard", 0),
            0u)
      << with_query.err;
  const RunResult missing =
      run({kQuery, "--db", *dir_ / "nowhere", "--batch"}, "Syrie\n");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err.rfind("kiosque-query: pas de base à ", 0), 0u) << missing.err;
}

// A temporary archive, for what the sample corpus cannot show.
class QueryArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.path() / "archive/a.txt",
               "Fête au village\n\nUne kermesse au village.\n");
    write_file(dir_.path() / "archive/b.txt",
               "Fête d'école\n\nLa kermesse de l'école.\n");
    write_file(dir_.path() / "archive/c.txt",
               "Fête paroissiale\n\nLa kermesse du curé.\n");
  }
  RunResult index() { return run({kIndex, "--db", dir_ / "db", dir_ / "archive"}); }
  RunResult query(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {kQuery, "--db", dir_ / "db"});
    return run(args, input);
  }
  std::vector<std::string> sorted_ids(std::vector<std::string> args) {
    args.insert(args.begin(), {"--json", "--no-collapse"});
    std::vector<std::string> ids = hit_ids(query(args).out);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  // Sets value `slot` of article `id` as the indexer would have.
  void set_value(const std::string& id, Xapian::valueno slot, const std::string& value) {
    Xapian::WritableDatabase db(dir_ / "db", Xapian::DB_OPEN);
    Xapian::PostingIterator p = db.postlist_begin("Q" + id);
    ASSERT_NE(p, db.postlist_end("Q" + id)) << id;
    Xapian::Document doc = db.get_document(*p);
    doc.add_value(slot, value);
    db.replace_document(*p, doc);
    db.commit();
  }
  TempDir dir_;
};

constexpr Xapian::valueno kSlotIndexedAt = 3;       // schema::kSlotIndexedAt
constexpr Xapian::valueno kSlotDuplicateGroup = 6;  // schema::kSlotDuplicateGroup

TEST_F(QueryArchiveTest, CollapseFollowsTheDuplicateGroupSlot) {
  ASSERT_EQ(index().exit_code, 0);
  set_value("archive/a.txt", kSlotDuplicateGroup, "archive/a.txt");
  set_value("archive/c.txt", kSlotDuplicateGroup, "archive/a.txt");
  const RunResult r = query({"--json", "kermesse"});
  std::vector<nlohmann::json> hits = of_type(r.out, "hit");
  ASSERT_EQ(hits.size(), 2u) << r.out;
  if (hits[0].at("id") == "archive/b.txt") std::swap(hits[0], hits[1]);
  EXPECT_EQ(hits[1].at("id"), "archive/b.txt");
  EXPECT_EQ(hits[1].at("duplicates"), 0);
  EXPECT_TRUE(hits[0].at("id") == "archive/a.txt" || hits[0].at("id") == "archive/c.txt")
      << hits[0];
  EXPECT_EQ(hits[0].at("duplicates"), 1);
  EXPECT_EQ(
      sorted_ids({"kermesse"}),
      (std::vector<std::string>{"archive/a.txt", "archive/b.txt", "archive/c.txt"}));
  EXPECT_NE(query({"--color=never", "kermesse"}).out.find(" (+1 reprise)\n"),
            std::string::npos);
}

TEST_F(QueryArchiveTest, AddedSinceKeepsArticlesIndexedFromThatTime) {
  const double before = static_cast<double>(std::time(nullptr));
  ASSERT_EQ(index().exit_code, 0);
  const std::string now = "@" + std::to_string(static_cast<long long>(before));
  EXPECT_EQ(
      sorted_ids({"--added-since", now, "kermesse"}),
      (std::vector<std::string>{"archive/a.txt", "archive/b.txt", "archive/c.txt"}));

  // 2026-11-24T12:00:00Z, 2026-11-25T20:00:00Z, 2026-11-25T20:00:00Z.
  set_value("archive/a.txt", kSlotIndexedAt, Xapian::sortable_serialise(1795521600));
  set_value("archive/b.txt", kSlotIndexedAt, Xapian::sortable_serialise(1795636800));
  set_value("archive/c.txt", kSlotIndexedAt, Xapian::sortable_serialise(1795636800));
  const std::vector<std::string> b_c = {"archive/b.txt", "archive/c.txt"};
  EXPECT_EQ(sorted_ids({"--added-since", "2026-11-25", "kermesse"}), b_c);
  EXPECT_EQ(sorted_ids({"--added-since", "2026-11-25T20:00:00Z", "kermesse"}), b_c);
  EXPECT_EQ(sorted_ids({"--added-since", "2026-11-25T21:00:00+01:00", "kermesse"}), b_c);
  EXPECT_EQ(sorted_ids({"--added-since", "@1795636800", "kermesse"}), b_c);
  EXPECT_EQ(
      sorted_ids({"--added-since", "2026-11-24", "kermesse"}),
      (std::vector<std::string>{"archive/a.txt", "archive/b.txt", "archive/c.txt"}));
  const RunResult later = query({"--added-since", "2026-11-25T20:00:01Z", "kermesse"});
  EXPECT_EQ(later.exit_code, 1);
  EXPECT_EQ(later.out, "Aucun article ne correspond à « kermesse »\n");
  // Alerts: a batch of saved searches over what came in since the last run.
  const RunResult alerts =
      query({"--batch", "--added-since", "@1795636800", "--sort", "-date"},
            "kermesse\nvillage\n");
  EXPECT_EQ(alerts.exit_code, 0) << alerts.err;
  EXPECT_EQ(tagged(alerts.out),
            (std::vector<std::string>{"hit kermesse", "hit kermesse", "summary kermesse",
                                      "summary village"}));

  const RunResult bad = query({"--added-since", "2026-02-30", "kermesse"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(
      bad.err,
      "kiosque-query: --added-since: '2026-02-30' n'est pas un instant (2026-11-25, "
      "2026-11-25T20:00:00Z ou @SECONDES_UNIX) (voir kiosque-query --help)\n");
}

TEST_F(QueryArchiveTest, BatchSeesWhatTheIndexerCommitsMeanwhile) {
  ASSERT_EQ(index().exit_code, 0);
  write_file(dir_.path() / "archive/d.txt", "Bibliobus\n\nLe bibliobus passe.\n");
  // The second line is written only once the first one was answered, after
  // the indexer added d.txt: the open batch must see it.
  const std::string out = dir_ / "out.jsonl";
  const std::string script =
      "(echo bibliobus; i=0; until grep -q summary '" + out +
      "' 2>/dev/null || [ $i -ge 400 ]; do sleep 0.05; i=$((i+1)); done; '" + kIndex +
      "' --db '" + (dir_ / "db") + "' '" + (dir_ / "archive") + "'; echo bibliobus) | '" +
      kQuery + "' --db '" + (dir_ / "db") + "' --batch > '" + out + "'";
  const RunResult r = run({"/bin/sh", "-c", script});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string text = read_file(out);
  EXPECT_EQ(tagged(text), (std::vector<std::string>{"summary bibliobus", "hit bibliobus",
                                                    "summary bibliobus"}));
}

}  // namespace
}  // namespace kiosque::testing
