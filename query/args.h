// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-query's command line, parsed and checked into what main() runs.
#ifndef KIOSQUE_QUERY_ARGS_H_
#define KIOSQUE_QUERY_ARGS_H_

#include <string>

#include "kiosque/base/terminal.h"
#include "kiosque/cli.h"
#include "kiosque/search/search.h"
#include "kiosque/store/database.h"

namespace kiosque {

// What kiosque-query was asked to do.
enum class QueryAction {
  kPrintText,  // --help or --version: print `text`, exit 0
  kSearch,     // one QUERY (or --like ID) given on the command line
  kBatch,      // --batch: one query a line from stdin
  kShow,       // --show ID: one whole article
};

// A checked kiosque-query command line.
struct QueryCommand {
  QueryAction action = QueryAction::kSearch;
  std::string text;   // kPrintText: the help, the version or --print-config's values
  int exit_code = 0;  // kPrintText: the exit status (--print-config: 1, KEY not set)
  // The QUERY words joined by spaces; limit 0 with --count. `remote` is
  // left false: it depends on the databases, which main() looks at.
  SearchOptions options;
  Locations locations;      // the --db values, or cli::resolve_databases' choice
  bool json = false;        // --json (kBatch writes JSON Lines whatever it says)
  bool count_only = false;  // --count: the number of matches, not the hits
  // --timeline: matches per year or month instead of the hits (limit 0).
  bool timeline = false;
  std::string show_id;                 // kShow: the article's id
  ColorMode color = ColorMode::kAuto;  // --color
};

// Parses kiosque-query's `argv` (argv[0] the program) and checks it. The
// databases are found as cli::resolve_databases says, falling back on the
// system configuration's. Reads the configurations; no other side effect.
// Throws cli::UsageError for a bad command line, with the message main()
// prints before "(see kiosque-query --help)", config::ConfigError for a
// missing or invalid configuration.
QueryCommand parse_query_command(
    int argc, const char* const argv[],
    const cli::Environment& env = cli::Environment::from_process());

}  // namespace kiosque

#endif  // KIOSQUE_QUERY_ARGS_H_
