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

TEST(WalkTest, NormalRootIsAbsoluteWithoutTrailingSlash) {
  EXPECT_EQ(normal_root("/archives/sud/"), "/archives/sud");
  EXPECT_EQ(normal_root("/archives/./sud/../nord"), "/archives/nord");
  EXPECT_EQ(normal_root("/"), "/");
}

}  // namespace
}  // namespace kiosque
