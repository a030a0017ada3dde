// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/more_like_this.h"
#include "kiosque/base/message.h"

#include <algorithm>
#include <unordered_set>

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

}  // namespace

LikeQuery like_query(const Xapian::Database& db, Analyzer& analyzer,
                     const std::string& id) {
  const std::string id_term = bounded_term(schema::kPrefixId, id);
  Xapian::PostingIterator p = db.postlist_begin(id_term);
  if (p == db.postlist_end(id_term))
    throw Error(message(messages::kNoArticleWithId, {id}));

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
