// The indexing run behind kiosque-index: walks archive roots, reads and
// analyses articles on a second thread, and writes them with the one Xapian
// writer, incrementally (only files whose size or mtime changed are read).
#ifndef KIOSQUE_INDEX_INDEX_WRITER_H_
#define KIOSQUE_INDEX_INDEX_WRITER_H_

#include <csignal>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "kiosque/store/database.h"

namespace kiosque {

enum class Verbosity { kQuiet, kNormal, kVerbose };

struct IndexOptions {
  std::string db_path;
  std::vector<std::string> roots;  // archive folders or single files
  std::string source;              // source of articles that name none
  // Per root (as given): the source of its articles that name none.
  std::vector<std::pair<std::string, std::string>> root_sources;
  std::uint32_t commit_every = 5000;  // articles between commits
  bool keep_deleted = false;  // keep articles whose file or record vanished
  bool dry_run = false;       // say what would change, change nothing
  // Build a new generation of the database beside the live one and publish
  // it when complete (db_layout.h); searches keep working throughout.
  bool rebuild = false;
  LockWait lock_wait;  // when another kiosque-index holds the database
  std::size_t shards = 0;  // article shards; 0: as the database has
  bool by_year = false;    // a shard per year of the articles' dates
  // Writer threads for a fresh build (new database, --rebuild): the shards
  // are written in parallel; an unsharded database is built as this many
  // shards and merged into one at the end. 0: one writer per core for a
  // sharded database, one for an unsharded one (whose parallel build ends
  // in a merge and takes more memory: asked for, not assumed). Incremental
  // runs use one writer.
  std::size_t jobs = 0;
  Verbosity verbosity = Verbosity::kNormal;
  bool progress = false;  // a progress line on `problems` (a terminal)
};

// What a run did, for the closing summary line.
struct IndexSummary {
  std::uint64_t added = 0;
  std::uint64_t updated = 0;
  std::uint64_t deleted = 0;
  std::uint64_t unchanged = 0;
  std::uint64_t failed = 0;   // problems reported (files or records lost)
  std::uint64_t skipped = 0;  // files that are not articles (README.md…)
  double elapsed_seconds = 0;
  bool interrupted = false;  // stopped by SIGINT/SIGTERM after a commit
};

// The one-line summary: "12 added, 0 updated, … 0.4 s, 30 articles/s".
std::string format_summary(const IndexSummary& summary);

// Set by a signal handler to ask the run to commit and stop.
extern volatile std::sig_atomic_t g_stop_signal;

// Runs one indexing pass. Problems with inputs are written to `problems` as
// "path[:line]: reason" lines and counted; they never stop the run. Throws
// Error when the run cannot happen at all (database locked by another
// kiosque-index, built by another analyzer, not writable).
IndexSummary run_index(const IndexOptions& options, std::ostream& problems);



}  // namespace kiosque

#endif  // KIOSQUE_INDEX_INDEX_WRITER_H_
