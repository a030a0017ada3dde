// SPDX-License-Identifier: GPL-2.0-or-later
// The archive roots a database has seen, and how the PATHs given to a run
// are resolved against them (docs/architecture.md, "Roots and ids").
//
// Roots are authoritative: a PATH inside a recorded root is indexed as part
// of that root (same ids; only its own subtree can lose articles). A folder
// outside every recorded root becomes a new root; a file given alone outside
// every recorded root is its own root, so a later run on a sibling file never
// touches it. Each root has a label, independent of its source, that scopes
// its articles' ids; a root whose mount point moved keeps its label.
#ifndef KIOSQUE_INDEX_ROOTS_H_
#define KIOSQUE_INDEX_ROOTS_H_

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace kiosque {

// A path as recorded and compared: absolute, normal, no trailing '/'.
std::string normal_root(const std::filesystem::path& path);

// Whether a root is a folder (walked recursively) or a single file.
enum class RootKind { kFolder, kFile };

// A root as recorded in the database's metadata (schema::kMetaRootPrefix).
struct RecordedRoot {
  std::string label;  // [A-Za-z0-9._-]+, unique in the database
  RootKind kind = RootKind::kFolder;
  std::string path;    // absolute, normal, no trailing '/'
  std::string source;  // the source of its articles that name none; "" none
  bool operator==(const RecordedRoot&) const = default;
};

// The metadata key of the root labelled `label`.
std::string root_key(const std::string& label);

// The stored form of `root` ("d" or "f", TAB, source, TAB, path; a tab in
// the source is stored as a space).
std::string encode_root(const RecordedRoot& root);

// The root stored under `key` as `value`; nullopt when malformed or empty.
std::optional<RecordedRoot> decode_root(const std::string& key, const std::string& value);

// Every root recorded in `db`, sorted by label. Throws Xapian::Error.
std::vector<RecordedRoot> read_recorded_roots(const Xapian::Database& db);

// Records `root` in `db` (replacing a root of the same label). Throws
// Xapian::Error.
void record_root(Xapian::WritableDatabase& db, const RecordedRoot& root);

// The label made from a root's base name: its characters outside
// [A-Za-z0-9._-] replaced by '-', "root" when nothing is left, then "-2",
// "-3"… appended while `taken` holds it.
std::string make_label(const std::string& base_name,
                       const std::vector<std::string>& taken);

// One PATH given to a run, resolved.
struct RootUse {
  std::string given;  // as given on the command line
  // Index into RootResolution::roots; kNoRoot when the PATH does not exist
  // and lies in no recorded root (the walk reports it).
  std::size_t root = 0;
  // The part of the root the PATH covers, relative to the root's folder
  // ('/' separators): "" for a whole folder root; a file root's file name.
  std::string scope;
};
inline constexpr std::size_t kNoRoot = static_cast<std::size_t>(-1);

// The roots of a run and the PATHs given, resolved.
struct RootResolution {
  std::vector<RecordedRoot> roots;  // the recorded ones (maybe moved), then new ones
  std::vector<RootUse> uses;        // one per PATH, in order
  std::vector<bool> fresh;          // per root: not recorded before this run
  // Per root: its source changed in this run (apply_sources): its articles
  // must be read again, all of them.
  std::vector<bool> source_changed;
  std::vector<std::string> notes;  // what changed (a moved mount), for people
};

// Resolves `paths` against `recorded` (read_recorded_roots). Looks at the
// file system (absolute paths, existence, file or folder); never throws for
// its sake. A PATH equal to or inside a recorded folder root (or equal to a
// recorded file root) uses that root. A folder holding roots (recorded, or
// new earlier in `paths`) uses each of them whole, with a note, and nothing
// else in it. Otherwise, when the label its base name
// gives names a recorded root of the same kind whose path no longer exists,
// that root moved there: its path is updated and a note says so. Otherwise
// an existing PATH becomes a new root with a new label.
RootResolution resolve_roots(const std::vector<RecordedRoot>& recorded,
                             const std::vector<std::string>& paths);

// The roots of `recorded`, each used whole (kiosque-index --rebuild without
// PATH: every recorded root read again, with its recorded source).
RootResolution all_roots(const std::vector<RecordedRoot>& recorded);

// Sets the source of each root used in `resolution`: the NAME of a
// `root_sources` PATH=NAME whose PATH is the PATH given (compared as
// normal_root makes them) or the root's path, else `source` when not "",
// else the source recorded. A recorded root whose source so changes is
// marked in source_changed, with a note.
void apply_sources(const std::string& source,
                   const std::vector<std::pair<std::string, std::string>>& root_sources,
                   RootResolution* resolution);

// The folder under which a root's files lie: the root itself, or a file
// root's folder.
std::string root_folder(const RecordedRoot& root);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_ROOTS_H_
