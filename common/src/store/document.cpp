// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/document.h"

#include <zstd.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <unordered_set>

#include "kiosque/base/hash.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"
#include "kiosque/text/analyzer.h"
#include "kiosque/text/stopwords.h"

namespace kiosque {
namespace {

// Title and body never meet in a phrase: the body starts this many positions
// after the end of the title.
constexpr Xapian::termpos kBodyGap = 100;

// Below this many shingles a simhash says little: such short texts are left
// out of near-duplicate detection.
constexpr std::size_t kMinShingles = 8;

// The bits of a byte, each spread to a byte of its own: adding
// kSpreadBits[b] to a word counts the eight bits of b in eight byte lanes.
constexpr std::array<std::uint64_t, 256> kSpreadBits = [] {
  std::array<std::uint64_t, 256> spread{};
  for (unsigned b = 0; b < 256; ++b) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      if (b >> bit & 1) spread[b] |= std::uint64_t{1} << (8 * bit);
    }
  }
  return spread;
}();

// 64-bit simhash of the word 3-shingles of `terms`: bit i is set when most
// shingle hashes have it set. The votes are counted eight bits at a time, in
// byte lanes emptied before they can overflow (a bit at a time, this loop
// was a sixth of the analysis thread's time).
bool shingle_simhash(const std::vector<const std::string*>& terms, std::uint64_t* out) {
  if (terms.size() < kMinShingles + 2) return false;
  const std::size_t shingles = terms.size() - 2;
  std::uint32_t ones[64] = {};
  std::uint64_t lanes[8] = {};
  unsigned pending = 0;
  const auto empty_lanes = [&] {
    for (int byte = 0; byte < 8; ++byte) {
      for (int bit = 0; bit < 8; ++bit)
        ones[8 * byte + bit] += lanes[byte] >> (8 * bit) & 0xFF;
      lanes[byte] = 0;
    }
    pending = 0;
  };
  for (std::size_t i = 0; i < shingles; ++i) {
    std::uint64_t h = kFnv1a64Offset;
    for (std::size_t k = 0; k < 3; ++k) h = fnv1a64(fnv1a64(h, *terms[i + k]), " ");
    // FNV's low bits mix poorly: finish with a 64-bit mixer (splitmix64).
    h ^= h >> 30, h *= 0xbf58476d1ce4e5b9ULL, h ^= h >> 27, h *= 0x94d049bb133111ebULL,
        h ^= h >> 31;
    for (int byte = 0; byte < 8; ++byte)
      lanes[byte] += kSpreadBits[h >> (8 * byte) & 0xFF];
    if (++pending == 255) empty_lanes();
  }
  empty_lanes();
  std::uint64_t simhash = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * ones[bit] > shingles) simhash |= std::uint64_t{1} << bit;
  }
  *out = simhash;
  return true;
}

// zstd's default level: as small as zlib's level 6 on article text, and
// several times faster.
constexpr int kTextCompressionLevel = 3;

struct CompressionContexts {
  ZSTD_CCtx* compress = ZSTD_createCCtx();
  ZSTD_DCtx* decompress = ZSTD_createDCtx();
  ~CompressionContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
};

// One context per thread: creating one per article would cost more than
// compressing it.
CompressionContexts& contexts() {
  thread_local CompressionContexts local;
  return local;
}

std::string compress_text(const std::string& text) {
  std::string frame(ZSTD_compressBound(text.size()), '\0');
  const std::size_t size =
      ZSTD_compressCCtx(contexts().compress, frame.data(), frame.size(), text.data(),
                        text.size(), kTextCompressionLevel);
  if (ZSTD_isError(size)) {
    throw std::runtime_error(std::string("cannot compress an article's text: ") +
                             ZSTD_getErrorName(size));
  }
  frame.resize(size);
  return frame;
}

std::string decompress_text(const std::string& frame) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    throw std::runtime_error("document text is not a zstd frame");
  }
  std::string text(size, '\0');
  const std::size_t got = ZSTD_decompressDCtx(contexts().decompress, text.data(),
                                              text.size(), frame.data(), frame.size());
  if (ZSTD_isError(got) || got != size) {
    throw std::runtime_error("document text is a damaged zstd frame");
  }
  return text;
}

bool is_spelling_candidate(const std::string& folded) {
  if (folded.size() < 3) return false;
  for (unsigned char ch : folded) {
    if (ch >= '0' && ch <= '9') return false;
  }
  return true;
}

}  // namespace

std::string rooted_path(const std::string& root, const std::string& relpath) {
  return root.empty() ? relpath : root + "/" + relpath;
}

std::string date_slot_value(const Article& article) {
  const std::string& d = article.date;
  // A modification time is the copy's day, not the article's.
  if (d.size() != 10 || article.date_source == DateSource::kMtime) return "";
  const std::string day =
      article.date_precision == DatePrecision::kMonth ? "00" : d.substr(8, 2);
  return d.substr(0, 4) + d.substr(5, 2) + day;
}

std::string source_key(const std::string& source) {
  // Spaces and punctuation are kept: the whole source is one boolean term,
  // folded as the query parser folds a source: value.
  return fold_source(source);
}

namespace {

// The terms that name the article: its id and the file it came from.
void add_identity_terms(const Article& article, PreparedDocument* prepared) {
  prepared->id_term = bounded_term(schema::kPrefixId, article.id);
  Xapian::Document& doc = prepared->document;
  doc.add_boolean_term(prepared->id_term);
  if (!article.path.empty()) {
    doc.add_boolean_term(
        bounded_term(schema::kPrefixPath, rooted_path(article.root, article.path)));
  }
}

// The words of `tokens` longer than kMaxWordBytes, which got no term: the
// run reports them in one counted note per file.
std::uint32_t count_long_words(const std::vector<Token>& tokens) {
  std::uint32_t count = 0;
  for (const Token& token : tokens) {
    if (token.term.empty() && !token.joined && token.end - token.begin > kMaxWordBytes) {
      ++count;
    }
  }
  return count;
}

// The folded words of `tokens` that did-you-mean may suggest, into `words`.
void collect_spellings(const std::vector<Token>& tokens,
                       std::unordered_set<std::string>* words) {
  for (const Token& token : tokens) {
    if (!token.term.empty() && is_spelling_candidate(token.folded)) {
      words->insert(token.folded);
    }
  }
}

// The title's words, as words (with the title's extra weight) and as title
// words; returns the position after the title, where the body's gap starts.
std::uint32_t index_title(const std::string& title, Analyzer& analyzer,
                          Xapian::Document* doc, std::vector<Token>* tokens) {
  const std::uint32_t title_end = analyzer.tokenize(title, tokens);
  for (const Token& token : *tokens) {
    if (token.term.empty()) continue;
    doc->add_posting(schema::kPrefixWord + token.term, token.position + 1, kTitleWeight);
    doc->add_posting(schema::kPrefixTitle + token.term, token.position + 1);
    if (token.exact) doc->add_term(exact_form_term(token.folded), kTitleWeight);
  }
  return title_end;
}

// The body's words, from position `first`; the analysed text's hash
// (exact duplicates) and simhash (near duplicates) with its band terms.
std::uint64_t index_body(const std::string& text, std::uint32_t first, Analyzer& analyzer,
                         PreparedDocument* prepared, std::vector<Token>* tokens) {
  Xapian::Document& doc = prepared->document;
  analyzer.tokenize(text, tokens, first);
  std::uint64_t content_hash = kFnv1a64Offset;
  std::vector<const std::string*> body_terms;
  for (const Token& token : *tokens) {
    if (token.term.empty()) continue;
    doc.add_posting(schema::kPrefixWord + token.term, token.position + 1);
    if (token.exact) doc.add_term(exact_form_term(token.folded));
    if (token.joined) continue;
    content_hash = fnv1a64(fnv1a64(content_hash, token.term), " ");
    body_terms.push_back(&token.term);
  }
  prepared->has_simhash = shingle_simhash(body_terms, &prepared->simhash);
  if (prepared->has_simhash) {
    doc.add_value(schema::kSlotSimhash, hex16(prepared->simhash));
    for (const std::string& band : simhash_band_terms(prepared->simhash)) {
      doc.add_boolean_term(band);
    }
  }
  return content_hash;
}

// The source filter and facet, and the date slots.
void add_filters(const Article& article, Xapian::Document* doc) {
  if (!article.source.empty()) {
    doc->add_boolean_term(
        bounded_term(schema::kPrefixSource, source_key(article.source)));
    doc->add_value(schema::kSlotSource, article.source);
  }
  const std::string date_value = date_slot_value(article);
  if (!date_value.empty()) {
    doc->add_value(schema::kSlotDate, date_value);
    doc->add_value(schema::kSlotYear, date_value.substr(0, 4));
  }
}

// The document data: the article's fields as written (schema.h).
std::string stored_data(const Article& article) {
  const nlohmann::json data = {
      {"id", article.id},
      {"title", article.title},
      {"date", article.date},
      {"date_source", date_source_name(article.date_source)},
      {"date_precision", date_precision_name(article.date_precision)},
      {"source", article.source},
      {"url", article.url},
      {"author", article.author},
      {"root", article.root},
      {"path", article.path},
  };
  // Invalid UTF-8 has been replaced by the readers; replace rather than
  // throw should any remain.
  return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

PreparedDocument prepare_document(const Article& article, Analyzer& analyzer) {
  PreparedDocument prepared;
  Xapian::Document& doc = prepared.document;
  add_identity_terms(article, &prepared);
  std::vector<Token> tokens;
  std::unordered_set<std::string> spellings;
  const std::uint32_t title_end = index_title(article.title, analyzer, &doc, &tokens);
  collect_spellings(tokens, &spellings);
  prepared.long_words += count_long_words(tokens);
  tokens.clear();
  const std::uint64_t content_hash =
      index_body(article.text, title_end + kBodyGap, analyzer, &prepared, &tokens);
  // No duplicate group until the writer finds it a duplicate of another:
  // an empty collapse key costs the matcher nothing.
  collect_spellings(tokens, &spellings);
  prepared.long_words += count_long_words(tokens);
  prepared.spellings.assign(spellings.begin(), spellings.end());
  add_filters(article, &doc);
  doc.add_value(schema::kSlotContentHash, hex16(content_hash));
  doc.add_value(schema::kSlotText, compress_text(article.text));
  doc.set_data(stored_data(article));
  prepared.bounded_terms = doc.termlist_count();
  return prepared;
}

std::vector<std::string> simhash_band_terms(std::uint64_t simhash) {
  std::vector<std::string> bands;
  for (int band = 0; band < 4; ++band) {
    char term[16];
    std::snprintf(term, sizeof term, "%s%d%04x", schema::kPrefixSimhashBand, band,
                  static_cast<unsigned>((simhash >> (16 * band)) & 0xFFFF));
    bands.push_back(term);
  }
  return bands;
}

bool parse_simhash(const std::string& value, std::uint64_t* simhash) {
  if (value.size() != 16) return false;
  char* end = nullptr;
  *simhash = std::strtoull(value.c_str(), &end, 16);
  return end == value.c_str() + 16;
}

void set_article_id(PreparedDocument* prepared, const std::string& id) {
  Xapian::Document& doc = prepared->document;
  doc.remove_term(prepared->id_term);
  prepared->id_term = bounded_term(schema::kPrefixId, id);
  doc.add_boolean_term(prepared->id_term);
  nlohmann::json data = nlohmann::json::parse(doc.get_data());
  data["id"] = id;
  doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Article article_from_document(const Xapian::Document& document) {
  const nlohmann::json json = nlohmann::json::parse(document.get_data(), nullptr, false);
  if (!json.is_object()) {
    throw std::runtime_error("document data is not a kiosque article");
  }
  Article article;
  article.id = json.value("id", "");
  article.title = json.value("title", "");
  article.date = json.value("date", "");
  article.date_source = date_source_from_name(json.value("date_source", "none"));
  if (json.value("date_precision", "day") == date_precision_name(DatePrecision::kMonth)) {
    article.date_precision = DatePrecision::kMonth;
  }
  article.source = json.value("source", "");
  article.url = json.value("url", "");
  article.author = json.value("author", "");
  article.root = json.value("root", "");
  article.path = json.value("path", "");
  const std::string frame = document.get_value(schema::kSlotText);
  if (!frame.empty()) article.text = decompress_text(frame);
  return article;
}

std::string id_term_of(const Xapian::Database& db, Xapian::docid docid) {
  Xapian::TermIterator t = db.termlist_begin(docid);
  t.skip_to(schema::kPrefixId);
  if (t == db.termlist_end(docid) || (*t).rfind(schema::kPrefixId, 0) != 0) return "";
  return *t;
}

std::string id_term_from_data(const Xapian::Document& document) {
  const nlohmann::json json = nlohmann::json::parse(document.get_data(), nullptr, false);
  if (!json.is_object()) return "";
  const auto id = json.find("id");
  if (id == json.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
    return "";
  return bounded_term(schema::kPrefixId, id->get_ref<const std::string&>());
}

}  // namespace kiosque
