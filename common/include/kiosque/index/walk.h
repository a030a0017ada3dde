// Step 1 of an indexing run: finding the article files under the roots given.
#ifndef KIOSQUE_INDEX_WALK_H_
#define KIOSQUE_INDEX_WALK_H_

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kiosque/index/observer.h"

namespace kiosque {

// One file found by the walk. Kept small: an archive tree may hold a
// million files, and all of them are walked before any is read.
struct FileTask {
  std::uint32_t root = 0;  // index into Walk::roots
  bool changed = true;     // to be read: new, or size or mtime differ (plan.h)
  std::string relpath;     // relative to the root, '/' separators
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

// What the walk found.
struct Walk {
  std::vector<std::string> roots;  // as normal_root() makes them
  std::vector<FileTask> files;     // sorted by relpath, each relpath once
  std::uint64_t failed = 0;        // problems reported (counted as failures)
  std::uint64_t skipped = 0;       // files that are not articles
  // (root, relpath) of the folders listed whole; "" is the root folder.
  std::set<std::pair<std::uint32_t, std::string>> listed;
  // (root, relpath) of the folders and files found but not readable, each
  // reported: what lies under them keeps its articles.
  std::set<std::pair<std::uint32_t, std::string>> unread;

  std::filesystem::path file_of(const FileTask& task) const {
    return std::filesystem::path(roots[task.root]) / task.relpath;
  }
  const std::string& root_of(const FileTask& task) const { return roots[task.root]; }

  // The index of `root` (as normal_root() makes it) in `roots`, or
  // roots.size() when this walk did not look at it.
  std::uint32_t root_index(const std::string& root) const;
  // Whether the walk saw the file at `relpath` under root `root` gone
  // (RULINGS.md, "Deletions": only from evidence): a folder above it was
  // listed whole, and nothing on the way down to it was unreadable. Says
  // nothing about the files the walk found; the caller checks those.
  bool seen_gone(std::uint32_t root, const std::string& relpath) const;
};

// A root as recorded and compared: absolute, normal, no trailing '/'.
std::string normal_root(const std::filesystem::path& path);

// Walks each of `roots` (folders, walked recursively, or single files, whose
// root is then their folder, which is not listed). Hidden files and folders
// and symbolic links to folders are not entered; files that are not articles
// are counted as skipped and reported as kSkippedFile; a root that does not
// exist, a folder that cannot be listed whole ("cannot read folder: …"), a
// file that cannot be examined (both recorded in Walk::unread) or the same
// relative path under two roots (the first root's file is kept) are reported
// as errors and counted. Never throws for the file system's sake.
Walk walk_roots(const std::vector<std::string>& roots, IndexObserver& observer);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_WALK_H_
