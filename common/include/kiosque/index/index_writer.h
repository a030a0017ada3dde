// SPDX-License-Identifier: GPL-2.0-or-later
// The indexing run behind kiosque-index, as named steps (like omindex's top
// level): open the shards → walk_roots (walk.h) → plan_reads, dropping
// unchanged files (plan.h) → ReadPipeline, reading and analysing on a second
// thread (read_pipeline.h) → apply each article (apply.h) → delete vanished
// files (deletions.h) → commit (commit_policy.h) → publish.
#ifndef KIOSQUE_INDEX_INDEX_WRITER_H_
#define KIOSQUE_INDEX_INDEX_WRITER_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kiosque/index/deletions.h"
#include "kiosque/index/modes.h"
#include "kiosque/index/observer.h"
#include "kiosque/store/database.h"

namespace kiosque {

struct IndexOptions {
  std::string db_path;
  // Archive folders or single files, resolved against the roots the
  // database recorded (roots.h). Empty with `rebuild`: every recorded root.
  std::vector<std::string> roots;
  // Source of the articles that name none, for every root given; "": the
  // source recorded with each root. Recorded with the roots.
  std::string source;
  // Per PATH (as given) or root path: the source of its articles that name
  // none, over `source`. Recorded with the root; a changed source makes its
  // root's articles read again.
  std::vector<std::pair<std::string, std::string>> root_sources;
  // Articles between commits; at least 1. Also how many articles Xapian holds
  // in memory: run_index stops it from committing on its own in between.
  std::uint32_t commit_every = 1000;
  bool keep_deleted = false;  // keep articles whose file or record vanished
  // Whether a root may lose more than half of its articles, or all of them
  // by yielding no file (deletions.h).
  MassDelete mass_delete = MassDelete::kRefuse;
  bool dry_run = false;  // say what would change, change nothing
  // Build a new generation of the database beside the live one and publish
  // it when complete (db_layout.h); searches keep working throughout.
  bool rebuild = false;
  LockWait lock_wait;      // when another kiosque-index holds the database
  std::size_t shards = 0;  // article shards; 0: as the database has
  bool by_year = false;    // a shard per year of the articles' dates
  // Writer threads for a fresh build (new database, --rebuild): the shards
  // are written in parallel; an unsharded database is built as this many
  // shards and merged into one at the end. 0: one writer per core (see
  // build_jobs). Incremental runs use one writer.
  std::size_t jobs = 0;
  // Articles a part of a fresh unsharded build holds before the next ones go
  // to a new part, all merged at the end (ShardSetOptions::part_articles).
  // 0: run_index chooses (build_part_articles).
  std::uint64_t part_articles = 0;
  // When set (a signal handler sets it), the run stops reading, commits what
  // it has and returns with IndexSummary::interrupted. Not owned.
  const std::atomic<bool>* stop = nullptr;
};

// A full build of an unsharded database reading less than this is written
// by one writer unless --jobs says otherwise: the merge of parallel writers'
// shards is not worth it there, and one writer's build is published at each
// commit, not only at the end.
inline constexpr std::uint64_t kParallelBuildMinBytes = 16 << 20;
// Nor one reading this much or more (about 125,000 articles): two writers'
// peak memory grows with the build (about 0.45 KB an article, twice one
// writer's growth; docs/scaling.md) and would pass the 400 MB budget near
// 500,000 articles, for a wall time only about 5% shorter than one writer's.
inline constexpr std::uint64_t kParallelBuildMaxBytes = 256 << 20;

// Sets XAPIAN_FLUSH_THRESHOLD (process-wide) above what `commit_every`
// articles change, unless the environment already sets it, so that Xapian
// flushes only at the run's commits. Crash safety does not depend on it (the
// shards' writes between commits are one transaction); memory and speed do.
// run_index calls it before opening the database. Not thread-safe (setenv).
void own_every_commit(std::uint32_t commit_every);

// The writer threads a run uses (its IndexOptions::jobs): `options.jobs`
// when given; for a full build (a new database, --rebuild) of an unsharded
// database reading from kParallelBuildMinBytes to below
// kParallelBuildMaxBytes (`input_bytes`), one per core (`cores`): the
// fastest build on a machine of several cores; else 0, which leaves the
// choice to the layout (one writer per core, at most one per shard, for
// hash shards; one writer otherwise). A dry run and year shards keep one
// writer.
std::size_t build_jobs(const IndexOptions& options, Freshness build,
                       std::uint64_t input_bytes, unsigned cores);

// A full build reading kParallelBuildMaxBytes or more (about 125,000
// articles) is written in parts of this many articles, merged at the end:
// a commit into a database of millions of articles rewrites far more
// blocks than into one of 250,000, and the writers' memory grows with it
// (docs/scaling.md, "Where the 1,000,000-article time goes").
inline constexpr std::uint64_t kBuildPartArticles = 250000;

// The part_articles of a run (IndexOptions::part_articles): as given when
// given; kBuildPartArticles for a full build (a new database, --rebuild) of
// an unsharded database reading kParallelBuildMaxBytes or more
// (`input_bytes`); else 0, one part. A dry run and year shards keep one part.
std::uint64_t build_part_articles(const IndexOptions& options, Freshness build,
                                  std::uint64_t input_bytes);

// Bytes of the article files (input_kind) under `paths` (files or folders),
// counted until the total reaches `enough` (it may pass it by one file):
// a full build's input, estimated before the database is opened at the cost
// of a bounded number of stat calls. Unreadable files and folders count as
// empty (the walk reports them). Never throws for the file system's sake.
std::uint64_t article_bytes_up_to(const std::vector<std::string>& paths,
                                  std::uint64_t enough);

// What a run did, for the closing summary line.
struct IndexSummary {
  std::uint64_t added = 0;
  std::uint64_t updated = 0;
  std::uint64_t deleted = 0;
  std::uint64_t unchanged = 0;
  // Problems reported: files or records lost, folders or files that could
  // not be read, roots whose deletions were refused.
  std::uint64_t failed = 0;
  std::uint64_t skipped = 0;  // files that are not articles (README.md…)
  double elapsed_seconds = 0;
  bool interrupted = false;  // stopped by `stop` after a commit
};

// Runs one indexing pass, reporting through `observer` (on this thread) and
// printing nothing. Problems with inputs are reported and counted; they never
// stop the run. Throws Error when the run cannot happen or go on (database
// locked by another kiosque-index, built by another analyzer or schema, not
// writable;
// an exception while reading a file, named in the message), or
// Xapian::Error. After a throw the database is as after an interruption: a
// rebuild or a parallel build is not published, and a file is recorded as
// read only once all its articles were written, so the next run reads again
// whatever was not whole.
IndexSummary run_index(const IndexOptions& options, IndexObserver& observer);

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_INDEX_WRITER_H_
