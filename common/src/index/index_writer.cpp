// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/index_writer.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <xapian.h>

#include "kiosque/base/error.h"
#include "kiosque/base/message.h"
#include "kiosque/index/apply.h"
#include "kiosque/index/article_failure.h"
#include "kiosque/index/commit_policy.h"
#include "kiosque/index/deletions.h"
#include "kiosque/index/duplicate_finder.h"
#include "kiosque/index/moves.h"
#include "kiosque/index/plan.h"
#include "kiosque/index/read_pipeline.h"
#include "kiosque/index/roots.h"
#include "kiosque/index/walk.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/input/corpus_reader.h"
#include "kiosque/store/db_layout.h"
#include "kiosque/store/document.h"
#include "kiosque/store/file_state.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/shard_set.h"
#include "kiosque/store/terms.h"

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
      .build_shards = options.jobs,
      .part_articles = options.part_articles};
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
std::vector<RecordedRoot> recorded_roots_of(const std::string& db_path) {
  try {
    return read_recorded_roots(Xapian::Database(db_path));
  } catch (const Xapian::Error&) {
    return {};  // no live database yet
  }
}

std::vector<RecordedRoot> recorded_roots(ShardSet& set, const IndexOptions& options) {
  if (!options.rebuild) return read_recorded_roots(set.meta());
  return recorded_roots_of(options.db_path);
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

// The jobs and the parts of this run (build_jobs, build_part_articles),
// from a look at the database folder and the input before anything is
// opened.
void plan_build(IndexOptions* options) {
  if (options->dry_run || options->by_year || options->shards > 1) return;
  const Freshness build = options->rebuild || live_generations(options->db_path).empty()
                              ? Freshness::kFresh
                              : Freshness::kIncremental;
  if (build == Freshness::kIncremental) return;
  std::vector<std::string> paths = options->roots;
  if (paths.empty()) {
    for (const RecordedRoot& root : recorded_roots_of(options->db_path)) {
      paths.push_back(root.path);
    }
  }
  const std::uint64_t input = article_bytes_up_to(paths, kParallelBuildMaxBytes);
  options->part_articles = build_part_articles(*options, build, input);
  options->jobs = build_jobs(*options, build, input, std::thread::hardware_concurrency());
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

// The record ids written in this run, with the file and line that gave
// each. A build of 1,000,000 records keeps them all: the ids are copied
// once into large blocks and the files named by number (about 80 bytes a
// record, against about 170 in a map of strings).
class RecordIds {
 public:
  struct Where {
    std::uint32_t file;
    int line;
  };
  // Where `id` was recorded; null when it was not.
  const Where* find(const std::string& id) const {
    const auto seen = where_.find(id);
    return seen == where_.end() ? nullptr : &seen->second;
  }
  // Records `id` (not recorded yet) at `file` ("root/relpath") and `line`.
  void add(const std::string& id, const std::string& file, int line) {
    if (files_.empty() || files_.back() != file) files_.push_back(file);
    where_.emplace(keep(id), Where{static_cast<std::uint32_t>(files_.size() - 1), line});
  }
  const std::string& file(const Where& where) const { return files_[where.file]; }

 private:
  static constexpr std::size_t kBlockBytes = 1 << 16;
  std::string_view keep(const std::string& id) {
    if (blocks_.empty() || kBlockBytes - used_ < id.size()) {
      blocks_.push_back(std::make_unique<char[]>(std::max(kBlockBytes, id.size())));
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::copy(id.begin(), id.end(), at);
    used_ += id.size();
    return std::string_view(at, id.size());
  }
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0;  // bytes of the last block in use
  std::unordered_map<std::string_view, Where> where_;
  std::vector<std::string> files_;
};

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
  bool held_elsewhere(const FileTask& task, const std::string& id, int line);
  std::optional<std::string> holder_elsewhere(const FileTask& task,
                                              const std::string& id);
  void choose_id(PreparedDocument& prepared);
  void write_article(const std::string& path, PreparedDocument& prepared);
  void advance_progress(const FileBatch& batch);
  void finish_file(const FileBatch& batch);

  Parts p_;
  const IndexOptions& options_;
  const bool fresh_;
  const Writes writes_;
  std::set<std::string> stale_;  // ids of the current file not seen yet
  std::set<std::string> held_;   // ids of the current file, held before this run
  RecordIds record_ids_;         // record ids written in this run
  std::uint64_t rejected_ = 0;   // articles of the current file not indexed
  bool read_whole_ = true;       // the current file was read to its end
  bool single_ = false;          // the current file is a single-article one
  bool new_file_ = false;        // the current file has no recorded state
  // The states of files with an article held back as a possible move, by
  // path relative to their root (FileState::root is the root's label).
  std::vector<std::pair<std::string, FileState>> held_states_;
  Progress progress_;
  std::uint64_t file_start_bytes_ = 0;
};

void FileApplier::apply(FileBatch& batch) {
  const FileTask& task = *batch.task;
  report_problems(batch);
  if (batch.first) {
    stale_.clear();
    rejected_ = 0;
    read_whole_ = true;
    single_ = is_single_article_file(task.relpath);
    new_file_ = false;
    if (!fresh_) {
      const std::string& label = p_.walk.root_of(task);
      stale_ = ids_of_path(p_.set, rooted_path(label, task.relpath));
      new_file_ = stale_.empty() && !decode_file_state(p_.set.meta().get_metadata(
                                        file_state_key(label, task.relpath)));
    }
    held_ = stale_;
  }
  if (!read_whole(batch.read)) read_whole_ = false;
  for (PreparedDocument& prepared : batch.documents) apply_article(task, prepared);
  advance_progress(batch);
  if (batch.last) finish_file(batch);
}

void FileApplier::report_problems(const FileBatch& batch) {
  const std::string path = p_.walk.shown_path(*batch.task);
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
  const std::string id = prepared.id_term.substr(1);
  if (!fresh_) stale_.erase(id);
  if (is_record_id(id) && held_elsewhere(task, id, prepared.line)) {
    ++rejected_;
    ++p_.summary.failed;
    return;
  }
  if (p_.moves == nullptr || !new_file_ || !single_) {
    write_article(p_.walk.shown_path(task), prepared);
    return;
  }
  for (HeldArticle& now : p_.moves->offer(task.root, task.relpath, std::move(prepared))) {
    write_article(p_.walk.shown_path(now.root, now.path), now.prepared);
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

// A record id already held by another file that is still there is reported
// (issue #15: ids are unique or the conflict is said) and not indexed. A
// holder whose file is gone gives the id up: the record moved.
bool FileApplier::held_elsewhere(const FileTask& task, const std::string& id, int line) {
  const std::string here = rooted_path(p_.walk.root_of(task), task.relpath);
  std::optional<std::string> first;
  if (const RecordIds::Where* seen = record_ids_.find(id)) {
    const std::string& file = record_ids_.file(*seen);
    if (file == here) return false;
    first = file.substr(file.find('/') + 1) + ":" + std::to_string(seen->line);
  } else if (!fresh_ && held_.count(id) == 0) {
    first = holder_elsewhere(task, id);
  }
  if (!first) {
    record_ids_.add(id, here, line);
    return false;
  }
  p_.observer.on_problem(
      Severity::kError, p_.walk.shown_path(task), line,
      message(messages::kDuplicateIdIn, {id.substr(id.find(':') + 1), *first}));
  return true;
}

// The path (relative to its root) of the other file whose article holds
// `id`, when that file is still there and not read again in this run;
// nullopt otherwise. Its line is not
// stored (schema.h), so not said.
std::optional<std::string> FileApplier::holder_elsewhere(const FileTask& task,
                                                         const std::string& id) {
  const std::string id_term = bounded_term(schema::kPrefixId, id);
  const std::size_t holder = p_.set.holder(id_term);
  if (holder >= p_.set.size()) return std::nullopt;
  Xapian::WritableDatabase& db = p_.set.shard(holder);
  const Article old = article_from_document(db.get_document(*db.postlist_begin(id_term)));
  if (old.root == p_.walk.root_of(task) && old.path == task.relpath) return std::nullopt;
  // A holder read again in this run may have given the record up (moved to
  // this file): the first file read takes it, and the holder, if it still
  // has it, is the one told of a duplicate.
  if (p_.walk.to_read(old.root, old.path)) return std::nullopt;
  for (const RecordedRoot& root : p_.roots.roots) {
    if (root.label != old.root) continue;
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::path(root_folder(root)) / old.path, ec))
      return std::nullopt;
    return old.path;
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
  // A file read in part is no evidence that what it did not give is gone,
  // and its old state stays recorded, so that the next run reads it again.
  if (!read_whole_) {
    stale_.clear();
    return;
  }
  if (!options_.keep_deleted) {
    for (const std::string& id : stale_) {
      ++p_.summary.deleted;
      p_.observer.on_article(ArticleAction::kDeleted, p_.walk.shown_path(task), id);
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
  if (p_.moves != nullptr && p_.moves->holds(task.root, task.relpath)) {
    held_states_.emplace_back(task.relpath, state);
    return;
  }
  p_.set.meta().set_metadata(file_state_key(label, task.relpath),
                             encode_file_state(state));
}

// A moved article counts as updated: the same article, at a new path.
void FileApplier::finish_moves() {
  if (p_.moves == nullptr) return;
  for (HeldArticle& moved : p_.moves->take_moves()) {
    write_article(p_.walk.shown_path(moved.root, moved.path), moved.prepared);
  }
  if (writes_ == Writes::kDryRun) return;
  for (const auto& [relpath, state] : held_states_) {
    p_.set.meta().set_metadata(file_state_key(state.root, relpath),
                               encode_file_state(state));
  }
  held_states_.clear();
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

std::uint64_t article_bytes_up_to(const std::vector<std::string>& paths,
                                  std::uint64_t enough) {
  namespace fs = std::filesystem;
  std::uint64_t total = 0;
  const auto count = [&](const fs::directory_entry& entry) {
    std::error_code ec;
    if (entry.is_regular_file(ec) && input_kind(entry.path()) != InputKind::kNotArticle)
      total += entry.file_size(ec);
  };
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::directory_entry top(path, ec);
    if (!top.is_directory(ec)) {
      count(top);
      continue;
    }
    for (fs::recursive_directory_iterator
             it(path, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end && total < enough; it.increment(ec)) {
      count(*it);
    }
    if (total >= enough) break;
  }
  return total;
}

void own_every_commit(std::uint32_t commit_every) {
  // Xapian flushes every XAPIAN_FLUSH_THRESHOLD changed documents. Inside
  // the shards' transactions (store/shard_set.cpp) a flush commits nothing,
  // so the threshold only trades memory for speed: above a commit
  // interval's changes (its articles, their heads' marks and its
  // deletions), Xapian flushes only at the run's commits. A threshold the
  // user set is kept.
  const std::uint64_t threshold = std::uint64_t{commit_every} * 4 + 1000;
  ::setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(threshold).c_str(), /*overwrite=*/0);
}

std::size_t build_jobs(const IndexOptions& options, Freshness build,
                       std::uint64_t input_bytes, unsigned cores) {
  if (options.jobs != 0) return options.jobs;
  if (build != Freshness::kFresh || options.dry_run || options.by_year ||
      options.shards > 1 || input_bytes < kParallelBuildMinBytes ||
      input_bytes >= kParallelBuildMaxBytes || cores < 2) {
    return 0;
  }
  return cores;
}

std::uint64_t build_part_articles(const IndexOptions& options, Freshness build,
                                  std::uint64_t input_bytes) {
  if (options.part_articles != 0) return options.part_articles;
  if (build != Freshness::kFresh || options.dry_run || options.by_year ||
      options.shards > 1 || input_bytes < kParallelBuildMaxBytes) {
    return 0;
  }
  return kBuildPartArticles;
}

IndexSummary run_index(const IndexOptions& asked, IndexObserver& observer) {
  const auto started = std::chrono::steady_clock::now();
  own_every_commit(asked.commit_every);
  IndexOptions options = asked;
  plan_build(&options);
  ShardSet set(options.db_path, shard_set_options(options));
  const Writes writes = options.dry_run ? Writes::kDryRun : Writes::kWrite;
  const Freshness freshness = set.fresh() ? Freshness::kFresh : Freshness::kIncremental;
  if (writes == Writes::kWrite) set.stamp();
  // A run killed between two shards' commits may have left a group without
  // its marked leader (issue #15): mended before anything else is written.
  if (writes == Writes::kWrite && freshness == Freshness::kIncremental) {
    repair_group_heads(set);
  }

  const RootResolution roots = resolve_run_roots(set, options, observer);
  Walk walk = walk_roots(walk_roots_of(roots), observer);
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
  FileApplier files({set, walk, roots, articles, commits, observer, summary, moves.get()},
                    options, plan.bytes_to_read);
  read_and_apply(options, roots, walk, files);
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
