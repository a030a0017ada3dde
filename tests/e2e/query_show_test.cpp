// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: kiosque-query --show ID prints the whole stored article, in
// text and JSON, with the absolute path of its file, on a plain and on a
// sharded database; hits show a path a person can open, and the URL
// (issue #18, "Reading an article"). Literal outputs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

constexpr char kId[] = "archive/2021/03/16/crue.txt";

// An archive of one article: dated by its folders, with an escape sequence
// in its text that must never reach the terminal.
class QueryShowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.path() / "archive/2021/03/16/crue.txt",
               "---\n"
               "title: La Loire en crue à Orléans\n"
               "source: Le Courrier du Loiret\n"
               "url: https://courrier.example/2021/crue\n"
               "author: Jeanne Martin\n"
               "---\n"
               "La Loire est sortie de son lit mardi soir, inondant les quais et "
               "plusieurs caves du centre historique.\n"
               "Les pompiers\x1b[31m ont évacué trois familles.\n");
    file_ = (dir_.path() / "archive/2021/03/16/crue.txt").string();
  }

  RunResult index(const std::vector<std::string>& options = {}) {
    std::vector<std::string> argv = {kIndex, "--db", dir_ / "db"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(dir_ / "archive");
    return run(argv);
  }
  RunResult query(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {kQuery, "--db", dir_ / "db"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, "", {"COLUMNS=40"});
  }
  std::string expected_text() const {
    return "La Loire en crue à Orléans\n"
           "Date : 2021-03-16 (tirée des dossiers du chemin)\n"
           "Source : Le Courrier du Loiret\n"
           "Auteur : Jeanne Martin\n"
           "URL : https://courrier.example/2021/crue\n"
           "Fichier : " +
           file_ +
           "\n"
           "Id : archive/2021/03/16/crue.txt\n"
           "\n"
           "La Loire est sortie de son lit mardi\n"
           "soir, inondant les quais et plusieurs\n"
           "caves du centre historique.\n"
           "\n"
           "Les pompiers [31m ont évacué trois\n"
           "familles.\n";
  }
  nlohmann::json expected_json() const {
    return {
        {"type", "article"},
        {"id", kId},
        {"title", "La Loire en crue à Orléans"},
        {"date", "2021-03-16"},
        {"date_source", "path"},
        {"date_precision", "day"},
        {"source", "Le Courrier du Loiret"},
        {"author", "Jeanne Martin"},
        {"url", "https://courrier.example/2021/crue"},
        {"path", "2021/03/16/crue.txt"},
        {"file", file_},
        {"text",
         "La Loire est sortie de son lit mardi soir, inondant les quais et plusieurs "
         "caves du centre historique.\nLes pompiers\x1b[31m ont évacué trois familles."},
    };
  }

  TempDir dir_;
  std::string file_;
};

TEST_F(QueryShowTest, ShowPrintsTheWholeArticleWrappedAndSanitisedWithItsFile) {
  ASSERT_EQ(index().exit_code, 0);
  const RunResult r = query({"--show", kId});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, expected_text());
}

TEST_F(QueryShowTest, ShowJsonIsOneObjectWithTheTextAsStored) {
  ASSERT_EQ(index().exit_code, 0);
  const RunResult r = query({"--json", "--show", kId});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json_lines(r.out), (std::vector<nlohmann::json>{expected_json()}));
}

TEST_F(QueryShowTest, AnUnknownIdIsSaidAndExitsOne) {
  ASSERT_EQ(index().exit_code, 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--show", "archive/nulle-part.txt"},
        std::vector<std::string>{"--json", "--show", "archive/nulle-part.txt"}}) {
    const RunResult r = query(args);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "kiosque-query: aucun article d'identifiant archive/nulle-part.txt\n");
  }
}

TEST_F(QueryShowTest, ShowWorksOnAShardedDatabase) {
  ASSERT_EQ(index({"--shards", "2"}).exit_code, 0);
  EXPECT_EQ(query({"--show", kId}).out, expected_text());
  EXPECT_EQ(json_lines(query({"--json", "--show", kId}).out),
            (std::vector<nlohmann::json>{expected_json()}));
}

TEST_F(QueryShowTest, ShowTakesNoQuery) {
  const RunResult r = query({"--show", kId, "crue"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.err,
      "kiosque-query: --show ID ne prend pas de REQUÊTE (voir kiosque-query --help)\n");
}

// From the archive's parent folder, the relative path is the shorter one.
TEST_F(QueryShowTest, HitsShowAPathToOpenAndTheUrl) {
  ASSERT_EQ(index().exit_code, 0);
  const RunResult r =
      run({"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir_.path().string(), kQuery,
           "--db", dir_ / "db", "--color=never", "crue"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // The hit's second line; the snippet's layout is not this test's business.
  const std::size_t second = r.out.find("\n   ") + 1;
  EXPECT_EQ(r.out.substr(second, r.out.find('\n', second) - second + 1),
            "   2021-03-16 · Le Courrier du Loiret · archive/2021/03/16/crue.txt · "
            "https://courrier.example/2021/crue\n");
  const std::vector<nlohmann::json> json = json_lines(query({"--json", "crue"}).out);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0].at("file"), file_);
  EXPECT_EQ(json[0].at("path"), "2021/03/16/crue.txt");
}

}  // namespace
}  // namespace kiosque::testing
