// SPDX-License-Identifier: GPL-2.0-or-later
// kiosque-index's terminal side of an indexing run: the progress line, the
// "path[:line]: reason" lines and the closing summary, on stderr. The library
// reports through IndexObserver and prints nothing; the words, the layout
// and the escape codes are the program's.
#ifndef KIOSQUE_INDEXER_REPORTER_H_
#define KIOSQUE_INDEXER_REPORTER_H_

#include <chrono>
#include <iosfwd>
#include <string>

#include "kiosque/index/index_writer.h"
#include "kiosque/index/observer.h"

namespace kiosque {

enum class Verbosity { kQuiet, kNormal, kVerbose };

struct ReporterOptions {
  // kQuiet: errors only; kNormal: errors and warnings; kVerbose: also
  // notes, and what each article and file did.
  Verbosity verbosity = Verbosity::kNormal;
  // Draw "  1234 articles · 12.3 MB/s · 45 % · 0:12 left" in place, at most
  // four times a second: for a person at a terminal, never for cron's mail.
  bool progress = false;
};

// Writes to `out` (stderr), which must outlive the reporter. Not
// thread-safe: run_index() calls it from one thread.
class TerminalReporter : public IndexObserver {
 public:
  TerminalReporter(std::ostream& out, ReporterOptions options);
  // Clears the progress line, so that whatever follows (an error) starts clean.
  ~TerminalReporter() override;

  // "path[:line]: error|warning|note: reason" (warnings not with --quiet,
  // notes only with --verbose), with `path` and `text` sanitised
  // (base/terminal.h): they come from the archive. `text` is translated
  // (i18n::translate); the severity word never is. Every warning and note
  // is counted, shown or not.
  void on_problem(Severity severity, const std::string& path, int line,
                  const std::string& text) override;
  // With kVerbose: "path: added ID", "path: deleted ID (file gone)"...,
  // sanitised as on_problem's.
  void on_article(ArticleAction action, const std::string& path,
                  const std::string& id) override;
  void on_progress(const Progress& progress) override;
  // Clears the progress line; call before printing after the run.
  void finish();
  std::uint64_t warnings() const { return warnings_; }
  std::uint64_t notes() const { return notes_; }

 private:
  std::ostream& out_;
  ReporterOptions options_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_drawn_;
  bool drawn_ = false;  // a progress line is on the screen
  std::uint64_t warnings_ = 0;
  std::uint64_t notes_ = 0;
};

// The one-line summary: "12 added, 0 updated, … 0 failed, 0.4 s, 30
// articles/s", with ", N warnings, N notes" after "failed" when there were
// any (`warnings` and `notes`, as the reporter counted them). Never
// translated: kiosque-nightly reads and logs it (docs/translation.md).
std::string format_summary(const IndexSummary& summary, std::uint64_t warnings = 0,
                           std::uint64_t notes = 0);

}  // namespace kiosque

#endif  // KIOSQUE_INDEXER_REPORTER_H_
