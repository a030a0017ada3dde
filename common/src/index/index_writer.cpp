#include "kiosque/index/index_writer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include <xapian.h>

#include "kiosque/base/error.h"
#include "kiosque/index/apply.h"
#include "kiosque/index/commit_policy.h"
#include "kiosque/index/deletions.h"
#include "kiosque/index/duplicate_finder.h"
#include "kiosque/index/plan.h"
#include "kiosque/index/read_pipeline.h"
#include "kiosque/index/roots.h"
#include "kiosque/index/walk.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/store/document.h"
#include "kiosque/store/file_state.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

namespace {

// The recorded modification time of a file to read again on every run.
constexpr std::int64_t kRetryMtime = -1;

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

ReadPipelineOptions pipeline_options(const IndexOptions& options,
                                     const RootResolution& roots) {
  ReadPipelineOptions pipeline;
  for (const RecordedRoot& root : roots.roots) {
    pipeline.root_sources[root.label] = root.source;
  }
  pipeline.stop = options.stop;
  return pipeline;
}

// The roots recorded before this run: a rebuild starts from an empty
// generation, so they come from the live database then.
std::vector<RecordedRoot> recorded_roots(ShardSet& set, const IndexOptions& options) {
  if (!options.rebuild) return read_recorded_roots(set.meta());
  try {
    return read_recorded_roots(Xapian::Database(options.db_path));
  } catch (const Xapian::Error&) {
    return {};  // no live database yet
  }
}

// Step 0: the PATHs given (every recorded root for a --rebuild without
// PATH) resolved to roots, with their sources; what changed is said as
// notes, and recorded unless a dry run.
RootResolution resolve_run_roots(ShardSet& set, const IndexOptions& options,
                                 IndexObserver& observer) {
  const std::vector<RecordedRoot> recorded = recorded_roots(set, options);
  RootResolution roots = options.roots.empty() ? all_roots(recorded)
                                               : resolve_roots(recorded, options.roots);
  apply_sources(options.source, options.root_sources, &roots);
  // Warnings, not notes: printed without --verbose, once (cron mails them).
  for (const std::string& note : roots.notes) {
    observer.on_problem(Severity::kWarning, options.db_path, 0, note);
  }
  if (options.dry_run) return roots;
  for (const RootUse& use : roots.uses) {
    if (use.root != kNoRoot) record_root(set.meta(), roots.roots[use.root]);
  }
  return roots;
}

// Whether `id` is a JSON Lines record's own id scoped by its root
// ("LABEL:ID"): the only ids two files can both claim.
bool is_record_id(const std::string& id) {
  const std::size_t mark = id.find_first_of(":/");
  return mark != std::string::npos && id[mark] == ':';
}

// The line a prepared article came from (0 for a file article).
int line_of(const PreparedDocument& prepared) {
  const nlohmann::json data =
      nlohmann::json::parse(prepared.document.get_data(), nullptr, false);
  return data.is_object() ? data.value("line", 0) : 0;
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
    const RootResolution& roots;
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
  bool held_elsewhere(const FileTask& task, const std::string& id,
                      const PreparedDocument& prepared);
  std::optional<std::string> holder_elsewhere(const FileTask& task,
                                              const std::string& id);
  void advance_progress(const FileBatch& batch);
  void finish_file(const FileBatch& batch);

  Parts p_;
  const IndexOptions& options_;
  const bool fresh_;
  const Writes writes_;
  std::set<std::string> stale_;  // ids of the current file not seen yet
  std::set<std::string> held_;   // ids of the current file, held before this run
  // Record ids written in this run: the file ("root/relpath") and line.
  std::map<std::string, std::pair<std::string, int>> record_ids_;
  std::uint64_t rejected_ = 0;  // articles of the current file not indexed
  Progress progress_;
  std::uint64_t file_start_bytes_ = 0;
};

void FileApplier::apply(FileBatch& batch) {
  const FileTask& task = *batch.task;
  report_problems(batch);
  if (batch.first) {
    stale_.clear();
    rejected_ = 0;
    if (!fresh_)
      stale_ = ids_of_path(p_.set, rooted_path(p_.walk.root_of(task), task.relpath));
    held_ = stale_;
  }
  for (PreparedDocument& prepared : batch.documents) apply_article(task, prepared);
  advance_progress(batch);
  if (batch.last) finish_file(batch);
}

void FileApplier::report_problems(const FileBatch& batch) {
  const std::string& path = batch.task->relpath;
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
  if (is_record_id(id) && held_elsewhere(task, id, prepared)) {
    ++rejected_;
    ++p_.summary.failed;
    return;
  }
  switch (p_.articles.apply(id, prepared)) {
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

// A record id already held by another file that is still there is reported
// (issue #15: ids are unique or the conflict is said) and not indexed. A
// holder whose file is gone gives the id up: the record moved.
bool FileApplier::held_elsewhere(const FileTask& task, const std::string& id,
                                 const PreparedDocument& prepared) {
  const std::string here = rooted_path(p_.walk.root_of(task), task.relpath);
  const int line = line_of(prepared);
  std::optional<std::string> first;
  if (auto seen = record_ids_.find(id); seen != record_ids_.end()) {
    if (seen->second.first != here) {
      first = seen->second.first.substr(seen->second.first.find('/') + 1) + ":" +
              std::to_string(seen->second.second);
    }
  } else if (!fresh_ && held_.count(id) == 0) {
    first = holder_elsewhere(task, id);
  }
  if (!first) {
    record_ids_.emplace(id, std::make_pair(here, line));
    return false;
  }
  p_.observer.on_problem(
      Severity::kError, task.relpath, line,
      "duplicate id \"" + id.substr(id.find(':') + 1) + "\" (first in " + *first + ")");
  return true;
}

// "relpath:line" of the article of another file that holds `id`, when that
// file is still there; nullopt otherwise.
std::optional<std::string> FileApplier::holder_elsewhere(const FileTask& task,
                                                         const std::string& id) {
  const std::string id_term = schema::kPrefixId + id;
  const std::size_t holder = p_.set.holder(id_term);
  if (holder >= p_.set.size()) return std::nullopt;
  Xapian::WritableDatabase& db = p_.set.shard(holder);
  const Article old = article_from_document(db.get_document(*db.postlist_begin(id_term)));
  if (old.root == p_.walk.root_of(task) && old.path == task.relpath) return std::nullopt;
  for (const RecordedRoot& root : p_.roots.roots) {
    if (root.label != old.root) continue;
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::path(root_folder(root)) / old.path, ec))
      return std::nullopt;
    return old.path + ":" + std::to_string(old.line);
  }
  return std::nullopt;
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
  const std::string& label = p_.walk.root_of(task);
  // A file with records refused for a duplicate id is recorded (its other
  // articles can then be found gone) with a modification time no file has,
  // so that every run reads it again: the refusal is said again, and the
  // records get in once the first holder is gone.
  const std::int64_t mtime_ns = rejected_ > 0 ? kRetryMtime : task.mtime_ns;
  const FileState state{label, task.size, mtime_ns, batch.file_articles - rejected_};
  p_.set.meta().set_metadata(file_state_key(label, task.relpath),
                             encode_file_state(state));
}

// Steps 3 and 4: reads the files to read and applies their articles, until
// done or asked to stop.
void read_and_apply(const IndexOptions& options, const RootResolution& roots,
                    const Walk& walk, FileApplier& files) {
  ReadPipeline pipeline(walk, pipeline_options(options, roots));
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

  const RootResolution roots = resolve_run_roots(set, options, observer);
  Walk walk = walk_roots(walk_roots_of(roots), observer);
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
  FileApplier files({set, walk, roots, articles, commits, observer, summary}, options,
                    plan.bytes_to_read);
  read_and_apply(options, roots, walk, files);

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
