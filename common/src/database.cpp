#include "kiosque/database.h"

#include <unicode/uversion.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "kiosque/analyzer.h"
#include "kiosque/schema.h"

namespace kiosque {

std::string default_database_path() {
  if (const char* env = std::getenv("KIOSQUE_DB"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/kiosque/db";
  }
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/kiosque/db";
}

void check_analyzer(const Xapian::Database& db, const std::string& path) {
  const std::string built_by = db.get_metadata(schema::kMetaAnalyzer);
  if (built_by == kAnalyzerVersion) return;
  if (built_by.empty() && db.get_doccount() == 0) return;
  throw Error("database " + path + " was built by analyzer " +
              (built_by.empty() ? std::string("(unknown)") : built_by) +
              ", this is " + kAnalyzerVersion +
              ": rebuild it with kiosque-index --rebuild");
}

Xapian::Database open_for_search(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw Error("no database at " + path +
                " (build one with kiosque-index, or give --db)");
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(path);
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error("cannot open database " + path + ": " + e.get_msg());
  }
  check_analyzer(db, path);
  return db;
}

Xapian::WritableDatabase open_writable(const std::string& dir, const std::string& path,
                                       int flags, const LockWait& lock_wait) {
  const auto deadline = std::chrono::steady_clock::now() + lock_wait.timeout;
  while (true) {
    try {
      return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
      const bool forever = lock_wait.wait && lock_wait.timeout.count() == 0;
      if (!lock_wait.wait || (!forever && std::chrono::steady_clock::now() >= deadline)) {
        throw Error("database " + dir + " is being updated by another kiosque-index");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } catch (const Xapian::DatabaseError& e) {
      throw Error("cannot open database " + dir + " for writing: " + e.get_msg());
    }
  }
}

void stamp_analyzer(Xapian::WritableDatabase& db) {
  db.set_metadata(schema::kMetaAnalyzer, kAnalyzerVersion);
  db.set_metadata(schema::kMetaIcuVersion, U_ICU_VERSION);
  db.set_metadata(schema::kMetaXapianVersion, Xapian::version_string());
}

}  // namespace kiosque
