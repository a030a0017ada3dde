// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzzes parse_query: the first byte chooses whether wildcards expand over a
// small glass database, the rest is the query. parse_query promises never to
// throw for a bad query, so any exception is a finding; its warnings are
// what the programs print and put in --json, so they are checked against
// their contract (each a sentence, once) and go through the same sanitising
// and JSON encoding the programs use.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosque/base/terminal.h"
#include "kiosque/base/utf8.h"
#include "kiosque/search/query_parser.h"

namespace {

// A few words of the archive, in the folded form the spelling data holds,
// so that wildcards such as "gouv*" have something to expand to.
constexpr const char* kWords[] = {"gouvernement", "gouverneur", "gouvernance",
                                  "election",     "elections",  "presidentielle",
                                  "syrie",        "turquie",    "macron",
                                  "poutine",      "a",          "ab",
                                  "abc",          "la",         "le",
                                  "cessez",       "feu",        "entretien",
                                  "elysee",       "1800"};

Xapian::Database* open_small_database() {
  char pattern[] = "/tmp/kiosque-fuzz-db-XXXXXX";
  const char* dir = mkdtemp(pattern);
  if (dir == nullptr) std::abort();
  const std::string path = std::string(dir) + "/db";
  {
    Xapian::WritableDatabase db(path,
                                Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    Xapian::Document doc;
    for (const char* word : kWords) {
      db.add_spelling(word);
      doc.add_term(std::string("Z") + word);
    }
    db.add_document(doc);
    db.commit();
  }
  auto* db = new Xapian::Database(path);
  // The files stay open through the descriptors; the folder can go now.
  std::filesystem::remove_all(dir);
  return db;
}

// Aborts unless `parsed.warnings` keeps its contract: no empty warning, none
// twice, the fallback's reason among them; each printable on a terminal
// and as JSON.
void check_warnings(const kiosque::ParsedQuery& parsed) {
  const std::vector<std::string>& warnings = parsed.warnings;
  bool fallback_said = parsed.fallback_reason.empty();
  for (std::size_t i = 0; i < warnings.size(); ++i) {
    if (warnings[i].empty()) std::abort();
    for (std::size_t j = 0; j < i; ++j) {
      if (warnings[j] == warnings[i]) std::abort();
    }
    if (warnings[i].rfind(parsed.fallback_reason, 0) == 0) fallback_said = true;
    const std::string shown = kiosque::sanitize_for_terminal(warnings[i]);
    if (!kiosque::utf8::is_valid(shown)) std::abort();
  }
  if (!fallback_said) std::abort();
  const std::string json = nlohmann::json(warnings).dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (nlohmann::json::parse(json).size() != warnings.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static kiosque::Analyzer* analyzer = new kiosque::Analyzer();
  static Xapian::Database* db = open_small_database();
  if (size == 0) return 0;
  const bool with_db = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const kiosque::ParsedQuery parsed =
      kiosque::parse_query(text, *analyzer, with_db ? db : nullptr);
  // Describing the query walks the whole tree it built.
  (void)parsed.query.get_description();
  check_warnings(parsed);
  return 0;
}
