// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/walk.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "index_test_support.h"

namespace kiosque {
namespace {

using testing::ObeyFilePermissions;
using testing::RecordingObserver;
using testing::TempDir;
using testing::write_file;

std::vector<std::string> relpaths(const Walk& walk) {
  std::vector<std::string> paths;
  for (const FileTask& task : walk.files) {
    paths.push_back(walk.root_of(task) + " " + task.relpath);
  }
  return paths;
}

WalkRoot whole(const std::filesystem::path& folder, const std::string& label) {
  return WalkRoot{folder.string(), label, folder.string(), "", false};
}

TEST(WalkTest, FindsArticleFilesSortedAndCountsTheOthersAsSkipped) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "b.txt", "texte");
  write_file(root / "2020" / "a.jsonl", "{}\n");
  write_file(root / "README.md", "lisez-moi");
  write_file(root / ".cache" / "hidden.txt", "caché");
  write_file(root / ".#lock.txt", "verrou");
  RecordingObserver observer;
  const Walk walk = walk_roots({whole(root, "archive")}, observer);
  EXPECT_EQ(relpaths(walk),
            (std::vector<std::string>{"archive 2020/a.jsonl", "archive b.txt"}));
  EXPECT_EQ(walk.skipped, 1u);
  EXPECT_EQ(walk.failed, 0u);
  EXPECT_EQ(observer.reports,
            (std::vector<std::string>{"skipped " + (root / "README.md").string()}));
  EXPECT_EQ(walk.files[1].size, 5u);
}

// A newsroom's year folders linked to another disk are not walked (a link
// could loop or leave the root), but said, with where the link leads.
TEST(WalkTest, ALinkToAFolderIsNotFollowedAndSaidInANote) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "une.txt", "texte");
  write_file(dir.path() / "disque2" / "2019" / "vieux.txt", "texte");
  std::filesystem::create_directory_symlink(dir.path() / "disque2" / "2019",
                                            root / "2019");
  RecordingObserver observer;
  const Walk walk = walk_roots({whole(root, "archive")}, observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"archive une.txt"}));
  EXPECT_EQ(walk.failed, 0u);
  EXPECT_EQ(walk.skipped, 0u);
  EXPECT_EQ(observer.reports,
            (std::vector<std::string>{
                "note " + (root / "2019").string() + ":0: symbolic link to the folder " +
                (dir.path() / "disque2" / "2019").string() +
                ": not followed (give the folder as a PATH of its own to index it)"}));
}

// Issue #14: "2021/tube.txt: …" with two roots said neither which root nor
// where; a message names a file from where the command was run.
TEST(WalkTest, MessagesNameAFileByThePathGivenJoinedWithThePartBelowIt) {
  Walk walk;
  walk.roots = {WalkRoot{"coll/a", "a", "/srv/coll/a", "", false},
                WalkRoot{"coll/b/2021/", "b", "/srv/coll/b", "2021", false},
                WalkRoot{"une.txt", "une.txt", "/srv/x", "une.txt", false}};
  EXPECT_EQ((std::vector<std::string>{
                walk.shown_path(0, ""), walk.shown_path(0, "2021/tube.txt"),
                walk.shown_path(1, "2021"), walk.shown_path(1, "2021/01/tube.txt"),
                walk.shown_path(1, "2022/autre.txt"), walk.shown_path(2, "une.txt")}),
            (std::vector<std::string>{"coll/a", "coll/a/2021/tube.txt", "coll/b/2021/",
                                      "coll/b/2021/01/tube.txt",
                                      "/srv/coll/b/2022/autre.txt", "une.txt"}));
}

TEST(WalkTest, ASubFolderOfARootGivesPathsRelativeToTheRoot) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "2021" / "01" / "une.txt", "texte");
  write_file(root / "2022" / "deux.txt", "texte");
  RecordingObserver observer;
  const Walk walk = walk_roots(
      {WalkRoot{(root / "2021").string(), "archive", root.string(), "2021", false}},
      observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"archive 2021/01/une.txt"}));
  EXPECT_EQ(walk.file_of(walk.files[0]), root / "2021" / "01" / "une.txt");
}

TEST(WalkTest, AFileRootIsItsFileInItsFolder) {
  TempDir dir;
  write_file(dir.path() / "seul.txt", "texte");
  write_file(dir.path() / "voisin.txt", "texte");
  RecordingObserver observer;
  const Walk walk = walk_roots({WalkRoot{(dir.path() / "seul.txt").string(), "seul.txt",
                                         dir.path().string(), "seul.txt", false}},
                               observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"seul.txt seul.txt"}));
  EXPECT_EQ(walk.file_of(walk.files[0]), dir.path() / "seul.txt");
}

TEST(WalkTest, TheSamePathUnderTwoRootsIsTwoFilesAndAMissingPathAFailure) {
  TempDir dir;
  write_file(dir.path() / "un" / "a.txt", "texte");
  write_file(dir.path() / "deux" / "a.txt", "texte");
  RecordingObserver observer;
  const std::string nowhere = (dir.path() / "nulle-part").string();
  const Walk walk =
      walk_roots({whole(dir.path() / "un", "un"), whole(dir.path() / "deux", "deux"),
                  WalkRoot{nowhere, "", nowhere, "", false}},
                 observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"deux a.txt", "un a.txt"}));
  EXPECT_EQ(walk.failed, 1u);
  EXPECT_EQ(observer.reports, (std::vector<std::string>{"error " + nowhere +
                                                        ":0: no such file or folder"}));
}

TEST(WalkTest, AFileUnderARootAndItsSubFolderGivenTogetherIsKeptOnce) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "2021" / "une.txt", "texte");
  RecordingObserver observer;
  const Walk walk = walk_roots(
      {whole(root, "archive"),
       WalkRoot{(root / "2021").string(), "archive", root.string(), "2021", false}},
      observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"archive 2021/une.txt"}));
  EXPECT_EQ(walk.failed, 0u);
}

TEST(WalkTest, AnUnreadableFolderIsReportedAndNothingUnderItIsSeenGone) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "nord" / "crue.txt", "texte");
  write_file(root / "sud" / "grele.txt", "texte");
  ASSERT_EQ(::chmod((root / "sud").c_str(), 0), 0);
  RecordingObserver observer;
  Walk walk;
  {
    ObeyFilePermissions obey;
    walk = walk_roots({whole(root, "archive")}, observer);
  }
  ASSERT_EQ(::chmod((root / "sud").c_str(), 0755), 0);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"archive nord/crue.txt"}));
  EXPECT_EQ(walk.failed, 1u);
  EXPECT_EQ(observer.reports,
            (std::vector<std::string>{"error " + (root / "sud").string() +
                                      ":0: cannot read folder: Permission denied"}));
  EXPECT_FALSE(walk.seen_gone(0, "sud/grele.txt"));
  EXPECT_FALSE(walk.seen_gone(0, "sud/2020/vieux.txt"));
  EXPECT_TRUE(walk.seen_gone(0, "nord/parti.txt"));
  EXPECT_TRUE(walk.seen_gone(0, "ouest/dossier/parti.txt"));  // the folder went too
}

TEST(WalkTest, AnUnreadableRootSeesNothingGone) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "crue.txt", "texte");
  ASSERT_EQ(::chmod(root.c_str(), 0), 0);
  RecordingObserver observer;
  Walk walk;
  {
    ObeyFilePermissions obey;
    walk = walk_roots({whole(root, "archive")}, observer);
  }
  ASSERT_EQ(::chmod(root.c_str(), 0755), 0);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{}));
  EXPECT_EQ(observer.reports,
            (std::vector<std::string>{"error " + root.string() +
                                      ":0: cannot read folder: Permission denied"}));
  EXPECT_FALSE(walk.seen_gone(0, "crue.txt"));
}

TEST(WalkTest, AFileGivenAloneSeesNoOtherFileGone) {
  TempDir dir;
  write_file(dir.path() / "2024-12-06.jsonl", "{}\n");
  RecordingObserver observer;
  const Walk walk =
      walk_roots({WalkRoot{(dir.path() / "2024-12-06.jsonl").string(), "2024-12-06.jsonl",
                           dir.path().string(), "2024-12-06.jsonl", false}},
                 observer);
  EXPECT_FALSE(walk.seen_gone(0, "2024-12-05.jsonl"));
}

TEST(WalkTest, ASubFolderGivenSeesGoneOnlyWhatLiesUnderIt) {
  TempDir dir;
  const auto root = dir.path() / "archive";
  write_file(root / "2021" / "une.txt", "texte");
  write_file(root / "2022" / "deux.txt", "texte");
  RecordingObserver observer;
  const Walk walk = walk_roots(
      {WalkRoot{(root / "2021").string(), "archive", root.string(), "2021", false}},
      observer);
  EXPECT_TRUE(walk.seen_gone(0, "2021/partie.txt"));
  EXPECT_FALSE(walk.seen_gone(0, "2022/partie.txt"));
  EXPECT_FALSE(walk.seen_gone(0, "partie.txt"));
  EXPECT_TRUE(walk.found_in(0));
}

}  // namespace
}  // namespace kiosque
