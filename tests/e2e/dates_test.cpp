// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: each date rule, best evidence first, on a temporary archive,
// as --json shows it; date: filters, date sorting and year facets ignoring
// modification-time dates; a dated folder chain indexed whole, as a
// sub-folder and as one file giving the same dates.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

// Every article holds the word "commune", and a word of its own: its title.
void write_archive(const std::filesystem::path& root) {
  const std::string body = "La commune a voté le budget au conseil municipal.\n";
  write_file(root / "2019/03/14/bibliobus.txt", "Bibliobus\n\n" + body);
  write_file(root / "2019/03/mensuel.txt", "Mensuel\n\n" + body);
  write_file(root / "2020-02-29-elysee.txt", "Elysee\n\n" + body);
  write_file(root / "2021-01-02/20180704_nomfichier.txt", "Nomfichier\n\n" + body);
  write_file(root / "2017/05/depeche.txt",
             "Depeche\n\nPARIS, 12 janvier 2022 (AFP) - " + body);
  write_file(root / "2020-02-29/entete.txt",
             "---\ntitle: Entete\ndate: 4 mai 2018\n---\n" + body);
  write_file(root / "web/meta.html",
             "<html><head><meta name=\"date\" content=\"2017-06-01\">"
             "<title>Metadate</title></head><body><article><p>" +
                 body + "</p></article></body></html>");
  write_file(root / "web/jsonld.html",
             "<html><head><script type=\"application/ld+json\">{\"@context\":"
             "\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\"},{\"@type\":"
             "\"NewsArticle\",\"datePublished\":\"2016-02-03T08:00:00+01:00\"}]}"
             "</script><title>Jsonld</title></head><body><article><p>" +
                 body + "</p></article></body></html>");
  write_file(root / "web/publie.html",
             "<html><head><title>Publie</title></head><body><nav><a>Accueil</a></nav>"
             "<article><header><p class=\"date\">Publié le 12/01/2021 à 10h</p></header>"
             "<p>" +
                 body + "</p></article></body></html>");
  write_file(root / "export.jsonl",
             "{\"id\":\"r1\",\"title\":\"Enregistrement\",\"date\":\"2015-07-10\","
             "\"text\":\"" +
                 body.substr(0, body.size() - 1) +
                 "\"}\n{\"id\":\"r2\",\"title\":\"Nondate\",\"text\":\"" +
                 body.substr(0, body.size() - 1) + "\"}\n");
  write_file(root / "copie.txt", "Copie\n\n" + body);
  // A copy made on 5 May 2021: that day is the file's, not the article's.
  const std::chrono::sys_seconds may_2021{
      std::chrono::sys_days{std::chrono::year{2021} / std::chrono::May / 5} +
      std::chrono::hours{12}};
  std::filesystem::last_write_time(root / "copie.txt",
                                   std::chrono::file_clock::from_sys(may_2021));
}

struct Dated {
  std::string date;
  std::string source;
  std::string precision;
  bool operator==(const Dated&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Dated& d) {
  return out << "{" << d.date << ", " << d.source << ", " << d.precision << "}";
}

std::string or_null(const nlohmann::json& value) {
  return value.is_null() ? "null" : value.get<std::string>();
}

class DatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "archive";
    write_archive(root_);
  }

  RunResult index(const std::string& db, const std::filesystem::path& path) {
    return run({kIndex, "--db", db, path.string()});
  }

  RunResult query(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {kQuery, "--db", db, "--limit", "100"});
    return run(args);
  }

  // Title → date, date_source and date_precision of every hit of `q`.
  std::map<std::string, Dated> dates(const std::string& db, const std::string& q) {
    std::map<std::string, Dated> found;
    for (const auto& o : json_lines(query(db, {"--json", q}).out)) {
      if (o.value("type", "") != "hit") continue;
      found[o["title"]] = {or_null(o["date"]), o["date_source"],
                           or_null(o["date_precision"])};
    }
    return found;
  }

  // The titles of the hits of `args`, in order.
  std::vector<std::string> titles(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    std::vector<std::string> found;
    for (const auto& o : json_lines(query(db, args).out)) {
      if (o.value("type", "") == "hit") found.push_back(o["title"]);
    }
    return found;
  }

  TempDir dir_;
  std::filesystem::path root_;
};

TEST_F(DatesTest, EachRuleGivesItsDateAndSaysWhich) {
  const std::string db = dir_ / "db";
  ASSERT_EQ(index(db, root_).exit_code, 0);
  EXPECT_EQ(dates(db, "commune"), (std::map<std::string, Dated>{
                                      {"Bibliobus", {"2019-03-14", "path", "day"}},
                                      {"Mensuel", {"2019-03-01", "path", "month"}},
                                      {"Elysee", {"2020-02-29", "filename", "day"}},
                                      {"Nomfichier", {"2018-07-04", "filename", "day"}},
                                      {"Depeche", {"2022-01-12", "text", "day"}},
                                      {"Entete", {"2018-05-04", "record", "day"}},
                                      {"Metadate", {"2017-06-01", "html", "day"}},
                                      {"Jsonld", {"2016-02-03", "html", "day"}},
                                      {"Publie", {"2021-01-12", "text", "day"}},
                                      {"Enregistrement", {"2015-07-10", "record", "day"}},
                                      {"Nondate", {"null", "none", "null"}},
                                      {"Copie", {"2021-05-05", "mtime", "day"}},
                                  }));
}

TEST_F(DatesTest, DateFiltersSortingAndFacetsIgnoreModificationTimes) {
  const std::string db = dir_ / "db";
  ASSERT_EQ(index(db, root_).exit_code, 0);
  EXPECT_EQ(titles(db, {"commune date:2021"}), (std::vector<std::string>{"Publie"}));
  EXPECT_EQ(titles(db, {"--sort", "date", "commune date:2019"}),
            (std::vector<std::string>{"Mensuel", "Bibliobus"}));
  EXPECT_EQ(titles(db, {"--sort", "date", "commune date:2019-03"}),
            (std::vector<std::string>{"Mensuel", "Bibliobus"}));
  EXPECT_EQ(titles(db, {"commune date:2019-03-14"}),
            (std::vector<std::string>{"Bibliobus"}));
  EXPECT_EQ(titles(db, {"commune date:2019-03-01"}), (std::vector<std::string>{}));
  const std::vector<std::string> oldest = titles(db, {"--sort", "date", "commune"});
  ASSERT_EQ(oldest.size(), 12u);
  EXPECT_EQ(std::vector<std::string>(oldest.begin(), oldest.begin() + 10),
            (std::vector<std::string>{"Enregistrement", "Jsonld", "Metadate", "Entete",
                                      "Nomfichier", "Mensuel", "Bibliobus", "Elysee",
                                      "Publie", "Depeche"}));
  // The two undated articles, in either order (equal keys), come last.
  EXPECT_EQ(std::set<std::string>(oldest.begin() + 10, oldest.end()),
            (std::set<std::string>{"Copie", "Nondate"}));
  const std::vector<std::string> newest = titles(db, {"--sort", "-date", "commune"});
  ASSERT_EQ(newest.size(), 12u);
  EXPECT_EQ(std::vector<std::string>(newest.begin(), newest.begin() + 3),
            (std::vector<std::string>{"Depeche", "Publie", "Elysee"}));
  EXPECT_EQ(std::set<std::string>(newest.begin() + 10, newest.end()),
            (std::set<std::string>{"Copie", "Nondate"}));
  const RunResult facets = query(db, {"--json", "--count", "--facets", "commune"});
  nlohmann::json years;
  for (const auto& o : json_lines(facets.out)) {
    if (o.value("type", "") == "facets") years = o["year"];
  }
  EXPECT_EQ(years.dump(),
            "{\"2015\":1,\"2016\":1,\"2017\":1,\"2018\":2,\"2019\":2,\"2020\":1,"
            "\"2021\":1,\"2022\":1,\"sans date\":2}");
}

TEST_F(DatesTest, ASubFolderOrOneFileGetsTheDatesOfTheWholeArchive) {
  const std::string whole = dir_ / "whole";
  const std::string part = dir_ / "part";
  const std::string one = dir_ / "one";
  ASSERT_EQ(index(whole, root_).exit_code, 0);
  ASSERT_EQ(index(part, root_ / "2019/03/14").exit_code, 0);
  ASSERT_EQ(index(one, root_ / "2019/03/mensuel.txt").exit_code, 0);
  const std::map<std::string, Dated> all = dates(whole, "commune");
  EXPECT_EQ(dates(part, "commune"),
            (std::map<std::string, Dated>{{"Bibliobus", all.at("Bibliobus")}}));
  EXPECT_EQ(dates(one, "commune"),
            (std::map<std::string, Dated>{{"Mensuel", all.at("Mensuel")}}));
}

}  // namespace
}  // namespace kiosque::testing
