// Deleting articles whose record or file is gone (RULINGS.md: only from
// evidence, only under the roots of this run).
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

// The ids (without prefix) of the articles of `set` read from the file
// `rooted` (rooted_path(): root label, '/', path relative to the root).
// Throws Xapian::Error.
std::set<std::string> ids_of_path(ShardSet& set, const std::string& rooted);

// Deletes the article `id` (without prefix) from whichever shard holds it,
// if any. Throws Xapian::Error.
void delete_article(ShardSet& set, const std::string& id);

// A file recorded but not found: its root's label and its path in the root.
using VanishedFile = std::pair<std::string, std::string>;

// The files recorded in `recorded` in the part of a root that one of
// `walk`'s PATHs covered (WalkRoot::scope: a whole root, a sub-folder, a
// file) that the walk did not find, sorted. Files beside the PATHs given
// are never among them. Throws Xapian::Error.
std::vector<VanishedFile> vanished_files(const Xapian::Database& recorded,
                                         const Walk& walk);

// Step 5 of an indexing run: deletes the articles of the vanished files and
// forgets the files (unless a dry run), reporting each article as
// kDeletedFileGone. Returns the number of articles deleted (or, in a dry
// run, that would be). Throws Xapian::Error.
std::uint64_t delete_vanished_files(ShardSet& set, const Walk& walk, Writes writes,
                                    IndexObserver& observer);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_DELETIONS_H_
