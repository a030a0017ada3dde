// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/moves.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "index_test_support.h"
#include "kiosque/store/schema.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {
namespace {

using testing::TempDir;

// A database holding the articles of files that vanished, and a walk that
// found one other file in the same root.
class MovesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_ = std::make_unique<ShardSet>((dir_.path() / "db").string(), ShardSetOptions{});
    walk_.roots = {WalkRoot{"/archive", "archive", "/archive", "", false}};
    walk_.files.push_back(FileTask{.root = 0, .relpath = "reste.txt"});
  }
  PreparedDocument article(const std::string& path, const std::string& text) {
    Article a;
    a.id = "archive/" + path;
    a.root = "archive";
    a.path = path;
    a.title = "Titre";
    a.text = text;
    return prepare_document(a, analyzer_);
  }
  void vanish(const std::string& path, const std::string& text) {
    PreparedDocument prepared = article(path, text);
    set_->replace(0, prepared.id_term, prepared.document, prepared.spellings);
    vanished_.files.push_back(path);
    vanished_.file_roots.push_back(0);
  }
  static std::vector<std::string> paths(const std::vector<HeldArticle>& held) {
    std::vector<std::string> out;
    for (const HeldArticle& h : held) out.push_back(h.path + " " + h.prepared.id_term);
    return out;
  }
  TempDir dir_;
  Analyzer analyzer_;
  std::unique_ptr<ShardSet> set_;
  Walk walk_;
  Vanished vanished_;
};

TEST_F(MovesTest, ANewFileWithTheTextOfOneVanishedFileTakesItsId) {
  vanish("crue.txt", "La crue de la rivière inquiète le village.");
  vanish("grele.txt", "La grêle frappe le vignoble.");
  Moves moves(*set_, walk_, vanished_);
  EXPECT_EQ(paths(moves.offer(
                0, "2024/crue.txt",
                article("2024/crue.txt", "La crue de la rivière inquiète le village."))),
            (std::vector<std::string>{}));
  EXPECT_TRUE(moves.holds(0, "2024/crue.txt"));
  // The same path under another root is another file.
  EXPECT_FALSE(moves.holds(1, "2024/crue.txt"));
  EXPECT_EQ(paths(moves.offer(0, "neuf.txt", article("neuf.txt", "Un texte nouveau."))),
            (std::vector<std::string>{"neuf.txt Qarchive/neuf.txt"}));
  EXPECT_EQ(paths(moves.take_moves()),
            (std::vector<std::string>{"2024/crue.txt Qarchive/crue.txt"}));
  EXPECT_EQ(moves.moved_ids(), (std::set<std::string>{"archive/crue.txt"}));
}

TEST_F(MovesTest, TwoNewCopiesOfOneVanishedTextAreBothNew) {
  vanish("crue.txt", "La crue de la rivière inquiète le village.");
  Moves moves(*set_, walk_, vanished_);
  const std::string text = "La crue de la rivière inquiète le village.";
  EXPECT_EQ(paths(moves.offer(0, "a.txt", article("a.txt", text))),
            (std::vector<std::string>{}));
  EXPECT_EQ(paths(moves.offer(0, "b.txt", article("b.txt", text))),
            (std::vector<std::string>{"a.txt Qarchive/a.txt", "b.txt Qarchive/b.txt"}));
  EXPECT_EQ(paths(moves.offer(0, "c.txt", article("c.txt", text))),
            (std::vector<std::string>{"c.txt Qarchive/c.txt"}));
  EXPECT_EQ(paths(moves.take_moves()), (std::vector<std::string>{}));
}

TEST_F(MovesTest, ATextTwoVanishedFilesSharedIsNoMove) {
  const std::string text = "La crue de la rivière inquiète le village.";
  vanish("a.txt", text);
  vanish("b.txt", text);
  Moves moves(*set_, walk_, vanished_);
  EXPECT_EQ(paths(moves.offer(0, "c.txt", article("c.txt", text))),
            (std::vector<std::string>{"c.txt Qarchive/c.txt"}));
}

TEST_F(MovesTest, NothingMovesAwayFromARootWhereTheWalkFoundNoFile) {
  const std::string text = "La crue de la rivière inquiète le village.";
  vanish("crue.txt", text);
  walk_.files.clear();
  Moves moves(*set_, walk_, vanished_);
  EXPECT_EQ(paths(moves.offer(0, "c.txt", article("c.txt", text))),
            (std::vector<std::string>{"c.txt Qarchive/c.txt"}));
}

TEST(MovesFilesTest, OnlyFilesOfOneArticleCanMove) {
  EXPECT_TRUE(is_single_article_file("a/b.txt"));
  EXPECT_TRUE(is_single_article_file("a/b.html.gz"));
  EXPECT_FALSE(is_single_article_file("a/b.jsonl"));
  EXPECT_FALSE(is_single_article_file("README.md"));
}

}  // namespace
}  // namespace kiosque
