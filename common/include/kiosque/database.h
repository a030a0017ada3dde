// Opening kiosque databases: where they live by default, and the check that a
// database was built by this analyzer.
#ifndef KIOSQUE_DATABASE_H_
#define KIOSQUE_DATABASE_H_

#include <chrono>
#include <stdexcept>
#include <string>

#include <xapian.h>

namespace kiosque {

// An error that stops a tool: main() prints its message on one line and
// exits 2. Per-article problems are values (Problem), never this.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database used when no --db is given: $KIOSQUE_DB when set, else
// $XDG_DATA_HOME/kiosque/db, else ~/.local/share/kiosque/db.
std::string default_database_path();

// Opens the database at `path` for searching. Throws Error when there is no
// database there, when it cannot be opened, or when another analyzer version
// built it (the message says to run kiosque-index --rebuild).
Xapian::Database open_for_search(const std::string& path);

// Throws Error unless `db` (opened from `path`) was built by this analyzer
// version. An empty database (no analyzer recorded, no documents) passes.
void check_analyzer(const Xapian::Database& db, const std::string& path);

// How long to wait for another kiosque-index to release a database.
struct LockWait {
  bool wait = false;                     // false: refuse at once
  std::chrono::seconds timeout{0};       // 0 with wait: as long as it takes
};

// Opens `path` (the database folder `dir`, or one of its generations) for
// writing with Xapian `flags`. When another writer holds it, throws Error
// "database DIR is being updated by another kiosque-index" at once, or after
// waiting as `lock_wait` says. Throws Error on any other failure too.
Xapian::WritableDatabase open_writable(const std::string& dir, const std::string& path,
                                       int flags, const LockWait& lock_wait);

// Records this analyzer's identity and the ICU and Xapian versions in `db`.
void stamp_analyzer(Xapian::WritableDatabase& db);

}  // namespace kiosque

#endif  // KIOSQUE_DATABASE_H_
