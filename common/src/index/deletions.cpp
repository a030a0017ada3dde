// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/deletions.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "kiosque/base/message.h"
#include "kiosque/store/document.h"
#include "kiosque/store/file_state.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

namespace {

// The files of one root that the walk saw gone, with the articles each holds.
struct RootLosses {
  std::vector<std::pair<std::string, std::set<std::string>>> files;
  std::uint64_t articles = 0;
};

// Why a root must keep its articles, or "" when it may lose them.
std::string refusal(const Walk& walk, std::uint32_t root, const RootLosses& losses,
                    std::uint64_t recorded, MassDelete mass_delete) {
  if (mass_delete == MassDelete::kAllow || losses.articles == 0) return "";
  const bool empty = !walk.found_in(root);
  if (empty) {
    return message(recorded == 1 ? messages::kEmptyRoot : messages::kEmptyRootMany,
                   {std::to_string(recorded)});
  }
  if (losses.articles > kMassDeleteFloor && 2 * losses.articles > recorded) {
    return message(messages::kMassDelete,
                   {std::to_string(losses.articles), std::to_string(recorded)});
  }
  return "";
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

std::set<std::string> ids_of_path(ShardSet& set, const std::string& rooted) {
  std::set<std::string> ids;
  const std::string path_term = bounded_term(schema::kPrefixPath, rooted);
  for (std::size_t i = 0; i < set.size(); ++i) {
    Xapian::WritableDatabase& db = set.shard(i);
    for (auto p = db.postlist_begin(path_term); p != db.postlist_end(path_term); ++p) {
      const std::string id_term = id_term_of(db, *p);
      if (!id_term.empty()) ids.insert(id_term.substr(std::strlen(schema::kPrefixId)));
    }
  }
  return ids;
}

void delete_article(ShardSet& set, const std::string& id) {
  const std::string id_term = bounded_term(schema::kPrefixId, id);
  const std::size_t holder = set.holder(id_term);
  if (holder < set.size()) set.shard(holder).delete_document(id_term);
}

Vanished vanished_files(const Xapian::Database& recorded, const Walk& walk) {
  Vanished vanished;
  vanished.root_articles.assign(walk.roots.size(), 0);
  // Keys, not paths: a long path's key holds only its head and a hash.
  std::unordered_set<std::string> walked;
  for (const FileTask& task : walk.files) {
    walked.insert(file_state_key(walk.root_of(task), task.relpath));
  }
  std::map<std::string, std::pair<std::string, std::uint32_t>> gone;  // by key
  for (std::uint32_t root = 0; root < walk.roots.size(); ++root) {
    const std::optional<std::string> prefix = scope_prefix(walk.roots[root]);
    if (!prefix) continue;
    const std::size_t relpath_at = file_state_prefix(walk.roots[root].label, "").size();
    for (auto k = recorded.metadata_keys_begin(*prefix);
         k != recorded.metadata_keys_end(*prefix); ++k) {
      const auto state = decode_file_state(recorded.get_metadata(*k));
      if (!state) continue;
      vanished.root_articles[root] += state->articles;
      if (walked.count(*k) != 0 || gone.count(*k) != 0) continue;
      const std::string relpath = (*k).substr(relpath_at);
      if (!walk.seen_gone(root, relpath)) continue;
      gone.emplace(*k, std::make_pair(relpath, root));
    }
  }
  for (auto& [key, file] : gone) {
    vanished.files.push_back(std::move(file.first));
    vanished.file_roots.push_back(file.second);
  }
  return vanished;
}

DeletionSummary delete_vanished_files(ShardSet& set, const Walk& walk,
                                      const Vanished& vanished,
                                      const DeletionOptions& options,
                                      IndexObserver& observer) {
  std::map<std::uint32_t, RootLosses> losses;
  for (std::size_t i = 0; i < vanished.files.size(); ++i) {
    RootLosses& root = losses[vanished.file_roots[i]];
    const std::string& label = walk.roots[vanished.file_roots[i]].label;
    std::set<std::string> ids = ids_of_path(set, rooted_path(label, vanished.files[i]));
    if (options.moved != nullptr) {
      std::erase_if(ids, [&](const std::string& id) { return options.moved->count(id); });
    }
    root.articles += ids.size();
    root.files.emplace_back(vanished.files[i], std::move(ids));
  }
  const bool dry_run = options.writes == Writes::kDryRun;
  DeletionSummary summary;
  for (const auto& [root, lost] : losses) {
    const std::string why =
        refusal(walk, root, lost, vanished.root_articles[root], options.mass_delete);
    if (!why.empty()) {
      observer.on_problem(Severity::kError, walk.roots[root].given, 0, why);
      ++summary.refused_roots;
      continue;
    }
    for (const auto& [relpath, ids] : lost.files) {
      for (const std::string& id : ids) {
        ++summary.deleted;
        observer.on_article(ArticleAction::kDeletedFileGone,
                            walk.shown_path(root, relpath), id);
        if (!dry_run) delete_article(set, id);
      }
      if (!dry_run) {
        set.meta().set_metadata(file_state_key(walk.roots[root].label, relpath), "");
      }
    }
  }
  return summary;
}

}  // namespace kiosque
