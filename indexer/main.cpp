// kiosque-index: brings a kiosque database up to date with archive folders.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <iostream>

#include "kiosque/cli.h"
#include "kiosque/store/database.h"
#include "kiosque/index/index_writer.h"
#include "kiosque/store/shard_set.h"
#include "reporter.h"

namespace {

constexpr char kTool[] = "kiosque-index";
constexpr char kUsage[] =
    "Usage: kiosque-index [--db DIR] [options] PATH...\n"
    "       kiosque-index [--db DIR] --compact\n"
    "\n"
    "Indexes the French articles found under each PATH (a folder, walked\n"
    "recursively, or a file) into a kiosque database. Incremental: only new\n"
    "and changed files are read, and articles whose file or JSON Lines\n"
    "record is gone are deleted. Reads .txt, .jsonl/.ndjson, .html/.htm and\n"
    "their .gz; hidden files and other files are skipped.\n"
    "\n"
    "Exit status: 0 all went well, 1 finished but some articles could not\n"
    "be read (each reported on stderr as path[:line]: reason), 2 could not\n"
    "run (e.g. database locked by another kiosque-index), 130/143 stopped by\n"
    "SIGINT/SIGTERM after committing the work done.\n";

// Set by SIGINT/SIGTERM: the run commits what it has and stops.
// std::atomic<bool> is lock-free here, so a handler may store to it.
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_stop_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free);

void on_signal(int signo) {
  g_stop_signal = signo;
  g_stop.store(true);
}

int run(int argc, char** argv) {
  namespace po = kiosque::cli::po;
  kiosque::IndexOptions options;
  std::vector<std::string> db_paths;
  po::options_description indexing("Indexing");
  indexing.add_options()
      ("source", po::value<std::string>(&options.source)->value_name("NAME"),
       "source of the articles that do not name one")
      ("source-of", po::value<std::vector<std::string>>()->value_name("PATH=NAME"),
       "source of the articles under PATH (one of the PATHs) that do not "
       "name one; repeatable")
      ("commit-every", po::value<std::uint32_t>(&options.commit_every)
           ->value_name("N")->default_value(options.commit_every),
       "commit after every N articles (work survives a crash up to there)")
      ("keep-deleted", "keep articles whose file or record has vanished")
      ("wait", po::value<unsigned>()->implicit_value(0)->value_name("SECONDS"),
       "when another kiosque-index is updating the database, wait for it "
       "(at most SECONDS; without a value, as long as it takes) instead of "
       "exiting 2 at once")
      ("jobs,j", po::value<std::size_t>(&options.jobs)->value_name("N"),
       "writer threads for a full build (a new database, or --rebuild): "
       "shards are written in parallel, an unsharded database as N shards "
       "merged at the end (default: one per core for a sharded database, "
       "one for an unsharded one)")
      ("shard-by", po::value<std::string>()->value_name("year"),
       "keep one shard per year of the articles' dates (a new database, or "
       "with --rebuild); searched as one")
      ("compact-frozen", "compact, once, the shards of past years of a database "
                         "sharded by year (takes no PATH)")
      ("shards", po::value<std::size_t>(&options.shards)->value_name("N"),
       "keep the articles in N shards, by a hash of their id (a new "
       "database, or with --rebuild); searched as one")
      ("changesets", po::value<unsigned>()->value_name("N"),
       "keep the last N changesets, so that xapian-replicate can bring "
       "replicas up to date with only the changes (XAPIAN_MAX_CHANGESETS)")
      ("compact", "compact the database (Xapian's compaction into a new "
                  "generation, swapped in at once; searches keep working) "
                  "instead of indexing; takes no PATH")
      ("rebuild", "build the database afresh beside the live one and swap it in "
                  "when complete; searches keep working throughout")
      ("dry-run,n", "say what would change, change nothing (with --verbose)");
  po::options_description output("Output");
  output.add_options()
      ("quiet,q", "print nothing but problems")
      ("verbose,v", "also say what each file did")
      ("summary", "always print the closing summary line");
  po::options_description visible;
  visible.add(kiosque::cli::database_options(&db_paths))
      .add(indexing)
      .add(output)
      .add(kiosque::cli::general_options());
  // "--wait PATH" must not read PATH as the wait: a bare --wait means
  // "as long as it takes", its value comes only with "=".
  std::vector<std::string> args(argv, argv + argc);
  for (std::string& arg : args) {
    if (arg == "--wait") arg = "--wait=0";
  }
  std::vector<const char*> arg_pointers;
  for (const std::string& arg : args) arg_pointers.push_back(arg.c_str());
  const po::variables_map vm = kiosque::cli::parse(
      static_cast<int>(arg_pointers.size()), arg_pointers.data(), visible, "path");
  if (kiosque::cli::print_help_or_version(vm, kTool, kUsage, visible)) {
    return kiosque::cli::kExitOk;
  }
  if (vm.count("changesets")) {
    // Xapian's writer reads this when it opens a database.
    ::setenv("XAPIAN_MAX_CHANGESETS", std::to_string(vm["changesets"].as<unsigned>()).c_str(), 1);
  }
  if (vm.count("wait")) {
    options.lock_wait.wait = true;
    options.lock_wait.timeout = std::chrono::seconds(vm["wait"].as<unsigned>());
  }
  if (db_paths.size() > 1) throw kiosque::cli::UsageError("kiosque-index writes one --db");
  options.db_path = kiosque::cli::database_locations(db_paths)[0];
  if (vm.count("shard-by")) {
    if (vm["shard-by"].as<std::string>() != "year") {
      throw kiosque::cli::UsageError("--shard-by takes 'year'");
    }
    if (vm.count("shards")) throw kiosque::cli::UsageError("--shard-by and --shards exclude each other");
    options.by_year = true;
  }
  if (vm.count("compact-frozen")) {
    if (vm.count("path")) throw kiosque::cli::UsageError("--compact-frozen takes no PATH");
    const kiosque::CompactSummary c =
        kiosque::compact_frozen_shards(options.db_path, options.lock_wait);
    if (vm.count("summary") || (::isatty(STDERR_FILENO) && !vm.count("quiet"))) {
      std::fprintf(stderr, "%s: compacted the frozen shards of %s: %.1f MB -> %.1f MB, %.2f s\n",
                   kTool, options.db_path.c_str(), c.bytes_before / 1e6, c.bytes_after / 1e6,
                   c.elapsed_seconds);
    }
    return kiosque::cli::kExitOk;
  }
  if (vm.count("compact")) {
    if (vm.count("path")) throw kiosque::cli::UsageError("--compact takes no PATH");
    const kiosque::CompactSummary c = kiosque::compact_database(options.db_path, options.lock_wait);
    if (vm.count("summary") || (::isatty(STDERR_FILENO) && !vm.count("quiet"))) {
      std::fprintf(stderr, "%s: compacted %s: %.1f MB -> %.1f MB, %.2f s\n", kTool,
                   options.db_path.c_str(), c.bytes_before / 1e6, c.bytes_after / 1e6,
                   c.elapsed_seconds);
    }
    return kiosque::cli::kExitOk;
  }
  if (!vm.count("path")) throw kiosque::cli::UsageError("no PATH to index");
  if (options.commit_every == 0) {
    throw kiosque::cli::UsageError("--commit-every must be at least 1");
  }
  if (vm.count("jobs") && options.jobs == 0) {
    throw kiosque::cli::UsageError("--jobs must be at least 1");
  }
  options.roots = vm["path"].as<std::vector<std::string>>();
  if (vm.count("source-of")) {
    for (const std::string& pair : vm["source-of"].as<std::vector<std::string>>()) {
      const std::size_t eq = pair.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
        throw kiosque::cli::UsageError("--source-of needs PATH=NAME, not '" + pair + "'");
      }
      options.root_sources.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    }
  }
  options.keep_deleted = vm.count("keep-deleted") > 0;
  options.dry_run = vm.count("dry-run") > 0;
  options.rebuild = vm.count("rebuild") > 0;
  kiosque::ReporterOptions report;
  if (vm.count("quiet")) report.verbosity = kiosque::Verbosity::kQuiet;
  if (vm.count("verbose")) report.verbosity = kiosque::Verbosity::kVerbose;
  // A progress line for a person watching; never in cron's mail or a log.
  report.progress = ::isatty(STDERR_FILENO) && !vm.count("quiet") &&
                    report.verbosity != kiosque::Verbosity::kVerbose;
  options.stop = &g_stop;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  kiosque::TerminalReporter reporter(std::cerr, report);
  const kiosque::IndexSummary summary = kiosque::run_index(options, reporter);
  reporter.finish();
  const bool show_summary = vm.count("summary") || summary.failed > 0 ||
                            summary.interrupted ||
                            (::isatty(STDERR_FILENO) && !vm.count("quiet"));
  if (show_summary) {
    std::cerr << kTool << ": " << kiosque::format_summary(summary) << "\n";
  }
  if (summary.interrupted) {
    return g_stop_signal == SIGINT ? kiosque::cli::kExitSigint
                                            : kiosque::cli::kExitSigterm;
  }
  return summary.failed > 0 ? kiosque::cli::kExitPartial : kiosque::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Xapian holds changed postings in memory and flushes them every
  // XAPIAN_FLUSH_THRESHOLD documents (10,000 by default). Its maps grow with
  // the batch, and a full build runs fastest with batches of about a
  // thousand: 25% faster than the default in half the memory
  // (scripts/bench-index). A threshold set in the environment is kept.
  setenv("XAPIAN_FLUSH_THRESHOLD", "1000", /*overwrite=*/0);
  return kiosque::cli::run_main(kTool, [&] { return run(argc, argv); });
}
