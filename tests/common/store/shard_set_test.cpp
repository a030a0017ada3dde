// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/shard_set.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "../test_files.h"
#include "kiosque/base/error.h"
#include "kiosque/store/db_layout.h"
#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;

constexpr char kHeader[] =
    "# kiosque database: the live generation(s), see docs/architecture.md\n";

Xapian::Document article(const std::string& id) {
  Xapian::Document document;
  document.add_boolean_term(schema::kPrefixId + id);
  document.set_data(id);
  return document;
}

// The spelling words of `db` and their frequencies.
std::vector<std::pair<std::string, Xapian::doccount>> spellings(
    const Xapian::Database& db) {
  std::vector<std::pair<std::string, Xapian::doccount>> words;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    words.emplace_back(*it, it.get_termfreq());
  }
  return words;
}

// Options by name (GCC warns of the fields a designated initializer leaves).
ShardSetOptions hash_shards(std::size_t shards) {
  ShardSetOptions options;
  options.shards = shards;
  return options;
}

ShardSetOptions by_year() {
  ShardSetOptions options;
  options.shard_by = ShardBy::kYear;
  return options;
}

ShardSetOptions rebuild(std::size_t shards) {
  ShardSetOptions options;
  options.shards = shards;
  options.open = ShardSetOpen::kRebuild;
  return options;
}

ShardSetOptions parallel_build(std::size_t writers) {
  ShardSetOptions options;
  options.build_shards = writers;
  return options;
}

ShardSetOptions in_parts(std::size_t writers, std::uint64_t part_articles) {
  ShardSetOptions options;
  options.build_shards = writers;
  options.part_articles = part_articles;
  return options;
}

class ShardSetTest : public ::testing::Test {
 protected:
  std::string db() const { return dir_ / "db"; }
  std::string stub() const { return read_file(fs::path(db()) / "XAPIANDB"); }
  TempDir dir_;
};

TEST_F(ShardSetTest, ANewDatabaseIsOneGenerationNamedInTheStub) {
  ShardSet set(db(), ShardSetOptions{});
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(set.layout(), ShardLayout::kUnsharded);
  EXPECT_TRUE(set.fresh());
  EXPECT_EQ(stub(), std::string(kHeader) + "auto g000001\n");
}

// Where an article lives depends on these values: they must never change.
TEST_F(ShardSetTest, RoutingByHashIsPinned) {
  const std::vector<std::string> ids = {"idleb-2020-03-06", "lemonde-2017-001",
                                        "lemonde-2017-002", "lemonde-2017-003"};
  std::vector<std::size_t> two, four;
  {
    ShardSet set(dir_ / "two", hash_shards(2));
    for (const std::string& id : ids) two.push_back(set.route(id, "2017"));
  }
  {
    ShardSet set(dir_ / "four", hash_shards(4));
    for (const std::string& id : ids) four.push_back(set.route(id, "2017"));
  }
  EXPECT_EQ(two, (std::vector<std::size_t>{1, 0, 1, 0}));
  EXPECT_EQ(four, (std::vector<std::size_t>{1, 2, 3, 0}));
  EXPECT_EQ(read_file(dir_.path() / "four/XAPIANDB"),
            std::string(kHeader) +
                "auto meta-g000001\nauto s0-g000001\nauto s1-g000001\nauto s2-g000001\n"
                "auto s3-g000001\n");
}

TEST_F(ShardSetTest, AYearSeenForTheFirstTimeGetsAShardNamedInTheStubAtCommit) {
  ShardSet set(db(), by_year());
  EXPECT_TRUE(set.by_year());
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.route("a", "2017"), 0u);
  EXPECT_EQ(set.route("b", ""), 1u);
  EXPECT_EQ(set.route("c", "2017"), 0u);
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(stub(), std::string(kHeader) + "auto meta-g000001\n");
  set.commit();
  EXPECT_EQ(stub(), std::string(kHeader) +
                        "auto meta-g000001\nauto y2017-g000002\nauto ynone-g000002\n");
}

TEST_F(ShardSetTest, HolderIsTheShardThatHasTheArticle) {
  ShardSet set(db(), by_year());
  const std::size_t y2017 = set.route("a", "2017");
  const std::size_t y2018 = set.route("b", "2018");
  set.replace(y2018, "Qb", article("b"), {});
  set.commit();
  EXPECT_EQ(set.holder("Qb"), y2018);
  EXPECT_NE(set.holder("Qb"), y2017);
  EXPECT_EQ(set.holder("Qa"), set.size());
  EXPECT_EQ(set.doccount(), 1u);
}

TEST_F(ShardSetTest, HolderOfAHashShardedArticleIsWhereItIsRouted) {
  ShardSet set(db(), hash_shards(4));
  set.replace(set.route("lemonde-2017-002", ""), "Qlemonde-2017-002",
              article("lemonde-2017-002"), {});
  set.commit();
  EXPECT_EQ(set.holder("Qlemonde-2017-002"), 3u);
  EXPECT_EQ(set.holder("Qlemonde-2017-001"), 4u);
}

TEST_F(ShardSetTest, CommitWritesTheSpellingCountsOfTheReplacedArticles) {
  ShardSet set(db(), ShardSetOptions{});
  set.replace(0, "Qa", article("a"), {"gaza", "paris"});
  set.replace(0, "Qb", article("b"), {"paris"});
  EXPECT_EQ(spellings(set.shard(0)),
            (std::vector<std::pair<std::string, Xapian::doccount>>{}));
  set.commit();
  EXPECT_EQ(
      spellings(Xapian::Database(db())),
      (std::vector<std::pair<std::string, Xapian::doccount>>{{"gaza", 1}, {"paris", 2}}));
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), 2u);
}

TEST_F(ShardSetTest,
       PublishAfterARebuildSwapsTheStubAndLeavesTheOldGenerationForTheGrace) {
  {
    ShardSet set(db(), ShardSetOptions{});
    set.replace(0, "Qold", article("old"), {});
    set.commit();
  }
  ShardSet set(db(), rebuild(0));
  EXPECT_TRUE(set.fresh());
  set.stamp();
  set.replace(0, "Qnew", article("new"), {});
  set.commit();
  EXPECT_EQ(stub(), std::string(kHeader) + "auto g000001\n");
  set.publish(true);
  EXPECT_EQ(stub(), std::string(kHeader) + "auto g000002\n");
  EXPECT_EQ(Xapian::Database(db()).get_document(1).get_data(), "new");
  EXPECT_EQ(remove_stale_generations(db(), std::chrono::seconds(600)), 0);
  EXPECT_TRUE(fs::exists(fs::path(db()) / "g000001"));
  EXPECT_EQ(remove_stale_generations(db(), std::chrono::seconds(0)), 1);
  EXPECT_FALSE(fs::exists(fs::path(db()) / "g000001"));
}

// Xapian commits by itself every XAPIAN_FLUSH_THRESHOLD changed documents
// (kiosque-index sets 1,000): a kill then left a database with work that
// kiosque's commit had not made whole, e.g. a duplicate whose group's head
// was not yet marked (issue #15). Nothing may be visible before commit().
TEST_F(ShardSetTest, NothingWrittenIsVisibleBeforeCommitWhateverXapiansFlushThreshold) {
  const char* before = std::getenv("XAPIAN_FLUSH_THRESHOLD");
  const std::string saved = before != nullptr ? before : "";
  ::setenv("XAPIAN_FLUSH_THRESHOLD", "3", 1);
  std::vector<std::pair<std::string, Xapian::doccount>> seen;
  for (const auto& [name, options] :
       std::vector<std::pair<std::string, ShardSetOptions>>{{"single", ShardSetOptions{}},
                                                            {"shards", hash_shards(2)},
                                                            {"year", by_year()}}) {
    ShardSet set(dir_ / name, options);
    set.meta().set_metadata("kiosque.test", "written");
    for (int i = 0; i < 10; ++i) {
      const std::string id = "a" + std::to_string(i);
      set.replace(set.route(id, "2017"), "Q" + id, article(id), {});
    }
    seen.emplace_back(name, Xapian::Database(dir_ / name).get_doccount());
    set.commit();
    seen.emplace_back(name, Xapian::Database(dir_ / name).get_doccount());
  }
  if (before != nullptr) {
    ::setenv("XAPIAN_FLUSH_THRESHOLD", saved.c_str(), 1);
  } else {
    ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
  }
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, Xapian::doccount>>{{"single", 0},
                                                                         {"single", 10},
                                                                         {"shards", 0},
                                                                         {"shards", 10},
                                                                         {"year", 0},
                                                                         {"year", 10}}));
}

// A run that stops on an error destroys its set: what it wrote since its
// last commit (a duplicate before its head's mark, a file state before its
// articles) must not be committed half-made by Xapian's destructor.
TEST_F(ShardSetTest, ASetDestroyedWithoutCommitKeepsOnlyWhatWasCommitted) {
  {
    ShardSet set(db(), ShardSetOptions{});
    set.replace(0, "Qa", article("a"), {});
    set.commit();
    set.replace(0, "Qb", article("b"), {});
    set.meta().set_metadata("kiosque.test", "uncommitted");
  }
  const Xapian::Database reader(db());
  EXPECT_EQ(reader.get_doccount(), 1u);
  EXPECT_EQ(reader.get_metadata("kiosque.test"), "");
}

TEST_F(ShardSetTest, AnInterruptedRebuildKeepsTheLiveGeneration) {
  { ShardSet set(db(), ShardSetOptions{}); }
  ShardSet set(db(), rebuild(0));
  set.commit();
  set.publish(false);
  EXPECT_EQ(stub(), std::string(kHeader) + "auto g000001\n");
}

TEST_F(ShardSetTest, AParallelBuildOfAnUnshardedDatabaseIsMergedIntoOneGeneration) {
  ShardSet set(db(), parallel_build(2));
  EXPECT_EQ(set.layout(), ShardLayout::kMergedBuild);
  EXPECT_EQ(set.size(), 2u);
  set.stamp();
  set.replace(set.route("lemonde-2017-001", ""), "Qlemonde-2017-001",
              article("lemonde-2017-001"), {});
  set.replace(set.route("lemonde-2017-002", ""), "Qlemonde-2017-002",
              article("lemonde-2017-002"), {});
  set.commit();
  set.publish(true);
  EXPECT_EQ(stub(), std::string(kHeader) + "auto g000002\n");
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), 2u);
  EXPECT_FALSE(fs::exists(fs::path(db()) / "s0-g000001"));
}

// A build in parts: the commit that finds a part full starts the next, of
// as many shards; ids are found in any part; all parts are merged in order.
TEST_F(ShardSetTest, ABuildInPartsStartsAPartAtTheCommitThatFindsOneFull) {
  ShardSet set(db(), in_parts(0, 2));
  EXPECT_EQ(set.layout(), ShardLayout::kMergedBuild);
  set.stamp();
  for (const std::string id : {"a", "b"}) {
    EXPECT_EQ(set.route(id, ""), 0u);
    set.replace(set.route(id, ""), "Q" + id, article(id), {});
  }
  EXPECT_EQ(set.size(), 1u);
  set.commit();
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.route("c", ""), 1u);
  set.replace(set.route("c", ""), "Qc", article("c"), {});
  set.commit();
  EXPECT_EQ(set.size(), 2u);  // 1 article in the part: not full
  EXPECT_EQ(set.holder("Qa"), 0u);
  EXPECT_EQ(set.holder("Qc"), 1u);
  EXPECT_EQ(set.holder("Qz"), 2u);
  EXPECT_EQ(set.doccount(), 3u);
  set.publish(true);
  EXPECT_EQ(stub(), std::string(kHeader) + "auto g000002\n");
  const Xapian::Database merged(db());
  EXPECT_EQ(merged.get_doccount(), 3u);
  EXPECT_EQ(merged.get_document(3).get_data(), "c");
  EXPECT_FALSE(fs::exists(fs::path(db()) / "s1-g000001"));
}

TEST_F(ShardSetTest, ABuildInPartsByTwoWritersGivesEachPartTwoShards) {
  ShardSet set(db(), in_parts(2, 2));
  set.stamp();
  set.replace(0, "Qa", article("a"), {});
  set.replace(1, "Qb", article("b"), {});
  set.commit();
  ASSERT_EQ(set.size(), 4u);
  // A writer keeps its shard modulo the width: the pool's lanes stay right.
  EXPECT_EQ(set.route("a", "") % 2, set.route("a", "") - 2);
  EXPECT_GE(set.route("b", ""), 2u);
  set.replace(set.route("c", ""), "Qc", article("c"), {});
  EXPECT_EQ(set.holder("Qc"), set.route("c", ""));
  set.commit();
  set.publish(true);
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), 3u);
}

// The parallel writers' shards are merged, and the merge adds up their
// spelling data: counted once for the set and written to one shard, each
// word's entries are made once instead of once a shard.
TEST_F(ShardSetTest, AParallelBuildWritesItsSpellingCountsToItsFirstShardOnly) {
  ShardSet set(db(), parallel_build(2));
  set.stamp();
  set.replace(0, "Qa", article("a"), {"gaza", "paris"});
  set.replace(1, "Qb", article("b"), {"paris", "rome"});
  set.commit();
  using Words = std::vector<std::pair<std::string, Xapian::doccount>>;
  EXPECT_EQ(spellings(set.shard(0)), (Words{{"gaza", 1}, {"paris", 2}, {"rome", 1}}));
  EXPECT_EQ(spellings(set.shard(1)), Words{});
  set.publish(true);
  EXPECT_EQ(spellings(Xapian::Database(db())),
            (Words{{"gaza", 1}, {"paris", 2}, {"rome", 1}}));
}

TEST_F(ShardSetTest, ASecondSetOnTheSameFolderIsRefusedWithTheLockError) {
  ShardSet set(db(), ShardSetOptions{});
  try {
    ShardSet second(db(), ShardSetOptions{});
    FAIL() << "opened twice";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "database " + db() + " is being updated by another kiosque-index");
  }
}

TEST_F(ShardSetTest, ChangingTheShardCountNeedsARebuild) {
  { ShardSet set(db(), ShardSetOptions{}); }
  try {
    ShardSet set(db(), hash_shards(2));
    FAIL() << "resharded";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "database " + db() + " has 1 shard(s); changing that needs --rebuild");
  }
  ShardSet set(db(), rebuild(2));
  set.publish(true);
  EXPECT_EQ(stub(), std::string(kHeader) +
                        "auto meta-g000002\nauto s0-g000002\nauto s1-g000002\n");
}

TEST_F(ShardSetTest, AFolderThatIsNotAKiosqueDatabaseIsRefused) {
  testing::write_file(fs::path(db()) / "notes.txt", "mine");
  try {
    ShardSet set(db(), ShardSetOptions{});
    FAIL() << "opened";
  } catch (const Error& e) {
    EXPECT_EQ(
        std::string(e.what()),
        db() + " is not a kiosque database (it has no XAPIANDB stub); give another --db");
  }
}

TEST_F(ShardSetTest, CompactDatabaseWritesTheNextGenerationOfEveryShard) {
  {
    ShardSet set(db(), hash_shards(2));
    set.stamp();
    set.replace(set.route("a", ""), "Qa", article("a"), {});
    set.commit();
  }
  const CompactSummary summary = compact_database(db(), LockWait{});
  EXPECT_GT(summary.bytes_before, 0u);
  EXPECT_EQ(stub(), std::string(kHeader) +
                        "auto meta-g000002\nauto s0-g000002\nauto s1-g000002\n");
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), 1u);
}

TEST_F(ShardSetTest, CompactFrozenShardsCompactsAPastYearOnceAndRecordsIt) {
  {
    ShardSet set(db(), by_year());
    set.stamp();
    set.replace(set.route("a", "2017"), "Qa", article("a"), {});
    set.replace(set.route("b", ""), "Qb", article("b"), {});
    set.commit();
  }
  compact_frozen_shards(db(), LockWait{});
  EXPECT_EQ(stub(), std::string(kHeader) +
                        "auto meta-g000001\nauto y2017-g000003\nauto ynone-g000002\n");
  const std::string recorded = Xapian::Database(fs::path(db()) / "meta-g000001")
                                   .get_metadata("kiosque.compacted:y2017");
  EXPECT_EQ(recorded.substr(0, recorded.find(' ')), "y2017-g000003");
  const CompactSummary again = compact_frozen_shards(db(), LockWait{});
  EXPECT_EQ(again.bytes_after, 0u);
  EXPECT_EQ(stub(), std::string(kHeader) +
                        "auto meta-g000001\nauto y2017-g000003\nauto ynone-g000002\n");
}

}  // namespace
}  // namespace kiosque
