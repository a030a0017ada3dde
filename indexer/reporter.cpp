// SPDX-License-Identifier: GPL-2.0-or-later
#include "reporter.h"

#include <cstdio>
#include <ostream>
#include <sstream>

#include "kiosque/base/terminal.h"
#include "kiosque/i18n.h"

namespace kiosque {

namespace {

constexpr char kClearLine[] = "\r\x1b[K";

// What a verbose line says an article or file did, translated; `id` is
// sanitised.
std::string action_line(ArticleAction action, const std::string& id) {
  switch (action) {
    case ArticleAction::kAdded:
      return i18n::format(_("added %s"), id.c_str());
    case ArticleAction::kUpdated:
      return i18n::format(_("updated %s"), id.c_str());
    case ArticleAction::kDeleted:
      return i18n::format(_("deleted %s"), id.c_str());
    case ArticleAction::kDeletedFileGone:
      return i18n::format(_("deleted %s (file gone)"), id.c_str());
    case ArticleAction::kSkippedFile:
      return _("skipped, not an article file");
  }
  return "";
}

// The word a diagnostic carries (RULINGS.md: `path[:line]: error|warning|note:`):
// never translated, so that scripts may read it; the reason after it is.
const char* severity_word(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

}  // namespace

TerminalReporter::TerminalReporter(std::ostream& out, ReporterOptions options)
    : out_(out), options_(options), started_(std::chrono::steady_clock::now()) {}

TerminalReporter::~TerminalReporter() { finish(); }

void TerminalReporter::finish() {
  if (!drawn_) return;
  out_ << kClearLine << std::flush;
  drawn_ = false;
}

void TerminalReporter::on_problem(Severity severity, const std::string& path, int line,
                                  const std::string& text) {
  if (severity == Severity::kWarning) ++warnings_;
  if (severity == Severity::kNote) ++notes_;
  if (severity == Severity::kWarning && options_.verbosity == Verbosity::kQuiet) return;
  if (severity == Severity::kNote && options_.verbosity != Verbosity::kVerbose) return;
  if (options_.progress) out_ << kClearLine;  // off the progress line
  // Paths and reasons quote the archive (a file name, a record's id or
  // date): never let them move the cursor or colour the terminal.
  out_ << sanitize_for_terminal(path);
  if (line > 0) out_ << ':' << line;
  // The library reports in English (N_-marked): translated here, for people.
  out_ << ": " << severity_word(severity) << ": "
       << sanitize_for_terminal(i18n::translate(text)) << '\n';
}

void TerminalReporter::on_article(ArticleAction action, const std::string& path,
                                  const std::string& id) {
  if (options_.verbosity != Verbosity::kVerbose) return;
  out_ << sanitize_for_terminal(path) << ": "
       << action_line(action, sanitize_for_terminal(id)) << '\n';
}

void TerminalReporter::on_progress(const Progress& progress) {
  if (!options_.progress) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_drawn_ < std::chrono::milliseconds(250)) return;
  last_drawn_ = now;
  drawn_ = true;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double rate = seconds > 0 ? progress.done_bytes / seconds : 0;
  const double fraction =
      progress.total_bytes
          ? static_cast<double>(progress.done_bytes) / progress.total_bytes
          : 1;
  const int eta =
      rate > 0 ? static_cast<int>((progress.total_bytes - progress.done_bytes) / rate)
               : 0;
  // TRANSLATORS: the progress line: articles read, MB/s, percentage done,
  // time left (minutes:seconds).
  out_ << kClearLine
       << i18n::format(_("  %llu articles · %.1f MB/s · %.0f %% · %d:%02d left"),
                       static_cast<unsigned long long>(progress.articles), rate / 1e6,
                       100 * fraction, eta / 60, eta % 60)
       << std::flush;
}

std::string format_summary(const IndexSummary& s, std::uint64_t warnings,
                           std::uint64_t notes) {
  const std::uint64_t done = s.added + s.updated;
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s, %.0f articles/s", s.elapsed_seconds,
                s.elapsed_seconds > 0 ? done / s.elapsed_seconds : 0.0);
  std::ostringstream out;
  out << s.added << " added, " << s.updated << " updated, " << s.deleted << " deleted, "
      << s.unchanged << " unchanged, " << s.failed << " failed, ";
  if (warnings > 0) out << warnings << (warnings == 1 ? " warning, " : " warnings, ");
  if (notes > 0) out << notes << (notes == 1 ? " note, " : " notes, ");
  out << rate;
  if (s.interrupted) out << " (interrupted)";
  return out.str();
}

}  // namespace kiosque
