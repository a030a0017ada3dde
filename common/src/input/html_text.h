// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to read_html: which part of a parsed HTML page is the article's
// text, and what in it is the page's furniture (menus, banners, "lire aussi"
// lists, footers). Boilerpipe and Readability measured what works; this is
// their rules, narrowed to French news pages.
#ifndef KIOSQUE_INPUT_HTML_TEXT_H_
#define KIOSQUE_INPUT_HTML_TEXT_H_

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosque {

// The element's name ("" for a node without one).
std::string_view name_of(const xmlNode* node);

// An attribute's value, or nullopt when the element does not have it.
std::optional<std::string> attribute(const xmlNode* node, const char* name);

// HTML's ASCII white space, which unlike C's (is_ascii_space) has no '\v'.
bool is_ascii_blank(char c);

// Replaces the content of every element at depth `max_depth` (the root
// element is at 1) by its text, a line break between blocks, so that no
// walk over the tree goes deeper; script and style are dropped. Returns
// whether any element was so flattened. Iterative: the tree may be any depth.
bool flatten_deep_elements(xmlDoc* doc, int max_depth);

// The article's paragraphs, in document order, from the tree under `top`
// (`body` its <body>, or null). Where the text is, best evidence first:
//   - the <article> with the most text (teasers are articles too): all of
//     it is kept but its furniture;
//   - else the first <main> (or role="main"): its main text block is chosen
//     by content score and link density (Readability's rule), and what lies
//     outside it is left out;
//   - else the first itemprop="articleBody", kept like an <article>;
//   - else <body>, scored like <main>.
// Furniture, left out with its content everywhere: script, style, noscript,
// nav, header (but an article's own), footer, aside, form, template, svg,
// iframe, button, select, textarea; elements whose class or id names
// furniture (menu, nav, cookie, newsletter, share, related, comment,
// breadcrumb, pub, ...), whose ARIA role is navigation, banner, contentinfo,
// complementary, search or dialog, or that are hidden; paragraphs that are
// mostly link text, and lone captions ("Lire aussi :", "Partager").
// Block elements (p, div, li, h1-h6, blockquote, br, section, tr,
// figcaption...) end a paragraph; table cells are separated by a space.
// Whitespace runs are one space. Never throws for bad content.
std::vector<std::string> article_text(const xmlNode* top, const xmlNode* body);

// Whether an element of this name ends a paragraph (p, div, li, h1-h6...).
bool is_block(std::string_view name);

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_HTML_TEXT_H_
