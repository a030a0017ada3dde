// SPDX-License-Identifier: GPL-2.0-or-later
// Opening kiosque databases: where they live by default, and the check that a
// database was built by this analyzer.
#ifndef KIOSQUE_STORE_DATABASE_H_
#define KIOSQUE_STORE_DATABASE_H_

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "kiosque/base/error.h"

namespace kiosque {

// Where to search: one or more locations, each a database folder (or a
// Xapian stub file) or "tcp://HOST:PORT" (a xapian-tcpsrv serving one).
// Several are searched as one database, with global statistics.
using Locations = std::vector<std::string>;

// Opens `locations` for searching. Every shard is checked on its own: a
// stub's local and remote entries, each tcp:// server. Throws Error when a
// location holds no database, cannot be opened or reached, or was built by
// another analyzer version (the message says to run kiosque-index
// --rebuild).
Xapian::Database open_for_search(const Locations& locations);
inline Xapian::Database open_for_search(const std::string& path) {
  return open_for_search(Locations{path});
}

// Whether any of `locations` is searched through Xapian's remote backend
// (tcp://, or a stub's "remote" lines), which has no spelling data.
bool uses_remote_backend(const Locations& locations);

// Throws Error unless `db` (opened from `path`) was built by this analyzer
// version. An empty database (no analyzer recorded, no documents) passes.
void check_analyzer(const Xapian::Database& db, const std::string& path);

// The schema `db` was stamped with (schema::kSchemaVersion then): "" for an
// empty database that was never stamped, "1" for an older one with articles.
std::string schema_of(const Xapian::Database& db);

// Throws Error unless `db` (opened from `path`) has this schema: a
// database whose ids or stored data mean something else must be rebuilt
// (the message says to run kiosque-index --rebuild). An empty database passes.
void check_schema(const Xapian::Database& db, const std::string& path);

// The warning for a search of `db` (opened from `path`) when its schema is
// not this one, else "". Searches go on, so that they keep working during
// the --rebuild an upgrade needs.
std::string schema_warning(const Xapian::Database& db, const std::string& path);

// Runs `read(db)` for a reader that stays open while kiosque-index commits:
// when the writer's commits discard the revision being read
// (Xapian::DatabaseModifiedError), reopens `db`, which only moves it forward,
// waits a little longer each time (1 ms, doubling up to 64 ms) and reads
// again; after kMaxLiveReads attempts the error is thrown. A machine under
// load can see one reader outrun by several commits in a row.
inline constexpr int kMaxLiveReads = 20;
template <typename Read>
auto read_live(Xapian::Database& db, Read&& read) -> decltype(read(db)) {
  for (int attempt = 1;; ++attempt) {
    try {
      return read(db);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kMaxLiveReads) throw;
      std::this_thread::sleep_for(
          std::chrono::milliseconds(1 << std::min(attempt - 1, 6)));
      db.reopen();
    }
  }
}

// How long to wait for another kiosque-index to release a database.
struct LockWait {
  bool wait = false;                // false: refuse at once
  std::chrono::seconds timeout{0};  // 0 with wait: as long as it takes
};

// Opens `path` (the database folder `dir`, or one of its generations) for
// writing with Xapian `flags`. When another writer holds it, throws Error
// "database DIR is being updated by another kiosque-index" at once, or after
// waiting as `lock_wait` says. Throws Error on any other failure too.
Xapian::WritableDatabase open_writable(const std::string& dir, const std::string& path,
                                       int flags, const LockWait& lock_wait);

// Records this analyzer's identity, the schema and the ICU and Xapian
// versions in `db`.
void stamp_analyzer(Xapian::WritableDatabase& db);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_DATABASE_H_
