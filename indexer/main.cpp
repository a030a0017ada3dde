// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-index: brings a kiosque database up to date with archive folders.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "args.h"
#include "kiosque/cli.h"
#include "kiosque/i18n.h"
#include "kiosque/index/index_writer.h"
#include "kiosque/store/database.h"
#include "kiosque/store/shard_set.h"
#include "reporter.h"

namespace {

constexpr char kTool[] = "kiosque-index";

// Set by SIGINT/SIGTERM: the run commits what it has and stops.
// std::atomic<bool> is lock-free here, so a handler may store to it.
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_stop_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free);

void on_signal(int signo) {
  g_stop_signal = signo;
  g_stop.store(true);
}

// --compact and --compact-frozen: one line saying what was gained. English
// whatever the language: kiosque-nightly writes it to its log.
int compact(const kiosque::IndexCommand& command) {
  const kiosque::IndexOptions& options = command.options;
  const bool frozen = command.action == kiosque::IndexAction::kCompactFrozen;
  const kiosque::CompactSummary c =
      frozen ? kiosque::compact_frozen_shards(options.db_path, options.lock_wait)
             : kiosque::compact_database(options.db_path, options.lock_wait);
  if (command.summary || (::isatty(STDERR_FILENO) && !command.quiet)) {
    std::fprintf(stderr, "%s: compacted %s%s: %.1f MB -> %.1f MB, %.2f s\n", kTool,
                 frozen ? "the frozen shards of " : "", options.db_path.c_str(),
                 c.bytes_before / 1e6, c.bytes_after / 1e6, c.elapsed_seconds);
  }
  return kiosque::cli::kExitOk;
}

int run(int argc, char** argv) {
  const kiosque::IndexCommand command = kiosque::parse_index_command(argc, argv);
  if (command.action == kiosque::IndexAction::kPrintText) {
    std::cout << command.text;
    return command.exit_code;
  }
  if (command.changesets) {
    // Xapian's writer reads this when it opens a database.
    ::setenv("XAPIAN_MAX_CHANGESETS", std::to_string(*command.changesets).c_str(), 1);
  }
  if (command.action != kiosque::IndexAction::kIndex) return compact(command);
  kiosque::IndexOptions options = command.options;
  options.stop = &g_stop;
  kiosque::ReporterOptions report = command.report;
  // A progress line for a person watching; never in cron's mail or a log.
  report.progress = ::isatty(STDERR_FILENO) && !command.quiet &&
                    report.verbosity != kiosque::Verbosity::kVerbose;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  kiosque::TerminalReporter reporter(std::cerr, report);
  const kiosque::IndexSummary summary = kiosque::run_index(options, reporter);
  reporter.finish();
  const bool show_summary = command.summary || summary.failed > 0 ||
                            summary.interrupted ||
                            (::isatty(STDERR_FILENO) && !command.quiet);
  if (show_summary) {
    std::cerr << kTool << ": "
              << kiosque::format_summary(summary, reporter.warnings(), reporter.notes())
              << "\n";
  }
  if (summary.interrupted) {
    return g_stop_signal == SIGINT ? kiosque::cli::kExitSigint
                                   : kiosque::cli::kExitSigterm;
  }
  return summary.failed > 0 ? kiosque::cli::kExitPartial : kiosque::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  kiosque::i18n::init();
  return kiosque::cli::run_main(kTool, [&] { return run(argc, argv); });
}
