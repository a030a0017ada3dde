// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/index_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>
#include <cstdlib>

#include <string>
#include <thread>
#include <vector>

#include "index_test_support.h"
#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

constexpr std::uint64_t kBig = kParallelBuildMinBytes;

IndexOptions with_jobs(std::size_t jobs) {
  IndexOptions options;
  options.jobs = jobs;
  return options;
}

TEST(BuildJobsTest, AFullBuildOfEnoughInputUsesEveryCore) {
  EXPECT_EQ(build_jobs(IndexOptions{}, Freshness::kFresh, kBig, 2), 2u);
  EXPECT_EQ(build_jobs(IndexOptions{}, Freshness::kFresh, kBig, 8), 8u);
}

// Two writers' memory grows with the build: a big one keeps to one writer
// (it got one per core before).
TEST(BuildJobsTest, AFullBuildTooBigForTwoWritersMemoryUsesOne) {
  EXPECT_EQ(build_jobs(IndexOptions{}, Freshness::kFresh, kParallelBuildMaxBytes - 1, 2),
            2u);
  EXPECT_EQ(build_jobs(IndexOptions{}, Freshness::kFresh, kParallelBuildMaxBytes, 2), 0u);
  EXPECT_EQ(build_jobs(with_jobs(2), Freshness::kFresh, kParallelBuildMaxBytes, 2), 2u);
}

TEST(BuildJobsTest, JobsGivenAreKept) {
  EXPECT_EQ(build_jobs(with_jobs(1), Freshness::kFresh, kBig, 8), 1u);
  EXPECT_EQ(build_jobs(with_jobs(3), Freshness::kIncremental, 0, 1), 3u);
}

TEST(BuildJobsTest, OtherRunsLeaveTheChoiceToTheLayout) {
  EXPECT_EQ(build_jobs(IndexOptions{}, Freshness::kIncremental, kBig, 2), 0u);
  EXPECT_EQ(build_jobs(IndexOptions{}, Freshness::kFresh, kBig - 1, 2), 0u);
  EXPECT_EQ(build_jobs(IndexOptions{}, Freshness::kFresh, kBig, 1), 0u);
  IndexOptions dry_run;
  dry_run.dry_run = true;
  EXPECT_EQ(build_jobs(dry_run, Freshness::kFresh, kBig, 2), 0u);
  IndexOptions by_year;
  by_year.by_year = true;
  EXPECT_EQ(build_jobs(by_year, Freshness::kFresh, kBig, 2), 0u);
  IndexOptions sharded;
  sharded.shards = 2;
  EXPECT_EQ(build_jobs(sharded, Freshness::kFresh, kBig, 2), 0u);
}

// Past kParallelBuildMaxBytes a full build is written in parts, merged at
// the end; incremental runs, dry runs, year and hash shards never are.
TEST(BuildPartsTest, AFullBuildOfMuchInputIsWrittenInParts) {
  EXPECT_EQ(
      build_part_articles(IndexOptions{}, Freshness::kFresh, kParallelBuildMaxBytes),
      250000u);
  EXPECT_EQ(
      build_part_articles(IndexOptions{}, Freshness::kFresh, kParallelBuildMaxBytes - 1),
      0u);
  EXPECT_EQ(build_part_articles(IndexOptions{}, Freshness::kIncremental,
                                kParallelBuildMaxBytes),
            0u);
  IndexOptions dry_run;
  dry_run.dry_run = true;
  EXPECT_EQ(build_part_articles(dry_run, Freshness::kFresh, kParallelBuildMaxBytes), 0u);
  IndexOptions by_year;
  by_year.by_year = true;
  EXPECT_EQ(build_part_articles(by_year, Freshness::kFresh, kParallelBuildMaxBytes), 0u);
  IndexOptions sharded;
  sharded.shards = 2;
  EXPECT_EQ(build_part_articles(sharded, Freshness::kFresh, kParallelBuildMaxBytes), 0u);
  IndexOptions given;
  given.part_articles = 7;
  EXPECT_EQ(build_part_articles(given, Freshness::kFresh, 0), 7u);
}

TEST(ArticleBytesTest, CountsArticleFilesOfFilesAndFolders) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "a/x.txt", "12345");
  testing::write_file(dir.path() / "a/sub/y.jsonl", "123");
  testing::write_file(dir.path() / "a/README.md", "1234567890");
  testing::write_file(dir.path() / "b.html", "12");
  EXPECT_EQ(article_bytes_up_to({dir / "a", dir / "b.html", dir / "missing"}, 1000), 10u);
}

TEST(ArticleBytesTest, StopsOnceEnoughIsCounted) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "a/x.txt", "12345");
  testing::write_file(dir.path() / "b/y.txt", "12345");
  EXPECT_EQ(article_bytes_up_to({dir / "a", dir / "b"}, 5), 5u);
}

// The stub of the database folder `dir`/db.
std::string stub_generations(const testing::TempDir& dir) {
  return testing::read_file(dir.path() / "db/XAPIANDB");
}

TEST(RunIndexTest, ANewDatabaseOfEnoughInputIsBuiltByEveryCoreAndMerged) {
  if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "one core";
  testing::TempDir dir;
  testing::write_file(dir.path() / "archive/a.txt",
                      "Titre\n\nUne kermesse au village.\n");
  // A file of kParallelBuildMinBytes, sparse: read as one failed article.
  testing::write_file(dir.path() / "archive/big.txt", "");
  ASSERT_EQ(::truncate((dir / "archive/big.txt").c_str(), kBig), 0);
  IndexOptions options;
  options.db_path = dir / "db";
  options.roots = {dir / "archive"};
  testing::RecordingObserver observer;
  run_index(options, observer);
  // Writers' shards ("meta-g000001", "s0-g000001"…) merged into one generation.
  EXPECT_NE(stub_generations(dir).find("\nauto g000002\n"), std::string::npos)
      << stub_generations(dir);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "db/s0-g000001"));
  EXPECT_EQ(Xapian::Database(dir / "db").get_termfreq("Zkermess"), 1u);
}

// A build in parts of 2 articles (one writer): 5 articles in 3 parts, and a
// reprint in the last part whose original leads its group from the first,
// merged into one generation with the group marked.
TEST(RunIndexTest, ABuildInPartsIsMergedWithItsDuplicateGroupsAcrossParts) {
  testing::TempDir dir;
  const std::string text =
      "La commission a rendu son rapport sur la pollution de la Seine, "
      "qui recommande des mesures contre les rejets industriels en amont de Paris.";
  testing::write_file(
      dir.path() / "archive/a.jsonl",
      "{\"id\":\"1\",\"title\":\"Rapport sur la Seine\",\"text\":\"" + text +
          "\"}\n"
          "{\"id\":\"2\",\"title\":\"Kermesse\",\"text\":\"Une kermesse au village.\"}\n"
          "{\"id\":\"3\",\"title\":\"Marché\",\"text\":\"Le marché de Noël ouvre.\"}\n"
          "{\"id\":\"4\",\"title\":\"Concert\",\"text\":\"Un concert à l'église.\"}\n"
          "{\"id\":\"5\",\"title\":\"Rapport sur la Seine\",\"text\":\"" +
          text + "\"}\n");
  IndexOptions options;
  options.db_path = dir / "db";
  options.roots = {dir / "archive"};
  options.jobs = 1;
  options.commit_every = 1;
  options.part_articles = 2;
  testing::RecordingObserver observer;
  run_index(options, observer);
  const std::string added = "added " + (dir / "archive/a.jsonl") + " archive:";
  EXPECT_EQ(observer.reports,
            (std::vector<std::string>{added + "1", added + "2", added + "3", added + "4",
                                      added + "5"}));
  // Parts "s0-g000001", "s1-g000001", "s2-g000001" merged into one.
  EXPECT_NE(stub_generations(dir).find("\nauto g000002\n"), std::string::npos)
      << stub_generations(dir);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "db/s2-g000001"));
  const Xapian::Database db(dir / "db");
  EXPECT_EQ(db.get_doccount(), 5u);
  EXPECT_EQ(db.get_termfreq("Zkermess"), 1u);
  // The reprint (docid 5, in the last part) is in the group its original
  // (docid 1, in the first part) leads, marked with the leader's own id.
  std::vector<std::string> groups;
  for (Xapian::docid id = 1; id <= 5; ++id) {
    groups.push_back(db.get_document(id).get_value(schema::kSlotDuplicateGroup));
  }
  EXPECT_FALSE(groups[0].empty());
  EXPECT_EQ(groups, (std::vector<std::string>{groups[0], "", "", "", groups[0]}));
  const std::string leader_id_term = "Q" + groups[0];
  EXPECT_EQ(*db.postlist_begin(leader_id_term), 1u);
}

TEST(RunIndexTest, ANewDatabaseOfLittleInputIsOneGenerationFromTheStart) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "archive/a.txt",
                      "Titre\n\nUne kermesse au village.\n");
  IndexOptions options;
  options.db_path = dir / "db";
  options.roots = {dir / "archive"};
  testing::RecordingObserver observer;
  run_index(options, observer);
  EXPECT_NE(stub_generations(dir).find("\nauto g000001\n"), std::string::npos)
      << stub_generations(dir);
  EXPECT_EQ(Xapian::Database(dir / "db").get_termfreq("Zkermess"), 1u);
}

}  // namespace
}  // namespace kiosque

namespace kiosque {
namespace {

// Xapian flushes at the run's commits only, unless the user chose a
// threshold (crash safety comes from the shards' transactions).
TEST(OwnEveryCommitTest, XapianFlushesOnlyAtTheRunsCommitsUnlessTheUserChose) {
  ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
  own_every_commit(1000);
  EXPECT_STREQ(std::getenv("XAPIAN_FLUSH_THRESHOLD"), "5000");
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "7", 1);
  own_every_commit(20000);
  EXPECT_STREQ(std::getenv("XAPIAN_FLUSH_THRESHOLD"), "7");
  ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
}

}  // namespace
}  // namespace kiosque
