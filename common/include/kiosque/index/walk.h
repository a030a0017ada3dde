// SPDX-License-Identifier: GPL-2.0-or-later
// Step 1 of an indexing run: finding the article files under the PATHs
// given, each resolved to a root (roots.h).
#ifndef KIOSQUE_INDEX_WALK_H_
#define KIOSQUE_INDEX_WALK_H_

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kiosque/base/message.h"
#include "kiosque/index/observer.h"
#include "kiosque/index/roots.h"

namespace kiosque {

// One file found by the walk. Kept small: an archive tree may hold a
// million files, and all of them are walked before any is read.
struct FileTask {
  std::uint32_t root = 0;  // index into Walk::roots
  bool changed = true;     // to be read: new, or size or mtime differ (plan.h)
  std::string relpath;     // relative to the root's folder, '/' separators
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

// One PATH walked: the part `scope` of the root labelled `label`.
struct WalkRoot {
  std::string given;   // the PATH as given, for messages
  std::string label;   // the root's label (roots.h): scopes ids and file keys
  std::string folder;  // absolute: the root's folder (a file root's folder)
  // What was walked, relative to `folder`: "" the whole root, else a
  // sub-folder or a file. Only files in it can be found gone (deletions.h).
  std::string scope;
  bool reread = false;  // read every file found, changed or not (a new source)
};

// What the walk found.
struct Walk {
  std::vector<WalkRoot> roots;
  // Sorted by (root label, relpath), each once.
  std::vector<FileTask> files;
  std::uint64_t failed = 0;   // problems reported (counted as failures)
  std::uint64_t skipped = 0;  // files that are not articles

  // (root, relpath) of the folders listed whole, root an index into
  // `roots` and relpath relative to its folder; "" is the root folder.
  std::set<std::pair<std::uint32_t, std::string>> listed;
  // (root, relpath) of the folders and files found but not readable, each
  // reported: what lies under them keeps its articles.
  std::set<std::pair<std::uint32_t, std::string>> unread;

  std::filesystem::path file_of(const FileTask& task) const {
    return std::filesystem::path(roots[task.root].folder) / task.relpath;
  }
  // The label of the root of `task`.
  const std::string& root_of(const FileTask& task) const {
    return roots[task.root].label;
  }

  // How messages name the file or folder `relpath` (relative to the folder
  // of roots[root]): the PATH given, joined with the part below it, so that
  // a person finds it from where they ran the command, whichever root it is
  // in; the absolute path when it lies outside what was given.
  std::string shown_path(std::uint32_t root, const std::string& relpath) const;
  std::string shown_path(const FileTask& task) const {
    return shown_path(task.root, task.relpath);
  }

  // Whether the file at `relpath` of the root labelled `label` is among the
  // files found and is to be read in this run (FileTask::changed).
  bool to_read(const std::string& label, const std::string& relpath) const;

  // Whether the walk saw the file at `relpath` (relative to the folder of
  // roots[root]) gone (RULINGS.md, "Deletions": only from evidence): a
  // folder above it was listed whole, and nothing on the way down to it was
  // unreadable. Says nothing about the files the walk found; the caller
  // checks those.
  bool seen_gone(std::uint32_t root, const std::string& relpath) const;
  // Whether the walk found a file of roots[root]'s label in its scope
  // (under another PATH of the same root, too).
  bool found_in(std::uint32_t root) const;
};

// Walks each of `roots` (folders, walked recursively, or single files).
// Hidden files and folders are not entered; a symbolic link to a folder is
// not followed, with a note ("symbolic link to the folder …: not
// followed…"); a symbolic link to a file outside the root's folder is not
// followed, with a warning (a PATH given as a link is followed);
// files that are not articles are counted as skipped and reported as
// kSkippedFile; a PATH that does not exist, a folder that cannot be listed
// whole ("cannot read folder: …") or a file that cannot be examined (both
// recorded in Walk::unread) are reported as errors and counted. A file found
// under two PATHs of one root (a folder and its sub-folder) is kept once.
// Never throws for the file system's sake.
Walk walk_roots(const std::vector<WalkRoot>& roots, IndexObserver& observer);

// The roots to walk for `resolution`: one per PATH that lies in a root, in
// order; a PATH that lies in none gets an empty label, and walk_roots
// reports it missing.
std::vector<WalkRoot> walk_roots_of(const RootResolution& resolution);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_WALK_H_
