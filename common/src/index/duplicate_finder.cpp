#include "kiosque/index/duplicate_finder.h"

#include <optional>

#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

namespace {

// A band shared by many articles (boilerplate) is not worth scanning whole.
constexpr int kMaxCandidatesPerBand = 64;

// The id term of document `docid` of `db`, or "" when it has none.
std::string id_term_of(Xapian::Database& db, Xapian::docid docid) {
  Xapian::TermIterator t = db.termlist_begin(docid);
  t.skip_to(schema::kPrefixId);
  if (t == db.termlist_end(docid) || (*t)[0] != schema::kPrefixId[0]) return "";
  return *t;
}

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

}  // namespace

void GroupLeaders::mark(ShardSet& set) {
  for (const std::string& id : pending_) {
    const std::string id_term = bounded_term(schema::kPrefixId, id);
    const std::size_t holder = set.holder(id_term);
    if (holder == set.size()) continue;  // deleted meanwhile
    Xapian::WritableDatabase& db = set.shard(holder);
    Xapian::PostingIterator p = db.postlist_begin(id_term);
    Xapian::Document leader = db.get_document(*p);
    if (leader.get_value(schema::kSlotDuplicateGroup) == id) continue;
    leader.add_value(schema::kSlotDuplicateGroup, id);
    db.replace_document(*p, leader);
  }
  pending_.clear();
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
