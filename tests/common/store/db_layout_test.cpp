// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/db_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "../test_files.h"
#include "kiosque/base/error.h"

namespace kiosque {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

constexpr char kHeader[] =
    "# kiosque database: the live generation(s), see docs/architecture.md\n";

// A stand-in generation folder: what remove_stale_generations looks at.
void make_generation(const TempDir& dir, const std::string& name,
                     std::chrono::seconds age = std::chrono::seconds(0)) {
  write_file(dir.path() / name / "iamglass", "");
  fs::last_write_time(dir.path() / name / "iamglass",
                      fs::file_time_type::clock::now() - age);
}

std::vector<std::string> folder_names(const TempDir& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(DbLayoutTest, LiveGenerationsAreTheStubsNamesInOrder) {
  TempDir dir;
  EXPECT_EQ(live_generations(dir.path().string()), std::vector<GenerationName>{});
  write_file(dir.path() / "XAPIANDB",
             "# comment\nauto meta-g000003\nauto y2017-g000004\n");
  EXPECT_EQ(live_generations(dir.path().string()),
            (std::vector<GenerationName>{{ShardKind::kMeta, 0, 3},
                                         {ShardKind::kYear, 2017, 4}}));
}

TEST(DbLayoutTest, AStubNamingWhatKiosqueCannotWriteToIsRefused) {
  TempDir dir;
  const std::vector<std::string> lines = {"auto /srv/db/g000001", "remote host:33333",
                                          "remote :ssh host xapian-progsrv /srv/db",
                                          "auto live", "glass g000001"};
  for (const std::string& line : lines) {
    write_file(dir.path() / "XAPIANDB", "auto g000001\n" + line + "\n");
    try {
      live_generations(dir.path().string());
      ADD_FAILURE() << "accepted " << line;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), "database " + dir.path().string() +
                                           ": its XAPIANDB names '" + line +
                                           "', which kiosque-index cannot write to");
    }
  }
}

TEST(DbLayoutTest, TheNextGenerationNumberIsOneMoreThanTheHighestFolder) {
  TempDir dir;
  EXPECT_EQ(next_generation_number(dir.path().string()), 1);
  EXPECT_EQ(next_generation_number(dir / "missing"), 1);
  make_generation(dir, "g000003");
  make_generation(dir, "s1-g000007");
  make_generation(dir, "y17-g000009");  // not a generation name
  write_file(dir.path() / "g000011.new", "");
  EXPECT_EQ(next_generation_number(dir.path().string()), 8);
}

TEST(DbLayoutTest, GenerationPathIsTheFolderInTheDatabase) {
  EXPECT_EQ(generation_path("/srv/db", {ShardKind::kHash, 2, 5}), "/srv/db/s2-g000005");
}

TEST(DbLayoutTest, PublishWritesTheStubAndPointsTheLiveLinks) {
  TempDir dir;
  publish_generations(
      dir.path().string(),
      {{ShardKind::kMeta, 0, 2}, {ShardKind::kHash, 0, 2}, {ShardKind::kHash, 1, 2}});
  EXPECT_EQ(
      read_file(dir.path() / "XAPIANDB"),
      std::string(kHeader) + "auto meta-g000002\nauto s0-g000002\nauto s1-g000002\n");
  EXPECT_EQ(fs::read_symlink(dir.path() / "live-meta"), "meta-g000002");
  EXPECT_EQ(fs::read_symlink(dir.path() / "live-s1"), "s1-g000002");
  publish_generations(dir.path().string(), {{ShardKind::kWhole, 0, 3}});
  EXPECT_EQ(read_file(dir.path() / "XAPIANDB"), std::string(kHeader) + "auto g000003\n");
  EXPECT_EQ(fs::read_symlink(dir.path() / "live"), "g000003");
}

TEST(DbLayoutTest, StaleGenerationsAreRemovedOnlyAfterTheGrace) {
  TempDir dir;
  make_generation(dir, "g000001", std::chrono::hours(1));    // stale, old
  make_generation(dir, "g000002", std::chrono::seconds(5));  // stale, recent
  make_generation(dir, "g000003", std::chrono::hours(1));    // live
  publish_generations(dir.path().string(), {{ShardKind::kWhole, 0, 3}});
  EXPECT_EQ(remove_stale_generations(dir.path().string(), std::chrono::seconds(600)), 1);
  EXPECT_EQ(folder_names(dir),
            (std::vector<std::string>{"XAPIANDB", "g000002", "g000003", "live"}));
  EXPECT_EQ(remove_stale_generations(dir.path().string(), std::chrono::seconds(0)), 1);
  EXPECT_EQ(folder_names(dir), (std::vector<std::string>{"XAPIANDB", "g000003", "live"}));
}

TEST(DbLayoutTest, NothingIsStaleWithoutAStub) {
  TempDir dir;
  make_generation(dir, "g000001", std::chrono::hours(1));
  EXPECT_EQ(remove_stale_generations(dir.path().string(), std::chrono::seconds(0)), 0);
  write_file(dir.path() / "XAPIANDB", "remote host:1\n");
  EXPECT_EQ(remove_stale_generations(dir.path().string(), std::chrono::seconds(0)), 0);
  EXPECT_EQ(folder_names(dir), (std::vector<std::string>{"XAPIANDB", "g000001"}));
}

}  // namespace
}  // namespace kiosque
