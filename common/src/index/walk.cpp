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
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    fail(relpath, "not a regular file");
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
  fs::recursive_directory_iterator it(root_path,
                                      fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (is_hidden(entry.path())) {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code kind_ec;
    if (entry.is_directory(kind_ec)) continue;
    found.push_back(entry.path().lexically_relative(root_path).generic_string());
  }
  if (ec) fail(root_arg, "cannot walk the folder fully: " + ec.message());
  std::sort(found.begin(), found.end());
  for (const std::string& relpath : found) add_file(root, relpath);
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

Walk walk_roots(const std::vector<std::string>& roots, IndexObserver& observer) {
  Walk walk;
  Walker walker(&walk, observer);
  for (const std::string& root : roots) walker.walk_root(root);
  walker.drop_same_paths();
  return walk;
}

}  // namespace kiosque
