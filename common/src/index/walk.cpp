// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <tuple>

#include "kiosque/base/message.h"
#include "kiosque/input/corpus_reader.h"

namespace fs = std::filesystem;

namespace kiosque {

namespace {

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

class Walker {
 public:
  Walker(Walk* walk, IndexObserver& observer) : walk_(*walk), observer_(observer) {}

  void walk_root(std::uint32_t root);
  void drop_same_files();

 private:
  void fail(const std::string& path, const std::string& reason) {
    observer_.on_problem(Severity::kError, path, 0, reason);
    ++walk_.failed;
  }
  void add_file(std::uint32_t root, const std::string& relpath);
  bool leads_outside(std::uint32_t root, const std::string& relpath,
                     const fs::path& file);
  bool list_folder(std::uint32_t root, const std::string& folder,
                   std::vector<std::string>* folders, std::vector<std::string>* files);

  Walk& walk_;
  IndexObserver& observer_;
};

// Whether `file` (at `relpath`) is a symbolic link whose target lies outside the folder
// of roots[root]; reported then (a warning: the link is not followed, as a link to a
// folder is not). A link inside the tree is the archive's own layout, and followed.
bool Walker::leads_outside(std::uint32_t root, const std::string& relpath,
                           const fs::path& file) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(file, ec))) return false;
  const fs::path target = fs::canonical(file, ec);
  if (ec) return false;  // stat() already said why it cannot be read
  const std::string folder = fs::canonical(walk_.roots[root].folder, ec).string();
  if (ec || target.string().rfind(folder == "/" ? folder : folder + "/", 0) == 0) {
    return false;
  }
  ++walk_.skipped;
  observer_.on_problem(Severity::kWarning, walk_.shown_path(root, relpath), 0,
                       message(messages::kLinkOutside, {target.string()}));
  return true;
}

void Walker::add_file(std::uint32_t root, const std::string& relpath) {
  const fs::path file = fs::path(walk_.roots[root].folder) / relpath;
  if (input_kind(file) == InputKind::kNotArticle) {
    ++walk_.skipped;
    observer_.on_article(ArticleAction::kSkippedFile, walk_.shown_path(root, relpath),
                         "");
    return;
  }
  struct stat st;
  if (::stat(file.c_str(), &st) != 0) {
    fail(walk_.shown_path(root, relpath),
         message(messages::kCannotRead, {std::strerror(errno)}));
    walk_.unread.emplace(root, relpath);
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    fail(walk_.shown_path(root, relpath), N_("not a regular file"));
    walk_.unread.emplace(root, relpath);
    return;
  }
  if (relpath != walk_.roots[root].scope && leads_outside(root, relpath, file)) return;
  FileTask task;
  task.root = root;
  task.relpath = relpath;
  task.size = static_cast<std::uint64_t>(st.st_size);
  task.mtime_ns =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  walk_.files.push_back(std::move(task));
}

void Walker::walk_root(std::uint32_t root) {
  const WalkRoot& walked = walk_.roots[root];
  const fs::path folder = walked.folder;
  const fs::path top = walked.scope.empty() ? folder : folder / walked.scope;
  std::error_code ec;
  const fs::file_status status = fs::status(top, ec);
  if (ec || !fs::exists(status)) {
    fail(walked.given, N_("no such file or folder"));
    return;
  }
  if (!fs::is_directory(status)) {
    add_file(root, walked.scope);
    return;
  }
  std::vector<std::string> found;
  // Folder by folder, so that each is known listed whole or not.
  std::vector<std::string> pending{walked.scope};
  while (!pending.empty()) {
    const std::string listing = std::move(pending.back());
    pending.pop_back();
    if (list_folder(root, listing, &pending, &found)) {
      walk_.listed.emplace(root, listing);
    } else {
      walk_.unread.emplace(root, listing);
    }
  }
  std::sort(found.begin(), found.end());
  for (const std::string& relpath : found) add_file(root, relpath);
}

// Adds the entries of the folder `folder` (relative to the folder of
// roots[root]) to `folders` and `files`; false, reported, when it cannot be
// listed whole.
bool Walker::list_folder(std::uint32_t root, const std::string& folder,
                         std::vector<std::string>* folders,
                         std::vector<std::string>* files) {
  const fs::path root_path = walk_.roots[root].folder;
  std::error_code ec;
  fs::directory_iterator it(folder.empty() ? root_path : root_path / folder, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (is_hidden(entry.path())) continue;
    const std::string relpath =
        entry.path().lexically_relative(root_path).generic_string();
    std::error_code kind_ec;
    if (entry.is_directory(kind_ec)) {
      // A link to a folder is not followed (it could loop, or leave the root),
      // but said: year folders linked to another disk must not vanish unseen.
      // A note, not a warning: the walk meets it every night, and cron mails
      // warnings (RULINGS.md); --verbose shows it, the summary counts it.
      if (!entry.is_symlink(kind_ec)) {
        folders->push_back(relpath);
      } else {
        const fs::path target = fs::canonical(entry.path(), kind_ec);
        observer_.on_problem(Severity::kNote, walk_.shown_path(root, relpath), 0,
                             message(messages::kLinkToFolder, {target.string()}));
      }
      continue;
    }
    files->push_back(relpath);
  }
  if (!ec) return true;
  fail(walk_.shown_path(root, folder),
       message(messages::kCannotReadFolder, {ec.message()}));
  return false;
}

// A file found under two PATHs of one root (a folder and a sub-folder of
// it) is one file: kept once.
void Walker::drop_same_files() {
  std::vector<FileTask>& files = walk_.files;
  const auto key = [&](const FileTask& task) {
    return std::tie(walk_.roots[task.root].label, task.relpath);
  };
  std::stable_sort(files.begin(), files.end(),
                   [&](const FileTask& a, const FileTask& b) { return key(a) < key(b); });
  files.erase(
      std::unique(files.begin(), files.end(),
                  [&](const FileTask& a, const FileTask& b) { return key(a) == key(b); }),
      files.end());
}

}  // namespace

std::string Walk::shown_path(std::uint32_t root, const std::string& relpath) const {
  const WalkRoot& walked = roots[root];
  const std::string& scope = walked.scope;
  if (relpath == scope) return walked.given;
  if (scope.empty()) return (fs::path(walked.given) / relpath).string();
  if (relpath.compare(0, scope.size() + 1, scope + "/") == 0) {
    return (fs::path(walked.given) / relpath.substr(scope.size() + 1)).string();
  }
  return (fs::path(walked.folder) / relpath).string();
}

bool Walk::to_read(const std::string& label, const std::string& relpath) const {
  const auto key = [&](const FileTask& task) {
    return std::tie(roots[task.root].label, task.relpath);
  };
  const auto it = std::lower_bound(
      files.begin(), files.end(), std::tie(label, relpath),
      [&](const FileTask& task, const auto& wanted) { return key(task) < wanted; });
  return it != files.end() && key(*it) == std::tie(label, relpath) && it->changed;
}

bool Walk::seen_gone(std::uint32_t root, const std::string& relpath) const {
  if (unread.count({root, ""}) != 0) return false;
  bool listed_above = listed.count({root, ""}) != 0;
  for (std::size_t slash = relpath.find('/'); slash != std::string::npos;
       slash = relpath.find('/', slash + 1)) {
    const std::string folder = relpath.substr(0, slash);
    if (unread.count({root, folder}) != 0) return false;
    if (listed.count({root, folder}) != 0) listed_above = true;
  }
  return listed_above && unread.count({root, relpath}) == 0;
}

bool Walk::found_in(std::uint32_t root) const {
  const WalkRoot& walked = roots[root];
  const std::string& scope = walked.scope;
  return std::any_of(files.begin(), files.end(), [&](const FileTask& task) {
    if (roots[task.root].label != walked.label) return false;
    return scope.empty() || task.relpath == scope ||
           task.relpath.compare(0, scope.size() + 1, scope + "/") == 0;
  });
}

Walk walk_roots(const std::vector<WalkRoot>& roots, IndexObserver& observer) {
  Walk walk;
  walk.roots = roots;
  Walker walker(&walk, observer);
  for (std::uint32_t i = 0; i < walk.roots.size(); ++i) walker.walk_root(i);
  walker.drop_same_files();
  return walk;
}

std::vector<WalkRoot> walk_roots_of(const RootResolution& resolution) {
  std::vector<WalkRoot> roots;
  for (const RootUse& use : resolution.uses) {
    if (use.root == kNoRoot) {
      roots.push_back(WalkRoot{use.given, "", use.given, "", false});
      continue;
    }
    const RecordedRoot& root = resolution.roots[use.root];
    // A root whose source changed is read again whole, not only the PATH.
    const bool reread = use.root < resolution.source_changed.size() &&
                        resolution.source_changed[use.root];
    roots.push_back(WalkRoot{use.given, root.label, root_folder(root),
                             reread && root.kind == RootKind::kFolder ? "" : use.scope,
                             reread});
  }
  return roots;
}

}  // namespace kiosque
