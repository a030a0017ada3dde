// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/shard_set.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <filesystem>
#include <thread>

#include "kiosque/base/hash.h"
#include "kiosque/base/message.h"
#include "kiosque/store/db_layout.h"
#include "kiosque/store/schema.h"
#include "kiosque/store/stub.h"

namespace fs = std::filesystem;

namespace kiosque {
namespace {

// Generations replaced by a rebuild or a compaction are removed by a later
// run once no search can still be reading them.
constexpr std::chrono::seconds kGenerationGrace{600};

// The layout of a fresh build of `shards` article shards (0 or 1: one),
// written by `build_shards` parallel writers, or in parts, when unsharded.
ShardLayout layout_asked(ShardBy shard_by, std::size_t shards, std::size_t build_shards,
                         std::uint64_t part_articles) {
  if (shard_by == ShardBy::kYear) return ShardLayout::kByYear;
  if (shards <= 1) {
    return build_shards > 1 || part_articles > 0 ? ShardLayout::kMergedBuild
                                                 : ShardLayout::kUnsharded;
  }
  return ShardLayout::kHash;
}

// The generations, numbered `number`, that a fresh build of `layout` starts
// with: year shards come as the years do.
std::vector<GenerationName> fresh_generations(ShardLayout layout, std::size_t shards,
                                              int number) {
  switch (layout) {
    case ShardLayout::kUnsharded:
      return {{ShardKind::kWhole, 0, number}};
    case ShardLayout::kByYear:
      return {{ShardKind::kMeta, 0, number}};
    case ShardLayout::kHash:
    case ShardLayout::kMergedBuild:
      break;
  }
  std::vector<GenerationName> names = {{ShardKind::kMeta, 0, number}};
  for (std::size_t i = 0; i < shards; ++i) {
    names.push_back({ShardKind::kHash, static_cast<int>(i), number});
  }
  return names;
}

bool is_year_shard(const GenerationName& name) {
  return name.kind == ShardKind::kYear || name.kind == ShardKind::kUndated;
}

// Whether live generations are shards by year: a year shard, or the
// metadata shard alone (a database sharded by year with no article yet).
bool live_by_year(const std::vector<GenerationName>& live) {
  return std::any_of(live.begin(), live.end(), is_year_shard) ||
         (live.size() == 1 && live[0].kind == ShardKind::kMeta);
}

// The article shards of live generations.
std::size_t live_shard_count(const std::vector<GenerationName>& live) {
  return live.size() == 1 ? 1 : live.size() - 1;
}

// The shard of an article dated in `year` ("YYYY", or "" when undated).
GenerationName year_generation(const std::string& year, int number) {
  if (year.empty()) return {ShardKind::kUndated, 0, number};
  const auto name = parse_generation_name("y" + year + "-g000000");
  if (!name) throw Error(message(messages::kYearNotFourDigits, {year}));
  return renumbered(*name, number);
}

// Whether `dir` holds nothing but generation folders (or nothing), and
// perhaps the temporary stub of a creation killed before its publication.
bool only_generations(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!parse_generation_name(name) && !is_stub_temporary(name)) return false;
  }
  return true;
}

// Whether the generation folder `path` is a creation killed before Xapian
// finished it: not locked by a writer (another run creating it now), and
// not openable.
bool unfinished_generation(const std::string& path) {
  try {
    Xapian::WritableDatabase probe(path, Xapian::DB_OPEN);
    return false;
  } catch (const Xapian::DatabaseLockError&) {
    return false;
  } catch (const Xapian::DatabaseOpeningError&) {
    return true;
  } catch (const Xapian::DatabaseCorruptError&) {
    return true;
  }
}

// In a folder with no stub (nothing published, so no search reads it):
// removes the generations whose creation was killed before Xapian wrote
// their version file (issue #15: the next run could not open them).
void drop_unfinished_generations(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!parse_generation_name(entry.path().filename().string())) continue;
    if (unfinished_generation(entry.path().string())) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
}

std::uint64_t folder_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

// Xapian commits by itself every XAPIAN_FLUSH_THRESHOLD changed documents
// (kiosque-index sets 1,000), except inside a transaction, where it only
// flushes to the tables. Each shard's writes since the last commit are one
// unflushed transaction: a kill between two commit() calls leaves exactly the
// last commit, never part of an interval (issue #15: a duplicate committed
// before its group's head was marked). Destroyed without commit(), the
// interval's writes are dropped.
void begin_interval(Xapian::WritableDatabase& db) { db.begin_transaction(false); }

// Commits the interval's writes and begins the next interval.
void commit_interval(Xapian::WritableDatabase& db) {
  db.commit_transaction();
  db.commit();
  begin_interval(db);
}

// Closes `db`, committing what is pending.
void close_interval(Xapian::WritableDatabase& db) {
  db.commit_transaction();
  db.close();
}

}  // namespace

struct ShardSet::Plan {
  ShardLayout layout = ShardLayout::kUnsharded;
  Origin origin = Origin::kLive;
  std::vector<GenerationName> generations;
  int flags = Xapian::DB_OPEN;
};

ShardSet::ShardSet(const std::string& dir, const ShardSetOptions& options)
    : dir_(dir), lock_wait_(options.lock_wait) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(message(messages::kCannotCreateFolder, {dir, ec.message()}));
  const std::vector<GenerationName> live = live_generations(dir);
  const Plan plan = live.empty() ? plan_new(options) : plan_live(live, options);
  layout_ = plan.layout;
  origin_ = plan.origin;
  open_shards(plan);
  if (layout_ == ShardLayout::kMergedBuild) {
    part_width_ = shards_.size();
    part_articles_ = options.part_articles;
  }
  if (origin_ == Origin::kNew) adopt_if_created_meanwhile(plan);
  if (origin_ == Origin::kNew && layout_ != ShardLayout::kMergedBuild) {
    publish_generations(dir, plan.generations);
  }
  const bool unpublished =
      origin_ == Origin::kRebuild || layout_ == ShardLayout::kMergedBuild;
  stub_ = unpublished ? StubState::kUnpublished : StubState::kCurrent;
  if (origin_ != Origin::kRebuild && options.writes == ShardSetWrites::kApply) {
    remove_stale_generations(dir, kGenerationGrace);
  }
  fresh_ = origin_ != Origin::kLive || doccount() == 0;
  new_generation_ = next_generation_number(dir);
  // A rebuild goes on from the live database's sequence: an alert that saw
  // it must not see the rebuilt articles again.
  if (origin_ == Origin::kRebuild) {
    previous_.emplace(dir_);
    sequence_ = SequenceCounter(committed_sequence(*previous_));
  } else if (origin_ == Origin::kLive) {
    sequence_ = SequenceCounter(committed_sequence(meta()));
  }
}

ShardSet::~ShardSet() = default;

// Another kiosque-index may have created and published the database while
// this one waited for its lock (--wait): then this run updates it, as any
// later run would, instead of building it afresh over it (issue #15: its
// articles were then counted new again, and alerted twice).
void ShardSet::adopt_if_created_meanwhile(const Plan& plan) {
  const std::vector<GenerationName> live = live_generations(dir_);
  if (live.empty()) return;
  if (live != plan.generations) {
    throw Error(message(messages::kCreatedMeanwhile, {dir_}));
  }
  origin_ = Origin::kLive;
}

// A new database: its generations, then the stub that names them. Two runs
// creating it at once: the first to lock wins, the other reports the lock.
// Generations left without a stub by an interrupted parallel build are
// overwritten.
ShardSet::Plan ShardSet::plan_new(const ShardSetOptions& options) const {
  std::error_code ec;
  if (fs::exists(fs::path(dir_) / "iamglass", ec) || !only_generations(dir_)) {
    throw Error(message(messages::kNotKiosqueDatabase, {dir_}));
  }
  drop_unfinished_generations(dir_);
  Plan plan;
  plan.layout = layout_asked(options.shard_by, options.shards, options.build_shards,
                             options.part_articles);
  plan.origin = Origin::kNew;
  const std::size_t written = plan.layout == ShardLayout::kMergedBuild
                                  ? std::max<std::size_t>(options.build_shards, 1)
                                  : options.shards;
  plan.generations = fresh_generations(plan.layout, written, 1);
  plan.flags = plan.layout == ShardLayout::kMergedBuild ? Xapian::DB_CREATE_OR_OVERWRITE
                                                        : Xapian::DB_CREATE_OR_OPEN;
  return plan;
}

// An existing database: its live generations, or new ones beside them for a
// rebuild (a dry run of a rebuild opens the live ones).
ShardSet::Plan ShardSet::plan_live(const std::vector<GenerationName>& live,
                                   const ShardSetOptions& options) {
  const bool by_year = live_by_year(live);
  const std::size_t current = live_shard_count(live);
  const bool rebuild = options.open == ShardSetOpen::kRebuild;
  const bool year_asked = options.shard_by == ShardBy::kYear;
  if (!rebuild && ((year_asked && !by_year) ||
                   (options.shards != 0 && (by_year || options.shards != current)))) {
    throw Error(by_year
                    ? message(messages::kShardsByYear, {dir_})
                    : message(messages::kShardCount, {dir_, std::to_string(current)}));
  }
  const bool rebuild_by_year = year_asked || (by_year && options.shards == 0);
  Plan plan;
  plan.generations = live;
  // A dry run of a rebuild routes as the rebuild would.
  const bool routes_by_year = rebuild ? rebuild_by_year : by_year;
  if (routes_by_year) {
    plan.layout = ShardLayout::kByYear;
  } else {
    plan.layout = live.size() == 1 ? ShardLayout::kUnsharded : ShardLayout::kHash;
  }
  if (!rebuild || options.writes == ShardSetWrites::kDryRun) return plan;
  // Hold the live generations' locks throughout, so that no other
  // kiosque-index writes to what is about to be replaced.
  lock_live(live);
  remove_stale_generations(dir_, kGenerationGrace);
  const std::size_t shards = options.shards ? options.shards : current;
  const bool unsharded = options.shards <= 1;
  plan.layout = layout_asked(rebuild_by_year ? ShardBy::kYear : ShardBy::kHash, shards,
                             unsharded ? options.build_shards : 0,
                             unsharded ? options.part_articles : 0);
  const std::size_t written = plan.layout == ShardLayout::kMergedBuild
                                  ? std::max<std::size_t>(options.build_shards, 1)
                                  : shards;
  plan.generations =
      fresh_generations(plan.layout, written, next_generation_number(dir_));
  plan.origin = Origin::kRebuild;
  plan.flags = Xapian::DB_CREATE_OR_OVERWRITE;
  return plan;
}

void ShardSet::lock_live(const std::vector<GenerationName>& live) {
  for (const GenerationName& generation : live) {
    live_locks_.push_back(open_writable(dir_, generation_path(dir_, generation),
                                        Xapian::DB_OPEN, lock_wait_));
  }
}

std::unique_ptr<ShardSet::Shard> ShardSet::open_shard(const GenerationName& generation,
                                                      int flags) {
  auto shard = std::make_unique<Shard>();
  shard->generation = generation;
  shard->db = open_writable(dir_, generation_path(dir_, generation), flags, lock_wait_);
  begin_interval(shard->db);
  return shard;
}

void ShardSet::open_shards(const Plan& plan) {
  for (const GenerationName& generation : plan.generations) {
    std::unique_ptr<Shard> shard = open_shard(generation, plan.flags);
    if (origin_ != Origin::kRebuild) {
      check_analyzer(shard->db, dir_);
      check_schema(shard->db, dir_);
    }
    (generation.kind == ShardKind::kMeta ? meta_ : shards_.emplace_back()) =
        std::move(shard);
  }
}

std::size_t ShardSet::route(const std::string& id, const std::string& year) {
  if (layout_ == ShardLayout::kByYear) return year_shard(year);
  if (layout_ == ShardLayout::kMergedBuild) {
    return part_start_ + (part_width_ == 1 ? 0 : fnv1a64(id) % part_width_);
  }
  return shards_.size() == 1 ? 0 : fnv1a64(id) % shards_.size();
}

// The shard of `year`, added (and named in the stub at the next commit) when
// the year is new.
std::size_t ShardSet::year_shard(const std::string& year) {
  const GenerationName wanted = year_generation(year, new_generation_);
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (renumbered(shards_[i]->generation, wanted.number) == wanted) return i;
  }
  std::unique_ptr<Shard> shard = open_shard(wanted, Xapian::DB_CREATE_OR_OVERWRITE);
  stamp_analyzer(shard->db);
  shards_.push_back(std::move(shard));
  if (stub_ == StubState::kCurrent) stub_ = StubState::kOutdated;
  return shards_.size() - 1;
}

std::size_t ShardSet::holder(const std::string& id_term) {
  if (layout_ == ShardLayout::kMergedBuild) {
    const std::string id = id_term.substr(1);
    const std::size_t within = part_width_ == 1 ? 0 : fnv1a64(id) % part_width_;
    for (std::size_t i = within; i < shards_.size(); i += part_width_) {
      if (shards_[i]->db.term_exists(id_term)) return i;
    }
    return shards_.size();
  }
  if (layout_ != ShardLayout::kByYear) {
    const std::size_t i = route(id_term.substr(1), "");
    return shards_[i]->db.term_exists(id_term) ? i : shards_.size();
  }
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (shards_[i]->db.term_exists(id_term)) return i;
  }
  return shards_.size();
}

Xapian::doccount ShardSet::doccount() {
  Xapian::doccount total = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    total += shard->db.get_doccount();
  }
  return total;
}

void ShardSet::stamp() {
  if (meta_) stamp_analyzer(meta_->db);
  for (auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    stamp_analyzer(shard->db);
  }
}

void ShardSet::replace(std::size_t i, const std::string& id_term,
                       const Xapian::Document& document,
                       const std::vector<std::string>& spellings) {
  Shard& shard = *shards_[i];
  shard.db.replace_document(id_term, document);
  articles_in_part_.fetch_add(1, std::memory_order_relaxed);
  if (layout_ != ShardLayout::kMergedBuild) {
    for (const std::string& word : spellings) ++shard.spellings[word];
    return;
  }
  // The merge adds the shards' spelling data up: counted once for the set,
  // each word's entries are written once, not once a writer.
  Shard& first = *shards_[0];
  std::lock_guard lock(first.spellings_mutex);
  for (const std::string& word : spellings) ++first.spellings[word];
}

void ShardSet::commit_shard(Shard& shard) {
  std::lock_guard lock(shard.mutex);
  std::lock_guard spellings_lock(shard.spellings_mutex);
  for (const auto& [word, articles] : shard.spellings)
    shard.db.add_spelling(word, articles);
  shard.spellings.clear();
  commit_interval(shard.db);
}

void ShardSet::commit_article_shards() {
  if (shards_.size() == 1) {
    commit_shard(*shards_[0]);
    return;
  }
  std::vector<std::exception_ptr> errors(shards_.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    threads.emplace_back([this, i, &errors] {
      try {
        commit_shard(*shards_[i]);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

std::optional<Xapian::Document> ShardSet::previous_article(const std::string& id_term) {
  if (!previous_) return std::nullopt;
  const Xapian::PostingIterator p = previous_->postlist_begin(id_term);
  if (p == previous_->postlist_end(id_term)) return std::nullopt;
  return previous_->get_document(*p);
}

void ShardSet::commit() {
  // Unsharded, the metadata is the article shard's: one atomic commit.
  sequence_.record(meta());
  commit_article_shards();
  if (stub_ == StubState::kOutdated) {
    // A year seen for the first time: its shard, committed, joins the stub
    // before the metadata that records its files as read (issue #15: a kill
    // between the two lost its articles when the stub came last).
    publish_generations(dir_, generations());
    stub_ = StubState::kCurrent;
  }
  if (meta_) commit_interval(meta_->db);
  start_part_if_full();
}

// The shards of a part stay open after it is full: a group's leader may be
// in an earlier part when a later article joins its group (its mark is a
// write there), and holder() looks an id up in every part.
void ShardSet::start_part_if_full() {
  if (part_articles_ == 0 || articles_in_part_.load() < part_articles_) return;
  const std::size_t start = shards_.size();
  const int number = shards_[0]->generation.number;
  for (std::size_t i = 0; i < part_width_; ++i) {
    const GenerationName name{ShardKind::kHash, static_cast<int>(start + i), number};
    std::unique_ptr<Shard> shard = open_shard(name, Xapian::DB_CREATE_OR_OVERWRITE);
    stamp_analyzer(shard->db);
    shards_.push_back(std::move(shard));
  }
  part_start_ = start;
  articles_in_part_ = 0;
}

void ShardSet::skip_commit() { sequence_.record(meta()); }

// The metadata shard first (Xapian reads metadata from the first database),
// then the article shards.
std::vector<GenerationName> ShardSet::generations() const {
  std::vector<GenerationName> names;
  if (meta_) names.push_back(meta_->generation);
  for (const auto& shard : shards_) names.push_back(shard->generation);
  return names;
}

void ShardSet::publish(bool complete) {
  if (stub_ != StubState::kUnpublished) return;
  stub_ = StubState::kCurrent;
  if (origin_ == Origin::kRebuild && !complete) return;  // the live generations stay
  const std::vector<GenerationName> names = generations();
  if (meta_) close_interval(meta_->db);
  for (auto& shard : shards_) close_interval(shard->db);
  if (layout_ == ShardLayout::kMergedBuild) {
    merge_into_one(names);
  } else {
    publish_generations(dir_, names);
  }
  for (auto& lock : live_locks_) lock.close();
}

// One generation from the parallel writers' shards, metadata first.
void ShardSet::merge_into_one(const std::vector<GenerationName>& names) {
  const GenerationName merged{ShardKind::kWhole, 0, next_generation_number(dir_)};
  Xapian::Database all;
  for (const GenerationName& name : names) {
    all.add_database(Xapian::Database(generation_path(dir_, name)));
  }
  all.compact(generation_path(dir_, merged), Xapian::DBCOMPACT_MULTIPASS);
  publish_generations(dir_, {merged});
  // Never published, so no search has them open.
  std::error_code ec;
  for (const GenerationName& name : names)
    fs::remove_all(generation_path(dir_, name), ec);
}

namespace {

// Write locks on `live`, each checked for this analyzer.
std::vector<Xapian::WritableDatabase> lock_generations(
    const std::string& db_path, const std::vector<GenerationName>& live,
    const LockWait& lock_wait) {
  std::vector<Xapian::WritableDatabase> locks;
  for (const GenerationName& generation : live) {
    locks.push_back(open_writable(db_path, generation_path(db_path, generation),
                                  Xapian::DB_OPEN, lock_wait));
    check_analyzer(locks.back(), db_path);
  }
  return locks;
}

// Compacts generation `from` of `db_path` into `to`, counting both sizes.
void compact_generation(const std::string& db_path, const GenerationName& from,
                        const GenerationName& to, CompactSummary* summary) {
  const std::string from_path = generation_path(db_path, from);
  const std::string to_path = generation_path(db_path, to);
  summary->bytes_before += folder_bytes(from_path);
  Xapian::Database(from_path).compact(to_path);
  summary->bytes_after += folder_bytes(to_path);
}

// Compacts each of `from` into the generation of the same index in `to`.
// All or nothing: when one fails (an error, the disk full), the generations
// written so far, the half-written one too, are removed before the error
// goes on; the live ones were only read.
void compact_generations(const std::string& db_path,
                         const std::vector<GenerationName>& from,
                         const std::vector<GenerationName>& to, CompactSummary* summary) {
  std::size_t i = 0;
  try {
    for (; i < from.size(); ++i) {
      if (to[i] != from[i]) compact_generation(db_path, from[i], to[i], summary);
    }
  } catch (...) {
    std::error_code ec;
    for (std::size_t k = 0; k <= i && k < from.size(); ++k) {
      if (to[k] != from[k]) fs::remove_all(generation_path(db_path, to[k]), ec);
    }
    throw;
  }
}

double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
      .count();
}

int this_year_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  return 1900 + utc.tm_year;
}

}  // namespace

CompactSummary compact_database(const std::string& db_path, const LockWait& lock_wait) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<GenerationName> live = live_generations(db_path);
  if (live.empty()) throw Error(message(messages::kNothingToCompact, {db_path}));
  std::vector<Xapian::WritableDatabase> locks =
      lock_generations(db_path, live, lock_wait);
  remove_stale_generations(db_path, kGenerationGrace);
  const int number = next_generation_number(db_path);
  CompactSummary summary;
  std::vector<GenerationName> compacted;
  for (const GenerationName& generation : live) {
    compacted.push_back(renumbered(generation, number));
  }
  compact_generations(db_path, live, compacted, &summary);
  publish_generations(db_path, compacted);
  for (auto& lock : locks) lock.close();
  summary.elapsed_seconds = seconds_since(started);
  return summary;
}

CompactSummary compact_frozen_shards(const std::string& db_path,
                                     const LockWait& lock_wait) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<GenerationName> live = live_generations(db_path);
  if (live.empty() || live[0].kind != ShardKind::kMeta) {
    throw Error(message(messages::kNotShardedByYear, {db_path}));
  }
  std::vector<Xapian::WritableDatabase> locks =
      lock_generations(db_path, live, lock_wait);
  Xapian::WritableDatabase& meta = locks[0];
  const int this_year = this_year_utc();  // a year is frozen once it is over (UTC)
  const int number = next_generation_number(db_path);
  CompactSummary summary;
  std::vector<GenerationName> names = live;
  for (std::size_t i = 1; i < live.size(); ++i) {
    if (live[i].kind != ShardKind::kYear || live[i].shard >= this_year) continue;
    // Compacted already, and not written since: leave it.
    const std::string key = schema::kMetaCompactedPrefix + shard_label(live[i]);
    const std::string stamp =
        format_generation_name(live[i]) + " " + std::to_string(locks[i].get_revision());
    if (meta.get_metadata(key) != stamp) names[i] = renumbered(live[i], number);
  }
  compact_generations(db_path, live, names, &summary);
  // The metadata only once every compaction is done: the locks' destructors
  // commit what was set, even when an error leaves this function.
  for (std::size_t i = 1; i < live.size(); ++i) {
    if (names[i] == live[i]) continue;
    const Xapian::Database compacted(generation_path(db_path, names[i]));
    meta.set_metadata(schema::kMetaCompactedPrefix + shard_label(live[i]),
                      format_generation_name(names[i]) + " " +
                          std::to_string(compacted.get_revision()));
  }
  if (names != live) {
    meta.commit();
    publish_generations(db_path, names);
  }
  for (auto& lock : locks) lock.close();
  summary.elapsed_seconds = seconds_since(started);
  return summary;
}

}  // namespace kiosque
