// SPDX-License-Identifier: GPL-2.0-or-later
// Step 3 of an indexing run: reading, decoding and analysing the files to
// read, on a thread of its own beside the writer, handed over in order
// through a small bounded queue.
#ifndef KIOSQUE_INDEX_READ_PIPELINE_H_
#define KIOSQUE_INDEX_READ_PIPELINE_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kiosque/index/walk.h"
#include "kiosque/input/corpus_reader.h"
#include "kiosque/store/document.h"
#include "kiosque/text/analyzer.h"

namespace kiosque {

// One batch of one file's articles, analysed. A file comes as one or more
// batches in order; the first and last say so.
struct FileBatch {
  const FileTask* task = nullptr;  // in the Walk given to the pipeline
  ReadResult read;                 // its problems; articles moved out
  std::vector<PreparedDocument> documents;
  bool first = true;
  bool last = true;
  std::size_t file_articles = 0;  // on the last batch: the whole file's count
  std::uint64_t text_bytes = 0;   // of this batch's articles, for progress
  // Errors of this batch left out of read.problems: past kMaxProblemsPerFile
  // (input/limits.h) a file's problems are counted, not kept. Each is a
  // failure all the same; the last batch then carries a warning (line 0)
  // saying how many.
  std::size_t unreported_failures = 0;
};

// Keeps the first kMaxProblemsPerFile problems of a file, across its batches.
struct ProblemCap {
  std::size_t kept = 0;     // problems, warnings and notes kept so far
  std::size_t dropped = 0;  // of any kind, left out so far
  // Drops from `read` what is past the limit; returns the errors dropped.
  std::size_t apply(ReadResult* read);
};

// Turns an article into a document; prepare_document() unless a test says.
// May throw: see ReadPipeline::next().
using Preparer = std::function<PreparedDocument(const Article&, Analyzer&)>;

struct ReadPipelineOptions {
  std::string source;  // the source of articles that name none
  // By root label: the source of its articles that name none.
  std::map<std::string, std::string> root_sources;
  const std::atomic<bool>* stop = nullptr;  // set: read no further file
  std::size_t batch_articles = 256;         // amortises the hand-over, keeps memory flat
  // Each prepared article holds its terms and positions (about 30 KB):
  // eight batches queued were some 60 MB of a build's peak memory, for no
  // speed, as reading and writing keep the same pace.
  std::size_t queue_batches = 2;
  Preparer prepare;  // empty: prepare_document()
};

class ReadPipeline {
 public:
  // Starts reading the changed files of `walk` in order on a new thread;
  // their articles' ids are scoped by their root's label (scope_ids).
  // `walk` must outlive the pipeline and not change meanwhile.
  ReadPipeline(const Walk& walk, ReadPipelineOptions options);
  // Stops the reader (at its next batch) and joins it.
  ~ReadPipeline();
  ReadPipeline(const ReadPipeline&) = delete;
  ReadPipeline& operator=(const ReadPipeline&) = delete;

  // The next batch, or nullopt once every file was read or the reader
  // stopped. An article the preparer throws for is left out of its batch and
  // becomes a problem at its line in batch.read.problems (reason:
  // failure_reason()), unless the error concerns the database
  // (concerns_database(), article_failure.h). When the reader thread threw
  // such an error, or any error outside one article, every batch it handed
  // over before comes first, then next() rethrows that exception, of the
  // same type, on the calling thread (and again on every later call). Call
  // from one thread.
  std::optional<FileBatch> next();
  // The file (root / relpath) the reader was reading when it threw; "" when
  // it did not.
  std::string failed_file() const;

 private:
  void read_all();
  void read_file(const FileTask& task, Analyzer& analyzer);
  void prepare_one(const Article& article, Analyzer& analyzer, FileBatch* batch);
  void push(FileBatch batch);
  bool stopping();

  const Walk& walk_;
  ReadPipelineOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<FileBatch> items_;
  bool done_ = false;    // the reader has handed over all it will
  bool closed_ = false;  // the consumer stopped early: release the reader
  std::exception_ptr error_;
  std::string failed_file_;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_READ_PIPELINE_H_
