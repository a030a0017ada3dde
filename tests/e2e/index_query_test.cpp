// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: kiosque-index builds a real database from sample-corpus/ (and
// from temporary archives), kiosque-query searches it; both binaries run as
// a user would run them.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;
const std::string kSampleArticle = "sample-corpus/000_f346281877cc430f.txt";

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

class SampleCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = *dir_ / "db";
    index_run_ = new RunResult(run({kIndex, "--db", db_, kSample}));
  }
  static void TearDownTestSuite() {
    delete index_run_;
    delete dir_;
  }
  static RunResult query(std::vector<std::string> args) {
    args.insert(args.begin(), {kQuery, "--db", db_});
    return run(args);
  }
  // The hits of a --json query.
  static std::vector<nlohmann::json> hits(const std::string& q, int limit = 10) {
    const RunResult r = query({"--json", "--limit", std::to_string(limit), "--", q});
    EXPECT_LE(r.exit_code, 1) << r.err;
    std::vector<nlohmann::json> out;
    for (auto& o : json_lines(r.out)) {
      if (o.value("type", "") == "hit") out.push_back(o);
    }
    return out;
  }
  static std::vector<std::string> ids(const std::string& q, int limit = 50) {
    return hit_ids(query({"--json", "--limit", std::to_string(limit), "--", q}).out);
  }

  static TempDir* dir_;
  static std::string db_;
  static RunResult* index_run_;
};

TempDir* SampleCorpusTest::dir_ = nullptr;
std::string SampleCorpusTest::db_;
RunResult* SampleCorpusTest::index_run_ = nullptr;

TEST_F(SampleCorpusTest, IndexesTheWholeSampleCorpusCleanly) {
  EXPECT_EQ(index_run_->exit_code, 0) << index_run_->err;
  EXPECT_EQ(index_run_->err, "");  // not a terminal: quiet unless a problem
  Xapian::Database db(db_);
  EXPECT_GE(db.get_doccount(), 45u);
}

TEST_F(SampleCorpusTest, CessezLeFeuReturnsTheSampleArticleAsAJsonHit) {
  const RunResult r = query({"--json", "--limit", "10", "cessez-le-feu"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<nlohmann::json> lines = json_lines(r.out);
  ASSERT_FALSE(lines.empty());
  const nlohmann::json* sample = nullptr;
  for (const auto& o : lines) {
    if (o.value("type", "") == "hit" && o.value("id", "") == kSampleArticle) sample = &o;
  }
  ASSERT_NE(sample, nullptr) << r.out;
  for (const char* key : {"rank", "id", "title", "date", "date_source", "source", "url",
                          "path", "score", "snippet", "highlights"}) {
    EXPECT_TRUE(sample->contains(key)) << key;
  }
  EXPECT_EQ(sample->at("path"), "000_f346281877cc430f.txt");  // relative to its root
  EXPECT_EQ(sample->at("title"),
            "Le Kremlin note également que toutes les questions liées au règlement de la "
            "crise entre…");
  EXPECT_TRUE(contains(highlighted(*sample), "cessez-le-feu")) << sample->dump();
  const nlohmann::json& summary = lines.back();
  EXPECT_EQ(summary.at("type"), "summary");
  EXPECT_EQ(summary.at("query"), "cessez-le-feu");
  EXPECT_TRUE(summary.at("suggestion").is_null());
  EXPECT_GE(summary.at("matches_estimated").get<int>(), 3);
}

TEST_F(SampleCorpusTest, ElidedWordsAreFoundAndHighlightedAsWritten) {
  const std::vector<nlohmann::json> found = hits("entretien");
  ASSERT_FALSE(found.empty());
  bool sample_seen = false;
  for (const auto& hit : found) {
    if (hit.at("id") != kSampleArticle) continue;
    sample_seen = true;
    EXPECT_TRUE(contains(highlighted(hit), "L'entretien") ||
                contains(highlighted(hit), "l'entretien"))
        << hit.dump();
  }
  EXPECT_TRUE(sample_seen);
}

TEST_F(SampleCorpusTest, CaseAndAccentsDoNotChangeWhatIsFound) {
  const std::vector<std::string> plain = ids("desescalade");
  EXPECT_TRUE(contains(plain, kSampleArticle));
  EXPECT_EQ(ids("DÉSESCALADE"), plain);
  EXPECT_EQ(ids("désescalade"), plain);
  EXPECT_EQ(ids("coeur"), ids("cœur"));
  EXPECT_FALSE(ids("coeur").empty());
  EXPECT_EQ(ids("ecole"), ids("École"));
  EXPECT_FALSE(ids("ecole").empty());
}

TEST_F(SampleCorpusTest, SpacedThousandsAreFoundJoinedAndAsAPhrase) {
  const std::vector<std::string> joined = ids("1800");
  EXPECT_TRUE(contains(joined, kSampleArticle));
  EXPECT_GE(joined.size(), 3u);  // plain space, U+00A0 and U+202F articles
  std::vector<std::string> phrase = ids("\"1 800\"");
  std::vector<std::string> sorted_joined = joined;
  std::sort(phrase.begin(), phrase.end());
  std::sort(sorted_joined.begin(), sorted_joined.end());
  EXPECT_EQ(phrase, sorted_joined);
}

TEST_F(SampleCorpusTest, StopWordsStayInPhrases) {
  const std::vector<std::string> phrase = ids("\"la Syrie\"");
  const std::vector<std::string> word = ids("Syrie");
  EXPECT_FALSE(phrase.empty());
  EXPECT_LT(phrase.size(), word.size());
  for (const std::string& id : phrase) EXPECT_TRUE(contains(word, id)) << id;
}

TEST_F(SampleCorpusTest, ExitCodesFollowGrep) {
  EXPECT_EQ(query({"desescalade"}).exit_code, 0);
  const RunResult none = query({"zzyzxquux"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.out, "Aucun article ne correspond à « zzyzxquux »\n");
  const RunResult missing = run({kQuery, "--db", *dir_ / "nowhere", "Syrie"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err.rfind("kiosque-query: pas de base à ", 0), 0u) << missing.err;
  const RunResult usage = query({"--sort", "sideways", "Syrie"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(usage.err.rfind("kiosque-query: --sort vaut", 0), 0u) << usage.err;
}

TEST_F(SampleCorpusTest, MalformedQueryFallsBackToItsWordsWithAWarning) {
  const RunResult r = query({"--json", "\"la Syrie"});
  EXPECT_EQ(r.exit_code, 0);
  // The reason in French on stderr; the JSON's warnings stay English.
  EXPECT_EQ(r.err,
            "kiosque-query: warning: un guillemet n'est pas fermé : recherche des mots "
            "de la requête à la place\n");
  EXPECT_FALSE(hit_ids(r.out).empty());
}

TEST_F(SampleCorpusTest, DidYouMeanProposesTheArchiveSpellingAsWritten) {
  const RunResult r = query({"--json", "funiculère"});
  EXPECT_EQ(r.exit_code, 1);
  const std::vector<nlohmann::json> lines = json_lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("suggestion"), "funiculaire");
  // As the archive writes it, with what it finds when the query found nothing.
  EXPECT_EQ(query({"--color=never", "bibliobuss"}).out,
            "Aucun article ne correspond à « bibliobuss »\n"
            "Essayez avec : bibliobus (1 article)\n");
  // A word the archive holds is not corrected.
  EXPECT_EQ(json_lines(query({"--json", "coeur"}).out).back().at("suggestion"), nullptr);
  // Nor is a name into a stop word ("Dupont" is two letters from "dont"):
  // a stop word alone searches nothing a reader meant.
  EXPECT_EQ(query({"--color=never", "Dupont"}).out,
            "Aucun article ne correspond à « Dupont »\n");
}

// Dates of the hits of a --json query, in rank order ("" for undated).
std::vector<std::string> hit_dates(const std::vector<nlohmann::json>& found) {
  std::vector<std::string> dates;
  for (const auto& hit : found) {
    dates.push_back(hit.at("date").is_null() ? "" : hit.at("date").get<std::string>());
  }
  return dates;
}

TEST_F(SampleCorpusTest, SortsByDateWithUndatedArticlesLastBothWays) {
  for (const char* order : {"date", "-date"}) {
    const RunResult r = query({"--json", "--limit", "100", "--sort", order, "le"});
    std::vector<nlohmann::json> found;
    for (auto& o : json_lines(r.out)) {
      if (o.value("type", "") == "hit") found.push_back(o);
    }
    std::vector<std::string> dates = hit_dates(found);
    ASSERT_GE(dates.size(), 40u) << order;
    // A modification-time date is shown but sorts as no date.
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (found[i].at("date_source") == "mtime") dates[i].clear();
    }
    const auto first_undated = std::find(dates.begin(), dates.end(), "");
    ASSERT_NE(first_undated, dates.end()) << order;  // the corpus has undated articles
    EXPECT_TRUE(std::all_of(first_undated, dates.end(), [](const auto& d) {
      return d.empty();
    })) << order;
    std::vector<std::string> dated(dates.begin(), first_undated);
    std::vector<std::string> sorted = dated;
    if (std::string(order) == "date") {
      std::sort(sorted.begin(), sorted.end());
    } else {
      std::sort(sorted.rbegin(), sorted.rend());
    }
    EXPECT_EQ(dated, sorted) << order;
  }
}

TEST_F(SampleCorpusTest, DateFiltersKeepOnlyArticlesInTheRange) {
  const std::vector<std::string> in_2020 = hit_dates(hits("le date:2020", 100));
  ASSERT_FALSE(in_2020.empty());
  for (const std::string& d : in_2020) EXPECT_EQ(d.substr(0, 4), "2020") << d;
  const std::vector<std::string> range =
      hit_dates(hits("le date:2019-10..2020-03-06", 100));
  ASSERT_FALSE(range.empty());
  for (const std::string& d : range) {
    EXPECT_TRUE(d >= "2019-10-01" && d <= "2020-03-06") << d;
  }
  const RunResult r =
      query({"--json", "--limit", "100", "--since", "2021", "--until", "2022-06", "le"});
  std::vector<nlohmann::json> found;
  for (auto& o : json_lines(r.out)) {
    if (o.value("type", "") == "hit") found.push_back(o);
  }
  ASSERT_FALSE(found.empty());
  for (const std::string& d : hit_dates(found)) {
    EXPECT_TRUE(d >= "2021-01-01" && d <= "2022-06-31") << d;
  }
}

TEST_F(SampleCorpusTest, SourceFilterAndTitleFieldAndWildcard) {
  const std::vector<nlohmann::json> from_source =
      hits("source:\"Agence Presse Sud\"", 100);
  ASSERT_FALSE(from_source.empty());
  for (const auto& hit : from_source) EXPECT_EQ(hit.at("source"), "Agence Presse Sud");
  EXPECT_EQ(ids("titre:funiculaire"),
            (std::vector<std::string>{
                "sample-corpus/2025-03-20-funiculaire-mont-rouge-reouverture.txt"}));
  EXPECT_EQ(ids("funicul*"), ids("funiculaire"));
  const std::vector<nlohmann::json> wild = hits("funicul*");
  ASSERT_FALSE(wild.empty());
  EXPECT_TRUE(contains(highlighted(wild[0]), "funiculaire")) << wild[0].dump();
}

TEST_F(SampleCorpusTest, CountPrintsOnlyTheNumber) {
  const RunResult r = query({"--count", "1800"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::to_string(ids("1800").size()) + "\n");
}

TEST_F(SampleCorpusTest, ArticleEscapeSequencesNeverReachTheTerminal) {
  const RunResult r = query({"--color=never", "--limit", "50", "piratage"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("piratage"), std::string::npos);
  for (char c : r.out) {
    EXPECT_FALSE((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f)
        << "control byte " << static_cast<int>(c);
  }
  const RunResult colored = query({"--color=always", "--limit", "50", "piratage"});
  // Only kiosque's own colour sequences: ESC followed by "[" and SGR codes.
  for (std::size_t i = colored.out.find('\x1b'); i != std::string::npos;
       i = colored.out.find('\x1b', i + 1)) {
    const std::string seq = colored.out.substr(i, 7);
    EXPECT_TRUE(seq.rfind("\x1b[0m", 0) == 0 || seq.rfind("\x1b[1m", 0) == 0 ||
                seq.rfind("\x1b[2m", 0) == 0 || seq.rfind("\x1b[1;33m", 0) == 0)
        << "foreign escape at " << i;
  }
}

TEST_F(SampleCorpusTest, ClosedPipeIsNotAnError) {
  // The reader closes the pipe before kiosque-query writes (as `| head`
  // does once it has enough): every write fails with EPIPE. Exit 0 all the
  // same, nothing on stderr.
  const RunResult r = run({"/bin/bash", "-c",
                           "'" + kQuery + "' --db '" + db_ +
                               "' --limit 50 --color=never le "
                               "| (exec 0<&-; sleep 0.3); echo ${PIPESTATUS[0]}"});
  EXPECT_EQ(r.out, "0\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(SampleCorpusTest, AccentVariantsAreHighlightedAsWritten) {
  for (const auto& [query, written] :
       std::vector<std::pair<std::string, std::string>>{{"desescalade", "désescalade"},
                                                        {"coeur", "cœur"},
                                                        {"emmanuel", "d’Emmanuel"},
                                                        {"elysee", "L'Élysée"}}) {
    bool seen = false;
    for (const auto& hit : hits(query)) {
      for (const std::string& lit : highlighted(hit)) seen = seen || lit == written;
    }
    EXPECT_TRUE(seen) << query << " should light " << written;
  }
}

// A temporary archive, indexed again and again as the nightly job would.
class IncrementalTest : public ::testing::Test {
 protected:
  RunResult index(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {kIndex, "--db", dir_ / "db", "--summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir_ / "archive");
    return run(args);
  }
  std::vector<std::string> ids(const std::string& q) {
    return hit_ids(run({kQuery, "--db", dir_ / "db", "--json", "--limit", "50", q}).out);
  }
  TempDir dir_;
};

std::string summary_counts(const std::string& err) {
  // "kiosque-index: 2 added, 0 updated, 0 deleted, 0 unchanged, 0 failed, …"
  const std::size_t start = err.find("kiosque-index: ");
  const std::size_t end = err.find(" failed", start);
  if (start == std::string::npos || end == std::string::npos) return err;
  return err.substr(start + 15, end + 7 - start - 15);
}

TEST_F(IncrementalTest, AddChangeDeleteRenameAndNoOp) {
  write_file(dir_.path() / "archive/2020/02/28/a.txt",
             "Titre A\n\nLe funiculaire rouvre.\n");
  write_file(
      dir_.path() / "archive/b.jsonl",
      R"({"id":"b1","title":"Bibliobus","text":"Le bibliobus passe."})"
      "\n"
      R"({"id":"b2","title":"Ostréiculteurs","text":"Les ostréiculteurs manifestent."})"
      "\n");
  RunResult r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(summary_counts(r.err),
            "3 added, 0 updated, 0 deleted, 0 unchanged, 0 failed");
  EXPECT_EQ(ids("funiculaire"), (std::vector<std::string>{"archive/2020/02/28/a.txt"}));

  r = index();
  EXPECT_EQ(summary_counts(r.err),
            "0 added, 0 updated, 0 deleted, 3 unchanged, 0 failed");

  // Change one file, drop one JSON Lines record, add a file.
  write_file(dir_.path() / "archive/2020/02/28/a.txt",
             "Titre A\n\nLe téléphérique rouvre.\n");
  write_file(dir_.path() / "archive/b.jsonl",
             R"({"id":"b1","title":"Bibliobus","text":"Le bibliobus passe."})"
             "\n");
  write_file(dir_.path() / "archive/c.txt", "Titre C\n\nUne kermesse au village.\n");
  r = index();
  EXPECT_EQ(summary_counts(r.err),
            "1 added, 1 updated, 1 deleted, 1 unchanged, 0 failed");
  EXPECT_EQ(ids("funiculaire"), (std::vector<std::string>{}));
  EXPECT_EQ(ids("telepherique"), (std::vector<std::string>{"archive/2020/02/28/a.txt"}));
  EXPECT_EQ(ids("ostreiculteurs"), (std::vector<std::string>{}));

  // A renamed file keeps its article and id (issue #14 point 4); a removed
  // file's articles go.
  std::filesystem::rename(dir_.path() / "archive/c.txt", dir_.path() / "archive/d.txt");
  std::filesystem::remove(dir_.path() / "archive/b.jsonl");
  r = index();
  EXPECT_EQ(summary_counts(r.err),
            "0 added, 1 updated, 1 deleted, 1 unchanged, 0 failed");
  EXPECT_EQ(ids("kermesse"), (std::vector<std::string>{"archive/c.txt"}));
  EXPECT_EQ(ids("bibliobus"), (std::vector<std::string>{}));
}

TEST_F(IncrementalTest, BadInputIsReportedAndTheRestIsIndexed) {
  write_file(dir_.path() / "archive/good.txt", "Titre\n\nUne kermesse au village.\n");
  write_file(dir_.path() / "archive/bad.jsonl",
             R"({"id":"ok","title":"Bon","text":"Le bibliobus passe."})"
             "\n"
             "{not json\n");
  write_file(dir_.path() / "archive/empty.txt", "");
  write_file(dir_.path() / "archive/README.md", "not an article");
  write_file(dir_.path() / "archive/.hidden/x.txt", "Titre\n\nCaché.\n");
  const RunResult r = index();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.jsonl:2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("empty.txt: "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("README.md"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hidden"), std::string::npos) << r.err;
  EXPECT_EQ(ids("kermesse"), (std::vector<std::string>{"archive/good.txt"}));
  EXPECT_EQ(ids("bibliobus"), (std::vector<std::string>{"archive:ok"}));
}

TEST_F(IncrementalTest, ASecondWriterIsRefusedAtOnce) {
  write_file(dir_.path() / "archive/a.txt", "Titre\n\nUne kermesse.\n");
  ASSERT_EQ(index().exit_code, 0);
  Xapian::WritableDatabase holder(dir_ / "db", Xapian::DB_OPEN);  // holds the lock
  const RunResult r = index();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "kiosque-index: database " + (dir_ / "db") +
                       " is being updated by another kiosque-index\n");
}

TEST_F(IncrementalTest, ADatabaseOfAnotherAnalyzerVersionIsRefused) {
  write_file(dir_.path() / "archive/a.txt", "Titre\n\nUne kermesse.\n");
  ASSERT_EQ(index().exit_code, 0);
  {
    Xapian::WritableDatabase db(dir_ / "db", Xapian::DB_OPEN);
    db.set_metadata("kiosque.analyzer", "kiosque-fr-0");
    db.commit();
  }
  const RunResult q = run({kQuery, "--db", dir_ / "db", "kermesse"});
  EXPECT_EQ(q.exit_code, 2);
  EXPECT_NE(q.err.find("reconstruisez-la avec kiosque-index --rebuild"),
            std::string::npos)
      << q.err;
  const RunResult i = index();
  EXPECT_EQ(i.exit_code, 2);
  EXPECT_NE(i.err.find("kiosque-fr-0"), std::string::npos) << i.err;

  // What the message says to do works: the database is rebuilt and swapped in.
  const RunResult rebuilt = index({"--rebuild"});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(summary_counts(rebuilt.err),
            "1 added, 0 updated, 0 deleted, 0 unchanged, 0 failed");
  EXPECT_EQ(ids("kermesse"), (std::vector<std::string>{"archive/a.txt"}));
  // The new generation is live; the old one stays for searches that have it
  // open, until a later run finds it unused for long enough.
  const std::string stub_text = read_file(dir_.path() / "db/XAPIANDB");
  EXPECT_NE(stub_text.find("\nauto g000002\n"), std::string::npos) << stub_text;
  EXPECT_EQ(stub_text.find("g000001"), std::string::npos) << stub_text;
  EXPECT_EQ(Xapian::Database(dir_ / "db/g000001").get_metadata("kiosque.analyzer"),
            "kiosque-fr-0");
  EXPECT_EQ(Xapian::Database(dir_ / "db").get_metadata("kiosque.analyzer"),
            "kiosque-fr-4");
}

TEST_F(IncrementalTest, RebuildWhileASearchHoldsTheOldDatabaseOpen) {
  write_file(dir_.path() / "archive/a.txt", "Titre\n\nUne kermesse.\n");
  ASSERT_EQ(index().exit_code, 0);
  Xapian::Database reader(dir_ / "db");
  write_file(dir_.path() / "archive/b.txt", "Titre\n\nUn bibliobus.\n");
  ASSERT_EQ(index({"--rebuild"}).exit_code, 0);
  EXPECT_EQ(reader.get_doccount(), 1u);  // its consistent old view
  EXPECT_EQ(Xapian::Database(dir_ / "db").get_doccount(), 2u);
}

}  // namespace
}  // namespace kiosque::testing
