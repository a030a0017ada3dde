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
#include "kiosque/index/moves.h"
#include "kiosque/index/plan.h"
#include "kiosque/index/read_pipeline.h"
#include "kiosque/index/walk.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/store/file_state.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/shard_set.h"
#include "kiosque/store/terms.h"

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

// Whether `read` shows its file read to the end: no problem with the whole
// file (unreadable, undecodable, empty) and no read error inside it. A bad
// record is that record's problem only.
bool read_whole(const ReadResult& read) {
  return std::none_of(read.problems.begin(), read.problems.end(), [](const Problem& p) {
    return p.line == 0 || p.reason.rfind("cannot read", 0) == 0;
  });
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
    Moves* moves = nullptr;  // null: no move is looked for (a fresh build)
  };
  FileApplier(Parts parts, const IndexOptions& options, std::uint64_t bytes_to_read)
      : p_(parts),
        options_(options),
        fresh_(parts.set.fresh()),
        writes_(options.dry_run ? Writes::kDryRun : Writes::kWrite) {
    progress_.total_bytes = bytes_to_read;
  }

  void apply(FileBatch& batch);
  // Writes the articles of moved files, held back until every new article
  // was seen, then records the states of their files. After the reading.
  void finish_moves();

 private:
  void report_problems(const FileBatch& batch);
  void apply_article(const FileTask& task, PreparedDocument& prepared);
  void choose_id(PreparedDocument& prepared);
  void write_article(const std::string& path, PreparedDocument& prepared);
  void advance_progress(const FileBatch& batch);
  void finish_file(const FileBatch& batch);

  Parts p_;
  const IndexOptions& options_;
  const bool fresh_;
  const Writes writes_;
  std::set<std::string> stale_;  // ids of the current file not seen yet
  bool read_whole_ = true;       // the current file was read to its end
  bool single_ = false;          // the current file is a single-article one
  bool new_file_ = false;        // the current file has no recorded state
  // The states of files with an article held back as a possible move.
  std::vector<std::pair<std::string, FileState>> held_states_;
  Progress progress_;
  std::uint64_t file_start_bytes_ = 0;
};

void FileApplier::apply(FileBatch& batch) {
  const FileTask& task = *batch.task;
  report_problems(batch);
  if (batch.first) {
    stale_.clear();
    read_whole_ = true;
    single_ = is_single_article_file(task.relpath);
    new_file_ = false;
    if (!fresh_) {
      stale_ = ids_of_path(p_.set, task.relpath);
      new_file_ =
          stale_.empty() &&
          !decode_file_state(p_.set.meta().get_metadata(file_state_key(task.relpath)));
    }
  }
  if (!read_whole(batch.read)) read_whole_ = false;
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
  if (!fresh_ && single_) choose_id(prepared);
  if (!fresh_) stale_.erase(prepared.id_term.substr(1));
  if (p_.moves == nullptr || !new_file_ || !single_) {
    write_article(task.relpath, prepared);
    return;
  }
  for (HeldArticle& now : p_.moves->offer(task.relpath, std::move(prepared))) {
    write_article(now.path, now.prepared);
  }
}

// The id of a single-article file's article comes from its path, but ids
// are opaque (docs/architecture.md, "Moves"): the file keeps the id its
// article has (a moved file's is its old path's), and a new file never takes
// an id that another file's article holds (a later file at a moved file's
// old path).
void FileApplier::choose_id(PreparedDocument& prepared) {
  const std::string id = prepared.id_term.substr(1);
  if (stale_.size() == 1) {
    if (*stale_.begin() != id) set_article_id(&prepared, *stale_.begin());
    return;
  }
  if (!stale_.empty() || p_.set.holder(prepared.id_term) == p_.set.size()) return;
  for (int n = 2;; ++n) {
    const std::string other = id + "~" + std::to_string(n);
    if (p_.set.holder(bounded_term(schema::kPrefixId, other)) == p_.set.size()) {
      set_article_id(&prepared, other);
      return;
    }
  }
}

void FileApplier::write_article(const std::string& path, PreparedDocument& prepared) {
  const std::string id = prepared.id_term.substr(1);
  ArticleOutcome outcome;
  try {
    outcome = p_.articles.apply(id, prepared);
  } catch (const ArticleFailure& e) {
    // This article's problem, not the run's (RULINGS.md).
    p_.observer.on_problem(Severity::kError, path, prepared.line, e.what());
    ++p_.summary.failed;
    return;
  }
  switch (outcome) {
    case ArticleOutcome::kUnchanged:
      ++p_.summary.unchanged;
      return;
    case ArticleOutcome::kAdded:
      ++p_.summary.added;
      p_.observer.on_article(ArticleAction::kAdded, path, id);
      break;
    case ArticleOutcome::kUpdated:
      ++p_.summary.updated;
      p_.observer.on_article(ArticleAction::kUpdated, path, id);
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
  // A file read in part is no evidence that what it did not give is gone,
  // and its old state stays recorded, so that the next run reads it again.
  if (!read_whole_) {
    stale_.clear();
    return;
  }
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
  if (p_.moves != nullptr && p_.moves->holds(task.relpath)) {
    held_states_.emplace_back(task.relpath, state);
    return;
  }
  p_.set.meta().set_metadata(file_state_key(task.relpath), encode_file_state(state));
}

// A moved article counts as updated: the same article, at a new path.
void FileApplier::finish_moves() {
  if (p_.moves == nullptr) return;
  for (HeldArticle& moved : p_.moves->take_moves()) {
    write_article(moved.path, moved.prepared);
  }
  if (writes_ == Writes::kDryRun) return;
  for (const auto& [relpath, state] : held_states_) {
    p_.set.meta().set_metadata(file_state_key(relpath), encode_file_state(state));
  }
  held_states_.clear();
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
  // Before any file is read: what the database held is what may be lost.
  const Vanished vanished = vanished_files(set.meta(), walk);
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
  std::unique_ptr<Moves> moves;
  if (freshness == Freshness::kIncremental) {
    moves = std::make_unique<Moves>(set, walk, vanished);
  }
  FileApplier files({set, walk, articles, commits, observer, summary, moves.get()},
                    options, plan.bytes_to_read);
  read_and_apply(options, walk, files);
  if (!stop_asked(options)) files.finish_moves();

  if (!stop_asked(options) && !options.keep_deleted) {
    const DeletionSummary deletions =
        delete_vanished_files(set, walk, vanished,
                              {.writes = writes,
                               .mass_delete = options.mass_delete,
                               .moved = moves ? &moves->moved_ids() : nullptr},
                              observer);
    summary.deleted += deletions.deleted;
    summary.failed += deletions.refused_roots;
  }
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
