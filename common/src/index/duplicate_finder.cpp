// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/duplicate_finder.h"

#include <optional>
#include <utility>
#include <vector>

#include "kiosque/store/document.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

namespace {

// A band shared by many articles (boilerplate) is not worth scanning whole.
constexpr int kMaxCandidatesPerBand = 64;

// The group to join through the candidates of `band` in `db`, if any.
std::optional<std::string> group_in_band(Xapian::Database& db, const std::string& band,
                                         const PreparedDocument& prepared,
                                         GroupLeaders& leaders) {
  int scanned = 0;
  for (auto p = db.postlist_begin(band);
       p != db.postlist_end(band) && scanned < kMaxCandidatesPerBand; ++p, ++scanned) {
    const Xapian::Document other = db.get_document(*p);
    std::uint64_t other_hash;
    if (!parse_simhash(other.get_value(schema::kSlotSimhash), &other_hash)) continue;
    if (__builtin_popcountll(other_hash ^ prepared.simhash) > kNearDuplicateBits)
      continue;
    const std::string other_id = id_term_of(db, *p);
    if (other_id.empty()) continue;
    if (other_id == prepared.id_term) continue;  // itself, re-indexed after a change
    std::string group = other.get_value(schema::kSlotDuplicateGroup);
    if (group.empty()) {
      // The first duplicate of this article: it leads the group.
      group = other_id.substr(1);
      leaders.add(group);
    }
    return group;
  }
  return std::nullopt;
}

// Gives the leader `id`, in shard `holder` of `set`, its own id as group
// value unless it has it. Returns whether it was changed.
bool mark_leader(ShardSet& set, std::size_t holder, const std::string& id) {
  const std::string id_term = bounded_term(schema::kPrefixId, id);
  Xapian::WritableDatabase& db = set.shard(holder);
  Xapian::PostingIterator p = db.postlist_begin(id_term);
  Xapian::Document leader = db.get_document(*p);
  if (leader.get_value(schema::kSlotDuplicateGroup) == id) return false;
  leader.add_value(schema::kSlotDuplicateGroup, id);
  db.replace_document(*p, leader);
  return true;
}

}  // namespace

void GroupLeaders::mark(ShardSet& set) {
  for (const std::string& id : pending_) {
    const std::size_t holder = set.holder(bounded_term(schema::kPrefixId, id));
    if (holder == set.size()) continue;  // deleted meanwhile
    mark_leader(set, holder, id);
    const auto members = member_shards_.find(id);
    if (members == member_shards_.end()) continue;
    for (const std::size_t shard : members->second) {
      if (shard != holder && shard < set.size()) {
        set.shard(shard).set_metadata(schema::kMetaLeaderPrefix + id, "1");
      }
    }
  }
  pending_.clear();
  member_shards_.clear();
}

std::size_t repair_group_heads(ShardSet& set) {
  std::vector<std::pair<std::size_t, std::string>> keys;
  for (std::size_t i = 0; i < set.size(); ++i) {
    Xapian::WritableDatabase& db = set.shard(i);
    for (auto k = db.metadata_keys_begin(schema::kMetaLeaderPrefix);
         k != db.metadata_keys_end(schema::kMetaLeaderPrefix); ++k) {
      keys.emplace_back(i, *k);
    }
  }
  if (keys.empty()) return 0;
  const std::size_t prefix = std::string(schema::kMetaLeaderPrefix).size();
  std::size_t marked = 0;
  for (const auto& [shard, key] : keys) {
    const std::string id = key.substr(prefix);
    const std::size_t holder = set.holder(bounded_term(schema::kPrefixId, id));
    if (holder < set.size() && mark_leader(set, holder, id)) ++marked;
  }
  // The marks committed first: a key goes only once its leader is marked.
  set.commit();
  for (const auto& [shard, key] : keys) set.shard(shard).set_metadata(key, "");
  return marked;
}

std::string MemoryDuplicateFinder::group_of(const PreparedDocument& prepared,
                                            GroupLeaders& leaders) {
  if (!prepared.has_simhash) return "";
  const std::string id = prepared.id_term.substr(1);
  std::string group = index_.add(prepared.simhash, id);
  if (group == id) return "";
  leaders.add(group);
  return group;
}

std::string BandTermDuplicateFinder::group_of(const PreparedDocument& prepared,
                                              GroupLeaders& leaders) {
  if (!prepared.has_simhash) return "";
  for (const std::string& band : simhash_band_terms(prepared.simhash)) {
    for (std::size_t i = 0; i < set_.size(); ++i) {
      if (auto group = group_in_band(set_.shard(i), band, prepared, leaders))
        return *group;
    }
  }
  return "";
}

}  // namespace kiosque
