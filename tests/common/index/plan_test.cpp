// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/plan.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "index_test_support.h"
#include "kiosque/store/file_state.h"

namespace kiosque {
namespace {

FileTask task(const std::string& relpath, std::uint64_t size, std::int64_t mtime_ns) {
  FileTask t;
  t.relpath = relpath;
  t.size = size;
  t.mtime_ns = mtime_ns;
  return t;
}

std::vector<bool> changed(const Walk& walk) {
  std::vector<bool> flags;
  for (const FileTask& t : walk.files) flags.push_back(t.changed);
  return flags;
}

TEST(PlanTest, FilesRecordedWithTheSameRootSizeAndMtimeAreNotReadAgain) {
  testing::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  db.set_metadata(file_state_key("r", "same.txt"), encode_file_state({"r", 10, 100, 4}));
  db.set_metadata(file_state_key("r", "bigger.txt"),
                  encode_file_state({"r", 10, 100, 1}));
  db.set_metadata(file_state_key("r", "touched.txt"),
                  encode_file_state({"r", 10, 100, 1}));
  // The same path in another root is another file.
  db.set_metadata(file_state_key("old", "moved.txt"),
                  encode_file_state({"old", 10, 100, 1}));
  db.set_metadata(file_state_key("r", "gone-then-back.txt"), "");
  Walk walk;
  walk.roots = {WalkRoot{"/r", "r", "/r", "", false}};
  walk.files = {task("bigger.txt", 11, 100), task("gone-then-back.txt", 10, 100),
                task("moved.txt", 10, 100),  task("new.txt", 7, 1),
                task("same.txt", 10, 100),   task("touched.txt", 10, 101)};
  const Plan plan = plan_reads(&db, &walk);
  EXPECT_EQ(changed(walk), (std::vector<bool>{true, true, true, true, false, true}));
  EXPECT_EQ(plan.unchanged_articles, 4u);
  EXPECT_EQ(plan.bytes_to_read, 11u + 10 + 10 + 7 + 10);
}

TEST(PlanTest, ARootWhoseSourceChangedIsReadAgainWhole) {
  testing::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  db.set_metadata(file_state_key("r", "same.txt"), encode_file_state({"r", 10, 100, 4}));
  Walk walk;
  walk.roots = {WalkRoot{"/r", "r", "/r", "", true}};
  walk.files = {task("same.txt", 10, 100)};
  const Plan plan = plan_reads(&db, &walk);
  EXPECT_EQ(changed(walk), (std::vector<bool>{true}));
  EXPECT_EQ(plan.unchanged_articles, 0u);
}

TEST(PlanTest, AFreshBuildReadsEveryFile) {
  Walk walk;
  walk.roots = {WalkRoot{"/r", "r", "/r", "", false}};
  walk.files = {task("a.txt", 3, 1), task("b.txt", 4, 1)};
  const Plan plan = plan_reads(nullptr, &walk);
  EXPECT_EQ(changed(walk), (std::vector<bool>{true, true}));
  EXPECT_EQ(plan.bytes_to_read, 7u);
  EXPECT_EQ(plan.unchanged_articles, 0u);
}

}  // namespace
}  // namespace kiosque
