// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/database.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <string>

#include "../test_files.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/shard_set.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

std::string error_of(const Locations& locations) {
  try {
    open_for_search(locations);
  } catch (const Error& e) {
    return e.what();
  }
  return "(opened)";
}

// A database of `shards` shards, stamped by this analyzer, with one article.
void build(const std::string& db, std::size_t shards) {
  ShardSetOptions options;
  options.shards = shards;
  ShardSet set(db, options);
  set.stamp();
  Xapian::Document document;
  document.add_boolean_term("Qa");
  set.replace(set.route("a", ""), "Qa", document, {});
  set.commit();
}

void stamp_generation(const std::string& path, const std::string& analyzer) {
  Xapian::WritableDatabase db(path);
  db.set_metadata(schema::kMetaAnalyzer, analyzer);
  db.commit();
}

TEST(DatabaseTest, ADatabaseOfThisAnalyzerOpens) {
  TempDir dir;
  build(dir / "db", 1);
  EXPECT_EQ(open_for_search(dir / "db").get_doccount(), 1u);
}

TEST(DatabaseTest, AnotherAnalyzerVersionIsRefusedWithTheAdviceToRebuild) {
  TempDir dir;
  build(dir / "db", 1);
  stamp_generation(dir / "db/g000001", "kiosque-fr-0");
  EXPECT_EQ(error_of({dir / "db"}),
            "database " + (dir / "db") + " was built by analyzer kiosque-fr-0, this is " +
                kAnalyzerVersion + ": rebuild it with kiosque-index --rebuild");
}

TEST(DatabaseTest, EachShardsAnalyzerIsCheckedOnItsOwn) {
  TempDir dir;
  build(dir / "db", 2);
  stamp_generation(dir / "db/s1-g000001", "kiosque-fr-0");
  EXPECT_EQ(error_of({dir / "db"}),
            "database " + (dir / "db") +
                " (s1-g000001) was built by analyzer kiosque-fr-0, "
                "this is " +
                kAnalyzerVersion + ": rebuild it with kiosque-index --rebuild");
}

TEST(DatabaseTest, AMissingDatabaseSaysHowToBuildOne) {
  TempDir dir;
  EXPECT_EQ(error_of({dir / "none"}),
            "no database at " + (dir / "none") +
                " (build one with kiosque-index, or give --db)");
}

TEST(DatabaseTest, RemoteBackendsAreTcpLocationsAndRemoteStubLines) {
  TempDir dir;
  build(dir / "local", 2);
  write_file(dir.path() / "tcp/XAPIANDB", "remote 127.0.0.1:1\n");
  write_file(dir.path() / "prog/XAPIANDB", "remote :ssh host xapian-progsrv /srv/db\n");
  EXPECT_FALSE(uses_remote_backend({dir / "local"}));
  EXPECT_FALSE(uses_remote_backend({dir / "missing"}));
  EXPECT_TRUE(uses_remote_backend({"tcp://127.0.0.1:1"}));
  EXPECT_TRUE(uses_remote_backend({dir / "local", dir / "tcp"}));
  EXPECT_TRUE(uses_remote_backend({dir / "prog"}));
}

TEST(DatabaseTest, OpenWritableRefusesASecondWriterAtOnce) {
  TempDir dir;
  build(dir / "db", 1);
  Xapian::WritableDatabase first =
      open_writable(dir / "db", dir / "db/g000001", Xapian::DB_OPEN, LockWait{});
  try {
    open_writable(dir / "db", dir / "db/g000001", Xapian::DB_OPEN, LockWait{});
    FAIL() << "opened twice";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "database " + (dir / "db") + " is being updated by another kiosque-index");
  }
}

TEST(ReadLiveTest, AReaderOutrunByCommitsReopensAndReadsAgain) {
  TempDir dir;
  Xapian::WritableDatabase writer(dir / "db", Xapian::DB_CREATE);
  writer.set_metadata("k", "1");
  writer.commit();
  Xapian::Database reader(dir / "db");
  writer.set_metadata("k", "2");
  writer.commit();
  int calls = 0;
  const std::string value = read_live(reader, [&](const Xapian::Database& db) {
    // The first reads fail as a discarded revision does.
    if (++calls <= 3) throw Xapian::DatabaseModifiedError("revision discarded");
    return db.get_metadata("k");
  });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(value, "2");  // reopened: the revision the writer committed
}

TEST(ReadLiveTest, GivesUpAfterTwentyReads) {
  TempDir dir;
  { Xapian::WritableDatabase create(dir / "db", Xapian::DB_CREATE); }
  Xapian::Database reader(dir / "db");
  int calls = 0;
  EXPECT_THROW(read_live(reader,
                         [&](const Xapian::Database&) -> int {
                           ++calls;
                           throw Xapian::DatabaseModifiedError("revision discarded");
                         }),
               Xapian::DatabaseModifiedError);
  EXPECT_EQ(calls, 20);
}

}  // namespace
}  // namespace kiosque
