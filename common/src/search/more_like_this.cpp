// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/more_like_this.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "kiosque/base/message.h"
#include "kiosque/base/terminal.h"
#include "kiosque/base/utf8.h"
#include "kiosque/store/database.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"
#include "kiosque/text/stopwords.h"

namespace kiosque {
namespace {

// Words shorter than this (in code points) tell nothing about a topic.
constexpr std::size_t kMinWordLength = 3;

// Accepts the analysed words of title and body (Z terms) that may tell an
// article apart: stop words and their stems, and very short words, never do.
class WordDecider : public Xapian::ExpandDecider {
 public:
  explicit WordDecider(Analyzer& analyzer) {
    for (const std::string& word : internal::french_stopwords()) {
      stop_terms_.insert(word);
      stop_terms_.insert(analyzer.term(word));
    }
  }

  bool operator()(const std::string& term) const override {
    const std::string_view prefix = schema::kPrefixWord;
    if (term.compare(0, prefix.size(), prefix) != 0) return false;
    const std::string word = term.substr(prefix.size());
    // Z terms are lower case, so a capital after the prefix is another prefix.
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z')) return false;
    if (utf8::count_code_points(word) < kMinWordLength) return false;
    return stop_terms_.count(word) == 0;
  }

 private:
  std::unordered_set<std::string> stop_terms_;
};

// `id` as the programs show it: each run of bytes that are not UTF-8 (and
// of U+FFFD) becomes one U+FFFD, however many the showing wrote.
std::string shown_form(std::string_view id) {
  std::string out;
  bool in_run = false;
  for (std::size_t i = 0; i < id.size();) {
    std::size_t len;
    const char32_t cp = utf8::decode(id, i, &len);
    if (cp == utf8::kReplacement) {
      if (!in_run) utf8::append(&out, cp);
      in_run = true;
    } else {
      out.append(id.substr(i, len));
      in_run = false;
    }
    i += len;
  }
  return out;
}

// The id term of the one article whose id, as shown, reads `id`: an id
// copied from --json or the terminal, where a file name that is not UTF-8
// shows U+FFFD (issue #16). "" when none, or more than one, reads so.
std::string id_term_as_shown(const Xapian::Database& db, const std::string& id) {
  const std::size_t replaced = id.find("\xEF\xBF\xBD");  // U+FFFD
  if (replaced == std::string::npos) return "";
  const std::string prefix = schema::kPrefixId + id.substr(0, replaced);
  const std::size_t prefix_bytes = std::string_view(schema::kPrefixId).size();
  const std::string wanted = shown_form(id);
  std::string found;
  for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix);
       ++t) {
    if (shown_form(std::string_view(*t).substr(prefix_bytes)) != wanted) continue;
    if (!found.empty()) return "";
    found = *t;
  }
  return found;
}

}  // namespace

LikeQuery like_query(const Xapian::Database& db, Analyzer& analyzer,
                     const std::string& id) {
  std::string id_term = bounded_term(schema::kPrefixId, id);
  if (db.postlist_begin(id_term) == db.postlist_end(id_term)) {
    id_term = id_term_as_shown(db, id);
    // The id as typed, made safe to print: it may hold any byte.
    if (id_term.empty())
      throw Error(message(messages::kNoArticleWithId, {sanitize_for_terminal(id)}));
  }
  Xapian::PostingIterator p = db.postlist_begin(id_term);

  Xapian::RSet rset;
  rset.add_document(*p);
  Xapian::Enquire enquire(db);
  const WordDecider decider(analyzer);
  const Xapian::ESet eset = enquire.get_eset(kLikeTerms, rset, &decider);

  LikeQuery like;
  std::vector<std::string> terms;
  for (Xapian::ESetIterator t = eset.begin(); t != eset.end(); ++t) {
    terms.push_back(*t);
    like.terms.push_back((*t).substr(std::string_view(schema::kPrefixWord).size()));
  }
  std::sort(like.terms.begin(), like.terms.end());
  like.query =
      Xapian::Query(Xapian::Query::OP_AND_NOT,
                    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                    Xapian::Query(id_term));
  return like;
}

}  // namespace kiosque
