// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/show.h"

#include "kiosque/index/roots.h"
#include "kiosque/store/document.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

std::optional<Article> find_article(const Xapian::Database& db, const std::string& id) {
  const std::string id_term = bounded_term(schema::kPrefixId, id);
  Xapian::PostingIterator p = db.postlist_begin(id_term);
  if (p == db.postlist_end(id_term)) return std::nullopt;
  return article_from_document(db.get_document(*p));
}

std::string ArticleFiles::file_of(const Article& article) {
  if (article.root.empty() || article.path.empty()) return "";
  auto [at, added] = folders_.try_emplace(article.root);
  if (added) {
    // The root's own key: one metadata read, which the remote backend serves.
    const std::string key = root_key(article.root);
    if (auto root = decode_root(key, db_.get_metadata(key))) {
      at->second = root_folder(*root);
    }
  }
  if (at->second.empty()) return "";
  return at->second == "/" ? "/" + article.path : at->second + "/" + article.path;
}

}  // namespace kiosque
