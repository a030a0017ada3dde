// SPDX-License-Identifier: GPL-2.0-or-later
// Finding one stored article by its id, and the file it came from on disk,
// for kiosque-query --show and for hits a person wants to open.
#ifndef KIOSQUE_SEARCH_SHOW_H_
#define KIOSQUE_SEARCH_SHOW_H_

#include <map>
#include <optional>
#include <string>

#include <xapian.h>

#include "kiosque/input/article.h"

namespace kiosque {

// The stored article whose id is `id` (as --json prints it), or nullopt when
// `db` holds none. Throws Xapian::Error on database failures, and
// std::runtime_error when the document is not kiosque's.
std::optional<Article> find_article(const Xapian::Database& db, const std::string& id);

// The absolute paths of articles' files, from the roots recorded in a
// database's metadata (index/roots.h): a root's absolute path plus the
// article's path relative to it. Reads each root once. Not thread-safe;
// keeps a reference to `db`, which must outlive it.
class ArticleFiles {
 public:
  explicit ArticleFiles(const Xapian::Database& db) : db_(db) {}

  // The absolute path of `article`'s file, "" when its root is not recorded
  // in the metadata read (with several --db, the first database's only).
  // Throws Xapian::Error.
  std::string file_of(const Article& article);

 private:
  const Xapian::Database& db_;
  std::map<std::string, std::string> folders_;  // root label -> its folder, or ""
};

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_SHOW_H_
