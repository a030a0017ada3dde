// SPDX-License-Identifier: GPL-2.0-or-later
#include "batch.h"

#include <chrono>
#include <istream>
#include <ostream>

#include "kiosque/cli.h"
#include "kiosque/i18n.h"
#include "kiosque/store/database.h"
#include "kiosque/store/sequence.h"
#include "output.h"

namespace kiosque {

int run_batch(const Locations& locations, const SearchOptions& options, std::istream& in,
              std::ostream& out, std::ostream& err) {
  Xapian::Database db = open_for_search(locations);
  Analyzer analyzer;
  SearchOptions one = options;
  // One sequence for the whole batch: every saved search of an alert run
  // covers the same commits, whatever is committed meanwhile.
  const std::uint64_t sequence = live_sequence(db);
  if (one.sequences) one.sequences->upto = sequence;
  // Said once on stderr, and in every summary: each stands alone.
  std::vector<std::string> db_warnings;
  if (std::string warning = read_live(
          db, [&](const Xapian::Database& d) { return schema_warning(d, locations[0]); });
      !warning.empty()) {
    err << "kiosque-query: warning: " << i18n::translate(warning) << "\n";
    db_warnings.push_back(std::move(warning));
  }
  bool found_any = false;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    one.query = line;
    const auto started = std::chrono::steady_clock::now();
    const SearchResults found = search_live(&db, locations, analyzer, one);
    const double elapsed_ms = std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - started)
                                  .count();
    print_diagnostics(err, found, "stdin:" + std::to_string(number) + ": ");
    found_any =
        found_any || (options.limit == 0 ? found.matches > 0 : !found.hits.empty());
    print_json(out, found,
               {.query = line,
                .like_id = "",
                .elapsed_ms = elapsed_ms,
                .tag_every_object = true,
                .sequence = sequence,
                .warnings = db_warnings});
    out.flush();
    if (!out) break;  // a closed pipe: nobody reads the rest
  }
  return found_any ? cli::kExitOk : cli::kExitPartial;
}

}  // namespace kiosque
