// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/search.h"
#include "kiosque/base/message.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "kiosque/search/more_like_this.h"
#include "kiosque/search/ranking.h"
#include "kiosque/search/show.h"
#include "kiosque/search/timeline.h"
#include "kiosque/store/database.h"
#include "kiosque/store/document.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/sequence.h"

namespace kiosque {
namespace {

// Below this many matches a query is worth a did-you-mean.
constexpr Xapian::doccount kFewMatches = 3;
// Up to this many matches a search counts them exactly (beyond, Xapian's
// matcher may skip what cannot reach the page, and estimates).
constexpr Xapian::doccount kExactCountUpTo = 10000;
// How many of the first pass's best matches the proximity boost re-ranks
// (ranking.h): checking word positions for every match of a multi-word
// query made it several times slower, and an article the boost would lift
// into the first page from further down than this is rare. 50 instead of
// 100 changed no known-item success and no shared topic's top 10, and a
// first pass for 50 skips more (docs/architecture.md, "Proximity").
constexpr Xapian::doccount kProximityDepth = 50;

// Sorts by date, oldest first, with undated articles last.
class DateAscendingKey : public Xapian::KeyMaker {
 public:
  std::string operator()(const Xapian::Document& doc) const override {
    std::string value = doc.get_value(schema::kSlotDate);
    return value.empty() ? std::string("\xff") : value;
  }
};

// How many articles a written form is looked for in, for did-you-mean.
constexpr int kWrittenFormArticles = 5;

// The way the archive writes the folded word `folded` (the spelling data
// keeps folded words: "sarkozy" is shown "Sarkozy", "securite" "sécurité"):
// its most frequent form in the texts of a few articles that hold it.
std::string written_form(const Xapian::Database& db, Analyzer& analyzer,
                         const std::string& folded) {
  const std::string term = schema::kPrefixWord + analyzer.term(folded);
  std::map<std::string, int> forms;
  int articles = 0;
  for (Xapian::PostingIterator p = db.postlist_begin(term);
       p != db.postlist_end(term) && articles < kWrittenFormArticles; ++p, ++articles) {
    const Article article = article_from_document(db.get_document(*p));
    for (const std::string* text : {&article.title, &article.text}) {
      std::vector<Token> tokens;
      analyzer.tokenize(*text, &tokens);
      for (const Token& t : tokens) {
        if (t.joined) continue;
        const std::string_view word =
            strip_elision(std::string_view(*text).substr(t.begin, t.end - t.begin));
        if (analyzer.fold(word) == folded) ++forms[std::string(word)];
      }
    }
  }
  if (forms.empty()) return folded;
  // The most frequent; on a tie the last in byte order, which puts
  // "sécurité" before a sentence's "Sécurité".
  return std::max_element(
             forms.begin(), forms.end(),
             [](const auto& a, const auto& b) { return a.second <= b.second; })
      ->first;
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
      // Never a stop word: short and everywhere, they lie within two edits
      // of many names ("Dupont", "dont"), and alone they search nothing a
      // reader meant.
      if (!better.empty() && better != folded && !Analyzer::is_stopword(better)) {
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
  throw std::invalid_argument(message(messages::kBadSort, {text}));
}

namespace {

// The query `options` ask for, with what it was read as in `results`.
Xapian::Query restricted_by_options(Xapian::Query query, const SearchOptions& options);

Xapian::Query make_query(Xapian::Database& db, Analyzer& analyzer,
                         const SearchOptions& options, SearchResults* results) {
  if (options.remote && options.query.find('*') != std::string::npos) {
    results->notes.push_back(
        N_("wildcards match word stems here: Xapian's remote backend has no word list"));
  }
  const Xapian::Database* words = options.remote ? nullptr : &db;
  Xapian::Query query;
  if (options.like_id.empty()) {
    results->parsed = parse_query(options.query, analyzer, words);
    query = results->parsed.query;
  } else {
    // The article's words rank; a query given with it only filters.
    LikeQuery like = like_query(db, analyzer, options.like_id);
    query = like.query;
    if (!options.query.empty()) {
      results->parsed = parse_query(options.query, analyzer, words);
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, results->parsed.query);
      results->parsed.words.clear();  // no did-you-mean for a filter
    }
    auto& terms = results->parsed.highlight_terms;
    terms.insert(terms.end(), like.terms.begin(), like.terms.end());
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  }
  return restricted_by_options(query, options);
}

// `query` restricted by the options' filters: dates, --added-since and
// commit sequences.
Xapian::Query restricted_by_options(Xapian::Query query, const SearchOptions& options) {
  if (!options.dates.from.empty() || !options.dates.to.empty()) {
    query = filtered(query, date_filter(options.dates));
  }
  if (options.added_since) {
    query =
        filtered(query, Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotIndexedAt,
                                      Xapian::sortable_serialise(*options.added_since)));
  }
  if (options.sequences) {
    const auto [after, upto] = *options.sequences;
    query = after >= upto ? Xapian::Query::MatchNothing
                          : filtered(query, Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
                                                          schema::kSlotSequence,
                                                          encode_sequence_slot(after + 1),
                                                          encode_sequence_slot(upto)));
  }
  return query;
}

void set_sort_order(SortOrder sort, Xapian::KeyMaker* ascending,
                    Xapian::Enquire* enquire) {
  switch (sort) {
    case SortOrder::kRelevance:
      break;
    case SortOrder::kDateAscending:
      enquire->set_sort_by_key_then_relevance(ascending, false);
      break;
    case SortOrder::kDateDescending:
      // Undated articles hold an empty value, which sorts last here.
      enquire->set_sort_by_value_then_relevance(schema::kSlotDate, true);
      break;
  }
}

// The counts of `results` from the spy on duplicate groups, which sees
// every match before collapsing: exact when it saw them all, estimates
// otherwise. The matcher skips nothing before it has seen `check_at_least`
// matches, so fewer seen means all seen. The stories' estimate is Xapian's
// estimate of the articles, scaled by the share of stories among the
// articles seen: never above the articles', and close to it where Xapian's
// own estimate of the collapsed count, made from the few matches a page
// needs, said 10,000 for 12,133 articles.
void set_counts(const Xapian::MSet& mset, const Xapian::ValueCountMatchSpy& groups,
                Xapian::doccount check_at_least, Collapse collapse,
                SearchResults* results) {
  const auto seen = static_cast<Xapian::doccount>(groups.get_total());
  results->matches_exact =
      seen < check_at_least || seen >= mset.get_uncollapsed_matches_upper_bound();
  // One per story: the articles of no group, and one per group seen.
  Xapian::doccount grouped = 0, groups_seen = 0;
  for (Xapian::TermIterator v = groups.values_begin(); v != groups.values_end(); ++v) {
    grouped += v.get_termfreq();
    ++groups_seen;
  }
  const Xapian::doccount stories =
      collapse == Collapse::kDuplicates ? seen - grouped + groups_seen : seen;
  if (results->matches_exact) {
    results->matches_with_reprints = seen;
    results->matches = stories;
    return;
  }
  results->matches_with_reprints = mset.get_uncollapsed_matches_estimated();
  results->matches = static_cast<Xapian::doccount>(
      static_cast<double>(results->matches_with_reprints) * stories / seen + 0.5);
}

// Whether the options restrict the query's matches (dates, --added-since,
// commit sequences) or replace its ranking (--like).
bool options_restrict(const SearchOptions& options) {
  return !options.dates.from.empty() || !options.dates.to.empty() ||
         options.added_since || options.sequences || !options.like_id.empty();
}

// Whether the search surely finds more than kExactCountUpTo articles: one
// word that alone makes an article match is in more (no option filters).
bool surely_uncountable(const Xapian::Database& db, const SearchOptions& options,
                        const ParsedQuery& parsed) {
  if (options_restrict(options)) return false;
  return std::any_of(
      parsed.sufficient_terms.begin(), parsed.sufficient_terms.end(),
      [&](const std::string& term) { return db.get_termfreq(term) > kExactCountUpTo; });
}

// How many matches the matcher must see: every one for facets, the
// timeline and --count, else the page and at least kExactCountUpTo (without
// overflowing), to count them, unless they surely are too many to count:
// ranking 10,000 matches of "gouvernement" on 100,000 articles to say
// "about 20,000" cost 21 of its 54 million instructions.
Xapian::doccount matches_to_check(const Xapian::Database& db,
                                  const SearchOptions& options,
                                  const ParsedQuery& parsed) {
  const Xapian::doccount docs = db.get_doccount();
  if (options.facets || options.timeline || options.limit == 0) return docs;
  const Xapian::doccount page_end =
      options.offset >= docs || options.limit >= docs - options.offset
          ? docs
          : options.offset + options.limit;
  if (surely_uncountable(db, options, parsed)) return page_end;
  return std::max(kExactCountUpTo, page_end);
}

// The query that counts the matches of `query`, made by make_query: the
// parsed query without the parts that only rank, when it has some (for
// "Premier ministre Fillon" on 100,000 articles, counting 51,000 matches by
// year took 8.8 ms instead of 9.7), restricted by the options the same way.
Xapian::Query counting_query(const SearchOptions& options, const ParsedQuery& parsed,
                             const Xapian::Query& query) {
  if (parsed.matching.empty() || !options.like_id.empty()) return query;
  return restricted_by_options(parsed.matching, options);
}

// Whether a page is ranked apart from counting the matches: for a query of
// words alone (options_restrict() aside), the ranking then skips what cannot
// reach the page, and an unweighted pass counts, only when the ranking did
// not see every match. One word on 100,000 articles: 15.7 -> 11.3 million
// instructions. A phrase or a filter must read every candidate's positions
// or values to rank it: there one pass ranks and counts, or the count would
// read them twice.
bool counts_apart(const SearchOptions& options, const ParsedQuery& parsed) {
  return parsed.words_only && options.limit > 0 && !options.facets && !options.timeline &&
         !options_restrict(options);
}

// Sets the counts of `results` from `mset`, whose matches `groups` saw.
// When the ranking was `skipping` (ranked with no check_at_least) and did
// not see every match, counts them instead in an unweighted pass of `query`
// (`counting`) with `spare`. Returns the spy that saw what was counted.
const Xapian::ValueCountMatchSpy& count_matches(
    const Xapian::Database& db, const Xapian::Query& counting, const Xapian::MSet& mset,
    const Xapian::ValueCountMatchSpy& groups, bool skipping, Xapian::doccount ranked_end,
    Xapian::doccount check_at_least, Collapse collapse, Xapian::ValueCountMatchSpy* spare,
    SearchResults* results) {
  // Before its page is full, the matcher skips nothing: a ranking that saw
  // fewer than `ranked_end` matches saw them all.
  set_counts(mset, groups, skipping ? ranked_end : check_at_least, collapse, results);
  if (!skipping || results->matches_exact) return groups;
  Xapian::Enquire counter(db);
  counter.set_weighting_scheme(Xapian::BoolWeight());
  counter.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, counting, 0.0));
  counter.add_matchspy(spare);
  set_counts(counter.get_mset(0, 0, check_at_least), *spare, check_at_least, collapse,
             results);
  return *spare;
}

// The query of a two-pass search, restricted as make_query restricts: the
// parsed query without its proximity boost, when it has one and the search
// ranks by relevance on a local database; empty otherwise (one pass). A
// remote search keeps one pass, since the second would read each match's
// terms through the network.
Xapian::Query first_pass_query(const SearchOptions& options, const ParsedQuery& parsed) {
  if (parsed.without_proximity.empty() || options.sort != SortOrder::kRelevance ||
      options.remote || !options.like_id.empty()) {
    return Xapian::Query();
  }
  return restricted_by_options(parsed.without_proximity, options);
}

// Where the page asked for ends, without overflowing.
Xapian::doccount page_end(const SearchOptions& options) {
  const auto end = static_cast<std::uint64_t>(options.offset) + options.limit;
  return static_cast<Xapian::doccount>(
      std::min<std::uint64_t>(end, std::numeric_limits<Xapian::doccount>::max()));
}

// One hit of the page, before its article is read.
struct PageHit {
  Xapian::Document document;
  double weight = 0;
  Xapian::doccount duplicates = 0;
};

// The hits of `mset` from its `from`th, at most `limit` of them.
std::vector<PageHit> page_of(const Xapian::MSet& mset, Xapian::doccount from = 0,
                             Xapian::doccount limit = Xapian::doccount(-1)) {
  std::vector<PageHit> page;
  for (Xapian::MSetIterator it = mset[std::min(from, mset.size())];
       it != mset.end() && page.size() < limit; ++it) {
    page.push_back({it.get_document(), it.get_weight(), it.get_collapse_count()});
  }
  return page;
}

// The first pass's page (its reprint counts included), for a search that
// cannot re-rank.
std::vector<PageHit> first_pass_page(const Xapian::MSet& first,
                                     const SearchOptions& options) {
  return page_of(first, options.offset, options.limit);
}

// The documents of a list of docids, weighing nothing: the second pass's
// filter on a single database. A local search's own object, never sent to
// a remote server (a remote search keeps one pass).
class DocidFilter : public Xapian::PostingSource {
 public:
  explicit DocidFilter(std::vector<Xapian::docid> docids) : docids_(std::move(docids)) {
    std::sort(docids_.begin(), docids_.end());
  }
  Xapian::doccount get_termfreq_min() const override { return size(); }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }
  void init(const Xapian::Database&) override {
    at_ = docids_.begin();
    started_ = false;
  }
  void next(double) override {
    if (started_) ++at_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    at_ = std::lower_bound(at_, docids_.cend(), did);
  }
  bool at_end() const override { return started_ && at_ == docids_.end(); }
  Xapian::docid get_docid() const override { return *at_; }
  DocidFilter* clone() const override { return new DocidFilter(docids_); }

 private:
  Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_.size()); }

  std::vector<Xapian::docid> docids_;
  std::vector<Xapian::docid>::const_iterator at_;
  bool started_ = false;
};

// The page of `options` among the first pass's best matches, `first`, on a
// single database: each weighs what the whole query weighs it, its first
// pass weight plus the weight the proximity boost `proximity` gives it
// (ParsedQuery::proximity), and keeps its reprint count. The boost is
// ranked alone among those matches, filtered by their docids: it reads its
// two or three phrases' term lists, where ranking the whole query again
// among them read a dozen ("élection présidentielle" on 100,000 articles:
// 4.0 of its 23 million instructions went to that second pass). Ties go to
// the lower docid, as Xapian's relevance order has them.
std::vector<PageHit> boosted_page(const Xapian::Database& db,
                                  const Xapian::Query& proximity,
                                  const Xapian::MSet& first,
                                  const SearchOptions& options) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(*ranking_weight());
  enquire.set_query(Xapian::Query(
      Xapian::Query::OP_FILTER, proximity,
      Xapian::Query((new DocidFilter({first.begin(), first.end()}))->release())));
  const Xapian::MSet boosts = enquire.get_mset(0, first.size());
  std::unordered_map<Xapian::docid, double> boost;
  for (Xapian::MSetIterator it = boosts.begin(); it != boosts.end(); ++it)
    boost.emplace(*it, it.get_weight());
  struct Ranked {
    Xapian::doccount index;  // in `first`
    Xapian::docid docid;
    double weight;
  };
  std::vector<Ranked> ranked;
  for (Xapian::MSetIterator it = first.begin(); it != first.end(); ++it) {
    const auto found = boost.find(*it);
    ranked.push_back(
        {static_cast<Xapian::doccount>(ranked.size()), *it,
         found == boost.end() ? it.get_weight() : it.get_weight() + found->second});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
  });
  std::vector<PageHit> page;
  for (std::size_t i = options.offset; i < ranked.size() && page.size() < options.limit;
       ++i) {
    const Xapian::MSetIterator it = first[ranked[i].index];
    page.push_back({it.get_document(), ranked[i].weight, it.get_collapse_count()});
  }
  return page;
}

// The first pass's matches as the OR of their id terms, `id_of(match)`
// each; empty when a match has none.
template <typename IdOf>
Xapian::Query id_filter(const Xapian::MSet& first, IdOf id_of) {
  std::vector<std::string> ids;
  for (Xapian::MSetIterator it = first.begin(); it != first.end(); ++it) {
    std::string id = id_of(it);
    if (id.empty()) return Xapian::Query();
    ids.push_back(std::move(id));
  }
  return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

// The page of `options` when `query` (with its proximity boost) ranks the
// first pass's best matches, `first`, alone, on shards: each keeps the
// weight the whole query gives it, since a filter adds none and changes no
// statistics, and its reprint count from the first pass. The shards'
// docids interleave their own, so the matches are filtered by their id
// terms, made from their stored data (a term list holds the id term after
// every exact-form term); should a document's data disagree with its id
// term, the filter would not find exactly the first pass's matches, and its
// term list decides. The first pass's page when a match has no id term to filter by.
// A single database ranks the boost alone instead (boosted_page).
std::vector<PageHit> reranked_page(const Xapian::Database& db, const Xapian::Query& query,
                                   const Xapian::MSet& first,
                                   const SearchOptions& options) {
  std::map<Xapian::docid, Xapian::doccount> duplicates;
  for (Xapian::MSetIterator it = first.begin(); it != first.end(); ++it)
    duplicates[*it] = it.get_collapse_count();
  const auto ranked = [&](const Xapian::Query& filter, Xapian::doccount from,
                          Xapian::doccount limit) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(*ranking_weight());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, filter));
    return enquire.get_mset(from, limit);
  };
  const auto with_duplicates = [&](std::vector<PageHit> page) {
    for (PageHit& hit : page) hit.duplicates = duplicates[hit.document.get_docid()];
    return page;
  };
  const Xapian::Query filter = id_filter(first, [](const Xapian::MSetIterator& it) {
    return id_term_from_data(it.get_document());
  });
  if (filter.empty()) return first_pass_page(first, options);
  // Every match ranked, to check that the ids found them all and only them
  // (ranking the first pass's matches costs no more than ranking their first
  // page: each is weighted either way).
  const Xapian::MSet all = ranked(filter, 0, first.size());
  bool same = all.size() == duplicates.size();
  for (Xapian::MSetIterator it = all.begin(); same && it != all.end(); ++it)
    same = duplicates.count(*it) != 0;
  if (same) return with_duplicates(page_of(all, options.offset, options.limit));
  const Xapian::Query from_terms = id_filter(
      first, [&](const Xapian::MSetIterator& it) { return id_term_of(db, *it); });
  if (from_terms.empty()) return first_pass_page(first, options);
  return with_duplicates(page_of(ranked(from_terms, options.offset, options.limit)));
}

// Each hit's reprint count from `groups`, the spy that counted the matches:
// the other articles of its group. A ranking that skipped matches gives
// collapse counts that may fall short; when the spy did not see every match
// either, both are lower bounds and the larger is kept.
void set_reprints(const Xapian::ValueCountMatchSpy& groups, bool saw_all,
                  std::vector<PageHit>* page) {
  std::map<std::string, Xapian::doccount> of_group;
  for (const PageHit& hit : *page) {
    std::string group = hit.document.get_value(schema::kSlotDuplicateGroup);
    if (!group.empty()) of_group.emplace(std::move(group), 0);
  }
  if (of_group.empty()) return;
  for (Xapian::TermIterator v = groups.values_begin(); v != groups.values_end(); ++v) {
    const auto found = of_group.find(*v);
    if (found != of_group.end()) found->second = v.get_termfreq();
  }
  for (PageHit& hit : *page) {
    const auto found = of_group.find(hit.document.get_value(schema::kSlotDuplicateGroup));
    if (found == of_group.end() || found->second == 0) continue;
    const Xapian::doccount others = found->second - 1;
    hit.duplicates = saw_all ? others : std::max(hit.duplicates, others);
  }
}

// The counts a timeline is drawn from (SearchResults::dates): by year from
// the years spy, which holds few values; by day, from a second pass of
// `enquire` with a spy on the date slot, only when the years are few enough
// to be drawn per month (a spy over thousands of distinct days costs more
// than ranking a page).
std::vector<FacetCount> timeline_counts(Xapian::Enquire* enquire,
                                        const Xapian::ValueCountMatchSpy& years,
                                        Xapian::doccount docs) {
  std::vector<FacetCount> counts = facet_counts(years);
  if (make_timeline(counts).period != TimelinePeriod::kMonth) return counts;
  Xapian::ValueCountMatchSpy days(schema::kSlotDate);
  enquire->clear_matchspies();
  enquire->add_matchspy(&days);
  enquire->get_mset(0, 0, docs);
  enquire->clear_matchspies();
  return facet_counts(days);
}

enum class Suggest { kYes, kNo };

SearchResults run_search(Xapian::Database& db, Analyzer& analyzer,
                         const SearchOptions& options, Suggest suggest_spelling);

// Did-you-mean for `results`; when they found nothing, the suggestion is
// kept only if it finds something, with its count.
void add_suggestion(Xapian::Database& db, Analyzer& analyzer,
                    const SearchOptions& options, SearchResults* results) {
  if (results->matches >= kFewMatches || results->parsed.words.empty()) return;
  if (options.remote) {
    results->notes.push_back(
        N_("no did-you-mean: Xapian's remote backend has no spelling data"));
    return;
  }
  results->suggestion = suggest(db, analyzer, results->parsed.words);
  if (results->suggestion.empty() || results->matches > 0) return;
  SearchOptions count = options;
  count.query = results->suggestion;
  count.offset = 0;
  count.limit = 0;
  count.facets = false;
  results->suggestion_matches =
      run_search(db, analyzer, count, Suggest::kNo).matches_estimated;
  if (results->suggestion_matches == 0) results->suggestion.clear();
}

SearchResults run_search(Xapian::Database& db, Analyzer& analyzer,
                         const SearchOptions& options, Suggest suggest_spelling) {
  SearchResults results;
  Xapian::Enquire enquire(db);
  const Xapian::Query query = make_query(db, analyzer, options, &results);
  const Xapian::Query first_pass = first_pass_query(options, results.parsed);
  const Xapian::Query counting = counting_query(options, results.parsed, query);
  if (options.limit == 0) {
    // Only counted (--count, --timeline): no hit is ranked, so no weight is
    // computed, and the parts of the query that only rank (proximity, exact
    // forms under OP_AND_MAYBE) are never read: counting every match of a
    // common query costs less than ranking its first page.
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, counting, 0.0));
  } else {
    enquire.set_weighting_scheme(*ranking_weight());
    enquire.set_query(first_pass.empty() ? query : first_pass);
  }
  if (options.collapse == Collapse::kDuplicates && options.limit > 0) {
    // Articles with no duplicate hold an empty value, which never collapses.
    // Counting alone needs no collapsing: the groups spy gives the counts.
    enquire.set_collapse_key(schema::kSlotDuplicateGroup);
  }
  DateAscendingKey ascending;
  set_sort_order(options.sort, &ascending, &enquire);
  Xapian::ValueCountMatchSpy years(schema::kSlotYear), sources(schema::kSlotSource),
      groups(schema::kSlotDuplicateGroup);
  enquire.add_matchspy(&groups);
  if (options.facets || options.timeline) enquire.add_matchspy(&years);
  if (options.facets) enquire.add_matchspy(&sources);
  const Xapian::doccount check_at_least = matches_to_check(db, options, results.parsed);
  const bool rerank = !first_pass.empty() && options.limit > 0;
  const Xapian::doccount ranked_end =
      rerank ? std::max(kProximityDepth, page_end(options)) : page_end(options);
  const bool skipping =
      counts_apart(options, results.parsed) && check_at_least > ranked_end;
  const Xapian::doccount rank_at_least = skipping ? 0 : check_at_least;
  const Xapian::MSet mset =
      rerank ? enquire.get_mset(0, ranked_end, rank_at_least)
             : enquire.get_mset(options.offset, options.limit, rank_at_least);
  Xapian::ValueCountMatchSpy spare(schema::kSlotDuplicateGroup);
  const Xapian::ValueCountMatchSpy& counted =
      count_matches(db, counting, mset, groups, skipping, ranked_end, check_at_least,
                    options.collapse, &spare, &results);
  results.matches_estimated = results.matches;
  if (options.facets) results.facets = make_facets(years, sources);
  if (options.timeline)
    results.dates = timeline_counts(&enquire, years, db.get_doccount());

  const HighlightTerms terms{
      {results.parsed.highlight_terms.begin(), results.parsed.highlight_terms.end()},
      results.parsed.highlight_phrases};
  ArticleFiles files(db);
  std::vector<PageHit> page =
      !rerank          ? page_of(mset)
      : db.size() == 1 ? boosted_page(db, results.parsed.proximity, mset, options)
                       : reranked_page(db, query, mset, options);
  if (skipping && options.collapse == Collapse::kDuplicates)
    set_reprints(counted, results.matches_exact, &page);
  std::size_t rank = options.offset;
  for (const PageHit& page_hit : page) {
    Hit hit;
    hit.rank = ++rank;
    hit.score = page_hit.weight;
    hit.duplicates = page_hit.duplicates;
    hit.article = article_from_document(page_hit.document);
    hit.file = files.file_of(hit.article);
    results.hits.push_back(std::move(hit));
  }
  if (suggest_spelling == Suggest::kYes) add_suggestion(db, analyzer, options, &results);
  // Every read is done: the snippets, which read nothing, come last, so
  // that a search the indexer's commits may outrun (DatabaseModifiedError,
  // read_live) reads its revision for as short a time as it can. Alerts
  // ask for every hit: snippets of hundreds of articles used to lie between
  // the first read and the last.
  for (Hit& hit : results.hits) {
    hit.snippet = make_snippet(hit.article.text, terms, analyzer, options.snippet_length);
    hit.title_highlights = find_highlights(hit.article.title, terms, analyzer);
  }
  return results;
}

}  // namespace

SearchResults search(Xapian::Database& db, Analyzer& analyzer,
                     const SearchOptions& options) {
  return run_search(db, analyzer, options, Suggest::kYes);
}

SearchResults search_live(Xapian::Database* db, const Locations& locations,
                          Analyzer& analyzer, const SearchOptions& options) {
  const auto latest = [&](Xapian::Database& d) {
    d.reopen();  // cheap when nothing was committed
    return search(d, analyzer, options);
  };
  try {
    return read_live(*db, latest);
  } catch (const Xapian::DatabaseOpeningError&) {
    // The folder was swapped away (rebuild, replica): read it by path.
    *db = open_for_search(locations);
    return read_live(*db, latest);
  }
}

}  // namespace kiosque
