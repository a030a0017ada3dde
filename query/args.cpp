// SPDX-License-Identifier: GPL-2.0-or-later
#include "args.h"

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kiosque/base/timestamp.h"
#include "kiosque/cli.h"
#include "kiosque/i18n.h"
#include "kiosque/search/date_range.h"
#include "kiosque/search/query_parser.h"

namespace kiosque {
namespace {

namespace po = cli::po;
using cli::UsageError;

constexpr char kTool[] = "kiosque-query";
// TRANSLATORS: --help's text. Keep the options, the placeholders of the
// options (DIR, ID, FILE, KEY, N), the query syntax and the exit codes.
constexpr char kUsage[] =
    N_("Usage: kiosque-query [--db DIR] [options] QUERY...\n"
       "       kiosque-query [--db DIR] [options] --like ID [QUERY...]\n"
       "       kiosque-query [--db DIR] [options] --batch < QUERIES\n"
       "       kiosque-query [--db DIR] [--json] --show ID\n"
       "       kiosque-query [--config FILE] --print-config KEY\n"
       "\n"
       "Searches a kiosque database and prints the best articles with a snippet\n"
       "of each, the words found highlighted as the article wrote them.\n"
       "\n"
       "Query language (French and English operators, in capitals):\n"
       "  élection présidentielle      plain words; articles with all of them first\n"
       "  \"la Syrie\"  «la Syrie»        a phrase\n"
       "  cessez-le-feu, l'entretien   hyphens make a phrase; elisions are dropped\n"
       "  +Syrie -Turquie              required / excluded word\n"
       "  Macron ET Poutine            also AND; OU/OR either; SAUF/NOT without\n"
       "  (Alep OU Idleb) ET trêve     grouping\n"
       "  Poutine NEAR Erdogan         within 10 words (NEAR/5: within 5)\n"
       "  \"Poutine Erdogan\"~5          the same as NEAR/5\n"
       "  gouvern*                     words of the archive starting so\n"
       "  titre:Fillon title:\"mise en examen\" titre:Sarkoz*   words of the title\n"
       "  source:\"Le Monde\"            one source only\n"
       "  date:2017 date:2017-03 date:2016..2018 date:2017-03-01..2017-03-15\n"
       "Accents, case and elisions never matter: securite finds « sécurité »,\n"
       "emmanuel finds « d'Emmanuel ». A query in capitals has no operators.\n"
       "Mistakes (an unknown field, a leading '*', an impossible date) are said on\n"
       "stderr, then the best guess is searched; a query that cannot be read as\n"
       "written is searched as plain words. Options come before the query: after\n"
       "its first word, -Turquie is a query word.\n"
       "\n"
       "--show ID prints the whole article ID (the id --json prints): its title,\n"
       "date and how it was found, source, author, URL, the absolute path of its\n"
       "file, then its text wrapped to the terminal. --timeline draws how many\n"
       "articles match per year (per month when they span three years or less).\n"
       "\n"
       "Reprints of one story (the same wire story in several sources) show as one\n"
       "hit, \"(+N reprises)\"; --no-collapse shows each. --like ID ranks articles by\n"
       "similarity to article ID (the id --json prints); a QUERY given with it only\n"
       "filters. --batch reads one query a line from stdin and writes JSON Lines\n"
       "(it implies --json), opening the database once; with --added-since it\n"
       "serves saved-search alerts: --added-since 2026-11-25, 2026-11-25T20:00:00Z\n"
       "(times without a zone are UTC) or @1764100800 (Unix seconds); scripts\n"
       "follow --after-sequence N instead, N being the \"sequence\" of the last\n"
       "summary, and see each new article exactly once.\n"
       "\n"
       "Exit status: 0 something found (--batch: by some query), 1 nothing found,\n"
       "2 error (bad option, no database, unreadable database, database built by\n"
       "another analyzer version, --like ID that names no article).\n");

// The options given as text, checked after parsing.
struct RawText {
  std::string sort, color, since, until, added_since;
};

po::options_description results_options(SearchOptions* options, RawText* raw) {
  po::options_description results(_("Results"));
  // clang-format off
  results.add_options()
      ("limit,n", po::value<Xapian::doccount>(&options->limit)->value_name("N")
           ->default_value(options->limit), _("print at most N articles"))
      ("offset", po::value<Xapian::doccount>(&options->offset)->value_name("N")
           ->default_value(0), _("skip the first N articles"))
      ("sort", po::value<std::string>(&raw->sort)->value_name("ORDER")
           ->default_value("relevance"), _("relevance, date (oldest first) or -date"))
      ("since", po::value<std::string>(&raw->since)->value_name("DATE"),
       _("only articles dated DATE or later (2017, 2017-03, 2017-03-01)"))
      ("until", po::value<std::string>(&raw->until)->value_name("DATE"),
       _("only articles dated DATE or earlier"))
      ("added-since", po::value<std::string>(&raw->added_since)->value_name("TIME"),
       _("only articles first indexed at TIME or later (2026-11-25, "
         "2026-11-25T20:00:00Z, @UNIX_SECONDS)"))
      ("after-sequence", po::value<std::uint64_t>()->value_name("N"),
       _("only articles new since commit N: the \"sequence\" a --json summary "
         "reported (saved-search alerts see each article once)"))
      ("like", po::value<std::string>(&options->like_id)->value_name("ID"),
       _("the articles most similar to article ID; a QUERY then only filters"))
      ("no-collapse", _("show each reprint of a story as its own hit"))
      ("count", _("print only the number of matching articles"))
      ("facets", _("also count all matches by year and by source"))
      ("timeline", _("a bar chart of the matches per year or month, not the hits"))
      ("show", po::value<std::string>()->value_name("ID"),
       _("print the whole article ID (the id --json prints)"))
      ("batch", _("read one query a line from stdin, write JSON Lines (implies --json)"));
  // clang-format on
  return results;
}

po::options_description output_options(SearchOptions* options, RawText* raw) {
  po::options_description output(_("Output"));
  // clang-format off
  output.add_options()
      ("json", _("JSON Lines: one object a hit, then a summary (docs/json-output.md)"))
      ("snippet-length", po::value<std::size_t>(&options->snippet_length)
           ->value_name("N")->default_value(options->snippet_length),
       _("snippet length in characters"))
      ("color", po::value<std::string>(&raw->color)->value_name("WHEN")
           ->default_value("auto"),
       _("auto, always or never; NO_COLOR is honoured; without colour, "
         "highlights are marked *mot*"));
  // clang-format on
  return output;
}

// The QUERY words joined by spaces, checked against --batch and --like.
std::string query_words(const po::variables_map& vm, const SearchOptions& options) {
  const bool batch = vm.count("batch") != 0;
  std::string query;
  if (vm.count("show")) {
    if (vm.count("query")) throw UsageError(_("--show ID takes no QUERY"));
    if (batch || !options.like_id.empty()) {
      throw UsageError(_("--show cannot be combined with --batch or --like"));
    }
    return query;
  }
  if (vm.count("query")) {
    if (batch) throw UsageError(_("--batch reads queries from stdin, not QUERY"));
    for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
      query += (query.empty() ? "" : " ") + word;
    }
  } else if (!batch && options.like_id.empty()) {
    throw UsageError(_("no QUERY given"));
  }
  if (batch && !options.like_id.empty()) {
    throw UsageError(_("--like cannot be combined with --batch"));
  }
  if (batch && vm.count("timeline")) {
    throw UsageError(_("--timeline cannot be combined with --batch"));
  }
  return query;
}

// --color, --sort, --added-since, --since and --until, from `raw`.
void check_text_values(const po::variables_map& vm, const RawText& raw,
                       QueryCommand* command) {
  SearchOptions& options = command->options;
  try {
    command->color = parse_color_mode(raw.color);
    options.sort = parse_sort_order(raw.sort);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (vm.count("added-since")) {
    try {
      options.added_since = parse_timestamp(raw.added_since);
    } catch (const std::invalid_argument& e) {
      throw UsageError("--added-since: " + i18n::translate(e.what()));
    }
  }
  DateRange range;
  if (!raw.since.empty()) {
    if (!parse_date_range(raw.since, &range)) {
      throw UsageError(i18n::format(_("--since %s is not a date"), raw.since.c_str()));
    }
    options.dates.from = range.from;
  }
  if (!raw.until.empty()) {
    if (!parse_date_range(raw.until, &range)) {
      throw UsageError(i18n::format(_("--until %s is not a date"), raw.until.c_str()));
    }
    options.dates.to = range.to;
  }
}

// The option `arg` names ("--limit=5", "--limit", "-n5", "-n"), or null.
const po::option_description* named_option(const std::string& arg,
                                           const po::options_description& visible) {
  if (arg.rfind("--", 0) == 0) {
    return visible.find_nothrow(arg.substr(2, arg.find('=') - 2), false);
  }
  for (const auto& option : visible.options()) {
    if (option->canonical_display_name(po::command_line_style::allow_dash_for_short) ==
        arg.substr(0, 2)) {
      return option.get();
    }
  }
  return nullptr;
}

// `argv` with "--" put before the first query word: options are options
// only before it, so that "kiosque-query Syrie -Turquie" searches and
// "kiosque-query -n 5 Syrie" still sets the limit.
std::vector<std::string> options_before_words(int argc, const char* const argv[],
                                              const po::options_description& visible) {
  std::vector<std::string> args(argv, argv + argc);
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') {
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(i), "--");
      break;
    }
    const po::option_description* option = named_option(arg, visible);
    const bool value_attached =
        arg.rfind("--", 0) == 0 ? arg.find('=') != std::string::npos : arg.size() > 2;
    // An option's value is not a query word, even when it looks like one.
    if (option != nullptr && option->semantic()->max_tokens() > 0 && !value_attached) ++i;
  }
  return args;
}

// Boost's message, with a hint when a query word was taken for an option.
[[noreturn]] void rethrow_with_hint(const UsageError& e) {
  const std::string what = e.what();
  if (what.rfind("unrecognised option '-", 0) == 0 &&
      what.rfind("unrecognised option '--", 0) != 0) {
    throw UsageError(
        i18n::format(_("%s (options come before the query; put a word that starts with "
                       "'-' after the first query word, or after '--')"),
                     what.c_str()));
  }
  throw;
}

}  // namespace

QueryCommand parse_query_command(int argc, const char* const argv[],
                                 const cli::Environment& env) {
  QueryCommand command;
  SearchOptions& options = command.options;
  RawText raw;
  std::vector<std::string> db_paths;
  std::string config_option, print_key;
  po::options_description visible;
  visible.add(cli::database_options(&db_paths, cli::SystemConfig::kFallBack))
      .add(cli::config_options(&config_option, &print_key))
      .add(results_options(&options, &raw))
      .add(output_options(&options, &raw))
      .add(cli::general_options());
  const std::vector<std::string> args = options_before_words(argc, argv, visible);
  std::vector<const char*> args_argv;
  for (const std::string& arg : args) args_argv.push_back(arg.c_str());
  po::variables_map vm;
  try {
    vm = cli::parse(static_cast<int>(args_argv.size()), args_argv.data(), visible,
                    "query");
  } catch (const UsageError& e) {
    rethrow_with_hint(e);
  }
  std::ostringstream text;
  if (cli::print_help_or_version(text, vm, kTool, kUsage, visible)) {
    command.action = QueryAction::kPrintText;
    command.text = text.str();
    return command;
  }
  if (!print_key.empty()) {
    command.action = QueryAction::kPrintText;
    command.exit_code = cli::print_config(text, print_key, config_option, env);
    command.text = text.str();
    return command;
  }
  options.query = query_words(vm, options);
  check_text_values(vm, raw, &command);
  command.action = vm.count("batch") ? QueryAction::kBatch : QueryAction::kSearch;
  if (vm.count("show")) {
    command.action = QueryAction::kShow;
    command.show_id = vm["show"].as<std::string>();
  }
  command.json = vm.count("json") != 0;
  command.count_only = vm.count("count") != 0;
  command.timeline = vm.count("timeline") != 0;
  if (command.count_only || command.timeline) options.limit = 0;
  options.timeline = command.timeline;
  if (vm.count("no-collapse")) options.collapse = Collapse::kNone;
  options.facets = vm.count("facets") != 0;
  if (vm.count("after-sequence")) {
    // The upper end is the database's, read when it is opened.
    options.sequences = SearchOptions::SequenceRange{
        .after = vm["after-sequence"].as<std::uint64_t>(), .upto = 0};
  }
  command.locations = cli::resolve_databases(
      db_paths, cli::named_config(config_option, env), cli::SystemConfig::kFallBack, env);
  return command;
}

}  // namespace kiosque
