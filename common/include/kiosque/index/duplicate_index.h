// SPDX-License-Identifier: GPL-2.0-or-later
// Internal: near-duplicate candidates among the articles of one fresh build,
// held in memory. A fresh build (a new database, --rebuild) has nothing to
// look up in the database, and its writers may run on other threads: this
// index answers without touching any Xapian database.
#ifndef KIOSQUE_INDEX_DUPLICATE_INDEX_H_
#define KIOSQUE_INDEX_DUPLICATE_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

namespace kiosque {

class DuplicateIndex {
 public:
  DuplicateIndex();

  // The duplicate group of an article with `simhash`: the group of an
  // earlier article at most kNearDuplicateBits away, found through a shared
  // 16-bit band, else the article's own `id`. Records the article.
  std::string add(std::uint64_t simhash, const std::string& id);

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  // Per band (4) and band value (65,536): the last article holding it, and
  // through next_ the ones before; 4 links per article.
  std::vector<std::uint32_t> heads_;
  std::vector<std::uint32_t> next_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> group_of_;  // the article that leads its group
  // Every id end to end in one string: about 50 bytes an article in all, so
  // that a million-article build stays within its memory budget.
  std::string ids_;
  std::vector<std::uint32_t> id_ends_;
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_DUPLICATE_INDEX_H_
