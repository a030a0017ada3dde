// kiosque-query: ranked French search over a kiosque database.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "kiosque/cli.h"
#include "kiosque/database.h"
#include "kiosque/query_parser.h"
#include "kiosque/search.h"
#include "kiosque/terminal.h"
#include "output.h"

namespace {

constexpr char kTool[] = "kiosque-query";
constexpr char kUsage[] =
    "Usage: kiosque-query [--db DIR] [options] QUERY...\n"
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
    "Exit status: 0 something found, 1 nothing found, 2 error (no database,\n"
    "unreadable database, database built by another analyzer version).\n";

int run(int argc, char** argv) {
  namespace po = kiosque::cli::po;
  std::string db_path, sort, color, since, until;
  kiosque::SearchOptions options;
  po::options_description results("Results");
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
      ("count", "print only the number of matching articles");
  po::options_description output("Output");
  output.add_options()
      ("json", "JSON Lines: one object a hit, then a summary (docs/json-output.md)")
      ("snippet-length", po::value<std::size_t>(&options.snippet_length)
           ->value_name("N")->default_value(options.snippet_length),
       "snippet length in characters")
      ("color", po::value<std::string>(&color)->value_name("WHEN")
           ->default_value("auto"), "auto, always or never; NO_COLOR is honoured");
  po::options_description visible;
  visible.add(kiosque::cli::database_options(&db_path))
      .add(results)
      .add(output)
      .add(kiosque::cli::general_options());
  const po::variables_map vm = kiosque::cli::parse(argc, argv, visible, "query");
  if (kiosque::cli::print_help_or_version(vm, kTool, kUsage, visible)) {
    return kiosque::cli::kExitOk;
  }
  if (!vm.count("query")) throw kiosque::cli::UsageError("no QUERY given");
  for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
    options.query += (options.query.empty() ? "" : " ") + word;
  }
  kiosque::ColorMode color_mode;
  try {
    color_mode = kiosque::parse_color_mode(color);
    options.sort = kiosque::parse_sort_order(sort);
  } catch (const std::invalid_argument& e) {
    throw kiosque::cli::UsageError(e.what());
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

  const auto started = std::chrono::steady_clock::now();
  Xapian::Database db = kiosque::open_for_search(
      db_path.empty() ? kiosque::default_database_path() : db_path);
  kiosque::Analyzer analyzer;
  kiosque::SearchResults found;
  for (int attempt = 0;; ++attempt) {
    try {
      found = kiosque::search(db, analyzer, options);
      break;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 3) throw;
      db.reopen();  // the indexer committed meanwhile: read the new state
    }
  }
  if (!found.parsed.fallback_reason.empty()) {
    std::cerr << kTool << ": warning: " << found.parsed.fallback_reason
              << "; searching for the query's words instead\n";
  }
  const double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count();
  if (vm.count("count")) {
    std::cout << found.matches_estimated << "\n";
  } else if (vm.count("json")) {
    kiosque::print_json(std::cout, found, options.query, elapsed_ms);
  } else {
    kiosque::print_human(std::cout, found, kiosque::use_color(color_mode, STDOUT_FILENO));
  }
  std::cout.flush();
  const bool nothing = vm.count("count") ? found.matches_estimated == 0 : found.hits.empty();
  return nothing ? kiosque::cli::kExitPartial : kiosque::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return kiosque::cli::run_main(kTool, [&] { return run(argc, argv); });
}
