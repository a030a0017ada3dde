// SPDX-License-Identifier: GPL-2.0-or-later
// End to end: roots as a newsroom's archive has them (issues #14 and #15).
// Two roots with the same YYYY/MM/DD layout, a nightly export indexed a file
// at a time, a sub-folder indexed after its whole root, a moved mount, a
// record id claimed by two files, a renamed source, an old schema.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "e2e_helpers.h"

namespace kiosque::testing {
namespace {

namespace fs = std::filesystem;

const std::string kIndex = KIOSQUE_INDEX_BIN;
const std::string kQuery = KIOSQUE_QUERY_BIN;

// A plain-text article about `topic`, findable by "marché".
std::string article(const std::string& topic) {
  return topic + "\n\nLe marché de " + topic + " ouvre ce matin.\n";
}

// A JSON Lines record.
std::string record(const std::string& id, const std::string& topic) {
  return R"({"id":")" + id + R"(","title":")" + topic + R"(","text":"Le marché de )" +
         topic + R"( ouvre."})" + "\n";
}

class RootsTest : public ::testing::Test {
 protected:
  RunResult index(std::vector<std::string> args) {
    args.insert(args.begin(), {kIndex, "--db", db_, "--summary"});
    return run(args);
  }
  // Every article's id, sorted.
  std::vector<std::string> ids() {
    std::vector<std::string> found =
        hit_ids(run({kQuery, "--db", db_, "--json", "--limit", "100", "marché"}).out);
    std::sort(found.begin(), found.end());
    return found;
  }
  // The id and source of each article, sorted.
  std::vector<std::string> sources() {
    std::vector<std::string> found;
    for (const auto& o : json_lines(
             run({kQuery, "--db", db_, "--json", "--limit", "100", "marché"}).out)) {
      if (o.value("type", "") != "hit") continue;
      const auto& source = o.at("source");
      found.push_back(o.value("id", "") + " " +
                      (source.is_string() ? source.get<std::string>() : "-"));
    }
    std::sort(found.begin(), found.end());
    return found;
  }
  std::string path(const std::string& name) { return dir_ / name; }

  TempDir dir_;
  const std::string db_ = dir_ / "db";
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Issue #14 point 2: the second root's une.txt was "same path already
// indexed", exit 1 on every run.
TEST_F(RootsTest, TwoRootsWithTheSameLayoutIndexEveryArticle) {
  write_file(path("coll/a/2021/01/01/une.txt"), article("Brest"));
  write_file(path("coll/b/2021/01/01/une.txt"), article("Quimper"));
  const RunResult first = index({path("coll/a"), path("coll/b")});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(has(first.err, "2 added, 0 updated, 0 deleted")) << first.err;
  EXPECT_EQ(ids(),
            (std::vector<std::string>{"a/2021/01/01/une.txt", "b/2021/01/01/une.txt"}));
  const RunResult second = index({path("coll/a"), path("coll/b")});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(has(second.err, "0 added, 0 updated, 0 deleted, 2 unchanged, 0 failed"))
      << second.err;
}

// Issue #15 point 5: the second night deleted the first night's articles.
TEST_F(RootsTest, TheNightlyExportPatternKeepsEveryDay) {
  write_file(path("exports/2024-12-05.jsonl"),
             record("1", "Brest") + record("2", "Vannes"));
  const RunResult day1 = index({path("exports/2024-12-05.jsonl")});
  EXPECT_EQ(day1.exit_code, 0) << day1.err;
  // The next export numbers its records from 1 again.
  write_file(path("exports/2024-12-06.jsonl"),
             record("1", "Lorient") + record("2", "Quimper"));
  const RunResult day2 = index({path("exports/2024-12-06.jsonl")});
  EXPECT_EQ(day2.exit_code, 0) << day2.err;
  EXPECT_TRUE(has(day2.err, "2 added, 0 updated, 0 deleted")) << day2.err;
  write_file(path("exports/2024-12-07.jsonl"), record("1", "Rennes"));
  const RunResult day3 = index({path("exports/2024-12-07.jsonl")});
  EXPECT_TRUE(has(day3.err, "1 added, 0 updated, 0 deleted")) << day3.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"2024-12-05.jsonl:1", "2024-12-05.jsonl:2",
                                             "2024-12-06.jsonl:1", "2024-12-06.jsonl:2",
                                             "2024-12-07.jsonl:1"}));
}

TEST_F(RootsTest, ASubFolderIndexedAfterItsRootKeepsIdsAndOnlyItsOwnFilesCanGo) {
  write_file(path("sud/2021/01/01/une.txt"), article("Brest"));
  write_file(path("sud/2021/01/02/deux.txt"), article("Vannes"));
  write_file(path("sud/2022/05/05/trois.txt"), article("Lorient"));
  ASSERT_EQ(index({path("sud")}).exit_code, 0);
  const RunResult sub = index({path("sud/2021")});
  EXPECT_EQ(sub.exit_code, 0) << sub.err;
  EXPECT_TRUE(has(sub.err, "0 added, 0 updated, 0 deleted, 2 unchanged")) << sub.err;

  fs::remove(path("sud/2022/05/05/trois.txt"));
  fs::remove(path("sud/2021/01/02/deux.txt"));
  const RunResult gone = index({path("sud/2021")});
  EXPECT_TRUE(has(gone.err, "0 added, 0 updated, 1 deleted, 1 unchanged")) << gone.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"sud/2021/01/01/une.txt",
                                             "sud/2022/05/05/trois.txt"}));
  const RunResult whole = index({path("sud")});
  EXPECT_TRUE(has(whole.err, "0 added, 0 updated, 1 deleted, 1 unchanged")) << whole.err;
}

// The evidence rules (docs/architecture.md, "Deletions and moves") apply to
// the part of a root a PATH covers: a sub-folder found empty is treated as
// missing, and the rest of the root is not looked at.
TEST_F(RootsTest, AnEmptiedSubFolderGivenLosesNothingUnlessMassDeleteIsAllowed) {
  write_file(path("archive/2021/a.txt"), article("Brest"));
  write_file(path("archive/2021/b.txt"), article("Quimper"));
  write_file(path("archive/2022/c.txt"), article("Vannes"));
  ASSERT_EQ(index({path("archive")}).exit_code, 0);
  fs::remove(path("archive/2021/a.txt"));
  fs::remove(path("archive/2021/b.txt"));

  const RunResult refused = index({path("archive/2021")});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_TRUE(has(refused.err, path("archive/2021") + ": error: holds no article file"))
      << refused.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"archive/2021/a.txt", "archive/2021/b.txt",
                                             "archive/2022/c.txt"}));

  const RunResult allowed = index({"--allow-mass-delete", path("archive/2021")});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_TRUE(has(allowed.err, "0 added, 0 updated, 2 deleted")) << allowed.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"archive/2022/c.txt"}));
}

TEST_F(RootsTest, AMovedMountKeepsItsIds) {
  write_file(path("mnt1/sud/2021/01/01/une.txt"), article("Brest"));
  ASSERT_EQ(index({path("mnt1/sud")}).exit_code, 0);
  fs::rename(path("mnt1"), path("mnt2"));
  const RunResult moved = index({path("mnt2/sud")});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_TRUE(has(moved.err,
                  "root sud moved from " + path("mnt1/sud") + " to " + path("mnt2/sud")))
      << moved.err;
  EXPECT_TRUE(has(moved.err, "0 added, 0 updated, 0 deleted, 1 unchanged")) << moved.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"sud/2021/01/01/une.txt"}));
}

// A moved file's line in --verbose named it relative to its root
// ("archives/une.txt: updated …"), unlike every other line, which names a
// file as given on the command line.
TEST_F(RootsTest, AMovedFileIsNamedAsGivenInVerboseOutput) {
  write_file(path("sud/2021/01/01/une.txt"), article("Brest"));
  write_file(path("nord/2021/01/01/une.txt"), article("Lille"));
  ASSERT_EQ(index({path("sud"), path("nord")}).exit_code, 0);
  fs::create_directories(path("nord/archives"));
  fs::rename(path("nord/2021/01/01/une.txt"), path("nord/archives/une.txt"));
  const RunResult moved = index({"--verbose", path("sud"), path("nord")});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_TRUE(has(moved.err,
                  path("nord/archives/une.txt") + ": updated nord/2021/01/01/une.txt\n"))
      << moved.err;
}

// Issue #15 point 3: the last file read won, and both counted as added.
TEST_F(RootsTest, ARecordIdHeldByAnotherFileIsRefusedWhileItsHolderExists) {
  write_file(path("flux/a.jsonl"), record("7", "Brest"));
  write_file(path("flux/b.jsonl"), record("7", "Vannes") + record("8", "Lorient"));
  const RunResult first = index({path("flux")});
  EXPECT_EQ(first.exit_code, 1) << first.err;
  EXPECT_TRUE(has(first.err, path("flux/b.jsonl") +
                                 ":1: error: duplicate id \"7\" (first in a.jsonl:1)"))
      << first.err;
  EXPECT_TRUE(has(first.err, "2 added, 0 updated, 0 deleted, 0 unchanged, 1 failed"))
      << first.err;
  EXPECT_EQ(sources().size(), 2u);

  // A later run, the files unchanged: still refused, still said.
  const RunResult later = index({path("flux")});
  EXPECT_EQ(later.exit_code, 1) << later.err;
  EXPECT_TRUE(has(later.err, path("flux/b.jsonl") +
                                 ":1: error: duplicate id \"7\" (first in a.jsonl)"))
      << later.err;
  EXPECT_TRUE(has(later.err, "0 added, 0 updated, 0 deleted, 2 unchanged, 1 failed"))
      << later.err;

  // The first holder gone, the record gets in.
  fs::remove(path("flux/a.jsonl"));
  const RunResult after = index({path("flux")});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"flux:7", "flux:8"}));
}

// Issue #14 point 6: a new --source-of name did nothing.
TEST_F(RootsTest, ANewSourceNameReadsTheRootAgain) {
  write_file(path("sud/2021/une.txt"), article("Brest"));
  write_file(path("sud/2022/deux.txt"), article("Vannes"));
  ASSERT_EQ(index({"--source-of", path("sud") + "=Le Sud", path("sud")}).exit_code, 0);
  // Given again without a source, the recorded one holds.
  const RunResult same = index({path("sud/2021")});
  EXPECT_TRUE(has(same.err, "0 added, 0 updated, 0 deleted, 1 unchanged")) << same.err;
  // Renamed while indexing a sub-folder: the whole root takes the new name.
  const RunResult renamed =
      index({"--source-of", path("sud/2021") + "=Sud Ouest", path("sud/2021")});
  EXPECT_EQ(renamed.exit_code, 0) << renamed.err;
  EXPECT_TRUE(
      has(renamed.err, "source of root sud changed from \"Le Sud\" to \"Sud Ouest\""))
      << renamed.err;
  EXPECT_TRUE(has(renamed.err, "0 added, 2 updated, 0 deleted")) << renamed.err;
  EXPECT_EQ(sources(), (std::vector<std::string>{"sud/2021/une.txt Sud Ouest",
                                                 "sud/2022/deux.txt Sud Ouest"}));
}

TEST_F(RootsTest, RebuildWithoutPathReadsTheRecordedRootsWithTheirSources) {
  write_file(path("a/une.txt"), article("Brest"));
  write_file(path("b/deux.txt"), article("Vannes"));
  ASSERT_EQ(index({"--source", "Le Sud", path("a")}).exit_code, 0);
  ASSERT_EQ(index({path("b")}).exit_code, 0);
  const RunResult rebuilt = index({"--rebuild"});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_TRUE(has(rebuilt.err, "2 added, 0 updated, 0 deleted")) << rebuilt.err;
  EXPECT_EQ(sources(), (std::vector<std::string>{"a/une.txt Le Sud", "b/deux.txt -"}));
}

// Issue #14: "2021/tube.txt: not a regular file" with two roots said
// neither which root nor where it is.
TEST_F(RootsTest, AProblemNamesItsFileAsThePathGivenLeadsToIt) {
  write_file(path("coll/a/2021/une.txt"), article("Brest"));
  write_file(path("coll/a/2021/flux.jsonl"), "{\"id\": \"1\", \"text\": \n");
  write_file(path("coll/b/2021/une.txt"), article("Quimper"));
  ASSERT_EQ(::mkfifo(path("coll/b/2021/tube.txt").c_str(), 0600), 0);
  const RunResult r = index({path("coll/a"), path("coll/b/2021")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(has("\n" + r.err,
                  "\n" + path("coll/b/2021") + "/tube.txt: error: not a regular file\n"))
      << r.err;
  EXPECT_TRUE(
      has("\n" + r.err,
          "\n" + path("coll/a") + "/2021/flux.jsonl:1: error: line is not valid JSON: "))
      << r.err;
}

// Issue #14: a folder holding recorded roots became a new root of its own,
// and every article was indexed a second time under it.
TEST_F(RootsTest, AFolderHoldingRecordedRootsIsIndexedAsThoseRoots) {
  write_file(path("coll/a/2021/une.txt"), article("Brest"));
  write_file(path("coll/b/2021/une.txt"), article("Quimper"));
  ASSERT_EQ(index({path("coll/a"), path("coll/b")}).exit_code, 0);
  write_file(path("coll/b/2022/deux.txt"), article("Vannes"));
  const RunResult r = index({path("coll")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "warning: " + path("coll") +
                             " holds the recorded roots a, b: indexed as those roots"))
      << r.err;
  EXPECT_TRUE(has(r.err, "1 added, 0 updated, 0 deleted, 2 unchanged, 0 failed"))
      << r.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"a/2021/une.txt", "b/2021/une.txt",
                                             "b/2022/deux.txt"}));
}

// Issue #14: a record moved to a file read before its old one was a
// "duplicate id", the old file being still there.
TEST_F(RootsTest, ARecordMovedToAnotherFileInOneRunIsNotADuplicate) {
  write_file(path("flux/a.jsonl"), record("1", "Brest"));
  write_file(path("flux/b.jsonl"), record("2", "Vannes") + record("3", "Lorient"));
  ASSERT_EQ(index({path("flux")}).exit_code, 0);
  write_file(path("flux/a.jsonl"), record("1", "Brest") + record("3", "Lorient"));
  write_file(path("flux/b.jsonl"), record("2", "Vannes"));
  const RunResult r = index({path("flux")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Its stored path changed: updated, not added.
  EXPECT_TRUE(has(r.err, "0 added, 1 updated, 0 deleted, 2 unchanged, 0 failed"))
      << r.err;
  EXPECT_EQ(ids(), (std::vector<std::string>{"flux:1", "flux:2", "flux:3"}));
}

TEST_F(RootsTest, AnotherSchemaIsRefusedByTheIndexerAndWarnedByTheQueryTool) {
  write_file(path("a/une.txt"), article("Brest"));
  ASSERT_EQ(index({path("a")}).exit_code, 0);
  {
    Xapian::WritableDatabase db(db_, Xapian::DB_OPEN);
    db.set_metadata("kiosque.schema", "");  // as before schemas were recorded
  }
  const RunResult refused = index({path("a")});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_TRUE(has(refused.err, "has schema 1, this kiosque has schema 2")) << refused.err;
  EXPECT_TRUE(has(refused.err, "kiosque-index --rebuild")) << refused.err;
  const RunResult searched = run({kQuery, "--db", db_, "Brest"});
  EXPECT_EQ(searched.exit_code, 0) << searched.err;
  EXPECT_TRUE(
      has(searched.err, "kiosque-query: warning: database " + db_ + " has schema 1"))
      << searched.err;
  // --json says it in the summary too, and --batch in each summary (failed
  // first: "warnings" was [], and --batch said nothing at all).
  const std::string warning = "database " + db_ +
                              " has schema 1, this kiosque has schema 2 (article ids and "
                              "stored data changed): rebuild it with kiosque-index "
                              "--rebuild";
  const RunResult json = run({kQuery, "--db", db_, "--json", "Brest"});
  EXPECT_EQ(json_lines(json.out).back().at("warnings"), nlohmann::json({warning}));
  const RunResult batch = run({kQuery, "--db", db_, "--batch"}, "Brest\nQuimper\n");
  EXPECT_EQ(batch.err, "kiosque-query: warning: " + warning + "\n");
  const std::vector<nlohmann::json> objects = json_lines(batch.out);
  ASSERT_EQ(objects.size(), 3u) << batch.out;
  EXPECT_EQ(objects[1].at("warnings"), nlohmann::json({warning}));
  EXPECT_EQ(objects[2].at("warnings"), nlohmann::json({warning}));
  const RunResult rebuilt = index({"--rebuild", path("a")});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(run({kQuery, "--db", db_, "Brest"}).err, "");
}

}  // namespace
}  // namespace kiosque::testing
