// SPDX-License-Identifier: GPL-2.0-or-later
// What the database records about each archive file it has read, so that the
// next run reads only files whose size or modification time changed. Stored
// as metadata under file_state_key(root, relpath), as
// "ROOT\tSIZE\tMTIME_NS\tARTICLES" (ROOT the root's label).
#ifndef KIOSQUE_STORE_FILE_STATE_H_
#define KIOSQUE_STORE_FILE_STATE_H_

#include <cstdint>
#include <optional>
#include <string>

namespace kiosque {

struct FileState {
  std::string root;            // the label of the root it was read under
  std::uint64_t size = 0;      // bytes
  std::int64_t mtime_ns = 0;   // modification time, ns since the epoch
  std::uint64_t articles = 0;  // articles it gave
  bool operator==(const FileState&) const = default;
};

// The metadata key of the file at `relpath` under the root labelled `root`:
// bounded_term(schema::kMetaFilePrefix, root + "/" + relpath), so a key holds
// the whole path only when it is short enough.
std::string file_state_key(const std::string& root, const std::string& relpath);

// The prefix of the keys of the files of root `root` under `scope` (a path
// relative to the root; "" for all of them). Not bounded: keys cut short
// before the prefix's end do not start with it.
std::string file_state_prefix(const std::string& root, const std::string& scope);

// The stored form of `state`.
std::string encode_file_state(const FileState& state);

// The state stored as `value`, or nullopt when it is empty (a file recorded
// as gone) or malformed. The numbers are read from the end, so a root that
// holds a tab survives.
std::optional<FileState> decode_file_state(const std::string& value);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_FILE_STATE_H_
