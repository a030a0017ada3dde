// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/duplicate_finder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>

#include "index_test_support.h"
#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

PreparedDocument with_simhash(const std::string& id, std::uint64_t simhash) {
  PreparedDocument prepared;
  prepared.id_term = schema::kPrefixId + id;
  prepared.simhash = simhash;
  prepared.has_simhash = true;
  return prepared;
}

// A stored article with `simhash`, its band terms and duplicate `group`.
void store(ShardSet& set, const std::string& id, std::uint64_t simhash,
           const std::string& group) {
  Xapian::Document doc;
  doc.add_boolean_term(schema::kPrefixId + id);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(simhash));
  doc.add_value(schema::kSlotSimhash, hex);
  for (const std::string& band : simhash_band_terms(simhash)) doc.add_boolean_term(band);
  if (!group.empty()) doc.add_value(schema::kSlotDuplicateGroup, group);
  set.replace(0, schema::kPrefixId + id, doc, {});
}

TEST(DuplicateFinderTest, InMemoryTheFirstOfNearHashesLeadsTheGroup) {
  MemoryDuplicateFinder finder;
  GroupLeaders leaders;
  PreparedDocument too_short;
  too_short.id_term = "Qcourt";
  EXPECT_EQ(finder.group_of(with_simhash("a", 0xF0F0F0F0F0F0F0F0ULL), leaders), "");
  EXPECT_EQ(finder.group_of(with_simhash("b", 0xF0F0F0F0F0F0F0F7ULL), leaders),
            "a");  // 3 bits
  EXPECT_EQ(finder.group_of(with_simhash("c", 0x0F0F0F0F0F0F0F0FULL), leaders), "");
  EXPECT_EQ(finder.group_of(too_short, leaders), "");
  EXPECT_EQ(leaders.pending(), (std::set<std::string>{"a"}));
}

TEST(DuplicateFinderTest, ThroughBandTermsAnArticleJoinsTheStoredGroupOrMakesItsLeader) {
  testing::TempDir dir;
  ShardSet set((dir.path() / "db").string(), ShardSetOptions{});
  store(set, "seul", 0x1111111111111111ULL, "");
  store(set, "membre", 0x2222222222222222ULL, "chef");
  store(set, "loin", 0x3333333333333333ULL, "");
  set.commit();
  BandTermDuplicateFinder finder(set);
  GroupLeaders leaders;
  EXPECT_EQ(finder.group_of(with_simhash("x", 0x1111111111111113ULL), leaders), "seul");
  EXPECT_EQ(finder.group_of(with_simhash("y", 0x2222222222222220ULL), leaders), "chef");
  // Sharing a band is not enough: 0x3333…3 and this one are 16 bits apart.
  EXPECT_EQ(finder.group_of(with_simhash("z", 0x3333333333CCCC33ULL), leaders), "");
  // An article re-indexed after a change is not its own duplicate.
  EXPECT_EQ(finder.group_of(with_simhash("seul", 0x1111111111111111ULL), leaders), "");
  EXPECT_EQ(leaders.pending(), (std::set<std::string>{"seul"}));
}

TEST(DuplicateFinderTest, MarkingLeadersGivesThemTheirOwnIdAsGroup) {
  testing::TempDir dir;
  ShardSet set((dir.path() / "db").string(), ShardSetOptions{});
  store(set, "seul", 0x1111111111111111ULL, "");
  GroupLeaders leaders;
  leaders.add("seul");
  leaders.add("parti");  // deleted meanwhile: nothing to mark
  leaders.mark(set);
  EXPECT_EQ(leaders.pending(), (std::set<std::string>{}));
  Xapian::WritableDatabase& db = set.shard(0);
  EXPECT_EQ(
      db.get_document(*db.postlist_begin("Qseul")).get_value(schema::kSlotDuplicateGroup),
      "seul");
}

// A bare article `id` in shard `shard` of `set`, in duplicate `group`.
void store_in(ShardSet& set, std::size_t shard, const std::string& id,
              const std::string& group) {
  Xapian::Document doc;
  doc.add_boolean_term(schema::kPrefixId + id);
  if (!group.empty()) doc.add_value(schema::kSlotDuplicateGroup, group);
  set.replace(shard, schema::kPrefixId + id, doc, {});
}

// The group value of article `id` as committed in the database at `db`.
std::string committed_group(const std::string& db, const std::string& id) {
  Xapian::Database xdb(db);
  return xdb.get_document(*xdb.postlist_begin(schema::kPrefixId + id))
      .get_value(schema::kSlotDuplicateGroup);
}

TEST(DuplicateFinderTest, AMemberCommittedWithoutItsLeadersMarkGetsItMarkedByTheNextRun) {
  testing::TempDir dir;
  const std::string db = (dir.path() / "db").string();
  ShardSetOptions two;
  two.shards = 2;
  std::string leader, member;
  {
    ShardSet set(db, two);
    set.stamp();  // as run_index() does
    // Two ids that route to different shards.
    for (int i = 0; leader.empty() || member.empty(); ++i) {
      const std::string id = "a" + std::to_string(i);
      std::string& slot = set.route(id, "") == 0 ? leader : member;
      if (slot.empty()) slot = id;
    }
    store_in(set, 0, leader, "");
    set.commit();
    // What a kill between the two shards' commits leaves: the member in
    // the leader's group with mark()'s note, the leader not marked.
    store_in(set, 1, member, leader);
    set.shard(1).set_metadata(schema::kMetaLeaderPrefix + leader, "1");
    set.commit();
  }
  EXPECT_EQ(committed_group(db, leader), "");
  EXPECT_EQ(committed_group(db, member), leader);
  ShardSet set(db, ShardSetOptions{});
  EXPECT_EQ(repair_group_heads(set), 1u);
  EXPECT_EQ(committed_group(db, leader), leader);
  set.commit();
  EXPECT_EQ(set.shard(1).get_metadata(schema::kMetaLeaderPrefix + leader), "");
  EXPECT_EQ(repair_group_heads(set), 0u);
}

}  // namespace
}  // namespace kiosque
