// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/apply.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "index_test_support.h"
#include "kiosque/index/article_failure.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/sequence.h"

namespace kiosque {
namespace {

// An article whose text is the same paragraph eight times, then `extra`:
// articles that differ only by title or a short `extra` are duplicates.
Article article(const std::string& id, const std::string& extra,
                const std::string& date = "") {
  Article a;
  a.id = id;
  a.path = id;
  a.title = "Le conseil municipal";
  a.date = date;
  for (int i = 0; i < 8; ++i) {
    a.text +=
        "Le conseil municipal a voté le budget de la piscine et du stade, après un "
        "long débat sur la rénovation de l'école du quartier numéro " +
        std::to_string(i) + ".\n";
  }
  a.text += extra;
  return a;
}

// One ShardSet at a time over the test's database, with the applier's parts.
class ApplyTest : public ::testing::Test {
 protected:
  void open(ShardSetOptions options = {}, Writes writes = Writes::kWrite) {
    applier_.reset();
    set_.reset();
    set_ = std::make_unique<ShardSet>((dir_.path() / "db").string(), options);
    if (writes == Writes::kWrite) set_->stamp();  // as run_index() does
    const Freshness freshness =
        set_->fresh() ? Freshness::kFresh : Freshness::kIncremental;
    if (freshness == Freshness::kFresh) {
      finder_ = std::make_unique<MemoryDuplicateFinder>();
    } else {
      finder_ = std::make_unique<BandTermDuplicateFinder>(*set_);
    }
    applier_ = std::make_unique<ArticleApplier>(
        ArticleApplier::Parts{*set_, *finder_, leaders_, nullptr}, freshness, writes);
  }
  ArticleOutcome apply(const Article& a) {
    PreparedDocument prepared = prepare_document(a, analyzer_);
    return applier_->apply(a.id, prepared);
  }
  // The stored value `slot` of article `id`, after a commit.
  std::string value(const std::string& id, Xapian::valueno slot) {
    const std::string id_term = schema::kPrefixId + id;
    const std::size_t holder = set_->holder(id_term);
    if (holder == set_->size()) return "(none)";
    Xapian::WritableDatabase& db = set_->shard(holder);
    return db.get_document(*db.postlist_begin(id_term)).get_value(slot);
  }
  void commit() {
    leaders_.mark(*set_);
    set_->commit();
  }

  testing::TempDir dir_;
  Analyzer analyzer_;
  GroupLeaders leaders_;
  std::unique_ptr<ShardSet> set_;
  std::unique_ptr<DuplicateFinder> finder_;
  std::unique_ptr<ArticleApplier> applier_;
};

TEST_F(ApplyTest, ANewArticleIsAddedWithTheTimeItWasIndexed) {
  open();
  const double before = 1e9;  // 2001: any clock running this test is later
  EXPECT_EQ(apply(article("a", "Premier.")), ArticleOutcome::kAdded);
  commit();
  EXPECT_GT(Xapian::sortable_unserialise(value("a", schema::kSlotIndexedAt)), before);
  EXPECT_EQ(value("a", schema::kSlotDuplicateGroup), "");
}

// The value of sequence `n` in kSlotSequence.
std::string sequence(double n) { return Xapian::sortable_serialise(n); }

TEST_F(ApplyTest, NewArticlesCarryTheirCommitsSequenceAndChangedOnesKeepTheirFirst) {
  open();
  ASSERT_EQ(apply(article("a", "Premier.")), ArticleOutcome::kAdded);
  commit();
  EXPECT_EQ(committed_sequence(set_->meta()), 1u);
  open();  // a later, incremental run
  EXPECT_EQ(apply(article("a", "Corrigé.")), ArticleOutcome::kUpdated);
  EXPECT_EQ(apply(article("b", "Tout autre chose, sans rapport.")),
            ArticleOutcome::kAdded);
  commit();
  EXPECT_EQ(committed_sequence(set_->meta()), 2u);
  EXPECT_EQ(value("a", schema::kSlotSequence), sequence(1));
  EXPECT_EQ(value("b", schema::kSlotSequence), sequence(2));
  // A rebuild keeps both, and goes on from the live database's sequence.
  const std::string b_indexed = value("b", schema::kSlotIndexedAt);
  open({.shards = 0,
        .shard_by = ShardBy::kHash,
        .open = ShardSetOpen::kRebuild,
        .writes = ShardSetWrites::kApply,
        .lock_wait = {},
        .build_shards = 0});
  ASSERT_EQ(apply(article("b", "Tout autre chose, sans rapport.")),
            ArticleOutcome::kAdded);
  ASSERT_EQ(apply(article("c", "Une troisième, bien différente.")),
            ArticleOutcome::kAdded);
  commit();
  EXPECT_EQ(committed_sequence(set_->meta()), 3u);
  EXPECT_EQ(value("b", schema::kSlotSequence), sequence(2));
  EXPECT_EQ(value("b", schema::kSlotIndexedAt), b_indexed);
  EXPECT_EQ(value("c", schema::kSlotSequence), sequence(3));
}

TEST_F(ApplyTest, TheSameArticleAgainIsUnchangedAndAChangedOneKeepsItsFirstIndexedTime) {
  open();
  ASSERT_EQ(apply(article("a", "Premier.")), ArticleOutcome::kAdded);
  commit();
  const std::string first_indexed = value("a", schema::kSlotIndexedAt);
  open();  // a later, incremental run
  EXPECT_EQ(apply(article("a", "Premier.")), ArticleOutcome::kUnchanged);
  EXPECT_EQ(apply(article("a", "Corrigé.")), ArticleOutcome::kUpdated);
  commit();
  EXPECT_EQ(value("a", schema::kSlotIndexedAt), first_indexed);
  EXPECT_EQ(set_->doccount(), 1u);
}

TEST_F(ApplyTest, DuplicatesJoinTheGroupOfTheFirstInOneRunAndAcrossRuns) {
  open();
  ASSERT_EQ(apply(article("a", "")), ArticleOutcome::kAdded);
  ASSERT_EQ(apply(article("b", "")), ArticleOutcome::kAdded);
  EXPECT_EQ(leaders_.pending(), (std::set<std::string>{"a"}));
  commit();
  open();  // incremental: the band terms find "a" in the database
  ASSERT_EQ(apply(article("c", "")), ArticleOutcome::kAdded);
  commit();
  EXPECT_EQ((std::vector<std::string>{value("a", schema::kSlotDuplicateGroup),
                                      value("b", schema::kSlotDuplicateGroup),
                                      value("c", schema::kSlotDuplicateGroup)}),
            (std::vector<std::string>{"a", "a", "a"}));
}

TEST_F(ApplyTest, AnArticleWhoseYearChangesMovesToTheShardOfItsNewYear) {
  ShardSetOptions by_year;
  by_year.shard_by = ShardBy::kYear;
  open(by_year);
  ASSERT_EQ(apply(article("a", "Daté.", "2019-05-01")), ArticleOutcome::kAdded);
  commit();
  open(by_year);
  const std::size_t old_shard = set_->holder("Qa");
  EXPECT_EQ(apply(article("a", "Daté.", "2020-05-01")), ArticleOutcome::kUpdated);
  commit();
  EXPECT_NE(set_->holder("Qa"), old_shard);
  EXPECT_EQ(value("a", schema::kSlotYear), "2020");
  EXPECT_EQ(set_->doccount(), 1u);
}

// Fault injection (issue #16.4): the second article holds a term longer than
// Xapian takes. Written, it would make Xapian throw and cancel the first
// article too.
TEST_F(ApplyTest, AnArticleXapianWouldRefuseFailsAloneAndTheOthersAreKept) {
  open();
  ASSERT_EQ(apply(article("a", "Premier.")), ArticleOutcome::kAdded);
  PreparedDocument refused = prepare_document(article("b", "Deuxième."), analyzer_);
  refused.document.add_boolean_term("X" + std::string(300, 'x'));
  try {
    applier_->apply("b", refused);
    FAIL() << "no exception";
  } catch (const ArticleFailure& e) {
    EXPECT_EQ(std::string(e.what()),
              "term too long for Xapian (301 bytes, the limit is 245): " +
                  std::string("X") + std::string(39, 'x') + "…");
  }
  EXPECT_EQ(apply(article("c", "Troisième.")), ArticleOutcome::kAdded);
  commit();
  EXPECT_EQ((std::vector<std::string>{value("a", schema::kSlotYear),
                                      value("b", schema::kSlotYear),
                                      value("c", schema::kSlotYear)}),
            (std::vector<std::string>{"", "(none)", ""}));
}

TEST_F(ApplyTest, AnErrorOfTheDatabaseItselfIsNotAnArticlesFailure) {
  open();
  ASSERT_EQ(apply(article("a", "Premier.")), ArticleOutcome::kAdded);
  set_->shard(0).close();
  EXPECT_THROW(apply(article("b", "Deuxième.")), Xapian::DatabaseError);
}

// Issue #16.9: wrong dates across centuries opened a shard per year.
TEST(ShardYearTest, YearsOutsideTheBoundsGoToTheUndatedShard) {
  std::vector<std::string> shards;
  for (const char* year : {"", "0001", "1799", "1800", "1944", "2100", "2101", "9999"}) {
    shards.push_back(shard_year(year));
  }
  EXPECT_EQ(shards,
            (std::vector<std::string>{"", "", "", "1800", "1944", "2100", "", ""}));
}

TEST_F(ApplyTest, AnArticleOfAnImpossibleYearIsWrittenToTheUndatedShard) {
  ShardSetOptions by_year;
  by_year.shard_by = ShardBy::kYear;
  open(by_year);
  ASSERT_EQ(apply(article("a", "Daté.", "0017-05-01")), ArticleOutcome::kAdded);
  ASSERT_EQ(apply(article("b", "Non daté.")), ArticleOutcome::kAdded);
  commit();
  EXPECT_EQ(set_->holder("Qa"), set_->holder("Qb"));
  EXPECT_EQ(value("a", schema::kSlotYear), "0017");  // the date is kept
}

TEST_F(ApplyTest, ADryRunDecidesButWritesNothing) {
  open();
  ASSERT_EQ(apply(article("a", "Premier.")), ArticleOutcome::kAdded);
  commit();
  ShardSetOptions dry;
  dry.writes = ShardSetWrites::kDryRun;
  open(dry, Writes::kDryRun);
  EXPECT_EQ(apply(article("b", "Autre.")), ArticleOutcome::kAdded);
  EXPECT_EQ(apply(article("a", "Corrigé.")), ArticleOutcome::kUpdated);
  EXPECT_EQ(set_->doccount(), 1u);
  EXPECT_EQ(value("b", schema::kSlotIndexedAt), "(none)");
}

}  // namespace
}  // namespace kiosque
