// SPDX-License-Identifier: GPL-2.0-or-later
// Throughput of kiosque's French analysis over the shared corpus, beside stock
// Xapian measured in the same run: the "fast" behaviour is a ratio to
// Xapian::Stem("french"), never an absolute time (see scripts/bench-analyzer).
//
// Every benchmark processes the title and text of every article once per
// iteration and reports those bytes, so Google Benchmark prints bytes/s that
// compare directly.
//
//   KIOSQUE_CORPUS=path/to/corpus.jsonl kiosque_analyzer_bench [benchmark flags]
//
// Exit status: 0 after the run, 2 when the corpus cannot be read.
#include <benchmark/benchmark.h>
#include <xapian.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosque/text/analyzer.h"

namespace {

constexpr char kProgram[] = "kiosque_analyzer_bench";

// The texts to analyse (each title and each body separately), and their
// total size in bytes.
struct Corpus {
  std::vector<std::string> texts;
  std::int64_t bytes = 0;
};

std::string corpus_path() {
  if (const char* env = std::getenv("KIOSQUE_CORPUS"); env != nullptr && *env != '\0') {
    return env;
  }
  return std::string(KIOSQUE_SOURCE_DIR) + "/../shared/corpus/frwikinews.jsonl";
}

// Reads the "title" and "text" of every line of a JSON Lines corpus. Returns
// nullopt, after printing why on stderr, when the file cannot be opened or a
// line is not an article.
std::optional<Corpus> load_corpus(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << kProgram << ": corpus not found at " << path
              << " (set KIOSQUE_CORPUS to its path)\n";
    return std::nullopt;
  }
  Corpus corpus;
  std::string line;
  for (std::size_t line_number = 1; std::getline(in, line); ++line_number) {
    if (line.empty()) continue;
    try {
      const auto article = nlohmann::json::parse(line);
      for (const char* field : {"title", "text"}) {
        corpus.texts.push_back(article.value(field, std::string()));
        corpus.bytes += static_cast<std::int64_t>(corpus.texts.back().size());
      }
    } catch (const nlohmann::json::exception& e) {
      std::cerr << path << ':' << line_number << ": error: " << e.what() << '\n';
      return std::nullopt;
    }
  }
  if (corpus.texts.empty()) {
    std::cerr << kProgram << ": no articles in " << path << '\n';
    return std::nullopt;
  }
  return corpus;
}

bool is_letter_or_mark(unsigned cp) {
  switch (Xapian::Unicode::get_category(cp)) {
    case Xapian::Unicode::UPPERCASE_LETTER:
    case Xapian::Unicode::LOWERCASE_LETTER:
    case Xapian::Unicode::TITLECASE_LETTER:
    case Xapian::Unicode::MODIFIER_LETTER:
    case Xapian::Unicode::OTHER_LETTER:
    case Xapian::Unicode::NON_SPACING_MARK:  // keeps a decomposed "é" whole
      return true;
    default:
      return false;
  }
}

// The corpus as lowercased words, split on everything but letters: what the
// stem-only reference stems, prepared outside its timed loop.
std::vector<std::string> split_words(const Corpus& corpus) {
  std::vector<std::string> words;
  std::string word;
  for (const std::string& text : corpus.texts) {
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
      if (is_letter_or_mark(*it)) {
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(*it));
      } else if (!word.empty()) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

// kiosque's analyzer as the indexer thread uses it: one Analyzer for the whole
// run, so its per-word cache is warm after the first pass.
void BM_KiosqueAnalyzer(benchmark::State& state, const Corpus& corpus) {
  kiosque::Analyzer analyzer;
  std::vector<kiosque::Token> tokens;
  for (auto _ : state) {
    for (const std::string& text : corpus.texts) {
      tokens.clear();
      benchmark::DoNotOptimize(analyzer.tokenize(text, &tokens));
      benchmark::DoNotOptimize(tokens.data());
    }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
}

// The worst case, a first pass over a new archive: every pass starts with an
// empty cache.
void BM_KiosqueAnalyzerColdCache(benchmark::State& state, const Corpus& corpus) {
  std::vector<kiosque::Token> tokens;
  for (auto _ : state) {
    auto analyzer = std::make_unique<kiosque::Analyzer>();
    for (const std::string& text : corpus.texts) {
      tokens.clear();
      benchmark::DoNotOptimize(analyzer->tokenize(text, &tokens));
      benchmark::DoNotOptimize(tokens.data());
    }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
}

// The reference: stock Xapian's analysis with the same one-term-per-word
// strategy, each text indexed into a fresh document.
void BM_StockTermGenerator(benchmark::State& state, const Corpus& corpus) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("french"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  for (auto _ : state) {
    for (const std::string& text : corpus.texts) {
      Xapian::Document document;
      generator.set_document(document);
      generator.index_text(text);
      benchmark::DoNotOptimize(document.termlist_count());
    }
  }
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
}

// Stemming alone, the part of stock indexing a per-word cache removes: the
// words are split beforehand, so only Stem::operator() is timed.
void BM_StockStemOnly(benchmark::State& state, const Corpus& corpus) {
  const std::vector<std::string> words = split_words(corpus);
  Xapian::Stem stemmer("french");
  for (auto _ : state) {
    for (const std::string& word : words) {
      std::string stem = stemmer(word);
      benchmark::DoNotOptimize(stem.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
  state.counters["words"] = static_cast<double>(words.size());
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  try {
    const std::optional<Corpus> corpus = load_corpus(corpus_path());
    if (!corpus) return 2;
    benchmark::RegisterBenchmark("BM_KiosqueAnalyzer", BM_KiosqueAnalyzer, *corpus)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_KiosqueAnalyzerColdCache",
                                 BM_KiosqueAnalyzerColdCache, *corpus)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_StockTermGenerator", BM_StockTermGenerator, *corpus)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_StockStemOnly", BM_StockStemOnly, *corpus)
        ->Unit(benchmark::kMillisecond);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const Xapian::Error& e) {
    std::cerr << kProgram << ": " << e.get_description() << '\n';
    return 2;
  }
  return 0;
}
