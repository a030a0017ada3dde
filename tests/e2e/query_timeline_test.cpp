// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: kiosque-query --timeline draws the matching articles per year,
// or per month when they span three years or less, with the empty periods,
// the undated articles apart (a modification-time date is none) and the
// reprints counted; --timeline --json gives the counts (issue #18, "A
// picture of the results over time"). Literal outputs at a fixed width.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

// A body about a flood, told differently in each article so that only true
// copies are reprints.
std::string body(const std::string& place) {
  return "La crue a touché " + place +
         " cette semaine, selon les services de la préfecture, qui ont ouvert un "
         "gymnase pour accueillir les habitants évacués des quartiers bas.\n";
}

class QueryTimelineTest : public ::testing::Test {
 protected:
  RunResult index() { return run({kIndex, "--db", dir_ / "db", dir_ / "archive"}); }
  RunResult query(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {kQuery, "--db", dir_ / "db"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, "", {"COLUMNS=41"});
  }
  void write(const std::string& path, const std::string& title, const std::string& text) {
    write_file(dir_.path() / "archive" / path, title + "\n\n" + text);
  }

  TempDir dir_;
};

// 2015: three articles, one a reprint of another; 2016 and 2017: none;
// 2018: one; undated: one without any date, whose file's day is no date.
TEST_F(QueryTimelineTest, PerYearWithEmptyYearsUndatedApartAndReprintsCounted) {
  write("2015-02-01-tours.txt", "Tours", body("Tours"));
  write("2015-02-01-tours-reprise.txt", "Tours (reprise)", body("Tours"));
  write("2015-06-10-blois.txt", "Blois", body("Blois"));
  write("2018-01-20-nantes.txt", "Nantes", body("Nantes"));
  write("notes/angers.txt", "Angers", body("Angers"));
  ASSERT_EQ(index().exit_code, 0);
  const RunResult r = query({"--timeline", "crue"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // 41 columns: "  2015  " and " 3" leave 31 for the longest bar.
  EXPECT_EQ(r.out,
            "4 articles (1 reprise regroupée)\n"
            "\n"
            "Par année (y compris les reprises) :\n"
            "  2015  ███████████████████████████████ 3\n"
            "  2016  0\n"
            "  2017  0\n"
            "  2018  ██████████▍ 1\n"
            "Sans date : 1\n");
  EXPECT_EQ(json_lines(query({"--json", "--timeline", "crue"}).out)[0],
            nlohmann::json::parse(R"({"type":"timeline","period":"year",
                "counts":{"2015":3,"2016":0,"2017":0,"2018":1},"undated":1})"));
}

// Three calendar years or less: per month, from the first to the last; a
// month-only date (a YYYY/MM/ folder) counts in its month.
TEST_F(QueryTimelineTest, PerMonthWhenTheMatchesSpanThreeYearsOrLess) {
  write("2020-01-15-tours.txt", "Tours", body("Tours"));
  write("2020-03-02-blois.txt", "Blois", body("Blois"));
  write("2020-03-30-nantes.txt", "Nantes", body("Nantes"));
  write("2020/05/angers.txt", "Angers", body("Angers"));
  ASSERT_EQ(index().exit_code, 0);
  const RunResult r = query({"--timeline", "crue"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // "  2020-01  " and " 2" leave 28 columns for the longest bar.
  EXPECT_EQ(r.out,
            "4 articles\n"
            "\n"
            "Par mois (y compris les reprises) :\n"
            "  2020-01  ██████████████ 1\n"
            "  2020-02  0\n"
            "  2020-03  ████████████████████████████ 2\n"
            "  2020-04  0\n"
            "  2020-05  ██████████████ 1\n");
  const RunResult json = query({"--json", "--timeline", "crue"});
  const std::vector<nlohmann::json> lines = json_lines(json.out);
  ASSERT_EQ(lines.size(), 2u) << json.out;
  EXPECT_EQ(lines[0], nlohmann::json::parse(R"({"type":"timeline","period":"month",
                "counts":{"2020-01":1,"2020-02":0,"2020-03":2,"2020-04":0,"2020-05":1},
                "undated":0})"));
  EXPECT_EQ(lines[1].at("type"), "summary");
  EXPECT_EQ(lines[1].at("matches"), 4);
}

TEST_F(QueryTimelineTest, NothingFoundDrawsNothingAndExitsOne) {
  write("2020-01-15-tours.txt", "Tours", body("Tours"));
  ASSERT_EQ(index().exit_code, 0);
  const RunResult r = query({"--timeline", "sécheresse"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "Aucun article ne correspond à « sécheresse »\n");
  EXPECT_EQ(json_lines(query({"--json", "--timeline", "sécheresse"}).out)[0],
            nlohmann::json::parse(
                R"({"type":"timeline","period":"year","counts":{},"undated":0})"));
}

}  // namespace
}  // namespace kiosque::testing
