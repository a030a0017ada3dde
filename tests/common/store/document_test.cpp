// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/document.h"

#include <gtest/gtest.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "kiosque/store/schema.h"

namespace kiosque {
namespace {

Article sample_article() {
  Article article;
  article.id = "idleb-2020-03-06";
  article.title = "Idleb : Moscou et Ankara s’accordent sur un cessez-le-feu";
  article.date = "2020-03-06";
  article.source = "Agence Presse Sud";
  article.path = "2020/03/06/idleb.txt";
  article.line = 3;
  for (int i = 0; i < 20; ++i) {
    article.text +=
        "Les présidents russe et turc ont annoncé jeudi soir un cessez-le-feu "
        "dans la province d’Idleb, où vivent 1 800 000 civils.\n";
  }
  return article;
}

TEST(DocumentTest, TheTextIsKeptCompressedInItsSlotNotInTheData) {
  Analyzer analyzer;
  const Article article = sample_article();
  const PreparedDocument prepared = prepare_document(article, analyzer);
  const nlohmann::json data = nlohmann::json::parse(prepared.document.get_data());
  EXPECT_FALSE(data.contains("text"));
  EXPECT_EQ(data.at("title"), article.title);
  const std::string frame = prepared.document.get_value(schema::kSlotText);
  ASSERT_FALSE(frame.empty());
  // Twenty copies of one paragraph: compressed to a small part of it.
  EXPECT_LT(frame.size(), article.text.size() / 10);
}

TEST(DocumentTest, AnArticleReadsBackAsWritten) {
  Analyzer analyzer;
  const Article article = sample_article();
  const Article back =
      article_from_document(prepare_document(article, analyzer).document);
  EXPECT_EQ(back.id, "idleb-2020-03-06");
  EXPECT_EQ(back.title, article.title);
  EXPECT_EQ(back.text, article.text);
  EXPECT_EQ(back.date, "2020-03-06");
  EXPECT_EQ(back.source, "Agence Presse Sud");
  EXPECT_EQ(back.path, "2020/03/06/idleb.txt");
  // Not stored: removing a JSON Lines record must not change the records
  // after it (issue #14 point 5).
  EXPECT_EQ(back.line, 0);
}

TEST(DocumentTest, AnArticleGivenAnotherIdHasOnlyThatId) {
  Analyzer analyzer;
  PreparedDocument prepared = prepare_document(sample_article(), analyzer);
  set_article_id(&prepared, "2019/idleb.txt");
  EXPECT_EQ(prepared.id_term, std::string(schema::kPrefixId) + "2019/idleb.txt");
  std::vector<std::string> id_terms;
  for (auto t = prepared.document.termlist_begin(); t != prepared.document.termlist_end();
       ++t) {
    if ((*t).rfind(schema::kPrefixId, 0) == 0) id_terms.push_back(*t);
  }
  EXPECT_EQ(id_terms, (std::vector<std::string>{"Q2019/idleb.txt"}));
  const Article back = article_from_document(prepared.document);
  EXPECT_EQ(back.id, "2019/idleb.txt");
  EXPECT_EQ(back.path, "2020/03/06/idleb.txt");
}

// The re-ranking pass filters by id terms made from the data alone
// (search.cpp): they must be the terms the document holds, long ids too.
TEST(DocumentTest, TheIdTermMadeFromTheDataIsTheDocumentsIdTerm) {
  Analyzer analyzer;
  Article article = sample_article();
  EXPECT_EQ(id_term_from_data(prepare_document(article, analyzer).document),
            "Qidleb-2020-03-06");
  PreparedDocument moved = prepare_document(article, analyzer);
  set_article_id(&moved, "2019/idleb.txt");
  EXPECT_EQ(id_term_from_data(moved.document), "Q2019/idleb.txt");
  article.id = std::string(300, 'x');
  const PreparedDocument long_id = prepare_document(article, analyzer);
  EXPECT_EQ(id_term_from_data(long_id.document), long_id.id_term);
  EXPECT_NE(long_id.id_term, "Q" + article.id);  // bounded: hashed
}

TEST(DocumentTest, DataWithoutAnIdGivesNoIdTerm) {
  Xapian::Document document;
  EXPECT_EQ(id_term_from_data(document), "");
  document.set_data("{\"title\":\"x\"}");
  EXPECT_EQ(id_term_from_data(document), "");
  document.set_data("{\"id\":\"\"}");
  EXPECT_EQ(id_term_from_data(document), "");
  document.set_data("not json");
  EXPECT_EQ(id_term_from_data(document), "");
}

TEST(DocumentTest, TheIdTermOfADocumentIsReadFromItsTermList) {
  Analyzer analyzer;
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const PreparedDocument prepared = prepare_document(sample_article(), analyzer);
  const Xapian::docid with_id = db.replace_document(prepared.id_term, prepared.document);
  Xapian::Document without_id;
  without_id.add_term("Sidleb");  // the first term after where "Q…" would be
  without_id.add_term("Zidleb");
  const Xapian::docid none = db.add_document(without_id);
  EXPECT_EQ(id_term_of(db, with_id), "Qidleb-2020-03-06");
  EXPECT_EQ(id_term_of(db, none), "");
}

// The source term is what source:"…" searches for (fold_source): an elided
// article is kept, whatever the apostrophe.
TEST(DocumentTest, TheSourceTermKeepsAnElidedArticleFolded) {
  Analyzer analyzer;
  std::vector<std::string> terms;
  for (const char* source : {"L’Écho des Causses", "L'Écho  des Causses"}) {
    Article article = sample_article();
    article.source = source;
    const PreparedDocument prepared = prepare_document(article, analyzer);
    for (auto t = prepared.document.termlist_begin();
         t != prepared.document.termlist_end(); ++t) {
      if ((*t).rfind(schema::kPrefixSource, 0) == 0) terms.push_back(*t);
    }
  }
  EXPECT_EQ(terms,
            (std::vector<std::string>{"XSl'echo des causses", "XSl'echo des causses"}));
}

TEST(DocumentTest, ADamagedTextSlotIsAnErrorNotGarbage) {
  Analyzer analyzer;
  Xapian::Document document = prepare_document(sample_article(), analyzer).document;
  std::string frame = document.get_value(schema::kSlotText);
  frame.resize(frame.size() / 2);
  document.add_value(schema::kSlotText, frame);
  EXPECT_THROW(article_from_document(document), std::runtime_error);
  document.add_value(schema::kSlotText, "not zstd at all");
  EXPECT_THROW(article_from_document(document), std::runtime_error);
}

}  // namespace
}  // namespace kiosque
