// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/database.h"
#include "kiosque/base/message.h"

#include <unicode/uversion.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "kiosque/store/schema.h"
#include "kiosque/store/stub.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {

void check_analyzer(const Xapian::Database& db, const std::string& path) {
  const std::string built_by = db.get_metadata(schema::kMetaAnalyzer);
  if (built_by == kAnalyzerVersion) return;
  if (built_by.empty() && db.get_doccount() == 0) return;
  throw Error(
      message(messages::kAnalyzerMismatch,
              {path, built_by.empty() ? "(unknown)" : built_by, kAnalyzerVersion}));
}

std::string schema_of(const Xapian::Database& db) {
  const std::string schema = db.get_metadata(schema::kMetaSchema);
  if (!schema.empty() || db.get_doccount() == 0) return schema;
  return "1";
}

namespace {

std::string schema_mismatch(const Xapian::Database& db, const std::string& path) {
  const std::string schema = schema_of(db);
  if (schema.empty() || schema == schema::kSchemaVersion) return "";
  return "database " + path + " has schema " + schema + ", this kiosque has schema " +
         schema::kSchemaVersion + " (article ids and stored data changed): " +
         "rebuild it with kiosque-index --rebuild";
}

}  // namespace

void check_schema(const Xapian::Database& db, const std::string& path) {
  const std::string mismatch = schema_mismatch(db, path);
  if (!mismatch.empty()) throw Error(mismatch);
}

std::string schema_warning(const Xapian::Database& db, const std::string& path) {
  return schema_mismatch(db, path);
}

namespace {

// Milliseconds to wait for a remote server to answer.
constexpr unsigned kRemoteTimeoutMs = 10000;

bool is_tcp(const std::string& location) { return location.rfind("tcp://", 0) == 0; }

// "HOST:PORT" of a tcp:// location or a stub's remote line; throws Error.
Xapian::Database open_remote(const std::string& host_port, const std::string& where) {
  const std::size_t colon = host_port.rfind(':');
  unsigned port = 0;
  if (colon != std::string::npos && colon > 0) {
    try {
      port = static_cast<unsigned>(std::stoul(host_port.substr(colon + 1)));
    } catch (const std::exception&) {
      port = 0;
    }
  }
  if (port == 0 || port > 65535) {
    throw Error(message(messages::kNotHostPort, {where, host_port}));
  }
  try {
    return Xapian::Remote::open(host_port.substr(0, colon), port, kRemoteTimeoutMs,
                                kRemoteTimeoutMs);
  } catch (const Xapian::NetworkError& e) {
    throw Error(message(messages::kCannotReachServer, {host_port, where, e.get_msg()}));
  }
}

// Checks the analyzer of one database that the stub of `location` lists.
void check_stub_entry(const std::string& location, const StubEntry& entry) {
  const std::string target = stub_entry_text(entry);
  const std::string where = location + " (" + target + ")";
  switch (entry.kind) {
    case StubEntryKind::kRemoteProgram: {
      // "remote :PROGRAM ARGS": xapian-progsrv run by a program (ssh).
      Xapian::Database shard;
      try {
        shard = Xapian::Remote::open(entry.target, entry.args);
      } catch (const Xapian::NetworkError& e) {
        throw Error(
            message(messages::kCannotReachShard, {target, location, e.get_msg()}));
      }
      check_analyzer(shard, where);
      return;
    }
    case StubEntryKind::kRemoteTcp:
      check_analyzer(open_remote(entry.target, location), where);
      return;
    case StubEntryKind::kAuto:
      check_analyzer(
          Xapian::Database((std::filesystem::path(location) / entry.target).string()),
          where);
      return;
    case StubEntryKind::kOther:
      return;
  }
}

// A stub's "remote :PROGRAM" line runs PROGRAM (Xapian's own stub format):
// a stub that others may write is someone else's command. Throws Error.
void refuse_untrusted_stub(const std::string& location) {
  std::error_code ec;
  const std::string stub =
      std::filesystem::is_directory(location, ec) ? stub_path(location) : location;
  struct stat st;
  if (::stat(stub.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) == 0) return;
  throw Error(message(messages::kUnsafeStub, {location, stub}));
}

Xapian::Database open_location(const std::string& location) {
  if (is_tcp(location)) {
    Xapian::Database db = open_remote(location.substr(6), location);
    check_analyzer(db, location);
    return db;
  }
  std::error_code ec;
  if (!std::filesystem::exists(location, ec)) {
    throw Error(message(messages::kNoDatabaseAt, {location}));
  }
  refuse_untrusted_stub(location);
  Xapian::Database db;
  try {
    db = Xapian::Database(location);
  } catch (const Xapian::NetworkError& e) {
    throw Error(message(messages::kCannotReachAShard, {location, e.get_msg()}));
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Error(message(messages::kCannotOpenDatabase, {location, e.get_msg()}));
  }
  // Metadata comes from the first shard only: check each shard on its own.
  const std::vector<StubEntry> entries =
      read_stub(location).value_or(std::vector<StubEntry>{});
  if (entries.size() <= 1) {
    check_analyzer(db, location);
    return db;
  }
  for (const StubEntry& entry : entries) check_stub_entry(location, entry);
  return db;
}

}  // namespace

Xapian::Database open_for_search(const Locations& locations) {
  if (locations.size() == 1) return open_location(locations[0]);
  Xapian::Database all;
  for (const std::string& location : locations) all.add_database(open_location(location));
  return all;
}

bool uses_remote_backend(const Locations& locations) {
  for (const std::string& location : locations) {
    if (is_tcp(location)) return true;
    for (const StubEntry& entry :
         read_stub(location).value_or(std::vector<StubEntry>{})) {
      if (entry.kind == StubEntryKind::kRemoteTcp ||
          entry.kind == StubEntryKind::kRemoteProgram) {
        return true;
      }
    }
  }
  return false;
}

namespace {

// Why the lock file of the database at `path` cannot be opened ("" when it
// can): Xapian says DatabaseLockError for that too, and a database the user
// may not write is not one that another writer holds.
std::string lock_file_refusal(const std::string& path) {
  const std::string lock = path + "/flintlock";
  const int fd = ::open(lock.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd >= 0) {
    ::close(fd);
    return "";
  }
  return message(messages::kCannotOpenLockFile, {lock, std::strerror(errno)});
}

}  // namespace

Xapian::WritableDatabase open_writable(const std::string& dir, const std::string& path,
                                       int flags, const LockWait& lock_wait) {
  const auto deadline = std::chrono::steady_clock::now() + lock_wait.timeout;
  while (true) {
    try {
      return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
      if (const std::string why = lock_file_refusal(path); !why.empty()) {
        throw Error(message(messages::kCannotWriteDatabase, {dir, why}));
      }
      const bool forever = lock_wait.wait && lock_wait.timeout.count() == 0;
      if (!lock_wait.wait || (!forever && std::chrono::steady_clock::now() >= deadline)) {
        throw Error(message(messages::kDatabaseLocked, {dir}));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } catch (const Xapian::DatabaseError& e) {
      throw Error(message(messages::kCannotWriteDatabase, {dir, e.get_msg()}));
    }
  }
}

void stamp_analyzer(Xapian::WritableDatabase& db) {
  db.set_metadata(schema::kMetaAnalyzer, kAnalyzerVersion);
  db.set_metadata(schema::kMetaSchema, schema::kSchemaVersion);
  db.set_metadata(schema::kMetaIcuVersion, U_ICU_VERSION);
  db.set_metadata(schema::kMetaXapianVersion, Xapian::version_string());
}

}  // namespace kiosque
