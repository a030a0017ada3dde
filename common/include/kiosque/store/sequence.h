// SPDX-License-Identifier: GPL-2.0-or-later
// Commit sequence numbers: what kiosque-alerts follows instead of clock
// times, so that each new article is alerted exactly once (issue #15).
// Every commit of an indexing run that makes new articles visible gets the
// next number; the new articles carry it in schema::kSlotSequence, and the
// database's metadata (schema::kMetaSequence) records the last one. A reader
// that sees sequence S in the metadata sees every article numbered S or
// less (shard_set.h: the metadata shard commits last), so "after N, up to S"
// misses none and repeats none. The one owner of both encodings.
#ifndef KIOSQUE_STORE_SEQUENCE_H_
#define KIOSQUE_STORE_SEQUENCE_H_

#include <cstdint>
#include <string>

#include <xapian.h>

namespace kiosque {

// The last commit sequence recorded in `db`'s metadata (its first shard's,
// the metadata shard of a sharded database); 0 when none is (a new
// database, or one indexed before sequences). Throws Xapian::Error.
std::uint64_t committed_sequence(const Xapian::Database& db);

// committed_sequence() for a reader that stays open while the indexer
// commits (read_live() in database.h). Throws Xapian::Error.
std::uint64_t live_sequence(Xapian::Database& db);

// The metadata value for `sequence` (decimal).
std::string encode_sequence_meta(std::uint64_t sequence);

// The kSlotSequence value of an article first made visible by commit
// `sequence`: ordered as the numbers are, for value ranges.
std::string encode_sequence_slot(std::uint64_t sequence);

// Hands out sequence numbers during an indexing run. Not thread-safe.
class SequenceCounter {
 public:
  // `last`: the highest sequence the database (or, for a rebuild, the live
  // database it replaces) recorded.
  explicit SequenceCounter(std::uint64_t last) : next_(last + 1) {}
  // The slot value for a new article, numbered by the next commit.
  std::string take() const { return encode_sequence_slot(next_); }
  // At every commit: records the number in `meta` (before it commits) and
  // moves on. Every commit, not only those with new articles: articles a
  // killed run committed to an article shard before the metadata shard
  // carry a number the metadata never recorded, and the next run's first
  // commit records it, whatever that run finds new. Throws Xapian::Error.
  void record(Xapian::WritableDatabase& meta);

 private:
  std::uint64_t next_;
};

}  // namespace kiosque

#endif  // KIOSQUE_STORE_SEQUENCE_H_
