// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-query: ranked French search over a kiosque database.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "args.h"
#include "batch.h"
#include "kiosque/base/terminal.h"
#include "kiosque/cli.h"
#include "kiosque/i18n.h"
#include "kiosque/search/search.h"
#include "kiosque/search/timeline.h"
#include "kiosque/store/database.h"
#include "kiosque/store/sequence.h"
#include "output.h"
#include "show.h"
#include "timeline.h"

namespace {

constexpr char kTool[] = "kiosque-query";

// One search from the command line, printed as `command` says. Exit 0 when
// something was found, 1 when nothing was.
int search(const kiosque::QueryCommand& command, kiosque::SearchOptions options) {
  const auto started = std::chrono::steady_clock::now();
  Xapian::Database db = kiosque::open_for_search(command.locations);
  // Read before searching: the search sees at least these commits.
  const std::uint64_t sequence = kiosque::live_sequence(db);
  if (options.sequences) options.sequences->upto = sequence;
  // One warning: the metadata read is the first database's.
  const std::string warning = kiosque::read_live(db, [&](const Xapian::Database& d) {
    return kiosque::schema_warning(d, command.locations[0]);
  });
  if (!warning.empty()) {
    std::cerr << kTool << ": warning: " << kiosque::i18n::translate(warning) << "\n";
  }
  kiosque::Analyzer analyzer;
  const kiosque::SearchResults found =
      kiosque::search_live(&db, command.locations, analyzer, options);
  kiosque::print_diagnostics(std::cerr, found, "");
  const double elapsed_ms = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - started)
                                .count();
  const std::optional<kiosque::Timeline> timeline =
      found.dates ? std::optional(kiosque::make_timeline(*found.dates)) : std::nullopt;
  if (command.json) {
    if (timeline) kiosque::print_timeline_json(std::cout, *timeline);
    kiosque::print_json(
        std::cout, found,
        {.query = options.query,
         .like_id = options.like_id,
         .elapsed_ms = elapsed_ms,
         .tag_every_object = false,
         .sequence = sequence,
         .warnings = warning.empty() ? std::vector<std::string>{}
                                     : std::vector<std::string>{warning}});
  } else {
    if (command.count_only) {
      std::cout << found.matches << "\n";
    } else {
      kiosque::print_human(std::cout, found, options.query,
                           {.color = kiosque::use_color(command.color, STDOUT_FILENO),
                            .columns = kiosque::output_columns(STDOUT_FILENO)});
    }
    if (timeline) {
      kiosque::print_timeline(std::cout, *timeline,
                              kiosque::output_columns(STDOUT_FILENO));
    }
    kiosque::print_human_facets(std::cout, found);
  }
  std::cout.flush();
  // --count and --timeline list no hits: what they found is the count.
  const bool nothing =
      command.count_only || command.timeline ? found.matches == 0 : found.hits.empty();
  return nothing ? kiosque::cli::kExitPartial : kiosque::cli::kExitOk;
}

int run(int argc, char** argv) {
  const kiosque::QueryCommand command = kiosque::parse_query_command(argc, argv);
  if (command.action == kiosque::QueryAction::kPrintText) {
    std::cout << command.text;
    return command.exit_code;
  }
  kiosque::SearchOptions options = command.options;
  options.remote = kiosque::uses_remote_backend(command.locations);
  if (command.action == kiosque::QueryAction::kShow) {
    const kiosque::ShowContext context{
        .file = "",
        .columns = kiosque::output_columns(STDOUT_FILENO),
        .color = kiosque::use_color(command.color, STDOUT_FILENO)};
    return kiosque::run_show(command.locations, command.show_id, command.json, context,
                             std::cout, std::cerr);
  }
  if (command.action == kiosque::QueryAction::kBatch) {
    return kiosque::run_batch(command.locations, options, std::cin, std::cout, std::cerr);
  }
  return search(command, options);
}

}  // namespace

int main(int argc, char** argv) {
  kiosque::i18n::init();
  return kiosque::cli::run_main(kTool, [&] { return run(argc, argv); });
}
