// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-query --show ID: one whole stored article, for a person or a
// script.
#ifndef KIOSQUE_QUERY_SHOW_H_
#define KIOSQUE_QUERY_SHOW_H_

#include <cstddef>
#include <iosfwd>
#include <string>

#include "kiosque/input/article.h"
#include "kiosque/store/database.h"

namespace kiosque {

// What --show prints, besides the article.
struct ShowContext {
  std::string file;          // the file's absolute path, "" when unknown
  std::size_t columns = 80;  // output_columns() of stdout
  bool color = false;        // the title in bold
};

// Prints `article` for a person: its title, then "Date :" (with how the date
// was found, in words), "Source :", "Auteur :", "URL :", "Fichier :" and
// "Id :" lines (those it has), a blank line, then its text paragraph by
// paragraph, a blank line between them, wrapped at word boundaries to
// `context.columns`. Everything from the article is sanitised.
void print_article(std::ostream& out, const Article& article, const ShowContext& context);

// Prints `article` as one JSON object (docs/json-output.md, "Article").
void print_article_json(std::ostream& out, const Article& article,
                        const std::string& file);

// Runs --show `id` on `locations`, each searched alone in order (the first
// that holds the article wins, with its own recorded roots): prints the
// article to `out` as text, or as JSON when `json`. Returns 0, or 1 with
// "kiosque-query: no article with id ID" on `err` when none holds it.
// Throws what open_for_search() and Xapian throw.
int run_show(const Locations& locations, const std::string& id, bool json,
             const ShowContext& context, std::ostream& out, std::ostream& err);

}  // namespace kiosque

#endif  // KIOSQUE_QUERY_SHOW_H_
