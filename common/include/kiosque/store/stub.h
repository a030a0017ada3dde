// SPDX-License-Identifier: GPL-2.0-or-later
// A database folder's Xapian stub file, DIR/XAPIANDB: the list of databases
// that Xapian opens as one when it is given DIR. The one reader and writer
// of its format, which is Xapian's (one database a line, "TYPE REST"; empty
// lines and lines starting with '#' are comments):
//   auto RELPATH           a local database, relative to the folder
//   remote HOST:PORT       a xapian-tcpsrv
//   remote :PROGRAM ARGS   a xapian-progsrv run by PROGRAM (ssh…)
// Xapian's other types (glass, chert, inmemory…) are kept as kOther.
#ifndef KIOSQUE_STORE_STUB_H_
#define KIOSQUE_STORE_STUB_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosque {

enum class StubEntryKind {
  kAuto,           // auto PATH
  kRemoteTcp,      // remote HOST:PORT
  kRemoteProgram,  // remote :PROGRAM ARGS
  kOther,          // any other line, which kiosque only passes to Xapian
};

// One database of a stub.
struct StubEntry {
  StubEntryKind kind = StubEntryKind::kOther;
  // kAuto: the path as written (relative to the folder, or absolute);
  // kRemoteTcp: "HOST:PORT"; kRemoteProgram: the program; kOther: the line.
  std::string target;
  // kRemoteProgram: the program's arguments ("" when none).
  std::string args;

  friend bool operator==(const StubEntry&, const StubEntry&) = default;
};

// The stub's path: DIR/XAPIANDB.
std::string stub_path(const std::string& dir);

// The entries of a stub's `text`, in order, comments left out. Never throws:
// what kiosque does not know is a kOther entry.
std::vector<StubEntry> parse_stub(std::string_view text);

// The entries of DIR's stub, or nullopt when DIR has no stub (or it cannot
// be read).
std::optional<std::vector<StubEntry>> read_stub(const std::string& dir);

// What follows the type in `entry`'s line ("g000001", "host:33333",
// ":ssh host xapian-progsrv /srv/db"), for messages; kOther: the line.
std::string stub_entry_text(const StubEntry& entry);

// `entry` as a stub line, without its newline ("auto g000001").
std::string format_stub_line(const StubEntry& entry);

// A whole stub: a comment line saying whose it is, then one line an entry.
std::string format_stub(const std::vector<StubEntry>& entries);

// Whether `file_name` (a name in DIR) is the temporary stub write_stub()
// renames into place: left behind by a writer killed before the rename.
bool is_stub_temporary(std::string_view file_name);

// Makes `entries` DIR's stub: writes the new stub beside the old one,
// flushes it to disk and renames it over the old one (atomic: a search
// opening DIR sees the old stub or the new one). Does not sync DIR itself.
// Throws Error.
void write_stub(const std::string& dir, const std::vector<StubEntry>& entries);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_STUB_H_
