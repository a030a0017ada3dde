#include "kiosque/index/read_pipeline.h"

#include <utility>

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

void ReadPipeline::read_file(const FileTask& task, Analyzer& analyzer) {
  const auto named = options_.root_sources.find(walk_.root_of(task));
  const std::string& source =
      named != options_.root_sources.end() ? named->second : options_.source;
  // Each batch is held back until the next one shows it was not the last.
  std::optional<FileBatch> held;
  std::size_t articles = 0;
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
          batch.text_bytes += article.title.size() + article.text.size();
          if (article.source.empty()) article.source = source;
          batch.documents.push_back(options_.prepare(article, analyzer));
        }
        articles += read.articles.size();
        read.articles.clear();
        batch.read = std::move(read);
        if (held) {
          held->last = false;
          push(std::move(*held));
        }
        held = std::move(batch);
      });
  if (abandoned || !held) return;
  held->file_articles = articles;
  push(std::move(*held));
}

}  // namespace kiosque
