// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: the "done when" of issue #14 in one archive, built in a
// temporary folder and laid out like a newsroom's, unlike sample-corpus/:
// two roots with the same YYYY/MM/DD layout, one per source; dated file
// names; HTML pages with meta, JSON-LD and a site's furniture around the
// text (no <article> element); a JSON Lines export; a copied file dated only
// by its modification time. One scenario, night after night: every article
// once, each date rule, an emptied root, a moved file, a removed record, a
// renamed source.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

namespace fs = std::filesystem;

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kAlerts = KIOSQUE_ALERTS_SCRIPT;

// A plain-text article: its title is a word of its own, and every article
// of the archive holds "canton".
std::string text_article(const std::string& title, const std::string& body) {
  return title + "\n\n" + body + " Le canton en parle.\n";
}

// A news site's page without <article>: menus, cookie banner, "lire aussi"
// list and footer around the text, its date in `head`.
std::string html_page(const std::string& head, const std::string& title,
                      const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">" + head +
         "<title>" + title +
         " - Le Phare</title></head>\n<body>\n"
         "<div class=\"bandeau-cookies\"><p>Nous utilisons des cookies pour mesurer "
         "l'audience.</p><a href=\"#\">Accepter</a> <a href=\"#\">Refuser</a></div>\n"
         "<div class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li>"
         "<li><a href=\"/port\">Maritime</a></li><li><a href=\"/sport\">Sport</a></li>"
         "<li><a href=\"/abo\">Abonnement</a></li></ul></div>\n"
         "<div class=\"contenu\"><h1>" +
         title + "</h1>\n<div class=\"texte\"><p>" + body +
         " Le canton en parle.</p>\n<p>Les élus du littoral ont longuement débattu "
         "de ces travaux, attendus depuis des années par les riverains du quai, "
         "et la préfecture a donné son accord au début du mois.</p></div>\n"
         "<div class=\"lire-aussi\"><p>Lire aussi</p><ul>"
         "<li><a href=\"/a\">Régates : le palmarès complet</a></li>"
         "<li><a href=\"/b\">Météo : un week-end venteux</a></li></ul></div></div>\n"
         "<div class=\"pied\"><a href=\"/mentions\">Mentions légales</a> | "
         "<a href=\"/contact\">Contact</a> | Tous droits réservés</div>\n"
         "</body></html>\n";
}

std::string record(const std::string& id, const std::string& title,
                   const std::string& date, const std::string& body) {
  return R"({"id":")" + id + R"(","title":")" + title + R"(",)" +
         (date.empty() ? "" : R"("date":")" + date + R"(",)") +
         R"("source":"Agence Rurale","text":")" + body + R"( Le canton en parle."})" +
         "\n";
}

struct Dated {
  std::string date;
  std::string source;
  bool operator==(const Dated&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Dated& d) {
  return out << "{" << d.date << ", " << d.source << "}";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class NewsroomArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two roots, one per source, with the same layout.
    write("causses/2021/03/15/foire.txt",
          text_article("Foire", "La foire aux bestiaux a attiré les éleveurs."));
    write("causses/2021/03/2021-03-02-conseil.txt",
          text_article("Conseil", "Le conseil communautaire vote la fibre."));
    write("causses/2021/03/15/marche.txt",
          text_article("Marche", "Le marché de producteurs revient place du Foirail."));
    write("estuaire/2021/03/15/foire.txt",
          text_article("Maree", "La grande marée a découvert le banc de sable."));
    write("estuaire/2021/03/15/depeche.txt",
          text_article("Depeche", "NANTES, 12 janvier 2022 (AFP) - Le pont rouvre."));
    write("estuaire/2021/04/mensuel.txt",
          text_article("Mensuel", "Le bilan mensuel de la capitainerie."));
    write("estuaire/web/ecluse.html",
          html_page("<meta name=\"date\" content=\"2020-11-05\">", "Ecluse",
                    "L'écluse du bassin sera rénovée."));
    write("estuaire/web/digue.html",
          html_page("<script type=\"application/ld+json\">{\"@context\":"
                    "\"https://schema.org\",\"@type\":\"NewsArticle\","
                    "\"datePublished\":\"2019-08-20T07:30:00+02:00\"}</script>",
                    "Digue", "La digue nord a cédé sous la houle."));
    write("estuaire/copie.txt",
          text_article("Copie", "Une copie restaurée depuis la sauvegarde."));
    const std::chrono::sys_seconds may_2021{
        std::chrono::sys_days{std::chrono::year{2021} / std::chrono::May / 5} +
        std::chrono::hours{12}};
    fs::last_write_time(dir_.path() / "estuaire/copie.txt",
                        std::chrono::file_clock::from_sys(may_2021));
    // The JSON Lines export, its records named by their own source.
    write("exports/fil.jsonl",
          record("101", "Transhumance", "2018-06-01", "La transhumance a commencé.") +
              record("102", "Sansdate", "", "Un record sans date.") +
              record("103", "Estive", "2018-07-14", "L'estive ouvre aux troupeaux."));
  }

  void write(const std::string& relpath, const std::string& content) {
    write_file(dir_.path() / relpath, content);
  }
  std::string path(const std::string& relpath) { return dir_ / relpath; }

  // The nightly run: both roots with their sources, and the export.
  RunResult index(const std::string& causses_source = "L'Écho des Causses",
                  std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        kIndex,        "--db",
        db_,           "--summary",
        "--source-of", path("causses") + "=" + causses_source,
        "--source-of", path("estuaire") + "=Le Phare de l'Estuaire"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (const char* root : {"causses", "estuaire", "exports"})
      args.push_back(path(root));
    return run(args);
  }
  RunResult query(std::vector<std::string> args, const std::string& db = "") {
    args.insert(args.begin(), {kQuery, "--db", db.empty() ? db_ : db, "--limit", "100"});
    return run(args);
  }
  std::vector<std::string> ids(const std::string& q) {
    std::vector<std::string> found = hit_ids(query({"--json", q}).out);
    std::sort(found.begin(), found.end());
    return found;
  }
  std::vector<std::string> titles(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    std::vector<std::string> found;
    for (const auto& o : json_lines(query(args).out)) {
      if (o.value("type", "") == "hit") found.push_back(o["title"]);
    }
    return found;
  }
  std::map<std::string, Dated> dates(const std::string& db) {
    std::map<std::string, Dated> found;
    for (const auto& o : json_lines(query({"--json", "canton"}, db).out)) {
      if (o.value("type", "") != "hit") continue;
      found[o["title"]] = {o["date"].is_null() ? "null" : o["date"].get<std::string>(),
                           o["date_source"]};
    }
    return found;
  }
  static std::string counts(const RunResult& r) {
    const std::size_t start = r.err.find("kiosque-index: ");
    if (start == std::string::npos) return r.err;
    const std::size_t end = r.err.find(" failed", start);
    return r.err.substr(start + 15, end + 7 - start - 15);
  }

  TempDir dir_;
  const std::string db_ = dir_ / "db";
};

const std::vector<std::string> kAllIds = {"causses/2021/03/15/foire.txt",
                                          "causses/2021/03/15/marche.txt",
                                          "causses/2021/03/2021-03-02-conseil.txt",
                                          "estuaire/2021/03/15/depeche.txt",
                                          "estuaire/2021/03/15/foire.txt",
                                          "estuaire/2021/04/mensuel.txt",
                                          "estuaire/copie.txt",
                                          "estuaire/web/digue.html",
                                          "estuaire/web/ecluse.html",
                                          "exports:101",
                                          "exports:102",
                                          "exports:103"};

TEST_F(NewsroomArchiveTest, ANewsroomArchiveIsIndexedOnceDatedRightAndNeverLost) {
  const RunResult first = index();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(counts(first), "12 added, 0 updated, 0 deleted, 0 unchanged, 0 failed");
  EXPECT_EQ(ids("canton"), kAllIds);

  // Each rule, best evidence first.
  const std::map<std::string, Dated> all = dates(db_);
  EXPECT_EQ(all, (std::map<std::string, Dated>{
                     {"Foire", {"2021-03-15", "path"}},
                     {"Marche", {"2021-03-15", "path"}},
                     {"Conseil", {"2021-03-02", "filename"}},
                     {"Maree", {"2021-03-15", "path"}},
                     {"Depeche", {"2022-01-12", "text"}},
                     {"Mensuel", {"2021-04-01", "path"}},
                     {"Ecluse", {"2020-11-05", "html"}},
                     {"Digue", {"2019-08-20", "html"}},
                     {"Copie", {"2021-05-05", "mtime"}},
                     {"Transhumance", {"2018-06-01", "record"}},
                     {"Sansdate", {"null", "none"}},
                     {"Estive", {"2018-07-14", "record"}},
                 }));

  // The dated chain indexed as a sub-folder: the same articles, the same
  // dates, in the same database and in another.
  const RunResult sub = run({kIndex, "--db", db_, "--summary", path("causses/2021/03")});
  EXPECT_EQ(counts(sub), "0 added, 0 updated, 0 deleted, 3 unchanged, 0 failed");
  const std::string part = dir_ / "part";
  ASSERT_EQ(run({kIndex, "--db", part, path("causses/2021/03/15")}).exit_code, 0);
  EXPECT_EQ(dates(part), (std::map<std::string, Dated>{{"Foire", all.at("Foire")},
                                                       {"Marche", all.at("Marche")}}));

  // A modification-time date is no date for date: and sorting.
  std::vector<std::string> of_2021 = titles({"--sort", "date", "canton date:2021"});
  ASSERT_EQ(of_2021.size(), 5u);
  EXPECT_EQ(of_2021.front(), "Conseil");
  EXPECT_EQ(of_2021.back(), "Mensuel");
  std::sort(of_2021.begin(), of_2021.end());
  EXPECT_EQ(of_2021,
            (std::vector<std::string>{"Conseil", "Foire", "Marche", "Maree", "Mensuel"}));
  const std::vector<std::string> newest = titles({"--sort", "-date", "canton"});
  ASSERT_EQ(newest.size(), 12u);
  EXPECT_EQ(newest[0], "Depeche");
  std::vector<std::string> last(newest.end() - 2, newest.end());
  std::sort(last.begin(), last.end());
  EXPECT_EQ(last, (std::vector<std::string>{"Copie", "Sansdate"}));

  // The source as the facets list it, with either apostrophe.
  const std::vector<std::string> causses = {"causses/2021/03/15/foire.txt",
                                            "causses/2021/03/15/marche.txt",
                                            "causses/2021/03/2021-03-02-conseil.txt"};
  EXPECT_EQ(ids("source:\"L'Écho des Causses\""), causses);
  EXPECT_EQ(ids("source:\"L’Écho des Causses\""), causses);

  // No word of the pages' furniture is findable; the pages' own words are.
  std::vector<std::string> furniture;
  for (const char* word : {"cookies", "Accepter", "Accueil", "Maritime", "Abonnement",
                           "\"Lire aussi\"", "Régates", "venteux", "\"Mentions légales\"",
                           "Contact", "\"Tous droits réservés\""}) {
    if (query({"--count", word}).out != "0\n") furniture.push_back(word);
  }
  EXPECT_EQ(furniture, std::vector<std::string>{});
  EXPECT_EQ(ids("écluse houle"), (std::vector<std::string>{"estuaire/web/digue.html",
                                                           "estuaire/web/ecluse.html"}));
}

TEST_F(NewsroomArchiveTest, EmptiedRootMovedFileRemovedRecordAndRenamedSource) {
  ASSERT_EQ(index("Écho des Causses").exit_code, 0);
  // An unmounted disk: the root is there, empty. Nothing is deleted.
  fs::rename(path("estuaire"), path("estuaire.bak"));
  fs::create_directory(path("estuaire"));
  const RunResult emptied = index("Écho des Causses");
  EXPECT_EQ(emptied.exit_code, 1) << emptied.err;
  EXPECT_TRUE(has(emptied.err, path("estuaire") + ": error: holds no article file"))
      << emptied.err;
  EXPECT_EQ(counts(emptied), "0 added, 0 updated, 0 deleted, 6 unchanged, 1 failed");
  EXPECT_EQ(ids("canton"), kAllIds);
  fs::remove(path("estuaire"));
  fs::rename(path("estuaire.bak"), path("estuaire"));

  // The alerts have seen everything; then a file is moved and one is new.
  write_file(dir_.path() / "alerts.txt", "port: foire OU écluse OU salon\n");
  const std::string env_path =
      fs::path(kQuery).parent_path().string() + ":" + std::getenv("PATH");
  const std::vector<std::string> alerts = {
      kAlerts,           "--db", db_, "--searches", dir_ / "alerts.txt", "--config",
      dir_ / "none.conf"};
  ASSERT_EQ(run(alerts, "", {"PATH=" + env_path}).exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  fs::create_directories(path("estuaire/archives"));
  fs::rename(path("estuaire/web/ecluse.html"), path("estuaire/archives/ecluse.html"));
  write("estuaire/2021/03/16/salon.txt",
        text_article("Salon", "Le salon nautique ouvre ses portes."));
  const RunResult moved = index("Écho des Causses");
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(counts(moved), "1 added, 1 updated, 0 deleted, 11 unchanged, 0 failed");
  const RunResult alerted = run(alerts, "", {"PATH=" + env_path});
  EXPECT_EQ(alerted.exit_code, 0) << alerted.err;
  EXPECT_TRUE(has(alerted.out, "salon.txt")) << alerted.out;
  EXPECT_FALSE(has(alerted.out, "ecluse")) << alerted.out;

  // Removing one record of the export changes that record only.
  std::string lines = read_file(dir_.path() / "exports/fil.jsonl");
  const std::size_t second = lines.find("{\"id\":\"102\"");
  lines.erase(second, lines.find('\n', second) + 1 - second);
  write("exports/fil.jsonl", lines);
  const RunResult removed = index("Écho des Causses");
  EXPECT_EQ(counts(removed), "0 added, 0 updated, 1 deleted, 12 unchanged, 0 failed");

  // A new source name takes effect on the root's articles.
  EXPECT_EQ(ids("source:\"L'Écho des Causses\"").size(), 0u);
  const RunResult renamed = index("L'Écho des Causses");
  EXPECT_EQ(renamed.exit_code, 0) << renamed.err;
  EXPECT_TRUE(has(renamed.err,
                  "source of root causses changed from \"Écho des Causses\" "
                  "to \"L'Écho des Causses\""))
      << renamed.err;
  EXPECT_EQ(counts(renamed), "0 added, 3 updated, 0 deleted, 9 unchanged, 0 failed");
  EXPECT_EQ(ids("source:\"L'Écho des Causses\""),
            (std::vector<std::string>{"causses/2021/03/15/foire.txt",
                                      "causses/2021/03/15/marche.txt",
                                      "causses/2021/03/2021-03-02-conseil.txt"}));
}

}  // namespace
}  // namespace kiosque::testing
