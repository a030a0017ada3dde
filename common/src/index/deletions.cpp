#include "kiosque/index/deletions.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>
#include <tuple>
#include <utility>

#include "kiosque/store/document.h"
#include "kiosque/store/file_state.h"
#include "kiosque/store/schema.h"

namespace kiosque {

std::set<std::string> ids_of_path(ShardSet& set, const std::string& rooted) {
  std::set<std::string> ids;
  const std::string path_term = schema::kPrefixPath + rooted;
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
  const std::string id_term = schema::kPrefixId + id;
  const std::size_t holder = set.holder(id_term);
  if (holder < set.size()) set.shard(holder).delete_document(id_term);
}

namespace {

// Whether `walk` found the file `relpath` of root `label`.
bool seen(const Walk& walk, const std::string& label, const std::string& relpath) {
  const auto found =
      std::lower_bound(walk.files.begin(), walk.files.end(), std::tie(label, relpath),
                       [&](const FileTask& task, const auto& key) {
                         return std::tie(walk.root_of(task), task.relpath) < key;
                       });
  return found != walk.files.end() && walk.root_of(*found) == label &&
         found->relpath == relpath;
}

// The key prefix of the files a PATH covered, when its walk can tell what
// is gone: a whole root or a sub-folder that is there ("2021/" must not
// cover "2021b/…"). A PATH that is not there (an unmounted root), or a file,
// which is found when it exists, tells nothing.
std::optional<std::string> scope_prefix(const WalkRoot& root) {
  if (root.label.empty()) return std::nullopt;
  std::error_code ec;
  const std::filesystem::path top = std::filesystem::path(root.folder) / root.scope;
  if (!std::filesystem::is_directory(top, ec)) return std::nullopt;
  if (root.scope.empty()) return file_state_prefix(root.label, "");
  return file_state_prefix(root.label, root.scope) + "/";
}

}  // namespace

std::vector<VanishedFile> vanished_files(const Xapian::Database& recorded,
                                         const Walk& walk) {
  std::set<std::pair<std::string, std::string>> vanished;
  for (const WalkRoot& root : walk.roots) {
    const std::optional<std::string> scope = scope_prefix(root);
    if (!scope) continue;
    const std::string& prefix = *scope;
    const std::size_t relpath_at = file_state_prefix(root.label, "").size();
    for (auto k = recorded.metadata_keys_begin(prefix);
         k != recorded.metadata_keys_end(prefix); ++k) {
      const std::string relpath = (*k).substr(relpath_at);
      if (seen(walk, root.label, relpath)) continue;
      if (!decode_file_state(recorded.get_metadata(*k))) continue;
      vanished.emplace(root.label, relpath);
    }
  }
  return std::vector<VanishedFile>(vanished.begin(), vanished.end());
}

std::uint64_t delete_vanished_files(ShardSet& set, const Walk& walk, Writes writes,
                                    IndexObserver& observer) {
  const bool dry_run = writes == Writes::kDryRun;
  std::uint64_t deleted = 0;
  for (const auto& [label, relpath] : vanished_files(set.meta(), walk)) {
    for (const std::string& id : ids_of_path(set, rooted_path(label, relpath))) {
      ++deleted;
      observer.on_article(ArticleAction::kDeletedFileGone, relpath, id);
      if (!dry_run) delete_article(set, id);
    }
    if (!dry_run) set.meta().set_metadata(file_state_key(label, relpath), "");
  }
  return deleted;
}

}  // namespace kiosque
