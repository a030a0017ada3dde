// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/query_parser.h"
#include "kiosque/base/message.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <stdexcept>
#include <unordered_set>

#include "kiosque/base/ascii.h"
#include "kiosque/base/utf8.h"
#include "kiosque/search/acronyms.h"
#include "kiosque/search/ranking.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"
#include "kiosque/text/analyzer.h"
#include "query_lexer.h"

namespace kiosque {
namespace {

// How many of the archive's words one wildcard reads before it stops
// looking (the most frequent of those it read are kept), and how many all
// the wildcards of one query read together: 500 x "a*" read the word list
// once, and 200 different prefixes cannot read it 200 times.
constexpr std::size_t kMaxWildcardScan = 20000;
constexpr std::size_t kMaxWildcardScanPerQuery = 100000;
// The longest NEAR/N and "..."~N window.
constexpr Xapian::termcount kMaxNearWindow = 999;

using internal::Kind;
using internal::Lexeme;
using internal::ParseError;

std::string words_cut_warning() {
  return message(messages::kTooManyWords,
                 {std::to_string(kMaxQueryWords), std::to_string(kMaxQueryWords)});
}

// `text` within the query bounds: at most kMaxQueryBytes, cut before a
// character, then at most kMaxQueryWords space-separated words. Says so in
// `warnings` when it cuts.
std::string_view within_bounds(std::string_view text,
                               std::vector<std::string>* warnings) {
  if (text.size() > kMaxQueryBytes) {
    std::size_t end = kMaxQueryBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    warnings->push_back(message(messages::kQueryTooLong,
                                {std::to_string(kMaxQueryBytes), std::to_string(end)}));
  }
  std::size_t words = 0;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i == text.size()) break;
    if (words == kMaxQueryWords) {
      warnings->push_back(words_cut_warning());
      return text.substr(0, i);
    }
    ++words;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
  }
  return text;
}

bool is_operator(Kind k) {
  return k == Kind::kAnd || k == Kind::kOr || k == Kind::kNot || k == Kind::kNear;
}

// "1", "12", "1 800", "3 700 000": a 1–3 digit group, then 3-digit groups.
bool is_spaced_number(std::string_view s) {
  const std::size_t first = s.find(' ');
  if (first == std::string_view::npos) return s.size() <= 3 && all_digits(s);
  if (first > 3 || !all_digits(s.substr(0, first))) return false;
  for (std::size_t i = first; i < s.size(); i += 4) {
    if (s[i] != ' ' || i + 4 > s.size() || !all_digits(s.substr(i + 1, 3))) return false;
  }
  return true;
}

// Operators only between two terms; "1 800" typed as two words is one number.
void tidy(std::vector<Lexeme>* lexemes) {
  std::vector<Lexeme>& l = *lexemes;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (!is_operator(l[i].kind)) continue;
    const bool after_term =
        i > 0 && !is_operator(l[i - 1].kind) && l[i - 1].kind != Kind::kLParen;
    const bool before_term =
        i + 1 < l.size() && !is_operator(l[i + 1].kind) && l[i + 1].kind != Kind::kRParen;
    if (!after_term || !before_term) l[i].kind = Kind::kWord;
  }
  std::vector<Lexeme> merged;
  for (Lexeme& lexeme : l) {
    if (!merged.empty() && lexeme.kind == Kind::kWord && lexeme.modifier == 0 &&
        !lexeme.wildcard && lexeme.text.size() == 3 && all_digits(lexeme.text)) {
      Lexeme& prev = merged.back();
      const bool prev_is_number =
          prev.kind == Kind::kWord && !prev.wildcard && is_spaced_number(prev.text);
      if (prev_is_number) {
        prev.text += ' ';
        prev.text += lexeme.text;
        continue;
      }
    }
    merged.push_back(std::move(lexeme));
  }
  l = std::move(merged);
}

// One operand of the query, before it is combined with its neighbours.
struct Item {
  Xapian::Query query;
  char modifier = 0;
  bool filter = false;      // source:/date: — restricts, never ranks
  bool plain_word = false;  // a lone word, subject to stop-word removal
  bool stopword = false;
  std::string stop_term;    // a stop word's term: highlighted only if searched
  std::string single_term;  // set when the item is one word term (for NEAR)
  RankedWord ranked;        // a plain word: what ranking needs of it
};

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, Analyzer& analyzer, const Xapian::Database* db,
         ParsedQuery* out)
      : l_(std::move(lexemes)), analyzer_(analyzer), db_(db), out_(out) {
    // The per-query budget is shared out evenly: each wildcard keeps its
    // most frequent words, and 500 x "a*" gives 500 terms, not 50,000.
    const auto wildcards = static_cast<std::size_t>(
        std::count_if(l_.begin(), l_.end(), [](const Lexeme& l) { return l.wildcard; }));
    if (wildcards > 0) {
      share_ = std::clamp<std::size_t>(kMaxWildcardWordsPerQuery / wildcards, 1,
                                       kMaxWildcardWords);
    }
  }

  Xapian::Query parse() {
    Xapian::Query q = sequence();
    if (pos_ < l_.size()) throw ParseError(N_("a ')' has no '('"));
    return q;
  }

 private:
  // Groups within groups, at most: each level is a few stack frames, and
  // no real query needs more than a handful.
  static constexpr int kMaxNesting = 32;

  bool at(Kind k) const { return pos_ < l_.size() && l_[pos_].kind == k; }

  Xapian::Query sequence() {
    std::vector<Item> items;
    while (pos_ < l_.size() && !at(Kind::kRParen)) items.push_back(either());
    return combine(std::move(items));
  }

  Item either() {
    Item left = both();
    while (at(Kind::kOr)) {
      ++pos_;
      Item right = both();
      left = merge(Xapian::Query::OP_OR, std::move(left), std::move(right));
    }
    return left;
  }

  Item both() {
    Item left = near();
    while (at(Kind::kAnd) || at(Kind::kNot)) {
      const Kind op = l_[pos_++].kind;
      const Highlights mark = marks();
      Item right = near();
      if (op == Kind::kNot) forget_since(mark);
      if (op == Kind::kNot) {
        Item result;
        result.query = Xapian::Query(Xapian::Query::OP_AND_NOT, left.query, right.query);
        result.modifier = left.modifier;
        left = std::move(result);
      } else if (left.filter != right.filter && !left.query.empty() &&
                 !right.query.empty()) {
        Item& ranked = left.filter ? right : left;
        Item& filter = left.filter ? left : right;
        Item result;
        result.query =
            Xapian::Query(Xapian::Query::OP_FILTER, ranked.query, filter.query);
        left = std::move(result);
      } else {
        left = merge(Xapian::Query::OP_AND, std::move(left), std::move(right));
      }
    }
    return left;
  }

  Item near() {
    Item left = unary();
    while (at(Kind::kNear)) {
      const Xapian::termcount window = l_[pos_++].window;
      Item right = unary();
      if (left.single_term.empty() || right.single_term.empty()) {
        throw ParseError(N_("NEAR joins two single words"));
      }
      const std::string terms[] = {left.single_term, right.single_term};
      Item result;
      result.query = Xapian::Query(Xapian::Query::OP_NEAR, terms, terms + 2, window);
      left = std::move(result);
    }
    return left;
  }

  Item merge(Xapian::Query::op op, Item left, Item right) {
    // A part that searches nothing (a dropped date) leaves the other alone.
    if (right.query.empty() && !right.filter) return left;
    if (left.query.empty() && !left.filter) return right;
    Item result;
    result.query = Xapian::Query(op, left.query, right.query);
    result.filter = left.filter && right.filter;
    return result;
  }

  Item unary() {
    if (pos_ >= l_.size()) throw ParseError(N_("an operator has nothing after it"));
    const Lexeme& lexeme = l_[pos_++];
    Item item;
    item.modifier = lexeme.modifier;
    if (lexeme.modifier == '-') {
      // Excluded words are never highlighted.
      const Highlights mark = marks();
      Item excluded = primary(lexeme, std::move(item));
      forget_since(mark);
      return excluded;
    }
    return primary(lexeme, std::move(item));
  }

  Item primary(const Lexeme& lexeme, Item item) {
    switch (lexeme.kind) {
      case Kind::kLParen: {
        if (depth_ == kMaxNesting) {
          throw ParseError(
              message(messages::kNestedDeeper, {std::to_string(kMaxNesting)}));
        }
        ++depth_;
        item.query = sequence();
        --depth_;
        if (!at(Kind::kRParen)) throw ParseError(N_("a '(' is not closed"));
        ++pos_;
        return item;
      }
      case Kind::kRParen:
        throw ParseError(N_("a ')' has no '('"));
      case Kind::kPhrase:
        item.query = phrase(lexeme, schema::kPrefixWord);
        return item;
      case Kind::kField:
        return field(lexeme, item);
      case Kind::kWord:
        return word(lexeme, item, schema::kPrefixWord);
      default:
        throw ParseError(N_("an operator has nothing before it"));
    }
  }

  Item field(const Lexeme& lexeme, Item item) {
    if (lexeme.field == "title") {
      if (lexeme.quoted) {
        item.query = phrase(lexeme, schema::kPrefixTitle);
        return item;
      }
      return word(lexeme, item, schema::kPrefixTitle);
    }
    item.filter = true;
    if (lexeme.field == "source") {
      // Not Analyzer::fold: a source keeps its elided article ("L'Équipe").
      item.query =
          Xapian::Query(bounded_term(schema::kPrefixSource, fold_source(lexeme.text)));
      return item;
    }
    DateRange range;
    if (!parse_date_range(lexeme.text, &range)) {
      // One rule for every form (date:2017-13, date:2017-02-30, a range's
      // end): the rest of the query is the best guess.
      out_->warnings.push_back(message(messages::kNotADate, {lexeme.text}));
      item.filter = false;
      return item;
    }
    item.query = date_filter(range);
    return item;
  }

  void highlight(const std::string& term) { out_->highlight_terms.push_back(term); }

  // Excluded words are never highlighted: what an exclusion added is undone.
  struct Highlights {
    std::size_t terms, phrases;
  };
  Highlights marks() const {
    return {out_->highlight_terms.size(), out_->highlight_phrases.size()};
  }
  void forget_since(const Highlights& mark) {
    out_->highlight_terms.resize(mark.terms);
    out_->highlight_phrases.resize(mark.phrases);
  }

  // An acronym's expansions are highlighted as the phrases they are searched
  // as: ONU highlights "Nations unies".
  void highlight_expansions(const std::vector<std::string>& expansions) {
    for (const std::string& expansion : expansions) {
      std::vector<std::string> terms, bare;
      phrase_terms(expansion, "", &terms, &bare);
      if (bare.size() == 1) highlight(bare[0]);
      if (bare.size() > 1) out_->highlight_phrases.push_back(std::move(bare));
    }
  }

  Xapian::Query phrase(const Lexeme& lexeme, const char* prefix) {
    if (!lexeme.proximity) return phrase(lexeme.text, prefix);
    // "a b"~N: the words within N of each other, in any order.
    std::vector<std::string> terms, bare;
    phrase_terms(lexeme.text, prefix, &terms, &bare);
    for (const std::string& term : bare) highlight(term);
    if (terms.size() < 2)
      return terms.empty() ? Xapian::Query() : Xapian::Query(terms[0]);
    const auto window = std::clamp<Xapian::termcount>(
        lexeme.window, static_cast<Xapian::termcount>(terms.size()), kMaxNearWindow);
    return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), window);
  }

  // The terms of a phrase's words, at most kMaxQueryWords of them.
  void phrase_terms(std::string_view text, const char* prefix,
                    std::vector<std::string>* terms, std::vector<std::string>* bare) {
    std::vector<Token> tokens;
    analyzer_.tokenize(text, &tokens);
    for (const Token& t : tokens) {
      if (t.joined || t.term.empty()) continue;
      if (terms->size() == kMaxQueryWords) {
        out_->warnings.push_back(words_cut_warning());
        break;
      }
      terms->push_back(prefix + t.term);
      bare->push_back(t.term);
    }
  }

  Xapian::Query phrase(std::string_view text, const char* prefix) {
    std::vector<std::string> terms, bare;
    phrase_terms(text, prefix, &terms, &bare);
    if (terms.empty()) return Xapian::Query();
    if (terms.size() == 1) {
      highlight(bare[0]);
      return Xapian::Query(terms[0]);
    }
    out_->highlight_phrases.push_back(std::move(bare));
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(terms.size()));
  }

  Item word(const Lexeme& lexeme, Item item, const char* prefix) {
    if (lexeme.wildcard) {
      item.query = wildcard(lexeme.text, prefix);
      return item;
    }
    std::vector<Token> tokens;
    analyzer_.tokenize(lexeme.text, &tokens);
    // "1 800": the joined number is the one term that says it all.
    if (!tokens.empty() && tokens[0].joined &&
        tokens[0].end - tokens[0].begin >= lexeme.text.size() - tokens[0].begin) {
      highlight(tokens[0].term);
      item.single_term = prefix + tokens[0].term;
      item.query = Xapian::Query(item.single_term);
      return item;
    }
    std::size_t words = 0;
    for (const Token& t : tokens) words += !t.joined && !t.term.empty();
    if (words == 1) {
      const Token& t = *std::find_if(tokens.begin(), tokens.end(), [](const Token& t) {
        return !t.joined && !t.term.empty();
      });
      item.plain_word = true;
      item.stopword = Analyzer::is_stopword(
          analyzer_.fold(std::string_view(lexeme.text).substr(t.begin, t.end - t.begin)));
      out_->words.push_back(lexeme.text);
      if (item.stopword) {
        item.stop_term = t.term;
      } else {
        highlight(t.term);
      }
      item.single_term = prefix + t.term;
      item.ranked = RankedWord{item.single_term, t.folded, t.exact};
      item.query = word_query(item.ranked);
      const auto* expansions =
          prefix == schema::kPrefixWord
              ? acronyms().find(strip_elision(
                    std::string_view(lexeme.text).substr(t.begin, t.end - t.begin)))
              : nullptr;
      if (expansions != nullptr) {
        highlight_expansions(*expansions);
        item.query = acronym_query(item.ranked, *expansions, analyzer_);
        item.ranked.term.clear();  // all words: the acronym or its expansion
      }
      return item;
    }
    item.query = phrase(lexeme.text, prefix);  // cessez-le-feu
    return item;
  }

  Xapian::Query wildcard(const std::string& text, const char* prefix) {
    const std::string folded = analyzer_.fold(text);
    if (folded.empty()) throw ParseError(N_("'*' needs a word before it"));
    if (db_ == nullptr) {
      return Xapian::Query(Xapian::Query::OP_WILDCARD, prefix + folded);
    }
    const std::vector<std::pair<Xapian::doccount, std::string>>& found =
        archive_words(folded);
    if (found.size() > share_) {
      out_->warnings.push_back(
          share_ == kMaxWildcardWords
              ? message(messages::kWildcardBound,
                        {text, std::to_string(kMaxWildcardWords), std::to_string(share_)})
              : message(messages::kWildcardsBound,
                        {text, std::to_string(kMaxWildcardWordsPerQuery),
                         std::to_string(share_)}));
    }
    std::vector<std::string> terms;
    for (std::size_t k = 0; k < found.size() && k < share_; ++k) {
      const std::string& term = analyzer_.term(found[k].second);
      if (term.empty()) continue;
      terms.push_back(prefix + term);
      highlight(term);
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    if (terms.empty()) return Xapian::Query(Xapian::Query::MatchNothing);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }

  // The archive's words that start with `folded`, most frequent first; read
  // once per prefix and query, within the query's reading budget.
  const std::vector<std::pair<Xapian::doccount, std::string>>& archive_words(
      const std::string& folded) {
    auto [entry, added] = expansions_.try_emplace(folded);
    std::vector<std::pair<Xapian::doccount, std::string>>& found = entry->second;
    if (!added) return found;
    Xapian::TermIterator it = db_->spellings_begin();
    it.skip_to(folded);
    const std::size_t limit =
        std::min(kMaxWildcardScan, kMaxWildcardScanPerQuery - scanned_);
    for (std::size_t n = 0; it != db_->spellings_end() && n < limit;
         ++it, ++n, ++scanned_) {
      const std::string w = *it;
      if (w.compare(0, folded.size(), folded) != 0) break;
      found.emplace_back(it.get_termfreq(), w);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (found.size() > kMaxWildcardWords + 1) found.resize(kMaxWildcardWords + 1);
    return found;
  }

  // The proximity boost of each run of plain words typed one after another
  // (stop words between them count as gaps).
  static Xapian::Query proximity(const std::vector<Item>& items) {
    std::vector<Xapian::Query> boosts;
    std::vector<ProximityWord> run;
    unsigned gap = 0;
    const auto end_run = [&] {
      Xapian::Query q = proximity_query(run);
      if (!q.empty()) boosts.push_back(std::move(q));
      run.clear();
      gap = 0;
    };
    for (const Item& item : items) {
      if (!item.plain_word || item.modifier != 0 ||
          item.single_term.rfind(schema::kPrefixWord, 0) != 0) {
        end_run();
      } else if (item.stopword) {
        gap += run.empty() ? 0 : 1;
      } else {
        run.push_back(ProximityWord{item.single_term, gap});
        gap = 0;
      }
    }
    end_run();
    if (boosts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end());
  }

  // The terms of the plain words in order, "" for anything else.
  static std::vector<std::string> word_run(const std::vector<Item>& items) {
    std::vector<std::string> words;
    for (const Item& item : items) {
      const bool plain = item.plain_word && item.modifier == 0 &&
                         item.single_term.rfind(schema::kPrefixWord, 0) == 0;
      words.push_back(plain ? item.single_term : std::string());
    }
    return words;
  }

  Xapian::Query combine(std::vector<Item> items) {
    std::vector<Xapian::Query> required, excluded, filters, optional, every;
    std::vector<std::string> words;       // the plain words' terms, for the headline
    std::vector<std::string> sufficient;  // see ParsedQuery::sufficient_terms
    bool has_content = false;
    for (const Item& item : items) {
      has_content =
          has_content || (!item.filter && !item.stopword && item.modifier != '-');
    }
    for (Item& item : items) {
      if (item.query.empty() && !item.filter) continue;
      if (item.filter) {
        (item.modifier == '-' ? excluded : filters).push_back(item.query);
      } else if (item.modifier == '-') {
        excluded.push_back(item.query);
      } else if (item.modifier == '+') {
        required.push_back(item.query);
        if (!item.stopword) words.push_back(item.ranked.term);
        if (!item.stop_term.empty()) highlight(item.stop_term);
      } else if (!(item.stopword && has_content)) {
        optional.push_back(item.query);
        if (item.plain_word) sufficient.push_back(item.single_term);
        if (!item.stop_term.empty()) highlight(item.stop_term);
        if (!item.stopword) words.push_back(item.ranked.term);
        // The all-words boost counts each word's stem: its exact form
        // already counted once.
        every.push_back(item.ranked.term.empty() ? item.query
                                                 : Xapian::Query(item.ranked.term));
      }
    }
    Xapian::Query ranked;
    Xapian::Query matching;  // see ParsedQuery::matching
    if (!optional.empty()) {
      ranked = Xapian::Query(Xapian::Query::OP_OR, optional.begin(), optional.end());
      matching = ranked;
      if (optional.size() > 1) {
        const Xapian::Query all(Xapian::Query::OP_AND, every.begin(), every.end());
        ranked = Xapian::Query(
            Xapian::Query::OP_OR, ranked,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, all_words_boost()));
      }
      const Xapian::Query headline = title_pairs_query(std::move(words));
      // OR, not AND_MAYBE, for the same matches and weights: a title word is
      // also indexed as a word, so the headline adds no match. Under
      // AND_MAYBE the matcher had to weigh every match in case it gained
      // the headline's weight; under OR it finds the headlines from their
      // own short lists ("Premier ministre Fillon": 10.8 -> 2.7 ms).
      if (!headline.empty())
        ranked = Xapian::Query(Xapian::Query::OP_OR, ranked, headline);
      // Words that spell an acronym's expansion also find (and light) it.
      for (const std::string& term : acronyms_spelt(word_run(items), analyzer_)) {
        ranked = Xapian::Query(Xapian::Query::OP_OR, ranked, Xapian::Query(term));
        matching = Xapian::Query(Xapian::Query::OP_OR, matching, Xapian::Query(term));
        highlight(term.substr(std::string_view(schema::kPrefixWord).size()));
      }
      const Xapian::Query near = proximity(items);
      if (!near.empty()) {
        // The whole query's first pass ranks without the boost (search.cpp).
        if (depth_ == 0) {
          out_->without_proximity = restricted(ranked, required, filters, excluded);
          out_->proximity = near;
        }
        ranked = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranked, near);
      }
    }
    // A title word is also indexed as a word: the headline adds no match.
    if (depth_ == 0 && !matching.empty())
      out_->matching = restricted(matching, required, filters, excluded);
    if (depth_ == 0 && required.empty() && filters.empty() && excluded.empty()) {
      out_->words_only = !sufficient.empty() && sufficient.size() == optional.size();
      out_->sufficient_terms = std::move(sufficient);
    }
    return restricted(ranked, required, filters, excluded);
  }

  // `ranked` with the '+' words required, the filters applied and the '-'
  // items excluded.
  static Xapian::Query restricted(Xapian::Query ranked,
                                  const std::vector<Xapian::Query>& required,
                                  const std::vector<Xapian::Query>& filters,
                                  const std::vector<Xapian::Query>& excluded) {
    if (!required.empty()) {
      const Xapian::Query must(Xapian::Query::OP_AND, required.begin(), required.end());
      ranked = ranked.empty() ? must
                              : Xapian::Query(Xapian::Query::OP_AND_MAYBE, must, ranked);
    }
    if (!filters.empty()) {
      const Xapian::Query filter(Xapian::Query::OP_AND, filters.begin(), filters.end());
      ranked = ranked.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                              : Xapian::Query(Xapian::Query::OP_FILTER, ranked, filter);
    }
    if (!excluded.empty()) {
      if (ranked.empty()) ranked = Xapian::Query::MatchAll;
      ranked = Xapian::Query(
          Xapian::Query::OP_AND_NOT, ranked,
          Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
    }
    return ranked;
  }

  std::vector<Lexeme> l_;
  std::size_t pos_ = 0;
  int depth_ = 0;  // parentheses open at pos_
  Analyzer& analyzer_;
  const Xapian::Database* db_;
  ParsedQuery* out_;
  std::size_t share_ = kMaxWildcardWords;  // words each wildcard may keep
  std::map<std::string, std::vector<std::pair<Xapian::doccount, std::string>>>
      expansions_;
  std::size_t scanned_ = 0;  // archive words read by wildcards so far
};

// The fallback: every word of the text, ranked, stop words left out.
Xapian::Query plain_words(std::string_view text, Analyzer& analyzer, ParsedQuery* out) {
  std::vector<Token> tokens;
  analyzer.tokenize(text, &tokens);
  std::vector<Xapian::Query> terms;
  std::vector<Xapian::Query> stop;
  std::vector<std::string> stop_terms;  // highlighted only if searched
  for (const Token& t : tokens) {
    if (t.term.empty()) continue;
    if (terms.size() + stop.size() == kMaxQueryWords) {
      out->warnings.push_back(words_cut_warning());
      break;
    }
    const Xapian::Query q =
        word_query(RankedWord{schema::kPrefixWord + t.term, t.folded, t.exact});
    const std::string_view word = text.substr(t.begin, t.end - t.begin);
    if (!t.joined) out->words.emplace_back(word);
    const bool stopword = Analyzer::is_stopword(analyzer.fold(word));
    (stopword ? stop : terms).push_back(q);
    (stopword ? stop_terms : out->highlight_terms).push_back(t.term);
  }
  if (terms.empty()) {
    terms = std::move(stop);
    out->highlight_terms = std::move(stop_terms);
  }
  if (terms.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

ParsedQuery parse_query(std::string_view whole_text, Analyzer& analyzer,
                        const Xapian::Database* db) {
  ParsedQuery parsed;
  std::vector<std::string> bound_warnings;
  const std::string_view text = within_bounds(whole_text, &bound_warnings);
  try {
    std::vector<Lexeme> lexemes =
        internal::lex_query(text, internal::has_lowercase_letter(text), &parsed.warnings);
    tidy(&lexemes);
    Parser parser(std::move(lexemes), analyzer, db, &parsed);
    parsed.query = parser.parse();
  } catch (const ParseError& e) {
    // What the parser said before it gave up no longer applies.
    parsed = ParsedQuery();
    parsed.fallback_reason = e.what();
    parsed.warnings.push_back(message(messages::kFallback, {parsed.fallback_reason}));
    parsed.query = plain_words(text, analyzer, &parsed);
  }
  parsed.warnings.insert(parsed.warnings.begin(), bound_warnings.begin(),
                         bound_warnings.end());
  // The acronym list is read once per process: a line it skipped is told
  // once, with the first query.
  static std::atomic<bool> acronym_lines_told{false};
  if (!acronym_lines_told.exchange(true)) {
    const std::vector<std::string>& skipped = acronyms().warnings();
    parsed.warnings.insert(parsed.warnings.end(), skipped.begin(), skipped.end());
  }
  // Once each, in the order they came (500 x "a*" say one thing).
  std::vector<std::string> once;
  for (std::string& w : parsed.warnings) {
    if (std::find(once.begin(), once.end(), w) == once.end())
      once.push_back(std::move(w));
  }
  parsed.warnings = std::move(once);
  std::sort(parsed.highlight_terms.begin(), parsed.highlight_terms.end());
  parsed.highlight_terms.erase(
      std::unique(parsed.highlight_terms.begin(), parsed.highlight_terms.end()),
      parsed.highlight_terms.end());
  return parsed;
}

}  // namespace kiosque
