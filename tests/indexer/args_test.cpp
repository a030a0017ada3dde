// SPDX-License-Identifier: GPL-2.0-or-later
#include "indexer/args.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kiosque/cli.h"
#include "kiosque/store/database.h"
#include "tests/common/test_files.h"

namespace kiosque {
namespace {

// Parses `args` as given after "kiosque-index", in `env` (by default the
// process's).
IndexCommand parse(std::vector<std::string> args,
                   const cli::Environment& env = cli::Environment::from_process()) {
  args.insert(args.begin(), "kiosque-index");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return parse_index_command(static_cast<int>(argv.size()), argv.data(), env);
}

// The UsageError message `args` gives, or "" when they parse.
std::string usage_error(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const cli::UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(IndexArgsTest, PathsAloneIndexWithTheDefaults) {
  const IndexCommand c = parse({"--db", "/d", "a", "b/c.jsonl"});
  EXPECT_EQ(c.action, IndexAction::kIndex);
  EXPECT_EQ(c.text, "");
  EXPECT_EQ(c.options.db_path, "/d");
  EXPECT_EQ(c.options.roots, (std::vector<std::string>{"a", "b/c.jsonl"}));
  EXPECT_EQ(c.options.source, "");
  EXPECT_TRUE(c.options.root_sources.empty());
  EXPECT_EQ(c.options.commit_every, 1000u);
  EXPECT_FALSE(c.options.keep_deleted);
  EXPECT_EQ(c.options.mass_delete, MassDelete::kRefuse);
  EXPECT_FALSE(c.options.dry_run);
  EXPECT_FALSE(c.options.rebuild);
  EXPECT_FALSE(c.options.lock_wait.wait);
  EXPECT_EQ(c.options.shards, 0u);
  EXPECT_FALSE(c.options.by_year);
  EXPECT_EQ(c.options.jobs, 0u);
  EXPECT_EQ(c.report.verbosity, Verbosity::kNormal);
  EXPECT_FALSE(c.report.progress);
  EXPECT_EQ(c.changesets, std::nullopt);
  EXPECT_FALSE(c.quiet);
  EXPECT_FALSE(c.summary);
}

TEST(IndexArgsTest, WithoutDbTheDefaultDatabaseIsWritten) {
  ::setenv("KIOSQUE_DB", "/from/env", 1);
  const IndexCommand c = parse({"a"});
  ::unsetenv("KIOSQUE_DB");
  EXPECT_EQ(c.options.db_path, "/from/env");
}

TEST(IndexArgsTest, EachIndexingOptionSetsItsField) {
  const IndexCommand c = parse({"-d",
                                "/d",
                                "--source",
                                "AFP",
                                "--source-of",
                                "a=Le Monde",
                                "--source-of",
                                "b/c=x=y",
                                "--commit-every",
                                "7",
                                "--keep-deleted",
                                "--allow-mass-delete",
                                "-j",
                                "3",
                                "--shards",
                                "4",
                                "--changesets",
                                "10",
                                "--rebuild",
                                "-n",
                                "a",
                                "b/c"});
  EXPECT_EQ(c.options.source, "AFP");
  EXPECT_EQ(c.options.root_sources, (std::vector<std::pair<std::string, std::string>>{
                                        {"a", "Le Monde"}, {"b/c", "x=y"}}));
  EXPECT_EQ(c.options.commit_every, 7u);
  EXPECT_TRUE(c.options.keep_deleted);
  EXPECT_EQ(c.options.mass_delete, MassDelete::kAllow);
  EXPECT_EQ(c.options.jobs, 3u);
  EXPECT_EQ(c.options.shards, 4u);
  EXPECT_EQ(c.changesets, 10u);
  EXPECT_TRUE(c.options.rebuild);
  EXPECT_TRUE(c.options.dry_run);
}

TEST(IndexArgsTest, ShardByYearShardsByYear) {
  const IndexCommand c = parse({"--shard-by", "year", "a"});
  EXPECT_TRUE(c.options.by_year);
  EXPECT_EQ(c.options.shards, 0u);
}

TEST(IndexArgsTest, BareWaitWaitsAsLongAsItTakesAndKeepsTheNextPath) {
  const IndexCommand c = parse({"--wait", "a"});
  EXPECT_TRUE(c.options.lock_wait.wait);
  EXPECT_EQ(c.options.lock_wait.timeout, std::chrono::seconds(0));
  EXPECT_EQ(c.options.roots, (std::vector<std::string>{"a"}));
}

TEST(IndexArgsTest, WaitWithAValueWaitsThatLong) {
  const IndexCommand c = parse({"--wait=30", "a"});
  EXPECT_TRUE(c.options.lock_wait.wait);
  EXPECT_EQ(c.options.lock_wait.timeout, std::chrono::seconds(30));
}

TEST(IndexArgsTest, QuietVerboseAndSummary) {
  EXPECT_EQ(parse({"-q", "a"}).report.verbosity, Verbosity::kQuiet);
  EXPECT_TRUE(parse({"--quiet", "a"}).quiet);
  EXPECT_EQ(parse({"-v", "a"}).report.verbosity, Verbosity::kVerbose);
  // Both: the files are listed, and --quiet still hides the summary.
  const IndexCommand both = parse({"-q", "-v", "a"});
  EXPECT_EQ(both.report.verbosity, Verbosity::kVerbose);
  EXPECT_TRUE(both.quiet);
  EXPECT_TRUE(parse({"--summary", "a"}).summary);
}

TEST(IndexArgsTest, CompactAndCompactFrozenTakeNoPath) {
  const IndexCommand compact =
      parse({"--db", "/d", "--compact", "--wait=5", "--summary"});
  EXPECT_EQ(compact.action, IndexAction::kCompact);
  EXPECT_EQ(compact.options.db_path, "/d");
  EXPECT_EQ(compact.options.lock_wait.timeout, std::chrono::seconds(5));
  EXPECT_TRUE(compact.summary);
  EXPECT_EQ(parse({"--compact-frozen"}).action, IndexAction::kCompactFrozen);
  // --compact-frozen is looked at first.
  EXPECT_EQ(parse({"--compact", "--compact-frozen"}).action, IndexAction::kCompactFrozen);
  EXPECT_EQ(usage_error({"--compact", "a"}), "--compact takes no PATH");
  EXPECT_EQ(usage_error({"--compact-frozen", "a"}), "--compact-frozen takes no PATH");
}

TEST(IndexArgsTest, HelpAndVersionAreTextToPrint) {
  const IndexCommand help = parse({"--help", "--jobs", "0"});
  EXPECT_EQ(help.action, IndexAction::kPrintText);
  EXPECT_EQ(help.text.rfind("Usage: kiosque-index [--db DIR] [options] PATH...\n", 0), 0u)
      << help.text;
  EXPECT_NE(help.text.find("  -j [ --jobs ] N "), std::string::npos) << help.text;
  const IndexCommand version = parse({"-V"});
  EXPECT_EQ(version.action, IndexAction::kPrintText);
  EXPECT_EQ(version.text.rfind("kiosque-index (kiosque) ", 0), 0u) << version.text;
}

TEST(IndexArgsTest, EachBadCommandLineHasItsMessage) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "no PATH to index"},
      {{"--db", "a", "--db", "b", "p"}, "kiosque-index writes one --db"},
      {{"--jobs", "0", "p"}, "--jobs must be at least 1"},
      {{"--commit-every", "0", "p"}, "--commit-every must be at least 1"},
      {{"--shard-by", "month", "p"}, "--shard-by takes 'year'"},
      {{"--shard-by", "year", "--shards", "2", "p"},
       "--shard-by and --shards exclude each other"},
      {{"--source-of", "a", "p"}, "--source-of needs PATH=NAME, not 'a'"},
      {{"--source-of", "=x", "p"}, "--source-of needs PATH=NAME, not '=x'"},
      {{"--source-of", "a=", "p"}, "--source-of needs PATH=NAME, not 'a='"},
      {{"--frobnicate", "p"}, "unrecognised option '--frobnicate'"},
      {{"--jobs", "abc", "p"}, "the argument ('abc') for option '--jobs' is invalid"},
      {{"--jobs", "p"}, "the argument ('p') for option '--jobs' is invalid"},
      {{"--commit-every", "99999999999", "p"},
       "the argument ('99999999999') for option '--commit-every' is invalid"},
      {{"--wait=soon", "p"}, "the argument ('soon') for option '--wait' is invalid"},
      {{"--shards", "x", "p"}, "the argument ('x') for option '--shards' is invalid"},
  };
  for (const auto& [args, message] : cases) {
    EXPECT_EQ(usage_error(args), message) << ::testing::PrintToString(args);
  }
}

TEST(IndexArgsTest, JobsAreBoundedByFourPerCore) {
  EXPECT_EQ(parse({"--jobs", std::to_string(max_jobs()), "p"}).options.jobs, max_jobs());
  EXPECT_EQ(usage_error({"--jobs", std::to_string(max_jobs() + 1), "p"}),
            "--jobs must be at most " + std::to_string(max_jobs()) + " (4 per core)");
  EXPECT_EQ(usage_error({"-j", "1000000000", "p"}),
            "--jobs must be at most " + std::to_string(max_jobs()) + " (4 per core)");
}

// Issue #16.9: --shards 100000 opened shards until the file descriptors ran
// out (failed first: accepted).
TEST(IndexArgsTest, ShardsAreBoundedBy64) {
  EXPECT_EQ(parse({"--shards", "64", "p"}).options.shards, 64u);
  EXPECT_EQ(usage_error({"--shards", "65", "p"}), "--shards must be at most 64");
  EXPECT_EQ(usage_error({"--shards", "100000", "p"}), "--shards must be at most 64");
}

// Boost reads "-1" as an unsigned 2^N-1: --jobs=-1 asked for 2^64-1 writers
// (std::bad_alloc after eating the memory), --wait=-3 for 136 years.
TEST(IndexArgsTest, ANegativeCountIsRefusedNotWrapped) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--jobs=-1", "p"}, "the argument ('-1') for option '--jobs' is invalid"},
      {{"-j", "-1", "p"}, "the argument ('-1') for option '--jobs' is invalid"},
      {{"--commit-every=-5", "p"},
       "the argument ('-5') for option '--commit-every' is invalid"},
      {{"--wait=-3", "p"}, "the argument ('-3') for option '--wait' is invalid"},
      {{"--shards=-2", "p"}, "the argument ('-2') for option '--shards' is invalid"},
      {{"--changesets=-1", "p"},
       "the argument ('-1') for option '--changesets' is invalid"},
  };
  for (const auto& [args, message] : cases) {
    EXPECT_EQ(usage_error(args), message) << ::testing::PrintToString(args);
  }
}

// The nightly job's run: the configuration names the database, the
// archives with their sources, and the changesets to keep.
TEST(IndexArgsTest, WithAConfigurationAndNoPathItsArchivesAreIndexed) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "k.conf",
                      "db = /var/lib/kiosque/db\n"
                      "archive = /srv/presse\n"
                      "archive = /srv/agence=sud | -Agence Sud\n"
                      "changesets = 010\n");
  cli::Environment env{.kiosque_db = "",
                       .kiosque_conf = "",
                       .xdg_data_home = "",
                       .home = dir / "home",
                       .system_config = dir / "none.conf"};
  const IndexCommand c = parse({"--config", dir / "k.conf", "--rebuild"}, env);
  EXPECT_EQ(c.options.db_path, "/var/lib/kiosque/db");
  EXPECT_EQ(c.options.roots,
            (std::vector<std::string>{"/srv/presse", "/srv/agence=sud"}));
  EXPECT_EQ(c.options.root_sources, (std::vector<std::pair<std::string, std::string>>{
                                        {"/srv/agence=sud", "-Agence Sud"}}));
  EXPECT_EQ(c.changesets, 10u);
  EXPECT_TRUE(c.options.rebuild);
  // PATHs given: only the configuration's database is used.
  env.kiosque_conf = dir / "k.conf";
  const IndexCommand with_path = parse({"--db", "/mine", "p"}, env);
  EXPECT_EQ(with_path.options.db_path, "/mine");
  EXPECT_EQ(with_path.options.roots, (std::vector<std::string>{"p"}));
  EXPECT_TRUE(with_path.options.root_sources.empty());
  EXPECT_EQ(with_path.changesets, std::nullopt);
}

TEST(IndexArgsTest, PrintConfigPrintsTheValuesAndItsExitStatus) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "k.conf", "db = /d\ncompact_every_days = 08\n");
  const IndexCommand days =
      parse({"--config", dir / "k.conf", "--print-config", "compact_every_days"});
  EXPECT_EQ(days.action, IndexAction::kPrintText);
  EXPECT_EQ(days.text, "8\n");
  EXPECT_EQ(days.exit_code, 0);
  const IndexCommand log = parse({"--config=" + dir / "k.conf", "--print-config=log"});
  EXPECT_EQ(log.text, "");
  EXPECT_EQ(log.exit_code, 1);
  EXPECT_THROW(parse({"--config", dir / "missing.conf", "--print-config", "db"}),
               config::ConfigError);
}

}  // namespace
}  // namespace kiosque
