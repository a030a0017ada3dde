// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzzes the reading of a JSON Lines file exactly as the indexer reads it:
// read_articles_in_batches over a temporary .jsonl file holding the input.
// Its contract lets an exception from a record through (a number out of
// range, such as 1e400) for the caller to report, so std::exception is
// allowed; anything else (a crash, a leak, a hang) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <system_error>

#include "kiosque/input/corpus_reader.h"

namespace {

// The folder of the scratch file, removed when the fuzzer exits.
std::filesystem::path* scratch_dir = nullptr;

void remove_scratch_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(*scratch_dir, ignored);
}

std::filesystem::path make_scratch_file() {
  char pattern[] = "/tmp/kiosque-fuzz-jsonl-XXXXXX";
  const char* dir = mkdtemp(pattern);
  if (dir == nullptr) std::abort();
  scratch_dir = new std::filesystem::path(dir);
  std::atexit(remove_scratch_dir);
  return *scratch_dir / "records.jsonl";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path* file =
      new std::filesystem::path(make_scratch_file());
  std::FILE* out = std::fopen(file->c_str(), "wb");
  if (out == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, out) != size) std::abort();
  std::fclose(out);
  std::size_t articles = 0;
  try {
    kiosque::read_articles_in_batches(*file, "a/records.jsonl", 3,
                                      [&](kiosque::ReadResult& batch) {
                                        if (batch.articles.size() > 3) std::abort();
                                        articles += batch.articles.size();
                                      });
  } catch (const std::exception&) {
    // Documented: the caller reports it (see the comment at the top).
  }
  (void)articles;
  return 0;
}
