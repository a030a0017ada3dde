// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: HTML pages shaped like French news sites (tests/data/html/),
// indexed with kiosque-index, searched with kiosque-query: the article's
// words are found and no word of the page's furniture is (issue #14, point
// 8); a page nested deeper than the reader's bound is indexed whole, with a
// warning (issue #15, point 4).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::filesystem::path kPages = std::filesystem::path(KIOSQUE_TEST_DATA) / "html";

class HtmlPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    for (const char* page : {"quotidien-regional.html", "quotidien-national.html",
                             "blog.html", "depeche-agence.html"}) {
      write_file(dir_->path() / "archive" / page, read_file(kPages / page));
    }
    const RunResult indexed = run({kIndex, "--db", *dir_ / "db", *dir_ / "archive"});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string count(const std::string& query) {
    const RunResult r = run({kQuery, "--db", *dir_ / "db", "--count", query});
    EXPECT_EQ(r.err, "") << query;
    return r.out;
  }

  static TempDir* dir_;
};

TempDir* HtmlPagesTest::dir_ = nullptr;

TEST_F(HtmlPagesTest, NoWordOfThePagesFurnitureIsFound) {
  std::vector<std::string> found;
  for (const char* word :
       {"Accueil", "Abonnez-vous", "Abonnement", "Newsletter", "cookies",
        "\"Lire aussi\"", "\"Mentions légales\"", "Partager", "Publicité", "Facebook",
        "\"Se connecter\"", "\"Tous droits réservés\"", "Archives",
        "\"Aller au contenu\"", "\"plus lus\"", "\"Laisser un commentaire\"", "inscris",
        "Stade"}) {
    if (count(word) != "0\n") found.push_back(word);
  }
  EXPECT_EQ(found, std::vector<std::string>{});
}

TEST_F(HtmlPagesTest, EveryArticleIsFoundByItsOwnWords) {
  std::vector<std::string> counts;
  for (const char* words : {"Fayolle", "\"coupé le ruban\"", "\"bouclier tarifaire\"",
                            "\"Des économies sur les dépenses\"", "Baraqueville",
                            "reinette", "Capdenac", "reconductible"}) {
    counts.push_back(std::string(words) + " " + count(words));
  }
  EXPECT_EQ(counts,
            (std::vector<std::string>{
                "Fayolle 1\n", "\"coupé le ruban\" 1\n", "\"bouclier tarifaire\" 1\n",
                "\"Des économies sur les dépenses\" 1\n", "Baraqueville 1\n",
                "reinette 1\n", "Capdenac 1\n", "reconductible 1\n"}));
}

// libxml2 alone drops what lies deeper than 256 elements, without a word.
TEST(DeepHtmlTest, TextNestedDeeperThanTheBoundIsIndexedWithAWarning) {
  TempDir dir;
  std::string page = "<html><body><p>Le début de la page.</p>";
  for (int i = 0; i < 1100; ++i) page += "<div>";
  page += "<p>Le dernier mot : ornithorynque.</p>";
  for (int i = 0; i < 1100; ++i) page += "</div>";
  page += "<p>Après les blocs, un tamanoir.</p></body></html>";
  write_file(dir.path() / "archive/profond.html", page);
  const RunResult indexed = run({kIndex, "--db", dir / "db", dir / "archive"});
  EXPECT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_NE(indexed.err.find("profond.html: warning: HTML nested deeper than 1024 "
                             "elements: the text below that depth is read as plain text"),
            std::string::npos)
      << indexed.err;
  for (const char* word : {"début", "ornithorynque", "tamanoir"}) {
    const RunResult r = run({kQuery, "--db", dir / "db", "--count", word});
    EXPECT_EQ(r.out, "1\n") << word;
  }
}

}  // namespace
}  // namespace kiosque::testing
