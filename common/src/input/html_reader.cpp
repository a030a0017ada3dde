// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/html_reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/ucnv.h>

#include <climits>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "html_text.h"
#include "kiosque/base/ascii.h"
#include "kiosque/base/message.h"
#include "kiosque/input/dates.h"
#include "kiosque/input/decode.h"

namespace kiosque {
namespace {

struct DocFreer {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFreer>;

// libxml2 must be initialised once before threads use it.
void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// Collapses ASCII whitespace runs into one space and trims. U+00A0 is kept:
// it is part of what was written ("1 800").
std::string collapse(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (is_ascii_blank(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string text_content(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return "";
  std::string result = collapse(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return result;
}

// The first occurrence of each thing the page may declare.
struct PageFacts {
  std::optional<std::string> og_title, published_time, site_name, og_url, author,
      canonical, h1, title, time_datetime, charset;
  // Publication dates by other names: another <meta>, JSON-LD, a <time>
  // marked as the publication's.
  std::optional<std::string> meta_date, json_ld_date, time_published;
  const xmlNode* article = nullptr;
  const xmlNode* body = nullptr;
};

void set_once(std::optional<std::string>* slot, std::optional<std::string> v) {
  if (!slot->has_value() && v.has_value()) *slot = std::move(v);
}

// The charset named by a Content-Type value ("text/html; charset=x").
std::optional<std::string> charset_of_content_type(std::string_view value) {
  const std::string lower = ascii_lower(value);
  const size_t at = lower.find("charset=");
  if (at == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(value).substr(at + 8);
  while (!rest.empty() &&
         (rest.front() == '"' || rest.front() == '\'' || is_ascii_blank(rest.front()))) {
    rest.remove_prefix(1);
  }
  size_t end = 0;
  while (end < rest.size() && rest[end] != ';' && rest[end] != '"' && rest[end] != '\'' &&
         !is_ascii_blank(rest[end])) {
    ++end;
  }
  if (end == 0) return std::nullopt;
  return std::string(rest.substr(0, end));
}

// Whether a <meta> name, property or itemprop announces the publication
// date, as CMSs, Dublin Core, schema.org and Open Graph variants write it.
bool is_date_meta(std::string_view key) {
  static constexpr std::string_view kNames[] = {"og:article:published_time",
                                                "article:published",
                                                "published_time",
                                                "og:published_time",
                                                "og:pubdate",
                                                "article.published",
                                                "datepublished",
                                                "datecreated",
                                                "date",
                                                "dc.date",
                                                "dc.date.issued",
                                                "dc.date.created",
                                                "dcterms.date",
                                                "dcterms.issued",
                                                "dcterms.created",
                                                "pubdate",
                                                "publishdate",
                                                "publish-date",
                                                "publish_date",
                                                "publication_date",
                                                "publication-date",
                                                "sailthru.date",
                                                "parsely-pub-date",
                                                "date.published"};
  for (std::string_view name : kNames) {
    if (ascii_iequals(key, name)) return true;
  }
  return false;
}

// The first "datePublished" in a JSON-LD value (objects, arrays, "@graph"
// lists, depth first), else its first "dateCreated"; nullopt for neither.
void find_json_ld_dates(const nlohmann::json& value,
                        std::optional<std::string>* published,
                        std::optional<std::string>* created, int depth) {
  constexpr int kMaxDepth = 16;  // hostile pages nest deeply
  if (depth > kMaxDepth || published->has_value()) return;
  if (value.is_object()) {
    for (const auto& [key, field] : value.items()) {
      if (!field.is_string()) continue;
      if (key == "datePublished") set_once(published, field.get<std::string>());
      if (key == "dateCreated") set_once(created, field.get<std::string>());
    }
  }
  if (value.is_object() || value.is_array()) {
    for (const auto& field : value)
      find_json_ld_dates(field, published, created, depth + 1);
  }
}

void look_at_json_ld(const xmlNode* script, PageFacts* facts) {
  const std::optional<std::string> type = attribute(script, "type");
  if (!type || !ascii_iequals(collapse(*type), "application/ld+json")) return;
  xmlChar* content = xmlNodeGetContent(script);
  if (content == nullptr) return;
  const nlohmann::json json =
      nlohmann::json::parse(reinterpret_cast<const char*>(content), nullptr, false);
  xmlFree(content);
  if (json.is_discarded()) return;  // broken JSON-LD is common; not an error
  std::optional<std::string> published, created;
  find_json_ld_dates(json, &published, &created, 0);
  set_once(&facts->json_ld_date, published ? published : created);
}

// A <time datetime> marked as the article's publication date.
bool is_publication_time(const xmlNode* time) {
  const std::optional<std::string> itemprop = attribute(time, "itemprop");
  return attribute(time, "pubdate").has_value() ||
         (itemprop && ascii_iequals(*itemprop, "datePublished"));
}

void look_at_meta(const xmlNode* node, PageFacts* facts) {
  const std::optional<std::string> content = attribute(node, "content");
  set_once(&facts->charset, attribute(node, "charset"));
  if (auto equiv = attribute(node, "http-equiv");
      equiv && ascii_iequals(*equiv, "content-type") && content) {
    set_once(&facts->charset, charset_of_content_type(*content));
  }
  if (!content) return;
  // Open Graph uses property=, but many pages write name= for it.
  std::optional<std::string> key = attribute(node, "property");
  if (!key) key = attribute(node, "name");
  if (!key) key = attribute(node, "itemprop");
  if (!key) return;
  if (ascii_iequals(*key, "og:title")) set_once(&facts->og_title, content);
  if (ascii_iequals(*key, "article:published_time")) {
    set_once(&facts->published_time, content);
  } else if (is_date_meta(*key)) {
    set_once(&facts->meta_date, content);
  }
  if (ascii_iequals(*key, "og:site_name")) set_once(&facts->site_name, content);
  if (ascii_iequals(*key, "og:url")) set_once(&facts->og_url, content);
  if (ascii_iequals(*key, "author")) set_once(&facts->author, content);
}

bool has_rel(const xmlNode* node, std::string_view wanted) {
  const std::optional<std::string> rel = attribute(node, "rel");
  if (!rel) return false;
  // rel holds a space-separated list of tokens.
  std::string_view rest = *rel;
  while (!rest.empty()) {
    size_t start = 0;
    while (start < rest.size() && is_ascii_blank(rest[start])) ++start;
    size_t end = start;
    while (end < rest.size() && !is_ascii_blank(rest[end])) ++end;
    if (end > start && ascii_iequals(rest.substr(start, end - start), wanted)) {
      return true;
    }
    rest.remove_prefix(end);
  }
  return false;
}

void gather_facts(const xmlNode* node, PageFacts* facts) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = name_of(n);
    if (name == "meta") {
      look_at_meta(n, facts);
    } else if (name == "link" && has_rel(n, "canonical")) {
      set_once(&facts->canonical, attribute(n, "href"));
    } else if (name == "h1" && !facts->h1) {
      facts->h1 = text_content(n);
    } else if (name == "title" && !facts->title) {
      facts->title = text_content(n);
    } else if (name == "time") {
      set_once(&facts->time_datetime, attribute(n, "datetime"));
      if (is_publication_time(n))
        set_once(&facts->time_published, attribute(n, "datetime"));
    } else if (name == "script") {
      look_at_json_ld(n, facts);
    } else if (name == "article" && facts->article == nullptr) {
      facts->article = n;
    } else if (name == "body" && facts->body == nullptr) {
      facts->body = n;
    }
    gather_facts(n->children, facts);
  }
}

// How deep the walks over the tree go. libxml2 alone stops at 256 levels
// and drops what is deeper without a word; with XML_PARSE_HUGE it builds
// any depth (iteratively), and kiosque bounds it here instead: deeper
// elements are read as plain text of their ancestor at this depth, so that
// the recursive walks below stay within a thread's stack.
constexpr int kMaxHtmlDepth = 1024;

// Parses UTF-8 HTML; on failure returns null and sets *error. Sets
// *flattened when the page was deeper than kMaxHtmlDepth.
DocPtr parse(const std::string& utf8, std::string* error, bool* flattened) {
  if (utf8.size() > static_cast<size_t>(INT_MAX)) {
    *error = "HTML page too large";
    return nullptr;
  }
  init_libxml();
  // The text is UTF-8 already: the page's own declaration must not make
  // libxml2 decode it a second time.
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  DocPtr doc(htmlReadMemory(utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8",
                            options));
  if (!doc) {
    *error = "HTML page could not be parsed";
    return doc;
  }
  *flattened = flatten_deep_elements(doc.get(), kMaxHtmlDepth);
  return doc;
}

// The charset a page's declaration means, as browsers read it.
std::string effective_charset(const std::string& declared) {
  static constexpr std::string_view kLatin1Labels[] = {
      "iso-8859-1", "iso8859-1", "latin1", "l1",
      "us-ascii",   "ascii",     "cp819",  "iso_8859-1"};
  for (std::string_view label : kLatin1Labels) {
    if (ascii_iequals(declared, label)) return "windows-1252";
  }
  return declared;
}

std::string trimmed(std::optional<std::string> value) {
  return value ? collapse(*value) : "";
}

// The page's publication date, best evidence first: article:published_time,
// another date <meta>, JSON-LD, a <time> marked as the publication's, the
// first <time>. A candidate that is no date is warned about and skipped.
std::string page_date(const PageFacts& facts, std::vector<std::string>* warnings) {
  for (const auto* candidate :
       {&facts.published_time, &facts.meta_date, &facts.json_ld_date,
        &facts.time_published, &facts.time_datetime}) {
    if (!candidate->has_value()) continue;
    std::string date = parse_date(**candidate);
    if (!date.empty()) return date;
    warnings->push_back(message(messages::kUnrecognisedDate, {**candidate}));
  }
  return "";
}

// Appends the visible text under `node` to `out`, a line per block, up to
// about `max_bytes`: what a reader sees first, header and byline included,
// where a "Publié le ..." dateline stands.
void visible_lines(const xmlNode* node, std::string* out, std::size_t max_bytes) {
  static constexpr std::string_view kHidden[] = {
      "script", "style",  "noscript", "template", "svg",
      "head",   "select", "textarea", "iframe",   "button"};
  for (const xmlNode* child = node->children; child != nullptr && out->size() < max_bytes;
       child = child->next) {
    if (child->type == XML_TEXT_NODE && child->content != nullptr) {
      *out += collapse(reinterpret_cast<const char*>(child->content));
      *out += ' ';
      continue;
    }
    if (child->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = name_of(child);
    bool hidden = false;
    for (std::string_view h : kHidden) hidden = hidden || h == name;
    if (hidden) continue;
    visible_lines(child, out, max_bytes);
    if (is_block(name) || name == "time" || name == "header") *out += '\n';
  }
}

// The date of a dateline among the first visible lines of `root`.
std::string visible_dateline(const xmlNode* root) {
  constexpr std::size_t kMaxBytes = 16 * 1024;
  constexpr int kLines = 40;  // menus come before the byline
  if (root == nullptr) return "";
  std::string text;
  visible_lines(root, &text, kMaxBytes);
  return date_from_dateline(text, kLines);
}

// A page decoded and parsed, with what its elements say.
struct ParsedPage {
  DecodedText decoded;
  DocPtr doc;
  bool flattened = false;  // nested too deep: the deepest part read as text
  PageFacts facts;
};

// Parses `decoded` into `page`; false (and `error`) when libxml2 cannot.
bool parse_decoded(DecodedText decoded, ParsedPage* page, std::string* error) {
  bool flattened = false;
  DocPtr doc = parse(decoded.text, error, &flattened);
  if (!doc) return false;
  page->decoded = std::move(decoded);
  page->doc = std::move(doc);
  page->flattened = flattened;
  page->facts = PageFacts();
  gather_facts(xmlDocGetRootElement(page->doc.get()), &page->facts);
  return true;
}

// Legacy bytes were guessed; the page's declaration, if any, knows better:
// `page` is decoded and parsed again as it declares, when that works.
void follow_declared_charset(std::string_view bytes, ParsedPage* page) {
  DecodedText& decoded = page->decoded;
  const bool guessed = decoded.charset.substr(0, 3) != "UTF";
  if (!guessed || !page->facts.charset) return;
  const std::string declared = effective_charset(trimmed(page->facts.charset));
  if (ucnv_compareNames(declared.c_str(), decoded.charset.c_str()) == 0) {
    decoded.notes.clear();  // the guess was the declaration: no guess to report
    return;
  }
  DecodedText redone = decode_as(bytes, declared);
  if (!redone.ok()) {
    decoded.warnings.push_back(
        message(messages::kDeclaredCharset, {declared, decoded.charset}));
    return;
  }
  std::string error;
  ParsedPage again;
  if (parse_decoded(std::move(redone), &again, &error)) *page = std::move(again);
}

// The page's fields from its parsed self: title, date, source, url,
// author, dateline, paragraphs, and the decoding's warnings and notes.
void fill_page(ParsedPage& parsed, HtmlPage* page) {
  const PageFacts& facts = parsed.facts;
  page->warnings = std::move(parsed.decoded.warnings);
  if (parsed.flattened) {
    page->warnings.push_back(
        message(messages::kHtmlTooDeep, {std::to_string(kMaxHtmlDepth)}));
  }
  page->notes = std::move(parsed.decoded.notes);
  if (facts.og_title) page->title = collapse(*facts.og_title);
  if (page->title.empty() && facts.h1) page->title = *facts.h1;
  if (page->title.empty() && facts.title) page->title = *facts.title;
  page->date = page_date(facts, &page->warnings);
  page->source = trimmed(facts.site_name);
  page->url = trimmed(facts.canonical);
  if (page->url.empty()) page->url = trimmed(facts.og_url);
  page->author = trimmed(facts.author);
  page->text_date =
      visible_dateline(facts.article != nullptr ? facts.article : facts.body);
  for (std::string& paragraph :
       article_text(xmlDocGetRootElement(parsed.doc.get()), facts.body)) {
    if (paragraph != page->title) page->paragraphs.push_back(std::move(paragraph));
  }
}

}  // namespace

HtmlPage read_html(std::string_view bytes) {
  HtmlPage page;
  DecodedText decoded = decode_to_utf8(bytes);
  if (!decoded.ok()) {
    page.error = decoded.error;
    return page;
  }
  ParsedPage parsed;
  if (!parse_decoded(std::move(decoded), &parsed, &page.error)) return page;
  follow_declared_charset(bytes, &parsed);
  fill_page(parsed, &page);
  return page;
}

}  // namespace kiosque
