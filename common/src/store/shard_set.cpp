#include "kiosque/store/shard_set.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <filesystem>
#include <thread>

#include "kiosque/base/hash.h"
#include "kiosque/store/db_layout.h"

namespace fs = std::filesystem;

namespace kiosque {
namespace {

// Generations replaced by a rebuild or a compaction are removed by a later
// run once no search can still be reading them.
constexpr std::chrono::seconds kGenerationGrace{600};

// The generation names of a layout of `shards` article shards.
std::vector<std::string> layout(std::size_t shards, int number) {
  if (shards <= 1) return {generation_name("", number)};
  std::vector<std::string> names = {generation_name("meta", number)};
  for (std::size_t i = 0; i < shards; ++i) {
    std::string shard(1, 's');  // built in steps: GCC 12 -Wrestrict misfires on "s" + …
    shard += std::to_string(i);
    names.push_back(generation_name(shard, number));
  }
  return names;
}

// Whether `dir` holds nothing but generation folders (or nothing).
bool only_generations(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!is_generation_name(entry.path().filename().string())) return false;
  }
  return true;
}

std::uint64_t folder_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace

ShardSet::ShardSet(const std::string& dir, const ShardSetOptions& options)
    : dir_(dir), lock_wait_(options.lock_wait) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create database folder " + dir + ": " + ec.message());
  const auto path_of = [&](const std::string& generation) {
    return (fs::path(dir) / generation).string();
  };
  const auto open = [&](const std::string& generation, int flags) {
    return open_writable(dir, path_of(generation), flags, options.lock_wait);
  };

  std::vector<std::string> live = live_generations(dir);
  std::vector<std::string> names = live;
  int flags = Xapian::DB_OPEN;
  const std::size_t build = options.build_shards > 1 && options.shards <= 1 ? options.build_shards : 0;
  if (live.empty()) {
    if (fs::exists(fs::path(dir) / "iamglass", ec) || !only_generations(dir)) {
      throw Error(dir + " is not a kiosque database (it has no XAPIANDB stub); "
                        "give another --db");
    }
    // A new database: its generations, then the stub that names them. Two
    // runs creating it at once: the first to lock wins, the other reports
    // the lock. Generations left without a stub by an interrupted parallel
    // build are overwritten.
    by_year_ = options.by_year;
    merge_ = build > 1 && !by_year_;
    names = by_year_ ? std::vector<std::string>{generation_name("meta", 1)}
                     : merge_ ? layout(build, 1) : layout(options.shards, 1);
    flags = merge_ ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
    fresh_ = true;
  } else {
    const std::size_t current = live.size() == 1 ? 1 : live.size() - 1;
    const bool live_by_year = std::any_of(live.begin(), live.end(), [](const std::string& g) {
      return g[0] == 'y';
    }) || (live.size() == 1 && shard_of(live[0]) == "meta");
    by_year_ = options.rebuild ? options.by_year || (live_by_year && options.shards == 0)
                               : live_by_year;
    if (!options.rebuild && ((options.by_year && !live_by_year) ||
                             (options.shards != 0 && (live_by_year || options.shards != current)))) {
      throw Error("database " + dir + " has " +
                  (live_by_year ? std::string("shards by year") : std::to_string(current) + " shard(s)") +
                  "; changing that needs --rebuild");
    }
    if (options.rebuild && !options.dry_run) {
      // Hold the live generations' locks throughout, so that no other
      // kiosque-index writes to what is about to be replaced.
      for (const std::string& generation : live) {
        live_locks_.push_back(open(generation, Xapian::DB_OPEN));
      }
      remove_stale_generations(dir, kGenerationGrace);
      const std::size_t shards = options.shards ? options.shards : current;
      merge_ = build > 1 && shards == 1 && !by_year_;
      const int number = next_generation_number(dir);
      names = by_year_ ? std::vector<std::string>{generation_name("meta", number)}
                       : layout(merge_ ? build : shards, number);
      flags = Xapian::DB_CREATE_OR_OVERWRITE;
      rebuilding_ = true;
      fresh_ = true;
    }
  }
  for (const std::string& generation : names) {
    auto shard = std::make_unique<Shard>();
    shard->generation = generation;
    shard->db = open(generation, flags);
    if (!rebuilding_) check_analyzer(shard->db, dir);
    (shard_of(generation) == "meta" ? meta_ : shards_.emplace_back()) = std::move(shard);
  }
  if (live.empty() && !merge_) publish_generations(dir, names);
  unpublished_ = rebuilding_ || merge_;
  if (!rebuilding_ && !options.dry_run) remove_stale_generations(dir, kGenerationGrace);
  if (!fresh_) fresh_ = doccount() == 0;
  new_generation_ = next_generation_number(dir);
}

ShardSet::~ShardSet() = default;

std::size_t ShardSet::route(const std::string& id, const std::string& year) {
  if (!by_year_) return shards_.size() == 1 ? 0 : fnv1a64(id) % shards_.size();
  const std::string name = year.empty() ? "ynone" : "y" + year;
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (shard_of(shards_[i]->generation) == name) return i;
  }
  auto shard = std::make_unique<Shard>();
  shard->generation = generation_name(name, new_generation_);
  shard->db = open_writable(dir_, (fs::path(dir_) / shard->generation).string(),
                            Xapian::DB_CREATE_OR_OVERWRITE, lock_wait_);
  stamp_analyzer(shard->db);
  shards_.push_back(std::move(shard));
  stub_outdated_ = !unpublished_;
  return shards_.size() - 1;
}

std::size_t ShardSet::holder(const std::string& id_term) {
  if (!by_year_) {
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
  for (const std::string& word : spellings) ++shard.spellings[word];
}

void ShardSet::commit_shard(Shard& shard) {
  std::lock_guard lock(shard.mutex);
  for (const auto& [word, articles] : shard.spellings) shard.db.add_spelling(word, articles);
  shard.spellings.clear();
  shard.db.commit();
}

void ShardSet::commit() {
  if (shards_.size() == 1) {
    commit_shard(*shards_[0]);
  } else {
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
  if (meta_) meta_->db.commit();
  if (stub_outdated_) {
    // A year seen for the first time: its shard, committed, joins the stub.
    std::vector<std::string> names = {meta_->generation};
    for (auto& shard : shards_) names.push_back(shard->generation);
    publish_generations(dir_, names);
    stub_outdated_ = false;
  }
}

void ShardSet::publish(bool complete) {
  if (!unpublished_) return;
  unpublished_ = false;
  if (rebuilding_ && !complete) return;  // the live generations stay
  std::vector<std::string> names;
  if (meta_) {
    names.push_back(meta_->generation);
    meta_->db.close();
  }
  for (auto& shard : shards_) {
    names.push_back(shard->generation);
    shard->db.close();
  }
  if (merge_) {
    // One generation from the parallel writers' shards, metadata first.
    const std::string merged = generation_name("", next_generation_number(dir_));
    Xapian::Database all;
    for (const std::string& name : names) {
      all.add_database(Xapian::Database((fs::path(dir_) / name).string()));
    }
    all.compact((fs::path(dir_) / merged).string(), Xapian::DBCOMPACT_MULTIPASS);
    publish_generations(dir_, {merged});
    // Never published, so no search has them open.
    std::error_code ec;
    for (const std::string& name : names) fs::remove_all(fs::path(dir_) / name, ec);
  } else {
    publish_generations(dir_, names);
  }
  for (auto& lock : live_locks_) lock.close();
  rebuilding_ = false;
}

CompactSummary compact_database(const std::string& db_path, const LockWait& lock_wait) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<std::string> live = live_generations(db_path);
  if (live.empty()) throw Error("no kiosque database at " + db_path + " to compact");
  std::vector<Xapian::WritableDatabase> locks;
  for (const std::string& generation : live) {
    locks.push_back(open_writable(db_path, (fs::path(db_path) / generation).string(),
                                  Xapian::DB_OPEN, lock_wait));
    check_analyzer(locks.back(), db_path);
  }
  remove_stale_generations(db_path, kGenerationGrace);
  const int number = next_generation_number(db_path);
  CompactSummary summary;
  std::vector<std::string> compacted;
  for (const std::string& generation : live) {
    const fs::path from = fs::path(db_path) / generation;
    const std::string to = generation_name(shard_of(generation), number);
    summary.bytes_before += folder_bytes(from);
    Xapian::Database(from.string()).compact((fs::path(db_path) / to).string());
    summary.bytes_after += folder_bytes(fs::path(db_path) / to);
    compacted.push_back(to);
  }
  publish_generations(db_path, compacted);
  for (auto& lock : locks) lock.close();
  summary.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

CompactSummary compact_frozen_shards(const std::string& db_path, const LockWait& lock_wait) {
  const auto started = std::chrono::steady_clock::now();
  const std::vector<std::string> live = live_generations(db_path);
  if (live.empty() || shard_of(live[0]) != "meta") {
    throw Error("database " + db_path + " is not sharded by year (kiosque-index --shard-by year)");
  }
  std::vector<Xapian::WritableDatabase> locks;
  for (const std::string& generation : live) {
    locks.push_back(open_writable(db_path, (fs::path(db_path) / generation).string(),
                                  Xapian::DB_OPEN, lock_wait));
    check_analyzer(locks.back(), db_path);
  }
  Xapian::WritableDatabase& meta = locks[0];
  // A year is frozen once it is over (UTC).
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  const std::string this_year = std::to_string(1900 + utc.tm_year);
  const int number = next_generation_number(db_path);
  CompactSummary summary;
  std::vector<std::string> names = live;
  for (std::size_t i = 1; i < live.size(); ++i) {
    const std::string shard = shard_of(live[i]);
    if (shard.size() != 5 || shard[0] != 'y' || shard.substr(1) >= this_year) continue;
    const fs::path from = fs::path(db_path) / live[i];
    // Compacted already, and not written since: leave it.
    const std::string key = "kiosque.compacted:" + shard;
    const std::string stamp = live[i] + " " + std::to_string(locks[i].get_revision());
    if (meta.get_metadata(key) == stamp) continue;
    const std::string to = generation_name(shard, number);
    summary.bytes_before += folder_bytes(from);
    Xapian::Database(from.string()).compact((fs::path(db_path) / to).string());
    summary.bytes_after += folder_bytes(fs::path(db_path) / to);
    meta.set_metadata(key, to + " " + std::to_string(Xapian::Database((fs::path(db_path) / to).string()).get_revision()));
    names[i] = to;
  }
  if (names != live) {
    meta.commit();
    publish_generations(db_path, names);
  }
  for (auto& lock : locks) lock.close();
  summary.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace kiosque
