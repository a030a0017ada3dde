#include "kiosque/search.h"

#include <stdexcept>
#include <unordered_set>

#include "kiosque/document.h"
#include "kiosque/schema.h"

namespace kiosque {
namespace {

// Below this many matches a query is worth a did-you-mean.
constexpr Xapian::doccount kFewMatches = 3;

// Sorts by date, oldest first, with undated articles last.
class DateAscendingKey : public Xapian::KeyMaker {
 public:
  std::string operator()(const Xapian::Document& doc) const override {
    std::string value = doc.get_value(schema::kSlotDate);
    return value.empty() ? std::string("\xff") : value;
  }
};

// The way an archive article writes the folded word `folded` (the
// spelling data keeps folded words: "securite" is shown "sécurité").
std::string written_form(const Xapian::Database& db, Analyzer& analyzer,
                         const std::string& folded) {
  const std::string term = schema::kPrefixWord + analyzer.term(folded);
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return folded;
  const Article article = article_from_data(db.get_document(*p).get_data());
  for (const std::string* text : {&article.title, &article.text}) {
    std::vector<Token> tokens;
    analyzer.tokenize(*text, &tokens);
    for (const Token& t : tokens) {
      if (t.joined) continue;
      const std::string_view word =
          strip_elision(std::string_view(*text).substr(t.begin, t.end - t.begin));
      if (analyzer.fold(word) != folded) continue;
      // Lower-case the word as written, keeping its accents.
      std::string lower(word);
      if (!lower.empty() && static_cast<unsigned char>(lower[0]) < 0x80) {
        lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
      }
      return lower;
    }
  }
  return folded;
}

std::string suggest(const Xapian::Database& db, Analyzer& analyzer,
                    const std::vector<std::string>& words) {
  std::string suggestion;
  bool changed = false;
  for (const std::string& word : words) {
    std::string out = word;
    const std::string folded = analyzer.fold(word);
    // A word the archive holds is as the user meant it: "coeur" is not a
    // misspelling of "chœur".
    const bool known =
        db.term_exists(std::string(schema::kPrefixWord) + analyzer.term(word));
    if (!known && !folded.empty() && !Analyzer::is_stopword(folded)) {
      const std::string better = db.get_spelling_suggestion(folded, 2);
      if (!better.empty() && better != folded) {
        out = written_form(db, analyzer, better);
        changed = true;
      }
    }
    if (!suggestion.empty()) suggestion += ' ';
    suggestion += out;
  }
  return changed ? suggestion : std::string();
}

}  // namespace

SortOrder parse_sort_order(const std::string& text) {
  if (text == "relevance") return SortOrder::kRelevance;
  if (text == "date") return SortOrder::kDateAscending;
  if (text == "-date") return SortOrder::kDateDescending;
  throw std::invalid_argument("--sort must be relevance, date or -date, not '" +
                              text + "'");
}

SearchResults search(Xapian::Database& db, Analyzer& analyzer,
                     const SearchOptions& options) {
  SearchResults results;
  results.parsed = parse_query(options.query, analyzer, &db);
  Xapian::Query query = results.parsed.query;
  if (!options.dates.from.empty() || !options.dates.to.empty()) {
    const Xapian::Query dates = date_filter(options.dates);
    query = query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, dates, 0.0)
                          : Xapian::Query(Xapian::Query::OP_FILTER, query, dates);
  }

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  DateAscendingKey ascending;
  switch (options.sort) {
    case SortOrder::kRelevance:
      break;
    case SortOrder::kDateAscending:
      enquire.set_sort_by_key_then_relevance(&ascending, false);
      break;
    case SortOrder::kDateDescending:
      // Undated articles hold an empty value, which sorts last here.
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
      break;
  }
  const Xapian::MSet mset = enquire.get_mset(options.offset, options.limit);
  results.matches_estimated = mset.get_matches_estimated();

  const HighlightTerms terms{
      {results.parsed.highlight_terms.begin(), results.parsed.highlight_terms.end()},
      results.parsed.highlight_phrases};
  std::size_t rank = options.offset;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.rank = ++rank;
    hit.score = it.get_weight();
    hit.article = article_from_data(it.get_document().get_data());
    hit.snippet = make_snippet(hit.article.text, terms, analyzer, options.snippet_length);
    results.hits.push_back(std::move(hit));
  }
  if (results.matches_estimated < kFewMatches && !results.parsed.words.empty()) {
    results.suggestion = suggest(db, analyzer, results.parsed.words);
  }
  return results;
}

}  // namespace kiosque
