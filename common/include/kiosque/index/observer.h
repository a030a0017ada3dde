// SPDX-License-Identifier: GPL-2.0-or-later
// How an indexing run reports what it does. The library prints nothing: each
// program supplies an IndexObserver (kiosque-index's terminal reporter,
// indexer/reporter.h; a test's recorder) and decides what to show and how.
#ifndef KIOSQUE_INDEX_OBSERVER_H_
#define KIOSQUE_INDEX_OBSERVER_H_

#include <cstdint>
#include <string>

namespace kiosque {

// How bad a problem is. Errors are failures (an article or file lost, counted
// in IndexSummary::failed); warnings were read with a repair; notes say how
// an input was read (a guessed charset).
enum class Severity { kError, kWarning, kNote };

// What happened to one article or file, for a person asking (--verbose).
enum class ArticleAction {
  kAdded,
  kUpdated,
  kDeleted,          // its record is gone from a file read again
  kDeletedFileGone,  // its file is gone
  kSkippedFile,      // a file that is not an article (README.md…); id is ""
};

// How far a run is. Bytes stand for work: within a file, its articles' text
// counts for the bytes read.
struct Progress {
  std::uint64_t articles = 0;     // added, updated and unchanged so far
  std::uint64_t done_bytes = 0;   // of the files to read
  std::uint64_t total_bytes = 0;  // of every file to read in this run
};

// Every call comes from the thread that called run_index(), in order; none is
// made after run_index() returns. Methods must not throw. The default
// implementations ignore the report.
class IndexObserver {
 public:
  virtual ~IndexObserver() = default;
  // A problem with an input: `path` relative to its root (or a root as
  // given), `line` 1-based or 0 for the whole file.
  virtual void on_problem(Severity severity, const std::string& path, int line,
                          const std::string& text) {
    (void)severity, (void)path, (void)line, (void)text;
  }
  // What one article (or file) did. Called for every article: keep it cheap.
  virtual void on_article(ArticleAction action, const std::string& path,
                          const std::string& id) {
    (void)action, (void)path, (void)id;
  }
  // Called after each batch of articles (a few hundred): throttle drawing.
  virtual void on_progress(const Progress& progress) { (void)progress; }
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_OBSERVER_H_
