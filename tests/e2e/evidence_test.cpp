// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: an article is deleted only from evidence (issue #15 point 1,
// issue #14 point 3): an unreadable folder, root or file, or an emptied
// root, keeps its articles; a file that could not be read is read again.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;
const std::string kAlerts = KIOSQUE_ALERTS_SCRIPT;

class EvidenceTest : public ::testing::Test {
 protected:
  // kiosque-index on the archive. Run as root, it runs without the
  // capabilities that ignore file permissions, as a nightly user would.
  RunResult index(std::vector<std::string> extra = {}) {
    std::vector<std::string> args;
    if (::geteuid() == 0) {
      args = {"/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search"};
    }
    for (const std::string& arg :
         {kIndex, std::string("--db"), dir_ / "db", std::string("--summary")}) {
      args.push_back(arg);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir_ / "archive");
    return run(args);
  }
  std::vector<std::string> ids(const std::string& query) {
    return hit_ids(
        run({kQuery, "--db", dir_ / "db", "--json", "--limit", "50", query}).out);
  }
  void write(const std::string& relpath, const std::string& text) {
    write_file(dir_.path() / "archive" / relpath, text);
  }
  void chmod(const std::string& relpath, mode_t mode) {
    ASSERT_EQ(::chmod((dir_.path() / "archive" / relpath).c_str(), mode), 0);
  }
  // The summary's counts, without the timing.
  static std::string counts(const RunResult& r) {
    const std::size_t start = r.err.find("kiosque-index: ");
    if (start == std::string::npos) return r.err;
    const std::size_t end = r.err.find(" failed", start);
    return r.err.substr(start + 15, end + 7 - start - 15);
  }
  TempDir dir_;
};

TEST_F(EvidenceTest, AnUnreadableFolderKeepsItsArticlesIsNamedAndFailsTheRun) {
  write("nord/crue.txt", "La crue\n\nLa crue de la rivière inquiète.\n");
  write("sud/grele.txt", "La grêle\n\nLa grêle frappe le vignoble.\n");
  ASSERT_EQ(index().exit_code, 0);
  chmod("sud", 0);
  const RunResult r = index();
  chmod("sud", 0755);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(dir_ / "archive/sud" +
                       ": error: cannot read folder: Permission denied\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(counts(r), "0 added, 0 updated, 0 deleted, 1 unchanged, 1 failed");
  EXPECT_EQ(ids("vignoble"), (std::vector<std::string>{"archive/sud/grele.txt"}));
  EXPECT_EQ(counts(index()), "0 added, 0 updated, 0 deleted, 2 unchanged, 0 failed");
}

TEST_F(EvidenceTest, AnUnreadableRootKeepsItsArticles) {
  write("crue.txt", "La crue\n\nLa crue de la rivière inquiète.\n");
  ASSERT_EQ(index().exit_code, 0);
  ASSERT_EQ(::chmod((dir_ / "archive").c_str(), 0), 0);
  const RunResult r = index();
  ASSERT_EQ(::chmod((dir_ / "archive").c_str(), 0755), 0);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(
      r.err.find(dir_ / "archive" + ": error: cannot read folder: Permission denied\n"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(counts(r), "0 added, 0 updated, 0 deleted, 0 unchanged, 1 failed");
  EXPECT_EQ(ids("crue"), (std::vector<std::string>{"archive/crue.txt"}));
}

TEST_F(EvidenceTest, AChangedFileThatCannotBeReadIsReadAgainOnceItCanBe) {
  write("crue.txt", "La crue\n\nLa crue de la rivière inquiète.\n");
  ASSERT_EQ(index().exit_code, 0);
  write("crue.txt", "La décrue\n\nLa décrue commence enfin au village.\n");
  chmod("crue.txt", 0);
  const RunResult failed = index();
  chmod("crue.txt", 0644);
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_EQ(counts(failed), "0 added, 0 updated, 0 deleted, 0 unchanged, 1 failed");
  EXPECT_EQ(ids("inquiète"), (std::vector<std::string>{"archive/crue.txt"}));  // kept
  const RunResult again = index();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(counts(again), "0 added, 1 updated, 0 deleted, 0 unchanged, 0 failed");
  EXPECT_EQ(ids("village"), (std::vector<std::string>{"archive/crue.txt"}));
}

// Issue #16.12: a database the user cannot write was "being updated by
// another kiosque-index".
TEST_F(EvidenceTest, ADatabaseThatCannotBeWrittenIsSaidSoNotLocked) {
  write("crue.txt", "La crue\n\nLa crue de la rivière inquiète.\n");
  ASSERT_EQ(index().exit_code, 0);
  write("grele.txt", "La grêle\n\nLa grêle frappe le vignoble.\n");
  const std::filesystem::path generation =
      std::filesystem::canonical(dir_.path() / "db/live");
  const std::string lock = (generation / "flintlock").string();
  ASSERT_EQ(::chmod(lock.c_str(), 0444), 0);
  ASSERT_EQ(::chmod(generation.c_str(), 0555), 0);
  const RunResult r = index();
  ASSERT_EQ(::chmod(generation.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(lock.c_str(), 0644), 0);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "kiosque-index: cannot open database " + dir_ / "db" +
                       " for writing: cannot open its lock file " + lock +
                       ": Permission denied\n");
}

TEST_F(EvidenceTest, AnEmptiedRootDeletesNothingUnlessAllowed) {
  for (const char* name : {"a.txt", "b.txt", "c.txt"}) {
    write(name, std::string("Titre ") + name + "\n\nUne kermesse au village.\n");
  }
  ASSERT_EQ(index().exit_code, 0);
  for (const char* name : {"a.txt", "b.txt", "c.txt"}) {
    std::filesystem::remove(dir_.path() / "archive" / name);
  }
  const RunResult r = index();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(dir_ / "archive" +
                       ": error: holds no article file, but the database holds 3 "
                       "articles from it: treated as missing (an unmounted disk?), "
                       "nothing deleted (--allow-mass-delete allows it)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(counts(r), "0 added, 0 updated, 0 deleted, 0 unchanged, 1 failed");
  EXPECT_EQ(ids("kermesse").size(), 3u);
  const RunResult allowed = index({"--allow-mass-delete"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(counts(allowed), "0 added, 0 updated, 3 deleted, 0 unchanged, 0 failed");
}

TEST_F(EvidenceTest, LosingMoreThanHalfOfABigRootIsRefusedAndASmallOneMayShrink) {
  for (int i = 0; i < 24; ++i) {
    write("f" + std::to_string(i) + ".txt", "Titre " + std::to_string(i) +
                                                "\n\nUne kermesse numéro " +
                                                std::to_string(i) + ".\n");
  }
  ASSERT_EQ(index().exit_code, 0);
  for (int i = 0; i < 13; ++i) {
    std::filesystem::remove(dir_.path() / "archive" / ("f" + std::to_string(i) + ".txt"));
  }
  const RunResult r = index();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(dir_ / "archive" +
                       ": error: would lose 13 of its 24 articles, more than half: "
                       "nothing deleted from it (--allow-mass-delete allows it)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(counts(r), "0 added, 0 updated, 0 deleted, 11 unchanged, 1 failed");
  const RunResult allowed = index({"--allow-mass-delete"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(counts(allowed), "0 added, 0 updated, 13 deleted, 11 unchanged, 0 failed");
  // Of 11, losing 10 is a small archive shrinking.
  for (int i = 13; i < 23; ++i) {
    std::filesystem::remove(dir_.path() / "archive" / ("f" + std::to_string(i) + ".txt"));
  }
  const RunResult small = index();
  EXPECT_EQ(small.exit_code, 0) << small.err;
  EXPECT_EQ(counts(small), "0 added, 0 updated, 10 deleted, 1 unchanged, 0 failed");
}

TEST_F(EvidenceTest, RemovingOneJsonLinesRecordChangesOnlyThatRecord) {
  std::string lines;
  for (int i = 1; i <= 5; ++i) {
    lines += "{\"id\": \"r" + std::to_string(i) + "\", \"title\": \"Séance " +
             std::to_string(i) + "\", \"text\": \"Le conseil municipal, séance " +
             std::to_string(i) + ".\"}\n";
  }
  write("export.jsonl", lines);
  ASSERT_EQ(index().exit_code, 0);
  // sed -i 3d
  const std::size_t third = lines.find("{\"id\": \"r3\"");
  lines.erase(third, lines.find('\n', third) + 1 - third);
  write("export.jsonl", lines);
  const RunResult r = index();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(counts(r), "0 added, 0 updated, 1 deleted, 4 unchanged, 0 failed");
}

TEST_F(EvidenceTest, AMovedFileKeepsItsIdAndFirstIndexedTimeAndIsNotAlertedAgain) {
  write("crue.txt", "La crue\n\nLa crue de la rivière inquiète le village.\n");
  write("grele.txt", "La grêle\n\nLa grêle frappe le vignoble.\n");
  ASSERT_EQ(index().exit_code, 0);
  write_file(dir_.path() / "alerts.txt", "eau: rivière OU ruisseau\n");
  const std::string path =
      std::filesystem::path(kQuery).parent_path().string() + ":" + std::getenv("PATH");
  const std::vector<std::string> alerts = {kAlerts,
                                           "--db",
                                           dir_ / "db",
                                           "--searches",
                                           dir_ / "alerts.txt",
                                           "--config",
                                           dir_ / "none.conf"};
  ASSERT_EQ(run(alerts, "", {"PATH=" + path}).exit_code, 0);  // records the time
  const std::string added_before =
      run({kQuery, "--db", dir_ / "db", "--json", "rivière"}).out;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));

  std::filesystem::create_directories(dir_.path() / "archive/2024");
  std::filesystem::rename(dir_.path() / "archive/crue.txt",
                          dir_.path() / "archive/2024/la-crue.txt");
  write("ruisseau.txt", "Le ruisseau\n\nLe ruisseau déborde.\n");
  EXPECT_EQ(counts(index({"--dry-run"})),
            "1 added, 1 updated, 0 deleted, 1 unchanged, 0 failed");
  const RunResult moved = index({"--verbose"});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_EQ(counts(moved), "1 added, 1 updated, 0 deleted, 1 unchanged, 0 failed");
  EXPECT_EQ(ids("rivière"), (std::vector<std::string>{"archive/crue.txt"}));
  const std::vector<nlohmann::json> hits =
      json_lines(run({kQuery, "--db", dir_ / "db", "--json", "rivière"}).out);
  ASSERT_GE(hits.size(), 1u);
  EXPECT_EQ(hits[0].at("path"), "2024/la-crue.txt");
  EXPECT_EQ(hits[0].at("id"), json_lines(added_before)[0].at("id"));
  // Only the new article is news.
  const RunResult alerted = run(alerts, "", {"PATH=" + path});
  EXPECT_EQ(alerted.exit_code, 0) << alerted.err;
  EXPECT_NE(alerted.out.find("ruisseau.txt"), std::string::npos) << alerted.out;
  EXPECT_EQ(alerted.out.find("la-crue"), std::string::npos) << alerted.out;

  // A later file at the old path is another article, with another id.
  write("crue.txt", "La crue\n\nUne autre crue, l'an suivant, au moulin.\n");
  const RunResult later = index();
  EXPECT_EQ(counts(later), "1 added, 0 updated, 0 deleted, 3 unchanged, 0 failed");
  EXPECT_EQ(ids("moulin"), (std::vector<std::string>{"archive/crue.txt~2"}));
  EXPECT_EQ(ids("rivière"), (std::vector<std::string>{"archive/crue.txt"}));
  // Editing the moved file updates the article that moved.
  write("2024/la-crue.txt", "La crue\n\nLa crue de la rivière a inondé le village.\n");
  const RunResult edited = index();
  EXPECT_EQ(counts(edited), "0 added, 1 updated, 0 deleted, 3 unchanged, 0 failed");
  EXPECT_EQ(ids("inondé"), (std::vector<std::string>{"archive/crue.txt"}));
}

TEST_F(EvidenceTest, CopiesOfAMovedTextAreNotPairedWithIt) {
  write("crue.txt", "La crue\n\nLa crue de la rivière inquiète le village.\n");
  ASSERT_EQ(index().exit_code, 0);
  std::filesystem::rename(dir_.path() / "archive/crue.txt",
                          dir_.path() / "archive/a.txt");
  write("b.txt", "La crue\n\nLa crue de la rivière inquiète le village.\n");
  const RunResult r = index();
  EXPECT_EQ(counts(r), "2 added, 0 updated, 1 deleted, 0 unchanged, 0 failed");
  std::vector<std::string> found = ids("rivière");
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"archive/a.txt", "archive/b.txt"}));
}

}  // namespace
}  // namespace kiosque::testing
