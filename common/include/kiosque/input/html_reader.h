// SPDX-License-Identifier: GPL-2.0-or-later
// Reading one news article out of an HTML page: its metadata from the usual
// <meta> and <link> tags, its text from <article> (or the page's main text
// block) without the page's furniture. Parsing is libxml2's HTML parser, which recovers
// from the malformed markup real pages hold and decodes entities.
#ifndef KIOSQUE_INPUT_HTML_READER_H_
#define KIOSQUE_INPUT_HTML_READER_H_

#include <string>
#include <string_view>
#include <vector>

namespace kiosque {

// What a page gave. Every string is UTF-8 with entities decoded and
// whitespace runs (ASCII blanks; U+00A0 is kept) collapsed to one space,
// trimmed; "" when the page does not say.
struct HtmlPage {
  std::string title;  // <meta property="og:title">, else the first <h1>,
                      // else <title>
  // "YYYY-MM-DD" (parse_date), the first that parses of: <meta
  // property="article:published_time">; another date <meta> (name, property
  // or itemprop "date", "dc.date", "dcterms.created", "pubdate",
  // "datePublished", "og:published_time"... in document order); JSON-LD
  // "datePublished", else "dateCreated", in any <script
  // type="application/ld+json"> (nested objects and "@graph" included); a
  // <time datetime> with pubdate or itemprop="datePublished"; the first
  // <time datetime>. Each candidate that does not parse is a warning.
  std::string date;
  // A dateline ("Publié le 12/01/2022") among the first 40 visible lines of
  // <article>, else <body> (header and byline included): date_from_dateline.
  std::string text_date;
  std::string source;  // <meta property="og:site_name">
  std::string url;     // <link rel="canonical">, else <meta property="og:url">
  std::string author;  // <meta name="author">
  // The article's text, one paragraph each, in document order, without
  // the page's furniture: from the <article> with the most text, else the
  // main text block of <main> chosen by content score and link density, else
  // itemprop="articleBody", else the main text block of <body>; menus, headers, footers,
  // cookie banners, newsletter and share boxes, "lire aussi" lists and
  // comments are left out (src/input/html_text.h says how). Paragraphs equal
  // to the title are left out. Repeated paragraphs are left for the caller.
  std::vector<std::string> paragraphs;
  std::vector<std::string> warnings;  // charset guesses, unreadable dates...
  std::vector<std::string> notes;     // guesses (the charset chosen)
  std::string error;                  // set when the page could not be read at all
  bool ok() const { return error.empty(); }
};

// Reads an HTML page from its raw bytes (already gunzipped). Charset: a
// byte-order mark, else valid UTF-8, else the page's own declaration (<meta
// charset> or http-equiv Content-Type), else decode_to_utf8's guess (with a
// warning). Declared ISO-8859-1 and US-ASCII are read as windows-1252, as
// browsers do (WHATWG Encoding Standard), because pages so labelled use
// its ’ œ € … freely. All conversion goes through ICU; libxml2 is always
// handed UTF-8 and told to ignore the page's declaration. Thread-safe; never
// throws for bad content. Elements nested deeper than 1024 levels are read
// as plain text of their ancestor at that depth, with a warning.
HtmlPage read_html(std::string_view bytes);

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_HTML_READER_H_
