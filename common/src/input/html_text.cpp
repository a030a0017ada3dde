// SPDX-License-Identifier: GPL-2.0-or-later
#include "html_text.h"

#include <algorithm>
#include <cctype>
#include <span>
#include <unordered_map>
#include <utility>

#include "kiosque/base/ascii.h"
#include "kiosque/text/stopwords.h"

namespace kiosque {

std::string_view name_of(const xmlNode* node) {
  return node->name == nullptr
             ? std::string_view()
             : std::string_view(reinterpret_cast<const char*>(node->name));
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return std::nullopt;
  std::string result(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return result;
}

bool is_ascii_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_block(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",       "div",     "li",         "ul",     "ol",       "dl",
      "dt",      "dd",      "h1",         "h2",     "h3",       "h4",
      "h5",      "h6",      "blockquote", "br",     "section",  "article",
      "main",    "tr",      "table",      "thead",  "tbody",    "tfoot",
      "caption", "figure",  "figcaption", "pre",    "hr",       "address",
      "details", "summary", "body",       "center", "fieldset", "legend"};
  for (std::string_view s : kBlocks) {
    if (s == name) return true;
  }
  return false;
}

namespace {

// Elements whose content is not article text.
bool is_skipped(std::string_view name) {
  static constexpr std::string_view kSkipped[] = {
      "script",   "style", "noscript", "nav",    "header", "footer",   "aside", "form",
      "template", "svg",   "iframe",   "button", "select", "textarea", "head"};
  for (std::string_view s : kSkipped) {
    if (s == name) return true;
  }
  return false;
}

bool contains(std::span<const std::string_view> list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Whether a class or id value names page furniture. It is cut into words at
// anything but ASCII letters and digits ("bloc_newsletter", "share-buttons",
// "nav__list"), and a furniture word must be a whole word: "pub" names an
// advert, "publication" does not. A word naming the page's content ("main",
// "content") wins, so that "content-with-sidebar" is not thrown away.
bool names_furniture(std::string_view value) {
  static constexpr std::string_view kFurniture[] = {
      "menu",         "nav",          "navbar",      "navigation",  "sidebar", "footer",
      "masthead",     "topbar",       "cookie",      "cookies",     "consent", "rgpd",
      "gdpr",         "newsletter",   "newsletters", "share",       "sharing", "partage",
      "social",       "socials",      "related",     "recommended", "comment", "comments",
      "commentaires", "breadcrumb",   "breadcrumbs", "ariane",      "pub",     "ad",
      "ads",          "advert",       "advertising", "publicite",   "banner",  "promo",
      "subscribe",    "subscription", "abonnement",  "abo",         "abonne",  "abonnes",
      "paywall",      "tags",         "outbrain",    "taboola",     "popup",   "modal",
      "skip",         "hidden"};
  static constexpr std::string_view kContent[] = {"main",    "content",   "body",
                                                  "wrapper", "container", "layout"};
  static constexpr std::string_view kPhrases[] = {
      "site-header", "page-header", "lire-aussi",     "a-lire",
      "read-more",   "voir-aussi",  "meme-sujet",     "plus-lus",
      "most-read",   "sr-only",     "visually-hidden"};
  const std::string lower = ascii_lower(value);
  std::string dashed = lower;
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  bool furniture = false;
  for (std::string_view phrase : kPhrases) {
    furniture = furniture || dashed.find(phrase) != std::string::npos;
  }
  for (size_t i = 0; i < lower.size();) {
    size_t end = i;
    while (end < lower.size() && std::isalnum(static_cast<unsigned char>(lower[end])))
      ++end;
    const std::string_view word = std::string_view(lower).substr(i, end - i);
    if (contains(kContent, word)) return false;
    furniture = furniture || contains(kFurniture, word);
    i = end == i ? i + 1 : end;
  }
  return furniture;
}

// Whether an element is page furniture by its own say: its class, id, ARIA
// role or hidden attribute.
bool is_furniture(const xmlNode* node) {
  static constexpr std::string_view kRoles[] = {"navigation",    "banner", "contentinfo",
                                                "complementary", "search", "dialog",
                                                "alertdialog"};
  if (attribute(node, "hidden")) return true;
  if (auto hidden = attribute(node, "aria-hidden");
      hidden && ascii_iequals(*hidden, "true")) {
    return true;
  }
  if (auto role = attribute(node, "role"); role && contains(kRoles, ascii_lower(*role))) {
    return true;
  }
  for (const char* name : {"class", "id"}) {
    if (auto value = attribute(node, name); value && names_furniture(*value)) return true;
  }
  return false;
}

// One paragraph of text with what the boilerplate heuristics need.
struct Paragraph {
  std::string text;
  size_t link_bytes = 0;           // of text inside <a> elements
  const xmlNode* block = nullptr;  // the innermost block element holding it
};

double link_density(size_t link_bytes, size_t bytes) {
  return bytes == 0 ? 0.0 : static_cast<double>(link_bytes) / static_cast<double>(bytes);
}

// Gathers paragraphs while walking the content tree. Elements that are
// furniture (is_skipped, is_furniture) are left out with their content;
// with KeepHeader::kYes a <header> is read, as an <article>'s own header
// holds its standfirst.
class ParagraphCollector {
 public:
  enum class KeepHeader { kNo, kYes };
  ParagraphCollector(const xmlNode* root, KeepHeader keep_header)
      : keep_header_(keep_header), block_(root) {}

  void walk(const xmlNode* node) {
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
        if (child->content != nullptr) {
          append(reinterpret_cast<const char*>(child->content));
        }
        continue;
      }
      if (child->type != XML_ELEMENT_NODE) continue;  // comments, PIs
      const std::string_view name = name_of(child);
      const bool header_kept = name == "header" && keep_header_ == KeepHeader::kYes;
      if ((is_skipped(name) && !header_kept) || is_furniture(child)) continue;
      walk_element(child, name);
    }
  }

  std::vector<Paragraph> finish() {
    end_paragraph();
    return std::move(paragraphs_);
  }

 private:
  void walk_element(const xmlNode* element, std::string_view name) {
    const bool block = is_block(name);
    const xmlNode* outer_block = block_;
    if (block) {
      end_paragraph();
      block_ = element;
    }
    if (name == "a") ++in_link_;
    walk(element);
    if (name == "a") --in_link_;
    if (block) {
      end_paragraph();
      block_ = outer_block;
    }
    if (name == "td" || name == "th") pending_space_ = true;
  }

  void append(std::string_view text) {
    for (char c : text) {
      if (is_ascii_blank(c)) {
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !current_.text.empty()) current_.text += ' ';
      pending_space_ = false;
      if (current_.text.empty()) current_.block = block_;
      current_.text += c;
      if (in_link_ > 0) ++current_.link_bytes;
    }
  }

  void end_paragraph() {
    if (!current_.text.empty()) paragraphs_.push_back(std::move(current_));
    current_ = Paragraph();
    pending_space_ = false;
  }

  KeepHeader keep_header_;
  const xmlNode* block_;
  int in_link_ = 0;
  Paragraph current_;
  bool pending_space_ = false;
  std::vector<Paragraph> paragraphs_;
};

// Captions of furniture that pages write as a paragraph of their own,
// folded: a paragraph that is only one of them is not article text.
bool is_furniture_caption(std::string_view text) {
  static constexpr std::string_view kCaptions[] = {
      "lire aussi",         "a lire aussi",
      "lire egalement",     "a lire egalement",
      "voir aussi",         "a voir aussi",
      "sur le meme sujet",  "dans la meme rubrique",
      "partager",           "partager cet article",
      "publicite",          "newsletter",
      "abonnez-vous",       "suivez-nous",
      "commentaires",       "les plus lus",
      "vous aimerez aussi", "a decouvrir",
      "imprimer",           "ecouter cet article"};
  if (text.size() > 40) return false;
  std::string folded = fold_word(text);
  while (!folded.empty() && (folded.back() == ':' || folded.back() == '.' ||
                             folded.back() == ' ' || folded.back() == '>')) {
    folded.pop_back();
  }
  return contains(kCaptions, folded);
}

// What the boilerplate heuristic knows of one element: Readability's
// content score (from the paragraphs it holds as a parent, half as a
// grandparent) and the bytes of text (and of link text) below it.
struct BlockStats {
  double score = 0;
  size_t bytes = 0;
  size_t link_bytes = 0;
  double final_score() const { return score * (1.0 - link_density(link_bytes, bytes)); }
};

using StatsMap = std::unordered_map<const xmlNode*, BlockStats>;

// A paragraph too short to say anything about where the text is.
constexpr size_t kMinScoredBytes = 25;
// A paragraph with more link text than this is a list of links.
constexpr double kMaxLinkDensity = 0.5;

StatsMap score_blocks(const std::vector<Paragraph>& paragraphs, const xmlNode* root) {
  StatsMap stats;
  for (const Paragraph& p : paragraphs) {
    for (const xmlNode* n = p.block; n != nullptr; n = n->parent) {
      stats[n].bytes += p.text.size();
      stats[n].link_bytes += p.link_bytes;
      if (n == root) break;
    }
    if (p.text.size() < kMinScoredBytes ||
        link_density(p.link_bytes, p.text.size()) > kMaxLinkDensity) {
      continue;
    }
    const double score =
        1.0 + static_cast<double>(std::count(p.text.begin(), p.text.end(), ',')) +
        std::min(static_cast<double>(p.text.size()) / 100.0, 3.0);
    const xmlNode* parent = p.block == root ? root : p.block->parent;
    stats[parent].score += score;
    if (parent != root && parent->parent != nullptr)
      stats[parent->parent].score += score / 2;
  }
  return stats;
}

// The elements holding the main text: the best-scored one and those of its
// siblings that score near it or read as prose (Readability's rule).
// Empty when no paragraph scored: the page is all short lines.
std::vector<const xmlNode*> main_text_blocks(const StatsMap& stats,
                                             const std::vector<Paragraph>& paragraphs,
                                             const xmlNode* root) {
  // Candidates in document order, so that a tie goes to the first.
  const xmlNode* top = nullptr;
  double top_score = 0;
  for (const Paragraph& p : paragraphs) {
    for (const xmlNode* n = p.block; n != nullptr; n = n->parent) {
      const double score = stats.at(n).final_score();
      if (score > top_score) {
        top = n;
        top_score = score;
      }
      if (n == root) break;
    }
  }
  if (top == nullptr) return {};
  std::vector<const xmlNode*> kept;
  const xmlNode* first = top->parent != nullptr ? top->parent->children : top;
  for (const xmlNode* n = first; n != nullptr; n = n->next) {
    if (n == top) {
      kept.push_back(n);
      continue;
    }
    const auto found = stats.find(n);
    if (found == stats.end()) continue;
    const BlockStats& s = found->second;
    const double density = link_density(s.link_bytes, s.bytes);
    if (s.final_score() >= std::max(10.0, top_score * 0.2) ||
        (s.bytes > 80 && density < 0.25)) {
      kept.push_back(n);
    }
  }
  return kept;
}

bool is_inside(const xmlNode* node, const std::vector<const xmlNode*>& blocks) {
  for (; node != nullptr; node = node->parent) {
    if (std::find(blocks.begin(), blocks.end(), node) != blocks.end()) return true;
  }
  return false;
}

// Where the article's text is, best evidence first.
struct ContentRoot {
  const xmlNode* node = nullptr;
  enum class Kind { kArticle, kPage } kind = Kind::kPage;
};

size_t text_bytes(const std::vector<Paragraph>& paragraphs) {
  size_t bytes = 0;
  for (const Paragraph& p : paragraphs) bytes += p.text.size();
  return bytes;
}

std::vector<Paragraph> collect(const xmlNode* root, ParagraphCollector::KeepHeader keep) {
  ParagraphCollector collector(root, keep);
  collector.walk(root);
  return collector.finish();
}

// The page's content elements: every <article>, the first <main> (or
// role="main"), the first itemprop="articleBody". Iterative, so that a
// deep page cannot exhaust the stack.
struct ContentElements {
  std::vector<const xmlNode*> articles;
  const xmlNode* main = nullptr;
  const xmlNode* article_body = nullptr;
};

ContentElements find_content_elements(const xmlNode* top) {
  ContentElements found;
  std::vector<const xmlNode*> stack;
  if (top != nullptr) stack.push_back(top);
  while (!stack.empty()) {
    const xmlNode* n = stack.back();
    stack.pop_back();
    if (n->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = name_of(n);
    if (is_skipped(name) && name != "header") continue;
    if (name != "html" && name != "body" && is_furniture(n)) continue;
    if (name == "article") found.articles.push_back(n);
    if (found.main == nullptr &&
        (name == "main" || ascii_iequals(attribute(n, "role").value_or(""), "main"))) {
      found.main = n;
    }
    if (found.article_body == nullptr &&
        ascii_iequals(attribute(n, "itemprop").value_or(""), "articleBody")) {
      found.article_body = n;
    }
    std::vector<const xmlNode*> children;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) children.push_back(c);
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return found;
}

// The article's paragraphs, in order. Inside an <article> (the one with
// the most text when a page has several, as teasers are articles too) or an
// itemprop="articleBody", every paragraph that is not furniture is kept.
// Otherwise, within <main> or <body>, the main text block is chosen by
// content score and link density (score_blocks, main_text_blocks). Lists
// of links and furniture captions are left out everywhere.
std::vector<Paragraph> article_paragraphs(const xmlNode* top, const xmlNode* body) {
  using KeepHeader = ParagraphCollector::KeepHeader;
  const ContentElements found = find_content_elements(top);
  std::vector<Paragraph> paragraphs;
  bool choose_block = false;
  if (!found.articles.empty()) {
    for (const xmlNode* article : found.articles) {
      std::vector<Paragraph> candidate = collect(article, KeepHeader::kYes);
      if (text_bytes(candidate) > text_bytes(paragraphs))
        paragraphs = std::move(candidate);
    }
  } else if (found.main != nullptr) {
    paragraphs = collect(found.main, KeepHeader::kYes);
    choose_block = true;
  } else if (found.article_body != nullptr) {
    paragraphs = collect(found.article_body, KeepHeader::kYes);
  } else {
    const xmlNode* root = body != nullptr ? body : top;
    if (root != nullptr) paragraphs = collect(root, KeepHeader::kNo);
    choose_block = true;
  }
  std::vector<const xmlNode*> blocks;
  if (choose_block && !paragraphs.empty()) {
    const xmlNode* root =
        found.main != nullptr ? found.main : (body != nullptr ? body : top);
    blocks = main_text_blocks(score_blocks(paragraphs, root), paragraphs, root);
  }
  std::vector<Paragraph> kept;
  for (Paragraph& p : paragraphs) {
    if (!blocks.empty() && !is_inside(p.block, blocks)) continue;
    if (link_density(p.link_bytes, p.text.size()) > kMaxLinkDensity) continue;
    if (is_furniture_caption(p.text)) continue;
    kept.push_back(std::move(p));
  }
  return kept;
}

// The text under `node`, a line break at each block's edges, without
// what is_skipped names. Iterative.
std::string flat_text(const xmlNode* node) {
  std::string text;
  // A null entry marks the end of a block.
  std::vector<const xmlNode*> stack;
  for (const xmlNode* c = node->last; c != nullptr; c = c->prev) stack.push_back(c);
  while (!stack.empty()) {
    const xmlNode* n = stack.back();
    stack.pop_back();
    if (n == nullptr) {
      text += '\n';
      continue;
    }
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) text += reinterpret_cast<const char*>(n->content);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE || is_skipped(name_of(n))) continue;
    if (is_block(name_of(n))) {
      text += '\n';
      stack.push_back(nullptr);
    }
    for (const xmlNode* c = n->last; c != nullptr; c = c->prev) stack.push_back(c);
  }
  return text;
}

}  // namespace

bool flatten_deep_elements(xmlDoc* doc, int max_depth) {
  bool flattened = false;
  std::vector<std::pair<xmlNode*, int>> stack;
  if (xmlNode* root = xmlDocGetRootElement(doc)) stack.emplace_back(root, 1);
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (node->type != XML_ELEMENT_NODE || node->children == nullptr) continue;
    if (depth < max_depth) {
      for (xmlNode* c = node->children; c != nullptr; c = c->next) {
        stack.emplace_back(c, depth + 1);
      }
      continue;
    }
    const std::string text = flat_text(node);
    xmlNode* children = node->children;
    node->children = nullptr;
    node->last = nullptr;
    for (xmlNode* c = children; c != nullptr; c = c->next) c->parent = nullptr;
    xmlFreeNodeList(children);
    xmlAddChild(node, xmlNewDocText(doc, reinterpret_cast<const xmlChar*>(text.c_str())));
    flattened = true;
  }
  return flattened;
}

std::vector<std::string> article_text(const xmlNode* top, const xmlNode* body) {
  std::vector<std::string> text;
  for (Paragraph& p : article_paragraphs(top, body)) text.push_back(std::move(p.text));
  return text;
}

}  // namespace kiosque
