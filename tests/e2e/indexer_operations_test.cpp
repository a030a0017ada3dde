// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: kiosque-index as cron and people run it: interrupted, killed,
// run twice at once, compacting, grouping reprinted articles.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kSample = KIOSQUE_SAMPLE_CORPUS;

// A JSON Lines archive of `count` distinct articles, big enough that
// indexing it takes a while.
void write_archive(const std::filesystem::path& file, int count) {
  static const char* const kWords[] = {
      "conseil",  "budget",   "école",     "funiculaire", "maire",        "rivière",
      "pont",     "marché",   "récolte",   "tempête",     "préfecture",   "hôpital",
      "grève",    "festival", "musée",     "gare",        "tramway",      "vignoble",
      "port",     "collège",  "forêt",     "incendie",    "crue",         "élection",
      "député",   "usine",    "emploi",    "théâtre",     "bibliothèque", "stade",
      "piscine",  "chantier", "route",     "village",     "quartier",     "association",
      "tribunal", "enquête",  "commerce",  "boulangerie", "agriculteur",  "éleveur",
      "pêcheur",  "touriste", "randonnée", "montagne",    "littoral",     "sécheresse",
      "canicule", "neige"};
  constexpr std::size_t kCount = sizeof kWords / sizeof kWords[0];
  std::uint64_t seed = 42;
  const auto next = [&] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(seed >> 33);
  };
  std::string lines;
  for (int i = 0; i < count; ++i) {
    // Each article its own word salad: no two are near duplicates.
    std::string text = "Le funiculaire, article " + std::to_string(i) + ".";
    for (int w = 0; w < 80; ++w) {
      text += (w % 12 == 0 ? "\n" : " ");
      text += kWords[next() % kCount];
    }
    lines += nlohmann::json({{"id", "a" + std::to_string(i)},
                             {"title", "Séance " + std::to_string(i)},
                             {"text", text}})
                 .dump() +
             "\n";
  }
  write_file(file, lines);
}

// Polls until the database at `db` holds at least one committed article.
bool wait_for_first_commit(const std::string& db) {
  for (int i = 0; i < 400; ++i) {
    try {
      if (Xapian::Database(db).get_doccount() > 0) return true;
    } catch (const Xapian::Error&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

class IndexerOperationsTest : public ::testing::Test {
 protected:
  std::vector<std::string> index_args(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {kIndex, "--db", dir_ / "db", "--summary"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir_ / "archive");
    return args;
  }
  Xapian::doccount doccount() { return Xapian::Database(dir_ / "db").get_doccount(); }
  TempDir dir_;
};

TEST_F(IndexerOperationsTest, SigtermCommitsWhatIsDoneAndTheNextRunFinishes) {
  write_archive(dir_.path() / "archive/big.jsonl", 6000);
  const int pid = start(index_args({"--commit-every", "50"}), dir_ / "out", dir_ / "err");
  ASSERT_TRUE(wait_for_first_commit(dir_ / "db"));
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid), 143);
  const Xapian::doccount partial = doccount();
  EXPECT_GT(partial, 0u);
  EXPECT_LT(partial, 6000u);
  const RunResult again = run(index_args());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(doccount(), 6000u);
}

TEST_F(IndexerOperationsTest, KillDashNineLosesNothingAndDuplicatesNothing) {
  write_archive(dir_.path() / "archive/big.jsonl", 6000);
  const int pid = start(index_args({"--commit-every", "50"}), dir_ / "out", dir_ / "err");
  ASSERT_TRUE(wait_for_first_commit(dir_ / "db"));
  ::kill(pid, SIGKILL);
  EXPECT_EQ(wait_exit(pid), 128 + SIGKILL);
  // The database opens at its last commit, and the next run completes it.
  EXPECT_GT(doccount(), 0u);
  const RunResult again = run(index_args());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(doccount(), 6000u);
  const RunResult check = run({"/usr/bin/xapian-check", dir_ / "db/g000001"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  const RunResult third = run(index_args());
  EXPECT_NE(third.err.find("0 added, 0 updated, 0 deleted, 6000 unchanged, 0 failed"),
            std::string::npos)
      << third.err;
}

TEST_F(IndexerOperationsTest, WaitWaitsForTheOtherWriterThenRuns) {
  write_file(dir_.path() / "archive/a.txt", "Titre\n\nUne kermesse.\n");
  ASSERT_EQ(run(index_args()).exit_code, 0);
  auto holder = std::make_unique<Xapian::WritableDatabase>(dir_ / "db", Xapian::DB_OPEN);
  const auto t0 = std::chrono::steady_clock::now();
  const RunResult timed_out = run(index_args({"--wait=1"}));
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(timed_out.exit_code, 2);
  EXPECT_GE(waited, 1.0);
  EXPECT_NE(timed_out.err.find("is being updated by another kiosque-index"),
            std::string::npos);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    holder.reset();
  });
  const RunResult waited_run = run(index_args({"--wait"}));
  release.join();
  EXPECT_EQ(waited_run.exit_code, 0) << waited_run.err;
}

TEST_F(IndexerOperationsTest, CompactionSwapsInANewGenerationWhileSearchesGoOn) {
  write_archive(dir_.path() / "archive/big.jsonl", 500);
  ASSERT_EQ(run(index_args()).exit_code, 0);
  Xapian::Database reader(dir_ / "db");
  const RunResult compact = run({kIndex, "--db", dir_ / "db", "--compact", "--summary"});
  ASSERT_EQ(compact.exit_code, 0) << compact.err;
  EXPECT_EQ(compact.err.rfind("kiosque-index: compacted " + (dir_ / "db") + ": ", 0), 0u)
      << compact.err;
  const std::string stub_text = read_file(dir_.path() / "db/XAPIANDB");
  EXPECT_NE(stub_text.find("\nauto g000002\n"), std::string::npos) << stub_text;
  reader.reopen();  // the old generation, still consistent
  EXPECT_EQ(reader.get_doccount(), 500u);
  EXPECT_EQ(doccount(), 500u);
  const RunResult q = run({kQuery, "--db", dir_ / "db", "--count", "funiculaire"});
  EXPECT_EQ(q.out, "500\n");
  // Incremental runs carry on in the compacted generation.
  write_file(dir_.path() / "archive/b.txt", "Titre\n\nUne kermesse.\n");
  const RunResult more = run(index_args());
  EXPECT_NE(more.err.find("1 added, 0 updated, 0 deleted, 500 unchanged"),
            std::string::npos)
      << more.err;
}

// What the database folder holds, sorted.
std::vector<std::string> folder_names(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// `argv` run with writes limited to 64 KiB a file, as on a full disk;
// `signal`: whether the limit kills it (SIGXFSZ) or makes its writes fail.
enum class FileLimit { kWritesFail, kKills };
RunResult run_with_file_limit(FileLimit limit, const std::vector<std::string>& argv) {
  std::vector<std::string> args = {
      "/bin/bash", "-c",
      std::string(limit == FileLimit::kWritesFail ? "trap '' XFSZ; " : "") +
          "ulimit -f 64 && exec \"$@\"",
      "bash"};
  args.insert(args.end(), argv.begin(), argv.end());
  return run(args);
}

// Issue #16.12: a failed compaction left its half-written generation
// behind (failed first: g000002 stayed in the folder).
TEST_F(IndexerOperationsTest, AFailedCompactionLeavesNothingBehindAndTheLiveOneAlone) {
  write_archive(dir_.path() / "archive/big.jsonl", 500);
  ASSERT_EQ(run(index_args()).exit_code, 0);
  const std::string stub = read_file(dir_.path() / "db/XAPIANDB");
  const std::vector<std::string> before = folder_names(dir_.path() / "db");
  const RunResult failed = run_with_file_limit(
      FileLimit::kWritesFail, {kIndex, "--db", dir_ / "db", "--compact"});
  EXPECT_EQ(failed.exit_code, 2) << failed.err;
  EXPECT_EQ(failed.err.rfind("kiosque-index: ", 0), 0u) << failed.err;
  EXPECT_NE(failed.err.find("File too large"), std::string::npos) << failed.err;
  EXPECT_EQ(folder_names(dir_.path() / "db"), before);
  EXPECT_EQ(read_file(dir_.path() / "db/XAPIANDB"), stub);
  EXPECT_EQ(run({kQuery, "--db", dir_ / "db", "--count", "funiculaire"}).out, "500\n");

  // Killed halfway, it cannot clean up; the next compaction does, and the
  // live generation still answers meanwhile.
  const RunResult killed =
      run_with_file_limit(FileLimit::kKills, {kIndex, "--db", dir_ / "db", "--compact"});
  EXPECT_EQ(killed.exit_code, 128 + SIGXFSZ) << killed.err;
  EXPECT_EQ(read_file(dir_.path() / "db/XAPIANDB"), stub);
  EXPECT_EQ(run({kQuery, "--db", dir_ / "db", "--count", "funiculaire"}).out, "500\n");
  const RunResult compact = run({kIndex, "--db", dir_ / "db", "--compact"});
  ASSERT_EQ(compact.exit_code, 0) << compact.err;
  std::vector<std::string> after = before;
  after.push_back("g000002");  // the half-written one removed first
  std::sort(after.begin(), after.end());
  EXPECT_EQ(folder_names(dir_.path() / "db"), after);
  EXPECT_EQ(run({kQuery, "--db", dir_ / "db", "--count", "funiculaire"}).out, "500\n");
}

TEST_F(IndexerOperationsTest, OnATerminalAProgressLineThenTheSummary) {
  write_archive(dir_.path() / "archive/big.jsonl", 600);
  // script(1) gives kiosque-index a terminal.
  const RunResult r =
      run({"/usr/bin/script", "-qec",
           kIndex + " --db " + (dir_ / "db") + " " + (dir_ / "archive"), "/dev/null"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\r\x1b[K  256 articles · "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\r\x1b[Kkiosque-index: 600 added, 0 updated"), std::string::npos)
      << r.out;
}

TEST_F(IndexerOperationsTest, ParallelWritersBuildWhatOneWriterBuilds) {
  write_archive(dir_.path() / "archive/big.jsonl", 3000);
  ASSERT_EQ(run({kIndex, "--db", dir_ / "one", dir_ / "archive"}).exit_code, 0);
  const RunResult merged =
      run({kIndex, "--db", dir_ / "merged", "--jobs", "2", dir_ / "archive"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const RunResult sharded = run({kIndex, "--db", dir_ / "sharded", "--jobs", "2",
                                 "--shards", "2", dir_ / "archive"});
  ASSERT_EQ(sharded.exit_code, 0) << sharded.err;
  // Two writers, then one generation merged by Xapian's compaction.
  const std::string stub_text = read_file(dir_.path() / "merged/XAPIANDB");
  EXPECT_NE(stub_text.find("\nauto g000002\n"), std::string::npos) << stub_text;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "merged/s0-g000001"));
  for (const char* db : {"one", "merged", "sharded"}) {
    EXPECT_EQ(Xapian::Database(dir_ / db).get_doccount(), 3000u) << db;
  }
  for (const std::string q :
       {"funiculaire", "école tramway", "\"conseil budget\"", "gare"}) {
    const std::string one = run({kQuery, "--db", dir_ / "one", "--count", q}).out;
    EXPECT_EQ(run({kQuery, "--db", dir_ / "merged", "--count", q}).out, one) << q;
    EXPECT_EQ(run({kQuery, "--db", dir_ / "sharded", "--count", q}).out, one) << q;
  }
  // The same spelling data, counted in articles (not in occurrences):
  // every article has "funiculaire", "article" and "seance".
  const auto spellings = [&](const char* db) {
    Xapian::Database database(dir_ / db);
    std::map<std::string, Xapian::doccount> words;
    for (auto w = database.spellings_begin(); w != database.spellings_end(); ++w) {
      words[*w] = w.get_termfreq();
    }
    return words;
  };
  const std::map<std::string, Xapian::doccount> words = spellings("one");
  EXPECT_EQ(words.at("funiculaire"), 3000u);
  EXPECT_EQ(words.at("article"), 3000u);
  EXPECT_EQ(words.at("seance"), 3000u);
  EXPECT_EQ(words.size(), 52u);  // the 50 words of the salad, "article", "seance"
  EXPECT_EQ(spellings("merged"), words);
  EXPECT_EQ(spellings("sharded"), words);
  // And the next incremental run of the merged database has nothing to do.
  const RunResult again =
      run({kIndex, "--db", dir_ / "merged", "--summary", dir_ / "archive"});
  EXPECT_NE(again.err.find("0 added, 0 updated, 0 deleted, 3000 unchanged"),
            std::string::npos)
      << again.err;
}

TEST_F(IndexerOperationsTest, ZeroWritersIsABadOption) {
  write_archive(dir_.path() / "archive/a.jsonl", 3);
  const RunResult r = run({kIndex, "--db", dir_ / "db", "--jobs", "0", dir_ / "archive"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("kiosque-index: --jobs must be at least 1", 0), 0u) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "db"));
}

TEST(DuplicateGroupsTest, AnExactReprintJoinsTheGroupOfTheFirst) {
  TempDir dir;
  const RunResult r = run({kIndex, "--db", dir / "db", kSample});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Xapian::Database db(dir / "db");
  const auto group_of = [&](const std::string& id) {
    Xapian::PostingIterator p = db.postlist_begin("Q" + id);
    return p == db.postlist_end("Q" + id) ? std::string("(missing)")
                                          : db.get_document(*p).get_value(6);
  };
  EXPECT_EQ(
      group_of("sample-corpus/archive/2021/09/15/pluies-gard-reprise-integrale.txt"),
      "sample-corpus/2021-09-15-episode-cevenol-gard-depeche.txt");
  EXPECT_EQ(group_of("sample-corpus/2021-09-15-episode-cevenol-gard-depeche.txt"),
            "sample-corpus/2021-09-15-episode-cevenol-gard-depeche.txt");
  // A story without a duplicate has no group: nothing to collapse.
  EXPECT_EQ(group_of("sample-corpus/2020-03-06-moscou-ankara-accord-idleb.txt"), "");
}

TEST(DuplicateGroupsTest, AReprintIndexedLaterMarksItsOriginalToo) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "archive");
  std::filesystem::copy_file(kSample + "/2021-09-15-episode-cevenol-gard-depeche.txt",
                             dir.path() / "archive/original.txt");
  ASSERT_EQ(run({kIndex, "--db", dir / "db", dir / "archive"}).exit_code, 0);
  std::filesystem::copy_file(
      kSample + "/archive/2021/09/15/pluies-gard-reprise-integrale.txt",
      dir.path() / "archive/reprint.txt");
  ASSERT_EQ(run({kIndex, "--db", dir / "db", dir / "archive"}).exit_code, 0);
  Xapian::Database db(dir / "db");
  const auto group_of = [&](const std::string& id) {
    Xapian::PostingIterator p = db.postlist_begin("Q" + id);
    return db.get_document(*p).get_value(6);
  };
  EXPECT_EQ(group_of("archive/original.txt"), "archive/original.txt");
  EXPECT_EQ(group_of("archive/reprint.txt"), "archive/original.txt");
}

// Issue #16.12 and #17.2: with HOME unset (empty here) the default
// database landed in ./.local of the current folder; now the indexer says
// what to give and writes nothing.
TEST(DefaultDatabaseTest, WithoutHomeNothingLandsInTheCurrentFolder) {
  TempDir dir;
  write_file(dir.path() / "archive/a.txt", "Titre\n\nUne kermesse.\n");
  const RunResult r =
      run({"/bin/sh", "-c", "cd \"$1\" && exec \"$2\" archive", "sh", dir.path().string(),
           kIndex},
          "", {"HOME=", "XDG_DATA_HOME=", "KIOSQUE_DB=", "KIOSQUE_CONF="});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "kiosque-index: no database: give --db DIR, or set KIOSQUE_DB, or a "
            "configuration with 'db' (HOME and XDG_DATA_HOME are unset or relative, so "
            "there is no database of your own)\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / ".local"));
  // A configuration that names the database is enough.
  write_file(dir.path() / "k.conf", "db = " + (dir / "db") + "\n");
  const RunResult with_config = run(
      {"/bin/sh", "-c", "cd \"$1\" && exec \"$2\" archive", "sh", dir.path().string(),
       kIndex},
      "", {"HOME=", "XDG_DATA_HOME=", "KIOSQUE_DB=", "KIOSQUE_CONF=" + (dir / "k.conf")});
  EXPECT_EQ(with_config.exit_code, 0) << with_config.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "db/XAPIANDB"));
}

}  // namespace
}  // namespace kiosque::testing
