// SPDX-License-Identifier: GPL-2.0-or-later
// Deleting articles whose record or file is gone (RULINGS.md: only from
// evidence, only under the roots of this run), and refusing to delete most of
// a root at once, which is more often a failed mount than an editor's choice.
#ifndef KIOSQUE_INDEX_DELETIONS_H_
#define KIOSQUE_INDEX_DELETIONS_H_

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kiosque/index/modes.h"
#include "kiosque/index/observer.h"
#include "kiosque/index/walk.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

// Whether a run may delete most of a root's articles (--allow-mass-delete).
enum class MassDelete { kRefuse, kAllow };

// A run refuses to delete more than half of a root's articles, unless they
// are this many or fewer (small archives may shrink).
inline constexpr std::uint64_t kMassDeleteFloor = 10;

// The ids (without prefix) of the articles of `set` read from the file
// `rooted` (rooted_path(): root label, '/', path relative to the root).
// Throws Xapian::Error.
std::set<std::string> ids_of_path(ShardSet& set, const std::string& rooted);

// Deletes the article `id` (without prefix) from whichever shard holds it,
// if any. Throws Xapian::Error.
void delete_article(ShardSet& set, const std::string& id);

// What the database recorded about the files under the PATHs of a walk.
struct Vanished {
  // The recorded files the walk saw gone (Walk::seen_gone), each once, in
  // key order: paths relative to their root's folder.
  std::vector<std::string> files;
  // Each file's PATH, in Walk::roots (its root's label is that PATH's).
  std::vector<std::uint32_t> file_roots;
  // By PATH of the walk: the articles recorded for the files in its scope.
  std::vector<std::uint64_t> root_articles;
};

// The recorded files of `recorded` under one of `walk`'s roots that the walk
// saw gone, and what each root holds. Throws Xapian::Error.
Vanished vanished_files(const Xapian::Database& recorded, const Walk& walk);

struct DeletionOptions {
  Writes writes = Writes::kWrite;
  MassDelete mass_delete = MassDelete::kRefuse;
  // Ids of articles moved to another file in this run: kept. Not owned; null
  // for none.
  const std::set<std::string>* moved = nullptr;
};

// What step 5 did.
struct DeletionSummary {
  std::uint64_t deleted = 0;        // articles deleted (in a dry run, that would be)
  std::uint64_t refused_roots = 0;  // roots whose deletions were refused, reported
};

// Step 5 of an indexing run: deletes the articles the files of `vanished`
// still hold (an article moved away meanwhile is no longer theirs) and
// forgets the files (unless a dry run), reporting each article as
// kDeletedFileGone. A root that yields no file while it holds articles, or
// that would lose more than half of its articles (and more than
// kMassDeleteFloor), loses none unless `options` allow it: that is reported
// as an error on the root and counted in refused_roots. Throws Xapian::Error.
DeletionSummary delete_vanished_files(ShardSet& set, const Walk& walk,
                                      const Vanished& vanished,
                                      const DeletionOptions& options,
                                      IndexObserver& observer);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_DELETIONS_H_
