#include "kiosque/index/walk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "index_test_support.h"

namespace kiosque {
namespace {

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
  EXPECT_EQ(observer.reports, (std::vector<std::string>{"skipped README.md"}));
  EXPECT_EQ(walk.files[1].size, 5u);
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

}  // namespace
}  // namespace kiosque
