// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/ranking.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "../test_files.h"
#include "kiosque/search/acronyms.h"
#include "kiosque/search/query_parser.h"
#include "kiosque/search/search.h"
#include "kiosque/store/database.h"
#include "kiosque/store/document.h"

namespace kiosque {
namespace {

struct Text {
  std::string id, title, body;
};

// A glass database of `texts`, written as the indexer writes them, searched
// through search() as kiosque-query does.
class RankingTest : public ::testing::Test {
 protected:
  void build(const std::vector<Text>& texts) {
    Xapian::WritableDatabase db(dir_ / "db", Xapian::DB_CREATE);
    stamp_analyzer(db);
    for (const Text& t : texts) {
      Article a;
      a.id = t.id;
      a.path = t.id;
      a.title = t.title;
      a.text = t.body;
      PreparedDocument prepared = prepare_document(a, analyzer_);
      db.replace_document(prepared.id_term, prepared.document);
    }
    db.commit();
    db_ = Xapian::Database(dir_ / "db");
  }

  std::vector<std::string> ids(const std::string& text) {
    SearchOptions options;
    options.query = text;
    std::vector<std::string> out;
    for (const Hit& hit : search(db_, analyzer_, options).hits) {
      out.push_back(hit.article.id);
    }
    return out;
  }

  testing::TempDir dir_;
  Xapian::Database db_;
  Analyzer analyzer_;
};

// Filler articles, so that the words of the tests are rare as names are.
std::vector<Text> with_filler(std::vector<Text> texts) {
  for (int i = 0; i < 6; ++i) {
    texts.push_back({"filler" + std::to_string(i), "Conseil municipal",
                     "Le conseil municipal a voté le budget de la commune."});
  }
  return texts;
}

TEST_F(RankingTest, ANameRanksAboveTheCommonWordThatSharesItsStem) {
  // "Gaza" and "gaz" share the stem "gaz"; the gas article is shorter, so
  // on stems alone it would come first for both queries.
  build(with_filler({
      {"gaza", "Nuit de tirs",
       "Des tirs ont visé Gaza hier soir. Gaza est sans courant "
       "depuis deux jours, disent les habitants du quartier."},
      {"gaz", "Prix en hausse", "Le gaz coûte plus cher. Le gaz manque."},
  }));
  EXPECT_EQ(ids("Gaza"), (std::vector<std::string>{"gaza", "gaz"}));
  EXPECT_EQ(ids("gaza"), (std::vector<std::string>{"gaza", "gaz"}));
  EXPECT_EQ(ids("gaz"), (std::vector<std::string>{"gaz", "gaza"}));
}

TEST_F(RankingTest, AnExactFormTypedInTheTitleFieldRanksFirst) {
  build(with_filler({
      {"rove", "Karl Rove entendu", "Le conseiller a été entendu par les juges hier."},
      {"rover", "Le rover avance", "Le rover a parcouru cent mètres."},
  }));
  EXPECT_EQ(ids("titre:Rove"), (std::vector<std::string>{"rove", "rover"}));
}

TEST_F(RankingTest, WordsTypedSideBySideRankTheArticleHoldingThemSideBySide) {
  // "apart" is shorter and holds both words, each once, but far apart.
  build(with_filler({
      {"apart", "Meeting", "Ségolène Dupont parle, puis la famille Royal arrive."},
      {"name", "Meeting",
       "Dans la salle comble de la ville, hier soir, devant des militants "
       "venus de loin, Ségolène Royal a parlé longtemps."},
      {"some", "Meeting", "La famille Royal arrive en retard à la réunion du soir."},
  }));
  // Not an AND: the article with one of the words is still found, last.
  EXPECT_EQ(ids("Ségolène Royal"), (std::vector<std::string>{"name", "apart", "some"}));
  // In the other order the pair is not found, and the shorter article leads.
  EXPECT_EQ(ids("Royal Ségolène"), (std::vector<std::string>{"apart", "name", "some"}));
}

TEST_F(RankingTest, TheProximityPassKeepsTheWholeQuerysWeightsCountsAndPages) {
  build(with_filler({
      {"apart", "Meeting", "Ségolène Dupont parle, puis la famille Royal arrive."},
      {"name", "Meeting",
       "Dans la salle comble de la ville, hier soir, devant des militants "
       "venus de loin, Ségolène Royal a parlé longtemps."},
      {"some", "Meeting", "La famille Royal arrive en retard à la réunion du soir."},
  }));
  SearchOptions options;
  options.query = "Ségolène Royal";
  const SearchResults results = search(db_, analyzer_, options);
  // One pass of the whole query, as a remote search ranks.
  Xapian::Enquire whole(db_);
  whole.set_weighting_scheme(*ranking_weight());
  whole.set_query(results.parsed.query);
  const Xapian::MSet mset = whole.get_mset(0, 10);
  std::vector<double> expected, got;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    expected.push_back(it.get_weight());
  }
  for (const Hit& hit : results.hits) got.push_back(hit.score);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(results.matches, 3u);
  options.offset = 1;
  options.limit = 1;
  const SearchResults second = search(db_, analyzer_, options);
  ASSERT_EQ(second.hits.size(), 1u);
  EXPECT_EQ(second.hits[0].article.id, "apart");
  EXPECT_EQ(second.hits[0].rank, 2u);
  EXPECT_EQ(second.matches, 3u);
}

TEST(RankingQueryTest, APairOfNeighboursGivesAFirstPassWithoutTheirProximity) {
  Analyzer analyzer;
  const ParsedQuery pair = parse_query("Ségolène Royal", analyzer, nullptr);
  EXPECT_NE(pair.query.get_description().find("PHRASE"), std::string::npos);
  ASSERT_FALSE(pair.without_proximity.empty());
  EXPECT_EQ(pair.without_proximity.get_description().find("PHRASE"), std::string::npos);
  EXPECT_TRUE(parse_query("Royal", analyzer, nullptr).without_proximity.empty());
  EXPECT_TRUE(
      parse_query("Royal OR Ségolène", analyzer, nullptr).without_proximity.empty());
  // Filters and exclusions stay in the first pass.
  const ParsedQuery filtered = parse_query("Ségolène Royal -Dupont", analyzer, nullptr);
  EXPECT_NE(filtered.without_proximity.get_description().find("AND_NOT"),
            std::string::npos);
}

TEST_F(RankingTest, AnAcronymInCapitalsAlsoFindsItsExpansionAndRanksItselfFirst) {
  build(with_filler({
      {"sigle", "Vote", "L'ONU a voté une résolution sur la trêve."},
      {"long", "Vote", "Les Nations unies ont voté une résolution sur la trêve."},
      {"parti", "Congrès", "Le Mouvement démocrate tient son congrès."},
  }));
  EXPECT_EQ(ids("ONU"), (std::vector<std::string>{"sigle", "long"}));
  EXPECT_EQ(ids("ONU trêve"), (std::vector<std::string>{"sigle", "long"}));
  // Typed as a word, it is a word.
  EXPECT_EQ(ids("onu"), (std::vector<std::string>{"sigle"}));
  // The other way: the expansion's words also find the acronym.
  EXPECT_EQ(ids("Nations unies"), (std::vector<std::string>{"long", "sigle"}));
  // The usual mixed case and capitals expand; other cases do not.
  EXPECT_EQ(ids("MoDem"), (std::vector<std::string>{"parti"}));
  EXPECT_EQ(ids("MODEM"), (std::vector<std::string>{"parti"}));
  EXPECT_EQ(ids("Modem"), (std::vector<std::string>{}));
}

TEST(AcronymListTest, ReadsEntriesAndFindsThemInTheirCaseOrInCapitals) {
  AcronymList list;
  list.add(
      "# a comment\n"
      "ONU: Nations unies; Organisation des Nations unies\n"
      "no colon here\n"
      "XYZ:\n"
      "MoDem : Mouvement démocrate  # trailing comment\n"
      "ONU: ONU\n");
  ASSERT_NE(list.find("ONU"), nullptr);
  EXPECT_EQ(*list.find("ONU"),
            (std::vector<std::string>{"Nations unies", "Organisation des Nations unies",
                                      "ONU"}));
  EXPECT_EQ(*list.find("MODEM"), (std::vector<std::string>{"Mouvement démocrate"}));
  EXPECT_EQ(*list.find("MoDem"), (std::vector<std::string>{"Mouvement démocrate"}));
  EXPECT_EQ(list.find("onu"), nullptr);
  EXPECT_EQ(list.find("Onu"), nullptr);
  EXPECT_EQ(list.find("Modem"), nullptr);
  EXPECT_EQ(list.find("XYZ"), nullptr);
  EXPECT_EQ(list.entries().size(), 2u);
}

TEST(AcronymListTest, AMalformedLineIsSkippedWithAWarningNamingFileAndLine) {
  AcronymList list;
  list.add(
      "# mes sigles\n"
      "ONU: Nations unies\n"
      "CNIL Commission nationale de l'informatique\n"
      "\n"
      "XYZ:   # nothing yet\n"
      ": Parti communiste\n"
      "PCF: Parti communiste français\n",
      "/home/lea/.config/kiosque/acronyms.txt");
  EXPECT_EQ(list.warnings(),
            (std::vector<std::string>{
                "/home/lea/.config/kiosque/acronyms.txt:3: no ':' after an acronym: line "
                "skipped (expected 'ACRONYM: expansion; expansion')",
                "/home/lea/.config/kiosque/acronyms.txt:5: no expansion after ':': line "
                "skipped (expected 'ACRONYM: expansion; expansion')",
                "/home/lea/.config/kiosque/acronyms.txt:6: no acronym before ':': line "
                "skipped (expected 'ACRONYM: expansion; expansion')"}));
  EXPECT_EQ(list.entries().size(), 2u);
}

TEST(AcronymListTest, TheShippedListHoldsTheFrenchNewsAcronyms) {
  AcronymList list;
  list.add(shipped_acronyms());
  for (const char* acronym :
       {"ONU", "OTAN", "UE", "FMI", "OMS", "SNCF", "EDF", "GDF", "CPI", "UA", "PS", "UMP",
        "FN", "RN", "MoDem", "CGT", "CFDT", "BCE", "AFP"}) {
    EXPECT_NE(list.find(acronym), nullptr) << acronym;
  }
  EXPECT_EQ(*list.find("UE"), (std::vector<std::string>{"Union européenne"}));
  EXPECT_EQ(list.warnings(), (std::vector<std::string>{}));
}

TEST(AcronymListTest, TheUserListIsNamedByTheEnvironment) {
  const char* saved = std::getenv("KIOSQUE_ACRONYMS");
  const std::string old = saved ? saved : "";
  ::setenv("KIOSQUE_ACRONYMS", "/srv/mes-sigles.txt", 1);
  EXPECT_EQ(user_acronyms_path(), std::filesystem::path("/srv/mes-sigles.txt"));
  ::unsetenv("KIOSQUE_ACRONYMS");
  ::setenv("XDG_CONFIG_HOME", "/home/lea/.config", 1);
  EXPECT_EQ(user_acronyms_path(),
            std::filesystem::path("/home/lea/.config/kiosque/acronyms.txt"));
  ::unsetenv("XDG_CONFIG_HOME");
  if (saved) ::setenv("KIOSQUE_ACRONYMS", old.c_str(), 1);
}

TEST(RankingQueryTest, AProximityBoostNeedsTwoNeighbours) {
  EXPECT_TRUE(proximity_query({}).empty());
  EXPECT_TRUE(proximity_query({{"Zroyal", 0}}).empty());
  // A long query (a pasted headline) is found by its words, not by pairs.
  EXPECT_TRUE(
      proximity_query({{"Za", 0}, {"Zb", 0}, {"Zc", 0}, {"Zd", 0}, {"Ze", 0}}).empty());
  EXPECT_FALSE(proximity_query({{"Za", 0}, {"Zb", 0}, {"Zc", 0}, {"Zd", 0}}).empty());
  // A pair across a stop word ("Tour de France") is no boost.
  EXPECT_TRUE(proximity_query({{"Ztour", 0}, {"Zfranc", 1}}).empty());
  EXPECT_EQ(proximity_query({{"Zsegolen", 0}, {"Zroyal", 0}}).get_description(),
            "Query(0.5 * (Zsegolen PHRASE 3 Zroyal))");
}

TEST_F(RankingTest, AHeadlineHoldingTwoOfTheWordsRanksAboveABodyRepeatingThem) {
  // "digest" is short and repeats both words; "story" names them once, in its
  // headline, above a long body about them. On word weights alone the
  // digest comes first.
  build(with_filler({
      {"digest", "Revue de presse",
       "Grève, grève, grève : la réforme encore, la réforme toujours. "
       "Retraites et grève, réforme et grève."},
      {"story", "Réforme des retraites : la grève s'installe",
       "Les syndicats ont appelé hier à reconduire le mouvement dans les "
       "transports, les écoles et les hôpitaux, où les assemblées générales "
       "se sont succédé toute la journée, pendant que le gouvernement "
       "consultait les partenaires sociaux un par un, sans rien céder sur "
       "l'âge de départ ni sur la durée de cotisation."},
  }));
  EXPECT_EQ(ids("réforme grève"), (std::vector<std::string>{"story", "digest"}));
}

TEST(RankingQueryTest, TheHeadlineBoostIsAFixedWeightPerPairOfWordsInTheTitle) {
  EXPECT_EQ(title_pairs_query({"Zsegolen", "Zroyal"}).get_description(),
            "Query((PostingSource(Xapian::FixedWeightPostingSource(wt=4)) FILTER "
            "(Ssegolen AND Sroyal)))");
  EXPECT_TRUE(title_pairs_query({}).empty());
  EXPECT_TRUE(title_pairs_query({"Zroyal"}).empty());
  // A word typed twice is one word; terms of other fields are not paired.
  EXPECT_TRUE(title_pairs_query({"Zroyal", "Zroyal", "XSlemond", ""}).empty());
  // The first six distinct words: 15 pairs.
  const Xapian::Query seven =
      title_pairs_query({"Za", "Zb", "Zc", "Zd", "Ze", "Zf", "Zg"});
  EXPECT_EQ(seven.get_num_subqueries(), 15u);
  EXPECT_EQ(seven.get_description().find("Sg"), std::string::npos);
}

TEST(RankingQueryTest, AWordMatchesByItsStemAndGainsByItsExactForm) {
  EXPECT_EQ(word_query({"Zgaz", "gaza", true}).get_description(),
            "Query((Zgaz AND_MAYBE 0.25 * Egaza))");
  EXPECT_EQ(word_query({"Z2017", "2017", false}).get_description(), "Query(Z2017)");
}

}  // namespace
}  // namespace kiosque
