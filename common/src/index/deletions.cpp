#include "kiosque/index/deletions.h"

#include <algorithm>
#include <unordered_set>

#include "kiosque/store/file_state.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

std::set<std::string> ids_of_path(ShardSet& set, const std::string& relpath) {
  std::set<std::string> ids;
  const std::string path_term = bounded_term(schema::kPrefixPath, relpath);
  for (std::size_t i = 0; i < set.size(); ++i) {
    Xapian::WritableDatabase& db = set.shard(i);
    for (auto p = db.postlist_begin(path_term); p != db.postlist_end(path_term); ++p) {
      Xapian::TermIterator t = db.termlist_begin(*p);
      t.skip_to(schema::kPrefixId);
      if (t != db.termlist_end(*p) && (*t).rfind(schema::kPrefixId, 0) == 0) {
        ids.insert((*t).substr(1));
      }
    }
  }
  return ids;
}

void delete_article(ShardSet& set, const std::string& id) {
  const std::string id_term = bounded_term(schema::kPrefixId, id);
  const std::size_t holder = set.holder(id_term);
  if (holder < set.size()) set.shard(holder).delete_document(id_term);
}

std::vector<std::string> vanished_files(const Xapian::Database& recorded,
                                        const Walk& walk) {
  std::vector<std::string> vanished;
  const std::string prefix = schema::kMetaFilePrefix;
  // Keys, not paths: a long path's key holds only its head and a hash.
  std::unordered_set<std::string> walked;
  for (const FileTask& task : walk.files) walked.insert(file_state_key(task.relpath));
  for (auto k = recorded.metadata_keys_begin(prefix);
       k != recorded.metadata_keys_end(prefix); ++k) {
    const std::string relpath = (*k).substr(prefix.size());
    if (walked.count(*k) != 0) continue;
    const auto state = decode_file_state(recorded.get_metadata(*k));
    if (!state || std::count(walk.roots.begin(), walk.roots.end(), state->root) == 0)
      continue;
    vanished.push_back(relpath);
  }
  return vanished;
}

std::uint64_t delete_vanished_files(ShardSet& set, const Walk& walk, Writes writes,
                                    IndexObserver& observer) {
  const bool dry_run = writes == Writes::kDryRun;
  std::uint64_t deleted = 0;
  for (const std::string& relpath : vanished_files(set.meta(), walk)) {
    for (const std::string& id : ids_of_path(set, relpath)) {
      ++deleted;
      observer.on_article(ArticleAction::kDeletedFileGone, relpath, id);
      if (!dry_run) delete_article(set, id);
    }
    if (!dry_run) set.meta().set_metadata(file_state_key(relpath), "");
  }
  return deleted;
}

}  // namespace kiosque
