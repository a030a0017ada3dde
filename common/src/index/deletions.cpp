#include "kiosque/index/deletions.h"

#include <algorithm>
#include <map>
#include <unordered_set>
#include <utility>

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
  const bool empty =
      std::none_of(walk.files.begin(), walk.files.end(),
                   [&](const FileTask& task) { return task.root == root; });
  const std::string allow = " (--allow-mass-delete allows it)";
  if (empty) {
    return "holds no article file, but the database holds " + std::to_string(recorded) +
           " articles from it: treated as missing (an unmounted disk?), nothing "
           "deleted" +
           allow;
  }
  if (losses.articles > kMassDeleteFloor && 2 * losses.articles > recorded) {
    return "would lose " + std::to_string(losses.articles) + " of its " +
           std::to_string(recorded) +
           " articles, more than half: nothing deleted from it" + allow;
  }
  return "";
}

}  // namespace

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

Vanished vanished_files(const Xapian::Database& recorded, const Walk& walk) {
  Vanished vanished;
  vanished.root_articles.assign(walk.roots.size(), 0);
  const std::string prefix = schema::kMetaFilePrefix;
  // Keys, not paths: a long path's key holds only its head and a hash.
  std::unordered_set<std::string> walked;
  for (const FileTask& task : walk.files) walked.insert(file_state_key(task.relpath));
  for (auto k = recorded.metadata_keys_begin(prefix);
       k != recorded.metadata_keys_end(prefix); ++k) {
    const auto state = decode_file_state(recorded.get_metadata(*k));
    if (!state) continue;
    const std::uint32_t root = walk.root_index(state->root);
    if (root == walk.roots.size()) continue;  // not a root of this run
    vanished.root_articles[root] += state->articles;
    if (walked.count(*k) != 0) continue;  // the walk found it
    const std::string relpath = (*k).substr(prefix.size());
    if (!walk.seen_gone(root, relpath)) continue;
    vanished.files.push_back(relpath);
    vanished.file_roots.push_back(root);
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
    std::set<std::string> ids = ids_of_path(set, vanished.files[i]);
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
      observer.on_problem(Severity::kError, walk.roots[root], 0, why);
      ++summary.refused_roots;
      continue;
    }
    for (const auto& [relpath, ids] : lost.files) {
      for (const std::string& id : ids) {
        ++summary.deleted;
        observer.on_article(ArticleAction::kDeletedFileGone, relpath, id);
        if (!dry_run) delete_article(set, id);
      }
      if (!dry_run) set.meta().set_metadata(file_state_key(relpath), "");
    }
  }
  return summary;
}

}  // namespace kiosque
