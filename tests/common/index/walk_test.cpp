#include "kiosque/index/walk.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

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
  for (const FileTask& task : walk.files) paths.push_back(task.relpath);
  return paths;
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
  const Walk walk = walk_roots({root.string()}, observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"2020/a.jsonl", "b.txt"}));
  EXPECT_EQ(walk.roots, (std::vector<std::string>{root.string()}));
  EXPECT_EQ(walk.skipped, 1u);
  EXPECT_EQ(walk.failed, 0u);
  EXPECT_EQ(observer.reports, (std::vector<std::string>{"skipped README.md"}));
  EXPECT_EQ(walk.files[1].size, 5u);
}

TEST(WalkTest, AFileGivenAloneHasItsFolderAsRoot) {
  TempDir dir;
  write_file(dir.path() / "seul.txt", "texte");
  RecordingObserver observer;
  const Walk walk = walk_roots({(dir.path() / "seul.txt").string()}, observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"seul.txt"}));
  EXPECT_EQ(walk.root_of(walk.files[0]), dir.path().string());
  EXPECT_EQ(walk.file_of(walk.files[0]), dir.path() / "seul.txt");
}

TEST(WalkTest, AMissingRootAndASamePathUnderTwoRootsAreFailures) {
  TempDir dir;
  write_file(dir.path() / "un" / "a.txt", "texte");
  write_file(dir.path() / "deux" / "a.txt", "texte");
  RecordingObserver observer;
  const std::string un = (dir.path() / "un").string();
  const std::string deux = (dir.path() / "deux").string();
  const std::string nowhere = (dir.path() / "nulle-part").string();
  const Walk walk = walk_roots({un, deux, nowhere}, observer);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"a.txt"}));
  EXPECT_EQ(walk.root_of(walk.files[0]), un);
  EXPECT_EQ(walk.failed, 2u);
  EXPECT_EQ(observer.reports, (std::vector<std::string>{
                                  "error " + nowhere + ":0: no such file or folder",
                                  "error a.txt:0: same path already indexed from root " +
                                      un + "; skipped under " + deux}));
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
    walk = walk_roots({root.string()}, observer);
  }
  ASSERT_EQ(::chmod((root / "sud").c_str(), 0755), 0);
  EXPECT_EQ(relpaths(walk), (std::vector<std::string>{"nord/crue.txt"}));
  EXPECT_EQ(walk.failed, 1u);
  EXPECT_EQ(
      observer.reports,
      (std::vector<std::string>{"error sud:0: cannot read folder: Permission denied"}));
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
    walk = walk_roots({root.string()}, observer);
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
  const Walk walk = walk_roots({(dir.path() / "2024-12-06.jsonl").string()}, observer);
  EXPECT_FALSE(walk.seen_gone(0, "2024-12-05.jsonl"));
}

TEST(WalkTest, NormalRootIsAbsoluteWithoutTrailingSlash) {
  EXPECT_EQ(normal_root("/archives/sud/"), "/archives/sud");
  EXPECT_EQ(normal_root("/archives/./sud/../nord"), "/archives/nord");
  EXPECT_EQ(normal_root("/"), "/");
}

}  // namespace
}  // namespace kiosque
