#include "kiosque/search/search.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include "kiosque/search/more_like_this.h"
#include "kiosque/search/ranking.h"
#include "kiosque/store/database.h"
#include "kiosque/store/document.h"
#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

// Below this many matches a query is worth a did-you-mean.
constexpr Xapian::doccount kFewMatches = 3;
// How many times a search is retried after the indexer moved on under it.
constexpr int kMaxReopens = 3;

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
  const Article article = article_from_document(db.get_document(*p));
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

// `query` restricted to the documents `filter` matches, with `filter`
// adding no weight; a pure filter when there is no query.
Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter) {
  return query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                       : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

// The facet counts a spy gathered: known values, then those without one.
std::vector<FacetCount> facet_counts(const Xapian::ValueCountMatchSpy& spy) {
  std::vector<FacetCount> counts;
  Xapian::doccount with_value = 0;
  for (Xapian::TermIterator v = spy.values_begin(); v != spy.values_end(); ++v) {
    counts.push_back({*v, v.get_termfreq()});
    with_value += v.get_termfreq();
  }
  const auto total = static_cast<Xapian::doccount>(spy.get_total());
  if (total > with_value) counts.push_back({"", total - with_value});
  return counts;
}

Facets make_facets(const Xapian::ValueCountMatchSpy& years,
                   const Xapian::ValueCountMatchSpy& sources) {
  Facets facets{facet_counts(years), facet_counts(sources)};
  // Years come sorted from the spy, with the unknown last; sources go by size.
  std::stable_sort(facets.sources.begin(), facets.sources.end(),
                   [](const FacetCount& a, const FacetCount& b) {
                     if (a.value.empty() != b.value.empty()) return b.value.empty();
                     return a.count > b.count;
                   });
  return facets;
}

}  // namespace

SortOrder parse_sort_order(const std::string& text) {
  if (text == "relevance") return SortOrder::kRelevance;
  if (text == "date") return SortOrder::kDateAscending;
  if (text == "-date") return SortOrder::kDateDescending;
  throw std::invalid_argument("--sort must be relevance, date or -date, not '" + text +
                              "'");
}

SearchResults search(Xapian::Database& db, Analyzer& analyzer,
                     const SearchOptions& options) {
  SearchResults results;
  if (options.remote && options.query.find('*') != std::string::npos) {
    results.notes.push_back(
        "wildcards match word stems here: Xapian's remote backend has no word list");
  }
  Xapian::Query query;
  if (options.like_id.empty()) {
    results.parsed = parse_query(options.query, analyzer, options.remote ? nullptr : &db);
    query = results.parsed.query;
  } else {
    // The article's words rank; a query given with it only filters.
    LikeQuery like = like_query(db, analyzer, options.like_id);
    query = like.query;
    if (!options.query.empty()) {
      results.parsed =
          parse_query(options.query, analyzer, options.remote ? nullptr : &db);
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, results.parsed.query);
      results.parsed.words.clear();  // no did-you-mean for a filter
    }
    auto& terms = results.parsed.highlight_terms;
    terms.insert(terms.end(), like.terms.begin(), like.terms.end());
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  }
  if (!options.dates.from.empty() || !options.dates.to.empty()) {
    query = filtered(query, date_filter(options.dates));
  }
  if (options.added_since) {
    query =
        filtered(query, Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotIndexedAt,
                                      Xapian::sortable_serialise(*options.added_since)));
  }

  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(*ranking_weight());
  enquire.set_query(query);
  if (options.collapse == Collapse::kDuplicates) {
    // Articles with no duplicate hold an empty value, which never collapses.
    enquire.set_collapse_key(schema::kSlotDuplicateGroup);
  }
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
  Xapian::ValueCountMatchSpy years(schema::kSlotYear), sources(schema::kSlotSource);
  if (options.facets) {
    enquire.add_matchspy(&years);
    enquire.add_matchspy(&sources);
  }
  // Facets and counts need every match seen, not just the page's.
  const Xapian::doccount check_at_least =
      options.facets || options.limit == 0 ? db.get_doccount() : 0;
  const Xapian::MSet mset =
      enquire.get_mset(options.offset, options.limit, check_at_least);
  results.matches_estimated = mset.get_matches_estimated();
  if (options.facets) results.facets = make_facets(years, sources);

  const HighlightTerms terms{
      {results.parsed.highlight_terms.begin(), results.parsed.highlight_terms.end()},
      results.parsed.highlight_phrases};
  std::size_t rank = options.offset;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Hit hit;
    hit.rank = ++rank;
    hit.score = it.get_weight();
    hit.duplicates = it.get_collapse_count();
    hit.article = article_from_document(it.get_document());
    hit.snippet = make_snippet(hit.article.text, terms, analyzer, options.snippet_length);
    results.hits.push_back(std::move(hit));
  }
  if (results.matches_estimated < kFewMatches && !results.parsed.words.empty()) {
    if (options.remote) {
      results.notes.push_back(
          "no did-you-mean: Xapian's remote backend has no spelling data");
    } else {
      results.suggestion = suggest(db, analyzer, results.parsed.words);
    }
  }
  return results;
}

SearchResults search_live(Xapian::Database* db, const Locations& locations,
                          Analyzer& analyzer, const SearchOptions& options) {
  bool opened_anew = false;
  const auto open_anew = [&] {
    if (opened_anew) return false;
    opened_anew = true;
    *db = open_for_search(locations);
    return true;
  };
  for (int attempt = 0;; ++attempt) {
    try {
      db->reopen();  // cheap when nothing was committed
      return search(*db, analyzer, options);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kMaxReopens) throw;  // reopen() comes first in the retry
    } catch (const Xapian::DatabaseOpeningError&) {
      // The folder was swapped away (rebuild, replica): read it by path.
      if (!open_anew()) throw;
    }
  }
}

}  // namespace kiosque
