// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/commit_policy.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "index_test_support.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

// Articles a reader opened anew sees: what was committed.
Xapian::doccount committed(const testing::TempDir& dir) {
  return Xapian::Database((dir.path() / "db").string()).get_doccount();
}

TEST(CommitPolicyTest, CommitsEveryNArticlesWrittenAndMarksLeadersFirst) {
  testing::TempDir dir;
  ShardSet set((dir.path() / "db").string(), ShardSetOptions{});
  GroupLeaders leaders;
  CommitPolicy policy(set, leaders, nullptr, 2);
  std::vector<Xapian::doccount> seen;
  for (int i = 0; i < 5; ++i) {
    Xapian::Document doc;
    doc.add_boolean_term("Q" + std::to_string(i));
    set.replace(0, "Q" + std::to_string(i), doc, {});
    if (i == 0) leaders.add("0");
    policy.article_written();
    seen.push_back(committed(dir));
  }
  EXPECT_EQ(seen, (std::vector<Xapian::doccount>{0, 2, 2, 4, 4}));
  EXPECT_EQ(policy.commits(), 2u);
  Xapian::Database db((dir.path() / "db").string());
  EXPECT_EQ(
      db.get_document(*db.postlist_begin("Q0")).get_value(schema::kSlotDuplicateGroup),
      "0");
  policy.commit();  // the end of a run
  EXPECT_EQ(committed(dir), 5u);
}

// A parallel build is seen only once merged, at its end: each of its
// writers flushes after `every` articles of its own, as one writer does,
// and the articles are numbered as if it had committed every `every`.
TEST(CommitPolicyTest, ParallelWritersCommitEveryNArticlesEachAndNumberAsOneWriter) {
  testing::TempDir dir;
  ShardSetOptions options;
  options.build_shards = 2;
  ShardSet set((dir.path() / "db").string(), options);
  GroupLeaders leaders;
  std::vector<double> sequences;
  {
    WriterPool pool(set, 2);
    CommitPolicy policy(set, leaders, &pool, 2);
    for (int i = 0; i < 8; ++i) {
      const std::string id = std::to_string(i);
      PreparedDocument prepared;
      prepared.id_term = "Q" + id;
      prepared.document.add_boolean_term(prepared.id_term);
      prepared.document.add_value(schema::kSlotSequence, set.new_sequence());
      pool.write(set.route(id, ""), std::move(prepared));
      policy.article_written();
    }
    EXPECT_EQ(policy.commits(), 2u);
    policy.commit();
  }
  set.publish(true);
  Xapian::Database db((dir.path() / "db").string());
  for (int i = 0; i < 8; ++i) {
    const std::string term = "Q" + std::to_string(i);
    sequences.push_back(Xapian::sortable_unserialise(
        db.get_document(*db.postlist_begin(term)).get_value(schema::kSlotSequence)));
  }
  EXPECT_EQ(sequences, (std::vector<double>{1, 1, 2, 2, 3, 3, 4, 4}));
  EXPECT_EQ(db.get_metadata(schema::kMetaSequence), "5");
}

}  // namespace
}  // namespace kiosque
