// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/moves.h"

#include <algorithm>
#include <utility>

#include "kiosque/input/corpus_reader.h"
#include "kiosque/store/document.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

bool is_single_article_file(const std::string& relpath) {
  const InputKind kind = input_kind(relpath);
  return kind == InputKind::kText || kind == InputKind::kHtml;
}

Moves::Moves(ShardSet& set, const Walk& walk, const Vanished& vanished) {
  std::vector<bool> empty_root(walk.roots.size());
  for (std::uint32_t root = 0; root < walk.roots.size(); ++root) {
    empty_root[root] = !walk.found_in(root);
  }
  for (std::size_t i = 0; i < vanished.files.size(); ++i) {
    const std::string& relpath = vanished.files[i];
    const std::uint32_t root = vanished.file_roots[i];
    if (empty_root[root] || !is_single_article_file(relpath)) continue;
    for (const std::string& id :
         ids_of_path(set, rooted_path(walk.roots[root].label, relpath))) {
      const std::string id_term = bounded_term(schema::kPrefixId, id);
      const std::size_t holder = set.holder(id_term);
      if (holder == set.size()) continue;
      Xapian::WritableDatabase& db = set.shard(holder);
      const std::string hash = db.get_document(*db.postlist_begin(id_term))
                                   .get_value(schema::kSlotContentHash);
      if (!hash.empty()) vanished_[hash].push_back(id);
    }
  }
}

std::vector<HeldArticle> Moves::offer(std::uint32_t root, const std::string& path,
                                      PreparedDocument prepared) {
  std::vector<HeldArticle> now;
  const std::string hash = prepared.document.get_value(schema::kSlotContentHash);
  const auto gone = vanished_.find(hash);
  if (gone == vanished_.end() || gone->second.size() != 1 || shared_.count(hash) != 0) {
    now.push_back({root, path, std::move(prepared)});
    return now;
  }
  const auto held = held_.find(hash);
  if (held == held_.end()) {
    held_paths_.emplace(root, path);
    held_.emplace(hash, HeldArticle{root, path, std::move(prepared)});
    return now;
  }
  // Two new copies of one vanished article: which one moved is anyone's
  // guess, so neither did.
  shared_.insert(hash);
  now.push_back(std::move(held->second));
  held_.erase(held);
  now.push_back({root, path, std::move(prepared)});
  return now;
}

std::vector<HeldArticle> Moves::take_moves() {
  std::vector<HeldArticle> moves;
  for (auto& [hash, held] : held_) {
    const std::string& id = vanished_.at(hash).front();
    set_article_id(&held.prepared, id);
    moved_ids_.insert(id);
    moves.push_back(std::move(held));
  }
  held_.clear();
  return moves;
}

}  // namespace kiosque
