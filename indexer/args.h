// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-index's command line, parsed and checked into what main() runs.
#ifndef KIOSQUE_INDEXER_ARGS_H_
#define KIOSQUE_INDEXER_ARGS_H_

#include <optional>
#include <string>

#include "kiosque/cli.h"
#include "kiosque/index/index_writer.h"
#include "reporter.h"

namespace kiosque {

// What kiosque-index was asked to do.
enum class IndexAction {
  kPrintText,      // --help or --version: print `text`, exit 0
  kIndex,          // index the PATHs (the default)
  kCompact,        // --compact
  kCompactFrozen,  // --compact-frozen
};

// A checked kiosque-index command line.
struct IndexCommand {
  IndexAction action = IndexAction::kIndex;
  std::string text;   // kPrintText: the help, the version or --print-config's values
  int exit_code = 0;  // kPrintText: the exit status (--print-config: 1, KEY not set)
  // Everything run_index needs. With kCompact and kCompactFrozen only
  // db_path and lock_wait are set.
  IndexOptions options;
  // What the terminal reporter shows (`progress` left false: main()
  // decides it from the terminal).
  ReporterOptions report;
  // --changesets N: the changesets to keep (XAPIAN_MAX_CHANGESETS).
  std::optional<unsigned> changesets;
  bool quiet = false;    // --quiet (also given when --verbose wins)
  bool summary = false;  // --summary: always print the closing line
};

// Parses kiosque-index's `argv` (argv[0] the program) and checks it. The
// database is found as cli::resolve_databases says (never the system
// configuration's); with no PATH, the configuration's archives are indexed
// (--config FILE or $KIOSQUE_CONF, each with its source, and its
// changesets). Reads that configuration; no other side effect. Throws
// cli::UsageError for a bad command line, with the message main() prints
// before "(see kiosque-index --help)", config::ConfigError for a missing or
// invalid configuration.
IndexCommand parse_index_command(
    int argc, const char* const argv[],
    const cli::Environment& env = cli::Environment::from_process());

// The most shards --shards takes (issue #16.9): each holds its files open
// while the run writes, about 8 a shard, and a thousand shards ran out of
// file descriptors after minutes, leaving their folders behind.
inline constexpr std::size_t kMaxShards = 64;

// The most writer threads --jobs takes: 4 per core (issue #16.9; each writer
// holds a shard and its files open). At least 4.
std::size_t max_jobs();

}  // namespace kiosque

#endif  // KIOSQUE_INDEXER_ARGS_H_
