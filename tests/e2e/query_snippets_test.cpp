// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: snippets and titles for people (issue #18, "Snippets"): stop
// words never highlighted on their own, phrases and acronym expansions
// whole, the words found highlighted in the title too, text wrapped at word
// boundaries to the width with a hanging indent, and highlights marked
// *mot* wherever there is no colour. Literal outputs, over a small archive.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

constexpr char kArchive[] =
    R"({"id": "visite", "title": "Le président de la République en visite à Lyon", )"
    R"("date": "2024-03-05", "source": "La Gazette", "url": "https://gazette.example/1", )"
    R"("text": "Le président de la République a visité mardi la ville de Lyon et )"
    R"(rencontré le maire dans la matinée, avant un déjeuner de travail avec les )"
    R"(élus de la région."})"
    "\n"
    R"({"id": "treve", "title": "L'ONU demande une trêve", "date": "2024-03-06", )"
    R"("source": "La Gazette", "url": "https://gazette.example/2", "text": "Les )"
    R"(Nations unies ont demandé une trêve humanitaire. Le secrétaire général de )"
    R"(l'Organisation des Nations unies s'exprimera jeudi."})"
    "\n";

class QuerySnippetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    write_file(dir_->path() / "archive/gazette.jsonl", kArchive);
    const RunResult indexed = run({kIndex, "--db", db_, *dir_ / "archive"});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  // kiosque-query's output into a pipe, `columns` wide (COLUMNS).
  static RunResult query(std::vector<std::string> args, const std::string& columns = "80",
                         std::vector<std::string> env = {}) {
    args.insert(args.begin(), {kQuery, "--db", db_});
    env.push_back("COLUMNS=" + columns);
    return run(args, "", env);
  }

  // Where the hits say their file is: its absolute path.
  static std::string gazette() { return *dir_ / "archive/gazette.jsonl"; }

  static TempDir* dir_;
  static std::string db_;
};

TempDir* QuerySnippetsTest::dir_ = nullptr;
std::string QuerySnippetsTest::db_;

// Issue #18: 'le président de la République' lit de, la and le nine times.
TEST_F(QuerySnippetsTest, StopWordsAreNeverHighlightedOnTheirOwn) {
  const RunResult r = query({"--color=never", "le président de la République"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "1 article\n"
      "\n"
      "1. Le *président* de la *République* en visite à Lyon\n"
      "   2024-03-05 · La Gazette · " +
          gazette() +
          " · https://gazette.example/1\n"
          "   Le *président* de la *République* a visité mardi la ville de Lyon et\n"
          "   rencontré le maire dans la matinée, avant un déjeuner de travail avec les\n"
          "   élus de la région.\n"
          "\n");
}

TEST_F(QuerySnippetsTest, APhraseIsHighlightedWholeStopWordsIncluded) {
  const RunResult r = query({"--color=never", "\"président de la République\""});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1 article\n"
            "\n"
            "1. Le *président de la République* en visite à Lyon\n"
            "   2024-03-05 · La Gazette · " +
                gazette() +
                " · https://gazette.example/1\n"
                "   Le *président de la République* a visité mardi la ville de Lyon et "
                "rencontré\n"
                "   le maire dans la matinée, avant un déjeuner de travail avec les élus "
                "de la\n"
                "   région.\n"
                "\n");
}

TEST_F(QuerySnippetsTest, AnAcronymHighlightsItsExpansionsInTheSnippetAndTheTitle) {
  const RunResult r = query({"--color=never", "ONU"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1 article\n"
            "\n"
            "1. *L'ONU* demande une trêve\n"
            "   2024-03-06 · La Gazette · " +
                gazette() +
                " · https://gazette.example/2\n"
                "   Les *Nations unies* ont demandé une trêve humanitaire. Le secrétaire "
                "général\n"
                "   de *l'Organisation des Nations unies* s'exprimera jeudi.\n"
                "\n");
}

// The marker's two columns count in the width; a highlighted phrase may be
// cut by a line end like any other words.
TEST_F(QuerySnippetsTest, TitleAndSnippetAreWrappedAtWordsWithAHangingIndent) {
  const RunResult r =
      query({"--color=never", "\"président de la République\" Lyon"}, "30");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1 article\n"
            "\n"
            "1. Le *président de la\n"
            "   République* en visite à\n"
            "   *Lyon*\n"
            "   2024-03-05 · La Gazette · " +
                gazette() +
                " · https://gazette.example/1\n"
                "   Le *président de la\n"
                "   République* a visité mardi\n"
                "   la ville de *Lyon* et\n"
                "   rencontré le maire dans la\n"
                "   matinée, avant un déjeuner\n"
                "   de travail avec les élus de\n"
                "   la région.\n"
                "\n");
}

TEST_F(QuerySnippetsTest, NoColorAndAPipeMarkTheHighlights) {
  const std::string marked =
      "1 article\n"
      "\n"
      "1. *L'ONU* demande une trêve\n"
      "   2024-03-06 · La Gazette · " +
      gazette() +
      " · https://gazette.example/2\n"
      "   Les *Nations unies* ont demandé une trêve humanitaire. Le secrétaire général\n"
      "   de *l'Organisation des Nations unies* s'exprimera jeudi.\n"
      "\n";
  EXPECT_EQ(query({"ONU"}).out, marked);  // --color auto, into a pipe
  EXPECT_EQ(query({"ONU"}, "80", {"NO_COLOR=1"}).out, marked);
  EXPECT_EQ(query({"--color=auto", "ONU"}, "80", {"NO_COLOR=1", "TERM=xterm"}).out,
            marked);
}

// Colour codes take no column, and each line closes its colours: the indent
// is never coloured.
TEST_F(QuerySnippetsTest, ColorAlwaysColoursTheHighlightsWithoutMarkers) {
  const RunResult r =
      query({"--color=always", "\"président de la République\""}, "30", {"NO_COLOR=1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "1 article\n"
            "\n"
            "1. \x1b[1mLe \x1b[0m\x1b[1;33mprésident de la\x1b[0m\n"
            "   \x1b[1;33mRépublique\x1b[0m\x1b[1m en visite à Lyon\x1b[0m\n"
            "   \x1b[2m2024-03-05 · La Gazette · " +
                gazette() +
                " · https://gazette.example/1\x1b[0m\n"
                "   Le \x1b[1;33mprésident de la\x1b[0m\n"
                "   \x1b[1;33mRépublique\x1b[0m a visité mardi\n"
                "   la ville de Lyon et\n"
                "   rencontré le maire dans la\n"
                "   matinée, avant un déjeuner\n"
                "   de travail avec les élus de\n"
                "   la région.\n"
                "\n");
}

TEST_F(QuerySnippetsTest, JsonGivesTitleHighlightsAndTheMarkedSnippet) {
  const RunResult r = query({"--json", "le président de la République"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<nlohmann::json> lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  const nlohmann::json& hit = lines[0];
  EXPECT_EQ(hit.at("title_highlights"), nlohmann::json::parse("[[3,12],[19,29]]"));
  EXPECT_EQ(hit.at("highlights"), nlohmann::json::parse("[[3,12],[19,29]]"));
  EXPECT_EQ(hit.at("marked_snippet"),
            "Le *président* de la *République* a visité mardi la ville de Lyon et "
            "rencontré le maire dans la matinée, avant un déjeuner de travail avec les "
            "élus de la région.");
  EXPECT_EQ(highlighted(hit), (std::vector<std::string>{"président", "République"}));
}

}  // namespace
}  // namespace kiosque::testing
