// kiosque-query: ranked French search over a kiosque database.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "batch.h"
#include "kiosque/cli.h"
#include "kiosque/store/database.h"
#include "kiosque/search/query_parser.h"
#include "kiosque/search/search.h"
#include "kiosque/base/terminal.h"
#include "kiosque/base/timestamp.h"
#include "output.h"

namespace {

constexpr char kTool[] = "kiosque-query";
constexpr char kUsage[] =
    "Usage: kiosque-query [--db DIR] [options] QUERY...\n"
    "       kiosque-query [--db DIR] [options] --like ID [QUERY...]\n"
    "       kiosque-query [--db DIR] [options] --batch < QUERIES\n"
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
    "  gouvern*                     words of the archive starting so\n"
    "  titre:Fillon title:\"mise en examen\"   words of the title\n"
    "  source:\"Le Monde\"            one source only\n"
    "  date:2017 date:2017-03 date:2016..2018 date:2017-03-01..2017-03-15\n"
    "Accents, case and elisions never matter: securite finds « sécurité »,\n"
    "emmanuel finds « d'Emmanuel ». A query in capitals has no operators.\n"
    "A query that cannot be read as written is searched as plain words, with\n"
    "a warning.\n"
    "\n"
    "Reprints of one story (the same wire story in several sources) show as one\n"
    "hit, \"(+N reprises)\"; --no-collapse shows each. --like ID ranks articles by\n"
    "similarity to article ID (the id --json prints); a QUERY given with it only\n"
    "filters. --batch reads one query a line from stdin and writes JSON Lines\n"
    "(it implies --json), opening the database once; with --added-since it\n"
    "serves saved-search alerts: --added-since 2026-11-25, 2026-11-25T20:00:00Z\n"
    "(times without a zone are UTC) or @1764100800 (Unix seconds).\n"
    "\n"
    "Exit status: 0 something found (--batch: by some query), 1 nothing found,\n"
    "2 error (bad option, no database, unreadable database, database built by\n"
    "another analyzer version, --like ID that names no article).\n";

int run(int argc, char** argv) {
  namespace po = kiosque::cli::po;
  std::vector<std::string> db_paths;
  std::string sort, color, since, until, added_since;
  kiosque::SearchOptions options;
  po::options_description results("Results");
  // clang-format off
  results.add_options()
      ("limit,n", po::value<Xapian::doccount>(&options.limit)->value_name("N")
           ->default_value(options.limit), "print at most N articles")
      ("offset", po::value<Xapian::doccount>(&options.offset)->value_name("N")
           ->default_value(0), "skip the first N articles")
      ("sort", po::value<std::string>(&sort)->value_name("ORDER")
           ->default_value("relevance"), "relevance, date (oldest first) or -date")
      ("since", po::value<std::string>(&since)->value_name("DATE"),
       "only articles dated DATE or later (2017, 2017-03, 2017-03-01)")
      ("until", po::value<std::string>(&until)->value_name("DATE"),
       "only articles dated DATE or earlier")
      ("added-since", po::value<std::string>(&added_since)->value_name("TIME"),
       "only articles first indexed at TIME or later (2026-11-25, "
       "2026-11-25T20:00:00Z, @UNIX_SECONDS)")
      ("like", po::value<std::string>(&options.like_id)->value_name("ID"),
       "the articles most similar to article ID; a QUERY then only filters")
      ("no-collapse", "show each reprint of a story as its own hit")
      ("count", "print only the number of matching articles")
      ("facets", "also count all matches by year and by source")
      ("batch", "read one query a line from stdin, write JSON Lines (implies --json)");
  po::options_description output("Output");
  output.add_options()
      ("json", "JSON Lines: one object a hit, then a summary (docs/json-output.md)")
      ("snippet-length", po::value<std::size_t>(&options.snippet_length)
           ->value_name("N")->default_value(options.snippet_length),
       "snippet length in characters")
      ("color", po::value<std::string>(&color)->value_name("WHEN")
           ->default_value("auto"), "auto, always or never; NO_COLOR is honoured");
  // clang-format on
  po::options_description visible;
  visible.add(kiosque::cli::database_options(&db_paths))
      .add(results)
      .add(output)
      .add(kiosque::cli::general_options());
  const po::variables_map vm = kiosque::cli::parse(argc, argv, visible, "query");
  if (kiosque::cli::print_help_or_version(vm, kTool, kUsage, visible)) {
    return kiosque::cli::kExitOk;
  }
  const bool batch = vm.count("batch") != 0;
  if (vm.count("query")) {
    if (batch) throw kiosque::cli::UsageError("--batch reads queries from stdin, not QUERY");
    for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
      options.query += (options.query.empty() ? "" : " ") + word;
    }
  } else if (!batch && options.like_id.empty()) {
    throw kiosque::cli::UsageError("no QUERY given");
  }
  if (batch && !options.like_id.empty()) {
    throw kiosque::cli::UsageError("--like cannot be combined with --batch");
  }
  kiosque::ColorMode color_mode;
  try {
    color_mode = kiosque::parse_color_mode(color);
    options.sort = kiosque::parse_sort_order(sort);
  } catch (const std::invalid_argument& e) {
    throw kiosque::cli::UsageError(e.what());
  }
  if (vm.count("added-since")) {
    try {
      options.added_since = kiosque::parse_timestamp(added_since);
    } catch (const std::invalid_argument& e) {
      throw kiosque::cli::UsageError(std::string("--added-since: ") + e.what());
    }
  }
  kiosque::DateRange range;
  if (!since.empty()) {
    if (!kiosque::parse_date_range(since, &range)) {
      throw kiosque::cli::UsageError("--since " + since + " is not a date");
    }
    options.dates.from = range.from;
  }
  if (!until.empty()) {
    if (!kiosque::parse_date_range(until, &range)) {
      throw kiosque::cli::UsageError("--until " + until + " is not a date");
    }
    options.dates.to = range.to;
  }
  if (vm.count("count")) options.limit = 0;
  if (vm.count("no-collapse")) options.collapse = kiosque::Collapse::kNone;
  options.facets = vm.count("facets") != 0;
  const kiosque::Locations locations = kiosque::cli::database_locations(db_paths);
  options.remote = kiosque::uses_remote_backend(locations);
  if (batch) return kiosque::run_batch(locations, options, std::cin, std::cout, std::cerr);

  const auto started = std::chrono::steady_clock::now();
  Xapian::Database db = kiosque::open_for_search(locations);
  kiosque::Analyzer analyzer;
  const kiosque::SearchResults found =
      kiosque::search_live(&db, locations, analyzer, options);
  if (!found.parsed.fallback_reason.empty()) {
    std::cerr << kTool << ": warning: " << found.parsed.fallback_reason
              << "; searching for the query's words instead\n";
  }
  for (const std::string& note : found.notes) {
    std::cerr << kTool << ": note: " << note << "\n";
  }
  const double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count();
  if (vm.count("json")) {
    kiosque::print_json(std::cout, found, {options.query, options.like_id, elapsed_ms});
  } else {
    if (vm.count("count")) {
      std::cout << found.matches_estimated << "\n";
    } else {
      kiosque::print_human(std::cout, found,
                           kiosque::use_color(color_mode, STDOUT_FILENO));
    }
    kiosque::print_human_facets(std::cout, found);
  }
  std::cout.flush();
  const bool nothing = vm.count("count") ? found.matches_estimated == 0 : found.hits.empty();
  return nothing ? kiosque::cli::kExitPartial : kiosque::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return kiosque::cli::run_main(kTool, [&] { return run(argc, argv); });
}
