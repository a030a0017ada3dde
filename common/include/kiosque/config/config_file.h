// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque.conf, the configuration of the nightly job and the alerts: its one
// reader. The scripts get its values through the programs (--print-config),
// never with a parser of their own (issue #16, point 11).
//
// Grammar, one line at a time (docs/operations.md, "The configuration"):
//   - A line ends at "\n"; blanks (space, tab) and a "\r" at either end are
//     ignored; a UTF-8 byte order mark at the start of the file is ignored.
//   - A blank line, or one whose first character is '#', is a comment.
//   - Any other line is `KEY = VALUE`. KEY is lower-case letters and '_'; the
//     first '=' ends it; every later '=' belongs to VALUE.
//   - A '#' that follows a blank starts a comment to the end of the line
//     (`compact_every_days = 7  # weekly`); any other '#' belongs to VALUE
//     (`archive = /srv/presse#2`). A value cannot hold a blank followed by '#'.
//   - VALUE is trimmed of blanks and must not be empty; it holds no control
//     character (other than tab) and no NUL, so it never spans two lines.
//   - Paths (db, log, alerts, alerts_state, and the PATH of archive) must be
//     absolute: a relative path would depend on the folder cron starts in,
//     and so no value ever begins with '-' and reads as an option.
//   - Counts are decimal digits ("08" is eight, never octal), within a bound.
//   - `archive = PATH` or `archive = PATH | SOURCE`: the first '|' splits.
//   - An unknown key, a malformed line, a bad value and a second line for a
//     key that takes one are errors naming FILE:LINE; the first one is
//     reported.
#ifndef KIOSQUE_CONFIG_CONFIG_FILE_H_
#define KIOSQUE_CONFIG_CONFIG_FILE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosque/base/error.h"

namespace kiosque::config {

// A configuration that cannot be read or is not valid. what() is
// "FILE[:LINE]: error: reason", ready to print after the tool's name.
class ConfigError : public Error {
 public:
  using Error::Error;
};

// One `archive =` line: an archive folder and the source of its articles
// that name none ("" when the line gives no "| SOURCE").
struct Archive {
  std::string path;
  std::string source;

  bool operator==(const Archive&) const = default;
};

// A parsed and checked kiosque.conf. Immutable once made; safe to share
// between threads.
class ConfigFile {
 public:
  // Reads and checks `file`. Throws ConfigError: "FILE: error: no such
  // configuration file" when it does not exist, "FILE: error: cannot read
  // configuration: REASON" when it cannot be read, "FILE:LINE: error:
  // REASON" for the first invalid line.
  static ConfigFile read(const std::string& file);

  // Checks `text` as the content of a file named `file` (used in messages).
  // Throws ConfigError as read() does.
  static ConfigFile parse(std::string_view text, const std::string& file);

  // The file it was read from.
  const std::string& file() const { return file_; }

  // The value of the path key `key` (db, log, alerts, alerts_state), or
  // nullopt when the file has no such line. Throws ConfigError for a key
  // that is not a path key.
  std::optional<std::string> path(std::string_view key) const;

  // The value of the count key `key` (compact_every_days, changesets), its
  // default when the file has no such line, nullopt when it has no default.
  // Throws ConfigError for a key that is not a count key.
  std::optional<unsigned> count(std::string_view key) const;

  // The `archive =` lines, in file order.
  const std::vector<Archive>& archives() const { return archives_; }

  // What --print-config KEY prints: the values of `key`, in file order,
  // normalised (counts in decimal without leading zeros, archives as "PATH"
  // or "PATH | SOURCE"); the default of a count the file does not give;
  // empty when there is none. Throws ConfigError for an unknown key.
  std::vector<std::string> values(std::string_view key) const;

 private:
  std::string file_;
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::vector<Archive> archives_;
};

// The keys a kiosque.conf may hold, in the order docs/operations.md lists
// them.
std::vector<std::string> known_keys();

// The system configuration: ${sysconfdir}/kiosque/kiosque.conf of the
// install (/etc/kiosque/kiosque.conf for a /usr install), fixed at build
// time.
std::string system_config_path();

}  // namespace kiosque::config

#endif  // KIOSQUE_CONFIG_CONFIG_FILE_H_
