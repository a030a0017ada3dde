// SPDX-License-Identifier: GPL-2.0-or-later
#include "args.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kiosque/cli.h"
#include "kiosque/i18n.h"

namespace kiosque {
namespace {

namespace po = cli::po;
using cli::UsageError;

constexpr char kTool[] = "kiosque-index";
// TRANSLATORS: --help's text. Keep the options, the placeholders of the
// options (DIR, FILE, KEY) and the exit codes as they are.
constexpr char kUsage[] =
    N_("Usage: kiosque-index [--db DIR] [options] PATH...\n"
       "       kiosque-index [--db DIR] --rebuild [options]\n"
       "       kiosque-index --config FILE [--rebuild] [options]\n"
       "       kiosque-index [--config FILE] --print-config KEY\n"
       "       kiosque-index [--db DIR] --compact\n"
       "\n"
       "Indexes the French articles found under each PATH (a folder, walked\n"
       "recursively, or a file) into a kiosque database. Incremental: only new\n"
       "and changed files are read, and articles whose file or JSON Lines\n"
       "record is gone are deleted. Reads .txt, .jsonl/.ndjson, .html/.htm and\n"
       "their .gz; hidden files and other files are skipped, and symbolic links\n"
       "to folders are not followed (a note with --verbose). The roots and\n"
       "their sources are recorded: a PATH inside a recorded root is part of\n"
       "it, and only its own subtree can lose articles; --rebuild without\n"
       "PATH reads every recorded root again. With a configuration (--config\n"
       "FILE or $KIOSQUE_CONF) and no PATH, its archives are indexed, each with\n"
       "its source, into --db, $KIOSQUE_DB, else its own 'db'.\n"
       "\n"
       "Exit status: 0 all went well, 1 finished but some articles could not\n"
       "be read (each reported on stderr as path[:line]: reason), 2 could not\n"
       "run (e.g. database locked by another kiosque-index), 130/143 stopped by\n"
       "SIGINT/SIGTERM after committing the work done.\n");

// The options that fill IndexOptions directly write into `options`.
po::options_description indexing_options(IndexOptions* options) {
  po::options_description indexing(_("Indexing"));
  // clang-format off
  indexing.add_options()
      ("source", po::value<std::string>(&options->source)->value_name("NAME"),
       _("source of the articles that do not name one (recorded with each "
         "root given; a changed source re-reads the root)"))
      ("source-of", po::value<std::vector<std::string>>()->value_name("PATH=NAME"),
       _("source of the articles under PATH (one of the PATHs) that do not "
         "name one; repeatable"))
      ("commit-every", po::value<std::uint32_t>(&options->commit_every)
           ->value_name("N")->default_value(options->commit_every),
       _("commit after every N articles (work survives a crash up to there)"))
      ("keep-deleted", _("keep articles whose file or record has vanished"))
      ("allow-mass-delete", _("let a PATH lose more than half of its articles, or "
                              "all of them when it holds no file any more (refused "
                              "otherwise: an unmounted disk looks empty)"))
      ("wait", po::value<unsigned>()->implicit_value(0)->value_name("SECONDS"),
       _("when another kiosque-index is updating the database, wait for it "
         "(at most SECONDS; without a value, as long as it takes) instead of "
         "exiting 2 at once"))
      ("jobs,j", po::value<std::size_t>(&options->jobs)->value_name("N"),
       _("writer threads for a full build (a new database, or --rebuild): "
         "shards are written in parallel, an unsharded database as N shards "
         "merged at the end (default: one per core, and one for an unsharded "
         "database when there is less than 16 MB to read; at most 4 per core)"))
      ("shard-by", po::value<std::string>()->value_name("year"),
       _("keep one shard per year of the articles' dates (a new database, or "
         "with --rebuild); searched as one"))
      ("compact-frozen", _("compact, once, the shards of past years of a database "
                           "sharded by year (takes no PATH)"))
      ("shards", po::value<std::size_t>(&options->shards)->value_name("N"),
       _("keep the articles in N shards, by a hash of their id (a new "
         "database, or with --rebuild); searched as one"))
      ("changesets", po::value<unsigned>()->value_name("N"),
       _("keep the last N changesets, so that xapian-replicate can bring "
         "replicas up to date with only the changes (XAPIAN_MAX_CHANGESETS)"))
      ("compact", _("compact the database (Xapian's compaction into a new "
                    "generation, swapped in at once; searches keep working) "
                    "instead of indexing; takes no PATH"))
      ("rebuild", _("build the database afresh beside the live one and swap it in "
                    "when complete; searches keep working throughout"))
      ("dry-run,n", _("say what would change, change nothing (with --verbose)"));
  // clang-format on
  return indexing;
}

po::options_description output_options() {
  po::options_description output(_("Output"));
  // clang-format off
  output.add_options()
      ("quiet,q", _("print nothing but problems"))
      ("verbose,v", _("also say what each file did, and the notes"))
      ("summary", _("always print the closing summary line"));
  // clang-format on
  return output;
}

// `argv` with each bare "--wait" made "--wait=0": "--wait PATH" must not
// read PATH as the wait, whose value comes only with "=".
std::vector<std::string> with_bare_wait_explicit(int argc, const char* const argv[]) {
  std::vector<std::string> args(argv, argv + argc);
  for (std::string& arg : args) {
    if (arg == "--wait") arg = "--wait=0";
  }
  return args;
}

po::variables_map parse_argv(int argc, const char* const argv[],
                             const po::options_description& visible) {
  const std::vector<std::string> args = with_bare_wait_explicit(argc, argv);
  std::vector<const char*> arg_pointers;
  for (const std::string& arg : args) arg_pointers.push_back(arg.c_str());
  return cli::parse(static_cast<int>(arg_pointers.size()), arg_pointers.data(), visible,
                    "path");
}

// --shard-by, checked against --shards.
void check_shard_by(const po::variables_map& vm, IndexOptions* options) {
  if (!vm.count("shard-by")) return;
  if (vm["shard-by"].as<std::string>() != "year") {
    throw UsageError(_("--shard-by takes 'year'"));
  }
  if (vm.count("shards"))
    throw UsageError(_("--shard-by and --shards exclude each other"));
  options->by_year = true;
}

// --compact-frozen and --compact, which take no PATH; kIndex otherwise.
IndexAction choose_action(const po::variables_map& vm) {
  if (vm.count("compact-frozen")) {
    if (vm.count("path")) throw UsageError(_("--compact-frozen takes no PATH"));
    return IndexAction::kCompactFrozen;
  }
  if (vm.count("compact")) {
    if (vm.count("path")) throw UsageError(_("--compact takes no PATH"));
    return IndexAction::kCompact;
  }
  return IndexAction::kIndex;
}

std::vector<std::pair<std::string, std::string>> parse_root_sources(
    const po::variables_map& vm) {
  std::vector<std::pair<std::string, std::string>> root_sources;
  if (!vm.count("source-of")) return root_sources;
  for (const std::string& pair : vm["source-of"].as<std::vector<std::string>>()) {
    const std::size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
      throw UsageError(
          i18n::format(_("--source-of needs PATH=NAME, not '%s'"), pair.c_str()));
    }
    root_sources.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
  }
  return root_sources;
}

// With no PATH, the archives of the configuration `named`, each with its
// source, and its changesets unless --changesets gave them.
void use_config_archives(const po::variables_map& vm,
                         const std::optional<config::ConfigFile>& named,
                         IndexCommand* command) {
  if (vm.count("path") || !named || named->archives().empty()) return;
  for (const config::Archive& archive : named->archives()) {
    command->options.roots.push_back(archive.path);
    if (!archive.source.empty()) {
      command->options.root_sources.emplace_back(archive.path, archive.source);
    }
  }
  if (!command->changesets) command->changesets = named->count("changesets");
}

// The checks and fields of an indexing run (not a compaction).
void check_indexing(const po::variables_map& vm, IndexOptions* options) {
  // --rebuild alone reads again every root the database recorded.
  if (!vm.count("path") && !vm.count("rebuild") && options->roots.empty()) {
    throw UsageError(_("no PATH to index"));
  }
  if (options->commit_every == 0)
    throw UsageError(_("--commit-every must be at least 1"));
  if (vm.count("jobs") && options->jobs == 0) {
    throw UsageError(_("--jobs must be at least 1"));
  }
  if (options->shards > kMaxShards) {
    throw UsageError(i18n::format(_("--shards must be at most %zu"), kMaxShards));
  }
  if (options->jobs > max_jobs()) {
    throw UsageError(
        i18n::format(_("--jobs must be at most %zu (4 per core)"), max_jobs()));
  }
  if (vm.count("path")) options->roots = vm["path"].as<std::vector<std::string>>();
  for (auto& root_source : parse_root_sources(vm)) {
    options->root_sources.push_back(std::move(root_source));
  }
  options->keep_deleted = vm.count("keep-deleted") > 0;
  if (vm.count("allow-mass-delete")) options->mass_delete = MassDelete::kAllow;
  options->dry_run = vm.count("dry-run") > 0;
  options->rebuild = vm.count("rebuild") > 0;
}

}  // namespace

std::size_t max_jobs() { return 4 * std::max(1u, std::thread::hardware_concurrency()); }

IndexCommand parse_index_command(int argc, const char* const argv[],
                                 const cli::Environment& env) {
  IndexCommand command;
  IndexOptions& options = command.options;
  std::vector<std::string> db_paths;
  std::string config_option, print_key;
  po::options_description visible;
  visible.add(cli::database_options(&db_paths, cli::SystemConfig::kIgnore))
      .add(cli::config_options(&config_option, &print_key))
      .add(indexing_options(&options))
      .add(output_options())
      .add(cli::general_options());
  const po::variables_map vm = parse_argv(argc, argv, visible);
  std::ostringstream text;
  if (cli::print_help_or_version(text, vm, kTool, kUsage, visible)) {
    command.action = IndexAction::kPrintText;
    command.text = text.str();
    return command;
  }
  if (!print_key.empty()) {
    command.action = IndexAction::kPrintText;
    command.exit_code = cli::print_config(text, print_key, config_option, env);
    command.text = text.str();
    return command;
  }
  if (vm.count("changesets")) command.changesets = vm["changesets"].as<unsigned>();
  if (vm.count("wait")) {
    options.lock_wait.wait = true;
    options.lock_wait.timeout = std::chrono::seconds(vm["wait"].as<unsigned>());
  }
  command.quiet = vm.count("quiet") > 0;
  if (vm.count("quiet")) command.report.verbosity = Verbosity::kQuiet;
  if (vm.count("verbose")) command.report.verbosity = Verbosity::kVerbose;
  command.summary = vm.count("summary") > 0;
  if (db_paths.size() > 1) throw UsageError(_("kiosque-index writes one --db"));
  const std::optional<config::ConfigFile> named = cli::named_config(config_option, env);
  options.db_path =
      cli::resolve_databases(db_paths, named, cli::SystemConfig::kIgnore, env)[0];
  check_shard_by(vm, &options);
  command.action = choose_action(vm);
  if (command.action == IndexAction::kIndex) {
    use_config_archives(vm, named, &command);
    check_indexing(vm, &options);
  }
  return command;
}

}  // namespace kiosque
