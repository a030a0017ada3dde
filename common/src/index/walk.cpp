#include "kiosque/index/walk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

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

  void walk_root(const std::string& root_arg);
  void drop_same_paths();

 private:
  void fail(const std::string& path, const std::string& reason) {
    observer_.on_problem(Severity::kError, path, 0, reason);
    ++walk_.failed;
  }
  std::uint32_t add_root(const std::string& root);
  void add_file(std::uint32_t root, const std::string& relpath);
  bool list_folder(const fs::path& root_path, const std::string& folder,
                   const std::string& shown, std::vector<std::string>* folders,
                   std::vector<std::string>* files);

  Walk& walk_;
  IndexObserver& observer_;
};

std::uint32_t Walker::add_root(const std::string& root) {
  std::vector<std::string>& roots = walk_.roots;
  const auto found = std::find(roots.begin(), roots.end(), root);
  if (found == roots.end()) {
    roots.push_back(root);
    return static_cast<std::uint32_t>(roots.size() - 1);
  }
  return static_cast<std::uint32_t>(found - roots.begin());
}

void Walker::add_file(std::uint32_t root, const std::string& relpath) {
  const fs::path file = fs::path(walk_.roots[root]) / relpath;
  if (input_kind(file) == InputKind::kNotArticle) {
    ++walk_.skipped;
    observer_.on_article(ArticleAction::kSkippedFile, relpath, "");
    return;
  }
  struct stat st;
  if (::stat(file.c_str(), &st) != 0) {
    fail(relpath, std::string("cannot read: ") + std::strerror(errno));
    walk_.unread.emplace(root, relpath);
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    fail(relpath, "not a regular file");
    walk_.unread.emplace(root, relpath);
    return;
  }
  FileTask task;
  task.root = root;
  task.relpath = relpath;
  task.size = static_cast<std::uint64_t>(st.st_size);
  task.mtime_ns =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  walk_.files.push_back(std::move(task));
}

void Walker::walk_root(const std::string& root_arg) {
  std::error_code ec;
  const fs::path root_path = fs::absolute(root_arg, ec);
  const fs::file_status status = fs::status(root_path, ec);
  if (ec || !fs::exists(status)) {
    fail(root_arg, "no such file or folder");
    return;
  }
  if (!fs::is_directory(status)) {
    add_file(add_root(normal_root(root_path.parent_path())),
             root_path.filename().string());
    return;
  }
  const std::uint32_t root = add_root(normal_root(root_path));
  std::vector<std::string> found;
  // Folder by folder, so that each is known listed whole or not.
  std::vector<std::string> pending{""};
  while (!pending.empty()) {
    const std::string folder = std::move(pending.back());
    pending.pop_back();
    const std::string shown = folder.empty() ? root_arg : folder;
    if (list_folder(root_path, folder, shown, &pending, &found)) {
      walk_.listed.emplace(root, folder);
    } else {
      walk_.unread.emplace(root, folder);
    }
  }
  std::sort(found.begin(), found.end());
  for (const std::string& relpath : found) add_file(root, relpath);
}

// Adds the entries of the folder `folder` (relative to `root_path`) to
// `folders` and `files`; false, reported, when it cannot be listed whole.
bool Walker::list_folder(const fs::path& root_path, const std::string& folder,
                         const std::string& shown, std::vector<std::string>* folders,
                         std::vector<std::string>* files) {
  std::error_code ec;
  fs::directory_iterator it(folder.empty() ? root_path : root_path / folder, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (is_hidden(entry.path())) continue;
    const std::string relpath =
        entry.path().lexically_relative(root_path).generic_string();
    std::error_code kind_ec;
    if (entry.is_directory(kind_ec)) {
      // A link to a folder is not followed (it could loop, or leave the root).
      if (!entry.is_symlink(kind_ec)) folders->push_back(relpath);
      continue;
    }
    files->push_back(relpath);
  }
  if (!ec) return true;
  fail(shown, "cannot read folder: " + ec.message());
  return false;
}

// The same relative path under two roots is one id twice: the first root's
// file is kept, the others are reported.
void Walker::drop_same_paths() {
  std::vector<FileTask>& files = walk_.files;
  std::stable_sort(files.begin(), files.end(), [](const FileTask& a, const FileTask& b) {
    return a.relpath < b.relpath;
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileTask& task = files[i];
    if (kept > 0 && files[kept - 1].relpath == task.relpath) {
      fail(task.relpath, "same path already indexed from root " +
                             walk_.roots[files[kept - 1].root] + "; skipped under " +
                             walk_.roots[task.root]);
      continue;
    }
    if (kept != i) files[kept] = std::move(task);
    ++kept;
  }
  files.resize(kept);
}

}  // namespace

std::string normal_root(const fs::path& path) {
  std::error_code ec;
  std::string root = fs::absolute(path, ec).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

std::uint32_t Walk::root_index(const std::string& root) const {
  return static_cast<std::uint32_t>(std::find(roots.begin(), roots.end(), root) -
                                    roots.begin());
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

Walk walk_roots(const std::vector<std::string>& roots, IndexObserver& observer) {
  Walk walk;
  Walker walker(&walk, observer);
  for (const std::string& root : roots) walker.walk_root(root);
  walker.drop_same_paths();
  return walk;
}

}  // namespace kiosque
