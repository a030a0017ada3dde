// SPDX-License-Identifier: GPL-2.0-or-later
// Recognising a moved or renamed file within one run (issue #14 point 4;
// docs/architecture.md, "Moves"): a single-article file (text, HTML) seen
// gone and a new one whose article has the same analysed-text hash
// (schema::kSlotContentHash) are one article moved. The new file's article
// takes over the old id, and with it the first-indexed time and the
// duplicate group. When several vanished or new articles share the hash
// (exact reprints), none is paired: they are deletes and adds.
//
// New candidates are held back until the end of the reading, when every new
// article is known; JSON Lines records are not paired (a record's id is its
// identity).
#ifndef KIOSQUE_INDEX_MOVES_H_
#define KIOSQUE_INDEX_MOVES_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kiosque/index/deletions.h"
#include "kiosque/index/walk.h"
#include "kiosque/store/document.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

// Whether the file at `relpath` holds one article whose id comes from its
// path (text, HTML; gzipped or not): the files a move can pair.
bool is_single_article_file(const std::string& relpath);

// A new article held back, and the file it came from.
struct HeldArticle {
  std::uint32_t root = 0;  // the index of its root in the walk
  std::string path;        // relative to its root
  PreparedDocument prepared;
};

class Moves {
 public:
  // Reads the analysed-text hash of every article of the vanished
  // single-article files in `vanished`, except those of roots where the walk
  // found no file (a missing mount moves nothing away). Throws Xapian::Error.
  Moves(ShardSet& set, const Walk& walk, const Vanished& vanished);

  // Offers the article `prepared` of the new single-article file `path` of
  // the walk's root number `root`, its
  // id in no article of the database. Returns what to write now, as new
  // articles: nothing when it is held back as a possible move; itself when
  // its hash is no single vanished article's; itself and the article held
  // for its hash when that hash is now shared by two new articles.
  std::vector<HeldArticle> offer(std::uint32_t root, const std::string& path,
                                 PreparedDocument prepared);

  // Whether an article is held back for the file at `path` of root `root`.
  bool holds(std::uint32_t root, const std::string& path) const {
    return held_paths_.count({root, path}) != 0;
  }

  // The held articles, each paired with the one vanished article of its
  // hash and given its id (set_article_id). Leaves nothing held.
  std::vector<HeldArticle> take_moves();

  // The ids of the vanished articles take_moves() gave to new ones: moved,
  // not to be deleted (a dry run leaves them at their old path).
  const std::set<std::string>& moved_ids() const { return moved_ids_; }

 private:
  std::map<std::string, std::vector<std::string>> vanished_;  // hash → ids
  std::map<std::string, HeldArticle> held_;                   // by hash
  std::set<std::string> shared_;                              // hashes of 2+ new
  std::set<std::pair<std::uint32_t, std::string>> held_paths_;
  std::set<std::string> moved_ids_;
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_MOVES_H_
