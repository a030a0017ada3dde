// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/read_pipeline.h"

#include <algorithm>
#include <utility>

#include "kiosque/base/message.h"
#include "kiosque/index/article_failure.h"
#include "kiosque/input/limits.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {

ReadPipeline::ReadPipeline(const Walk& walk, ReadPipelineOptions options)
    : walk_(walk), options_(std::move(options)) {
  if (!options_.prepare) {
    // Documents get their indexed-at time when written (apply.h).
    options_.prepare = [](const Article& article, Analyzer& analyzer) {
      return prepare_document(article, analyzer);
    };
  }
  thread_ = std::thread([this] { read_all(); });
}

ReadPipeline::~ReadPipeline() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    items_.clear();
  }
  not_full_.notify_all();
  thread_.join();
}

std::optional<FileBatch> ReadPipeline::next() {
  std::unique_lock lock(mutex_);
  not_empty_.wait(lock, [&] { return !items_.empty() || done_; });
  if (items_.empty()) {
    if (error_) std::rethrow_exception(error_);
    return std::nullopt;
  }
  FileBatch batch = std::move(items_.front());
  items_.pop_front();
  not_full_.notify_one();
  return batch;
}

std::string ReadPipeline::failed_file() const {
  std::lock_guard lock(mutex_);
  return failed_file_;
}

void ReadPipeline::push(FileBatch batch) {
  std::unique_lock lock(mutex_);
  not_full_.wait(lock, [&] { return items_.size() < options_.queue_batches || closed_; });
  if (closed_) return;
  items_.push_back(std::move(batch));
  not_empty_.notify_one();
}

bool ReadPipeline::stopping() {
  if (options_.stop && options_.stop->load()) return true;
  std::lock_guard lock(mutex_);
  return closed_;
}

// Runs on the reader thread. Any exception ends the reading and is kept for
// next(): escaping the thread would be std::terminate.
void ReadPipeline::read_all() {
  const FileTask* current = nullptr;
  try {
    Analyzer analyzer;
    for (const FileTask& task : walk_.files) {
      if (!task.changed) continue;
      if (stopping()) break;
      current = &task;
      read_file(task, analyzer);
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
    if (current) failed_file_ = walk_.file_of(*current).string();
  }
  std::lock_guard lock(mutex_);
  done_ = true;
  not_empty_.notify_all();
}

namespace {

// Keeps an article's text within kMaxArticleTextBytes, cut on a character
// boundary, with a warning at its line.
void cut_long_text(Article& article, ReadResult* read) {
  if (article.text.size() <= kMaxArticleTextBytes) return;
  std::size_t end = kMaxArticleTextBytes;
  while (end > 0 && (static_cast<unsigned char>(article.text[end]) & 0xC0) == 0x80) --end;
  article.text.resize(end);
  article.text.shrink_to_fit();
  read->warnings.push_back(
      Problem{article.line,
              message(messages::kTextCut, {std::to_string(kMaxArticleTextBytes >> 20)})});
}

}  // namespace

std::size_t ProblemCap::apply(ReadResult* read) {
  std::size_t dropped_errors = 0;
  const auto keep = [&](std::vector<Problem>& problems, bool errors) {
    const std::size_t room = kMaxProblemsPerFile - std::min(kept, kMaxProblemsPerFile);
    if (problems.size() > room) {
      dropped += problems.size() - room;
      if (errors) dropped_errors += problems.size() - room;
      problems.resize(room);
    }
    kept += problems.size();
  };
  keep(read->problems, true);
  keep(read->warnings, false);
  keep(read->notes, false);
  return dropped_errors;
}

// An article that cannot be prepared is its own problem, at its line; an
// error of the database (no preparer of kiosque's meets one) ends the read.
void ReadPipeline::prepare_one(const Article& article, Analyzer& analyzer,
                               FileBatch* batch) {
  try {
    batch->documents.push_back(options_.prepare(article, analyzer));
    batch->documents.back().line = article.line;
  } catch (...) {
    const std::exception_ptr error = std::current_exception();
    if (concerns_database(error)) throw;
    batch->read.problems.push_back(Problem{article.line, failure_reason(error)});
  }
}

void ReadPipeline::read_file(const FileTask& task, Analyzer& analyzer) {
  const auto named = options_.root_sources.find(walk_.root_of(task));
  const std::string& source =
      named != options_.root_sources.end() ? named->second : options_.source;
  // Each batch is held back until the next one shows it was not the last.
  std::optional<FileBatch> held;
  std::size_t articles = 0;
  ProblemCap cap;
  std::uint64_t long_words = 0;
  bool abandoned = false;
  read_articles_in_batches(
      walk_.file_of(task), task.relpath, options_.batch_articles, [&](ReadResult& read) {
        // Stopped inside a file: analyse no more of it, and never hand over
        // a batch as its last (the file would be recorded as read).
        if (abandoned || stopping()) {
          abandoned = true;
          return;
        }
        scope_ids(walk_.root_of(task), &read);
        FileBatch batch;
        batch.task = &task;
        batch.first = !held;
        batch.documents.reserve(read.articles.size());
        for (Article& article : read.articles) {
          cut_long_text(article, &read);
          batch.text_bytes += article.title.size() + article.text.size();
          if (article.source.empty()) article.source = source;
          const std::size_t prepared = batch.documents.size();
          prepare_one(article, analyzer, &batch);
          if (batch.documents.size() > prepared) {
            long_words += batch.documents.back().long_words;
          }
        }
        articles += batch.documents.size();
        read.articles.clear();
        // Problems met preparing come after the reader's, in line order.
        for (Problem& problem : batch.read.problems) {
          read.problems.push_back(std::move(problem));
        }
        batch.read = std::move(read);
        batch.unreported_failures = cap.apply(&batch.read);
        if (held) {
          held->last = false;
          push(std::move(*held));
        }
        held = std::move(batch);
      });
  if (abandoned || !held) return;
  held->file_articles = articles;
  if (cap.dropped > 0) {
    // A warning, not a note: shown without --verbose, as the errors are.
    held->read.warnings.push_back(Problem{
        0, message(messages::kMoreProblems,
                   {std::to_string(cap.dropped), std::to_string(kMaxProblemsPerFile)})});
  }
  if (long_words > 0) {
    // One warning a file, not one a word: a page of URLs is not news. A
    // warning (shown without --verbose, exit unchanged): input was cut.
    held->read.warnings.push_back(
        Problem{0, message(long_words == 1 ? messages::kLongWord : messages::kLongWords,
                           {std::to_string(long_words), std::to_string(kMaxWordBytes)})});
  }
  push(std::move(*held));
}

}  // namespace kiosque
