// SPDX-License-Identifier: GPL-2.0-or-later
#include "query/args.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kiosque/cli.h"
#include "tests/common/test_files.h"

namespace kiosque {
namespace {

// Parses `args` as given after "kiosque-query", in `env` (by default the
// process's).
QueryCommand parse(std::vector<std::string> args,
                   const cli::Environment& env = cli::Environment::from_process()) {
  args.insert(args.begin(), "kiosque-query");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return parse_query_command(static_cast<int>(argv.size()), argv.data(), env);
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

TEST(QueryArgsTest, QueryWordsAloneSearchWithTheDefaults) {
  const QueryCommand c = parse({"--db", "/d", "la", "Syrie"});
  EXPECT_EQ(c.action, QueryAction::kSearch);
  EXPECT_EQ(c.text, "");
  EXPECT_EQ(c.locations, (Locations{"/d"}));
  EXPECT_EQ(c.options.query, "la Syrie");
  EXPECT_EQ(c.options.like_id, "");
  EXPECT_EQ(c.options.offset, 0u);
  EXPECT_EQ(c.options.limit, 10u);
  EXPECT_EQ(c.options.sort, SortOrder::kRelevance);
  EXPECT_EQ(c.options.snippet_length, 200u);
  EXPECT_EQ(c.options.dates.from, "");
  EXPECT_EQ(c.options.dates.to, "");
  EXPECT_EQ(c.options.added_since, std::nullopt);
  EXPECT_EQ(c.options.collapse, Collapse::kDuplicates);
  EXPECT_FALSE(c.options.facets);
  EXPECT_FALSE(c.options.remote);
  EXPECT_FALSE(c.json);
  EXPECT_FALSE(c.count_only);
  EXPECT_EQ(c.color, ColorMode::kAuto);
}

TEST(QueryArgsTest, SeveralDbAreSearchedAsOneAndNoneMeansTheDefault) {
  EXPECT_EQ(parse({"-d", "/a", "--db", "tcp://h:1", "x"}).locations,
            (Locations{"/a", "tcp://h:1"}));
  ::setenv("KIOSQUE_DB", "/from/env", 1);
  const QueryCommand c = parse({"x"});
  ::unsetenv("KIOSQUE_DB");
  EXPECT_EQ(c.locations, (Locations{"/from/env"}));
}

TEST(QueryArgsTest, EachResultsOptionSetsItsField) {
  const QueryCommand c = parse({"-n", "3", "--offset", "20", "--sort", "-date", "--since",
                                "2016", "--until", "2017-03", "--added-since",
                                "@1764100800", "--no-collapse", "--facets", "x"});
  EXPECT_EQ(c.options.limit, 3u);
  EXPECT_EQ(c.options.offset, 20u);
  EXPECT_EQ(c.options.sort, SortOrder::kDateDescending);
  EXPECT_EQ(c.options.dates.from, "20160000");
  EXPECT_EQ(c.options.dates.to, "20170331");
  EXPECT_EQ(c.options.added_since, 1764100800.0);
  EXPECT_EQ(c.options.collapse, Collapse::kNone);
  EXPECT_TRUE(c.options.facets);
  EXPECT_EQ(parse({"--sort", "date", "x"}).options.sort, SortOrder::kDateAscending);
}

TEST(QueryArgsTest, ARangeGivesSinceItsStartAndUntilItsEnd) {
  const QueryCommand c = parse({"--since", "2016..2018", "--until", "2017..2019", "x"});
  EXPECT_EQ(c.options.dates.from, "20160000");
  EXPECT_EQ(c.options.dates.to, "20191231");
}

TEST(QueryArgsTest, CountSearchesForNoHits) {
  const QueryCommand c = parse({"--count", "-n", "50", "x"});
  EXPECT_TRUE(c.count_only);
  EXPECT_EQ(c.options.limit, 0u);
}

TEST(QueryArgsTest, EachOutputOptionSetsItsField) {
  const QueryCommand c =
      parse({"--json", "--snippet-length", "80", "--color", "never", "x"});
  EXPECT_TRUE(c.json);
  EXPECT_EQ(c.options.snippet_length, 80u);
  EXPECT_EQ(c.color, ColorMode::kNever);
  EXPECT_EQ(parse({"--color", "always", "x"}).color, ColorMode::kAlways);
}

TEST(QueryArgsTest, LikeNeedsNoQueryAndAQueryThenFilters) {
  const QueryCommand alone = parse({"--like", "a.txt"});
  EXPECT_EQ(alone.action, QueryAction::kSearch);
  EXPECT_EQ(alone.options.like_id, "a.txt");
  EXPECT_EQ(alone.options.query, "");
  EXPECT_EQ(parse({"--like", "a.txt", "source:AFP"}).options.query, "source:AFP");
}

TEST(QueryArgsTest, BatchTakesNoQuery) {
  const QueryCommand c = parse({"--batch", "--facets", "--added-since", "2026-11-25"});
  EXPECT_EQ(c.action, QueryAction::kBatch);
  EXPECT_EQ(c.options.query, "");
  EXPECT_TRUE(c.options.facets);
  EXPECT_EQ(c.options.added_since, 1795564800.0);  // 2026-11-25T00:00:00Z
}

TEST(QueryArgsTest, HelpAndVersionAreTextToPrint) {
  const QueryCommand help = parse({"--help"});
  EXPECT_EQ(help.action, QueryAction::kPrintText);
  EXPECT_EQ(help.text.rfind("Usage: kiosque-query [--db DIR] [options] QUERY...\n", 0),
            0u)
      << help.text;
  EXPECT_NE(help.text.find("  --color WHEN (=auto) "), std::string::npos) << help.text;
  // Nothing else is checked once help is asked for.
  EXPECT_EQ(parse({"-h", "--sort", "sideways"}).action, QueryAction::kPrintText);
  const QueryCommand version = parse({"--version"});
  EXPECT_EQ(version.action, QueryAction::kPrintText);
  EXPECT_EQ(version.text.rfind("kiosque-query (kiosque) ", 0), 0u) << version.text;
}

TEST(QueryArgsTest, EachBadCommandLineHasItsMessage) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "no QUERY given"},
      {{"--batch", "Syrie"}, "--batch reads queries from stdin, not QUERY"},
      {{"--batch", "--like", "a.txt"}, "--like cannot be combined with --batch"},
      {{"--sort", "sideways", "x"},
       "--sort must be relevance, date or -date, not 'sideways'"},
      {{"--color", "red", "x"}, "--color must be auto, always or never, not 'red'"},
      {{"--since", "hier", "x"}, "--since hier is not a date"},
      {{"--until", "2017-13", "x"}, "--until 2017-13 is not a date"},
      {{"--added-since", "2026-02-30", "x"},
       "--added-since: '2026-02-30' is not a timestamp (2026-11-25, "
       "2026-11-25T20:00:00Z or @UNIX_SECONDS)"},
      {{"--frobnicate", "x"}, "unrecognised option '--frobnicate'"},
      {{"--limit", "x", "q"}, "the argument ('x') for option '--limit' is invalid"},
      {{"--snippet-length=abc", "q"},
       "the argument ('abc') for option '--snippet-length' is invalid"},
  };
  for (const auto& [args, message] : cases) {
    EXPECT_EQ(usage_error(args), message) << ::testing::PrintToString(args);
  }
}

// Options only before the first query word (issue #18): after it, a word
// that starts with '-' is a query word, so the README's "Syrie -Turquie"
// works unquoted.
TEST(QueryArgsTest, OptionsComeBeforeTheQueryAndDashesAfterItAreWords) {
  EXPECT_EQ(parse({"Syrie", "-Turquie"}).options.query, "Syrie -Turquie");
  EXPECT_EQ(parse({"Syrie", "--json", "-n", "5"}).options.query, "Syrie --json -n 5");
  EXPECT_FALSE(parse({"Syrie", "--json"}).json);
  const QueryCommand c = parse({"-n", "5", "--json", "--db", "/d", "Syrie", "-Turquie"});
  EXPECT_EQ(c.options.limit, 5u);
  EXPECT_TRUE(c.json);
  EXPECT_EQ(c.locations, (Locations{"/d"}));
  EXPECT_EQ(c.options.query, "Syrie -Turquie");
  EXPECT_EQ(parse({"-n5", "Syrie"}).options.limit, 5u);
  EXPECT_EQ(parse({"--limit=5", "Syrie"}).options.limit, 5u);
  // A value that looks like a word is still the option's.
  EXPECT_EQ(parse({"--sort", "date", "Syrie"}).options.query, "Syrie");
  EXPECT_EQ(parse({"--", "-Turquie", "Syrie"}).options.query, "-Turquie Syrie");
  EXPECT_EQ(usage_error({"-Turquie", "Syrie"}),
            "unrecognised option '-Turquie' (options come before the query; put a word "
            "that starts with '-' after the first query word, or after '--')");
}

// Boost reads "-1" as an unsigned 2^N-1: --limit=-1 asked for 4 billion hits.
TEST(QueryArgsTest, ANegativeCountIsRefusedNotWrapped) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--limit=-1", "q"}, "the argument ('-1') for option '--limit' is invalid"},
      {{"-n", "-1", "q"}, "the argument ('-1') for option '--limit' is invalid"},
      {{"--offset=-2", "q"}, "the argument ('-2') for option '--offset' is invalid"},
      {{"--snippet-length=-80", "q"},
       "the argument ('-80') for option '--snippet-length' is invalid"},
  };
  for (const auto& [args, message] : cases) {
    EXPECT_EQ(usage_error(args), message) << ::testing::PrintToString(args);
  }
}

// Issue #17: a journalist on the search host needs no setting.
TEST(QueryArgsTest, WithoutADatabaseOfTheirOwnTheSystemConfigurationsIsSearched) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "system.conf", "db = /var/lib/kiosque/db\n");
  cli::Environment env{.kiosque_db = "",
                       .kiosque_conf = "",
                       .xdg_data_home = "",
                       .home = dir / "journaliste",
                       .system_config = dir / "system.conf"};
  EXPECT_EQ(parse({"x"}, env).locations, (Locations{"/var/lib/kiosque/db"}));
  // Their own database, once it exists, comes first.
  testing::write_file(dir.path() / "journaliste/.local/share/kiosque/db/XAPIANDB", "");
  EXPECT_EQ(parse({"x"}, env).locations,
            (Locations{dir / "journaliste/.local/share/kiosque/db"}));
  // --config names another.
  testing::write_file(dir.path() / "other.conf", "db = /srv/other/db\n");
  EXPECT_EQ(parse({"--config", dir / "other.conf", "x"}, env).locations,
            (Locations{"/srv/other/db"}));
  const QueryCommand print = parse({"--print-config", "db"}, env);
  EXPECT_EQ(print.action, QueryAction::kPrintText);
  EXPECT_EQ(print.text, "/var/lib/kiosque/db\n");
}

}  // namespace
}  // namespace kiosque
