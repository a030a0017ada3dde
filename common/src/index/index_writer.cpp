#include "kiosque/index/index_writer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <xapian.h>

#include "kiosque/base/error.h"
#include "kiosque/index/apply.h"
#include "kiosque/index/article_failure.h"
#include "kiosque/index/commit_policy.h"
#include "kiosque/index/deletions.h"
#include "kiosque/index/duplicate_finder.h"
#include "kiosque/index/plan.h"
#include "kiosque/index/read_pipeline.h"
#include "kiosque/index/walk.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/store/file_state.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

namespace {

bool stop_asked(const IndexOptions& options) {
  return options.stop != nullptr && options.stop->load();
}

ShardSetOptions shard_set_options(const IndexOptions& options) {
  return ShardSetOptions{
      .shards = options.shards,
      .shard_by = options.by_year ? ShardBy::kYear : ShardBy::kHash,
      .open = options.rebuild ? ShardSetOpen::kRebuild : ShardSetOpen::kUpdate,
      .writes = options.dry_run ? ShardSetWrites::kDryRun : ShardSetWrites::kApply,
      .lock_wait = options.lock_wait,
      .build_shards = options.jobs};
}

// Parallel writers pay off for a fresh build of several article shards.
// Year shards appear as years do: one writer then.
std::unique_ptr<WriterPool> make_writer_pool(ShardSet& set, const IndexOptions& options) {
  const std::size_t writers = options.jobs != 0
                                  ? options.jobs
                                  : std::max(1u, std::thread::hardware_concurrency());
  if (!set.fresh() || writers < 2 || set.size() < 2 || set.by_year() || options.dry_run) {
    return nullptr;
  }
  return std::make_unique<WriterPool>(set, std::min(writers, set.size()));
}

ReadPipelineOptions pipeline_options(const IndexOptions& options) {
  ReadPipelineOptions pipeline;
  pipeline.source = options.source;
  for (const auto& [root, source] : options.root_sources) {
    pipeline.root_sources[normal_root(root)] = source;
  }
  pipeline.stop = options.stop;
  return pipeline;
}

// The next batch of the reader; an exception it met, with the file named.
std::optional<FileBatch> next_batch(ReadPipeline& pipeline) {
  try {
    return pipeline.next();
  } catch (const Xapian::Error& e) {
    throw Error(pipeline.failed_file() + ": " + e.get_description());
  } catch (const std::exception& e) {
    throw Error(pipeline.failed_file() + ": " + e.what());
  }
}

// Step 4 for whole files: the batches of each file in order, its problems,
// its articles, then what the file no longer holds and its recorded state.
class FileApplier {
 public:
  struct Parts {
    ShardSet& set;
    const Walk& walk;
    ArticleApplier& articles;
    CommitPolicy& commits;
    IndexObserver& observer;
    IndexSummary& summary;
  };
  FileApplier(Parts parts, const IndexOptions& options, std::uint64_t bytes_to_read)
      : p_(parts),
        options_(options),
        fresh_(parts.set.fresh()),
        writes_(options.dry_run ? Writes::kDryRun : Writes::kWrite) {
    progress_.total_bytes = bytes_to_read;
  }

  void apply(FileBatch& batch);

 private:
  void report_problems(const FileBatch& batch);
  void apply_article(const FileTask& task, PreparedDocument& prepared);
  void advance_progress(const FileBatch& batch);
  void finish_file(const FileBatch& batch);

  Parts p_;
  const IndexOptions& options_;
  const bool fresh_;
  const Writes writes_;
  std::set<std::string> stale_;  // ids of the current file not seen yet
  Progress progress_;
  std::uint64_t file_start_bytes_ = 0;
};

void FileApplier::apply(FileBatch& batch) {
  const FileTask& task = *batch.task;
  report_problems(batch);
  if (batch.first) {
    stale_.clear();
    if (!fresh_) stale_ = ids_of_path(p_.set, task.relpath);
  }
  for (PreparedDocument& prepared : batch.documents) apply_article(task, prepared);
  advance_progress(batch);
  if (batch.last) finish_file(batch);
}

void FileApplier::report_problems(const FileBatch& batch) {
  const std::string& path = batch.task->relpath;
  p_.summary.failed += batch.unreported_failures;
  for (const Problem& problem : batch.read.problems) {
    p_.observer.on_problem(Severity::kError, path, problem.line, problem.reason);
    ++p_.summary.failed;
  }
  for (const Problem& problem : batch.read.warnings) {
    p_.observer.on_problem(Severity::kWarning, path, problem.line, problem.reason);
  }
  for (const Problem& problem : batch.read.notes) {
    p_.observer.on_problem(Severity::kNote, path, problem.line, problem.reason);
  }
}

void FileApplier::apply_article(const FileTask& task, PreparedDocument& prepared) {
  const std::string id = prepared.id_term.substr(1);
  if (!fresh_) stale_.erase(id);
  ArticleOutcome outcome;
  try {
    outcome = p_.articles.apply(id, prepared);
  } catch (const ArticleFailure& e) {
    // This article's problem, not the run's (RULINGS.md).
    p_.observer.on_problem(Severity::kError, task.relpath, prepared.line, e.what());
    ++p_.summary.failed;
    return;
  }
  switch (outcome) {
    case ArticleOutcome::kUnchanged:
      ++p_.summary.unchanged;
      return;
    case ArticleOutcome::kAdded:
      ++p_.summary.added;
      p_.observer.on_article(ArticleAction::kAdded, task.relpath, id);
      break;
    case ArticleOutcome::kUpdated:
      ++p_.summary.updated;
      p_.observer.on_article(ArticleAction::kUpdated, task.relpath, id);
      break;
  }
  if (writes_ == Writes::kWrite) p_.commits.article_written();
}

// Within a file, its articles' text stands for the bytes read.
void FileApplier::advance_progress(const FileBatch& batch) {
  std::uint64_t& done = progress_.done_bytes;
  if (batch.first) file_start_bytes_ = done;
  done = std::min(done + batch.text_bytes, file_start_bytes_ + batch.task->size);
  if (batch.last) done = file_start_bytes_ + batch.task->size;
  progress_.articles = p_.summary.added + p_.summary.updated + p_.summary.unchanged;
  p_.observer.on_progress(progress_);
}

void FileApplier::finish_file(const FileBatch& batch) {
  const FileTask& task = *batch.task;
  if (!options_.keep_deleted) {
    for (const std::string& id : stale_) {
      ++p_.summary.deleted;
      p_.observer.on_article(ArticleAction::kDeleted, task.relpath, id);
      if (writes_ == Writes::kWrite) delete_article(p_.set, id);
    }
  }
  stale_.clear();
  if (writes_ == Writes::kDryRun) return;
  // Recorded only once the whole file is in: a run stopped inside a file
  // reads it again next time, and finishes it.
  const FileState state{p_.walk.root_of(task), task.size, task.mtime_ns,
                        batch.file_articles};
  p_.set.meta().set_metadata(file_state_key(task.relpath), encode_file_state(state));
}

// Steps 3 and 4: reads the files to read and applies their articles, until
// done or asked to stop.
void read_and_apply(const IndexOptions& options, const Walk& walk, FileApplier& files) {
  ReadPipeline pipeline(walk, pipeline_options(options));
  while (auto batch = next_batch(pipeline)) {
    files.apply(*batch);
    if (stop_asked(options)) break;
  }
}

}  // namespace

IndexSummary run_index(const IndexOptions& options, IndexObserver& observer) {
  const auto started = std::chrono::steady_clock::now();
  ShardSet set(options.db_path, shard_set_options(options));
  const Writes writes = options.dry_run ? Writes::kDryRun : Writes::kWrite;
  const Freshness freshness = set.fresh() ? Freshness::kFresh : Freshness::kIncremental;
  if (writes == Writes::kWrite) set.stamp();

  Walk walk = walk_roots(options.roots, observer);
  const Plan plan = plan_reads(set.fresh() ? nullptr : &set.meta(), &walk);
  IndexSummary summary;
  summary.failed = walk.failed;
  summary.skipped = walk.skipped;
  summary.unchanged = plan.unchanged_articles;

  std::unique_ptr<WriterPool> pool = make_writer_pool(set, options);
  GroupLeaders leaders;
  std::unique_ptr<DuplicateFinder> duplicates;
  if (freshness == Freshness::kFresh) {
    duplicates = std::make_unique<MemoryDuplicateFinder>();
  } else {
    duplicates = std::make_unique<BandTermDuplicateFinder>(set);
  }
  ArticleApplier articles({set, *duplicates, leaders, pool.get()}, freshness, writes);
  CommitPolicy commits(set, leaders, pool.get(), options.commit_every);
  FileApplier files({set, walk, articles, commits, observer, summary}, options,
                    plan.bytes_to_read);
  read_and_apply(options, walk, files);

  if (!stop_asked(options))
    summary.deleted += delete_vanished_files(set, walk, writes, observer);
  if (pool) pool->drain();
  if (writes == Writes::kWrite) commits.commit();
  summary.interrupted = stop_asked(options);
  pool.reset();
  if (writes == Writes::kWrite) set.publish(!summary.interrupted);
  summary.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace kiosque
