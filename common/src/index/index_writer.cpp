#include "kiosque/index/index_writer.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_set>

#include <xapian.h>

#include "kiosque/text/analyzer.h"
#include "kiosque/input/corpus_reader.h"
#include "kiosque/store/database.h"
#include "kiosque/store/shard_set.h"
#include "kiosque/index/duplicate_index.h"
#include "kiosque/store/document.h"
#include "kiosque/store/schema.h"

namespace fs = std::filesystem;

namespace kiosque {

volatile std::sig_atomic_t g_stop_signal = 0;

namespace {

// One file found by the walk. Kept small: an archive tree may hold a
// million files, and all of them are walked before any is read.
struct FileTask {
  std::uint32_t root = 0;  // index into Run::root_list_
  bool changed = false;    // size or mtime differ from what was recorded
  std::string relpath;     // relative to the root, '/' separators
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

// What the reader thread hands the writer: one batch of one file's articles.
// A file comes as one or more batches in order; the last one says so.
struct FileResult {
  FileTask task;
  ReadResult read;
  std::vector<PreparedDocument> documents;
  bool first = true;
  bool last = true;
  std::size_t file_articles = 0;  // on the last batch: the whole file's count
  std::uint64_t text_bytes = 0;   // of this batch's articles, for progress
};

// Articles per batch between the reader thread and the writer: enough to
// amortise the hand-over, small enough to keep memory flat.
constexpr std::size_t kBatchArticles = 256;


struct FileState {
  std::string root;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t articles = 0;
};

std::string encode_state(const FileState& s) {
  std::ostringstream out;
  out << s.root << '\t' << s.size << '\t' << s.mtime_ns << '\t' << s.articles;
  return out.str();
}

std::optional<FileState> decode_state(const std::string& value) {
  if (value.empty()) return std::nullopt;
  std::istringstream in(value);
  FileState s;
  if (!std::getline(in, s.root, '\t')) return std::nullopt;
  if (!(in >> s.size >> s.mtime_ns >> s.articles)) return std::nullopt;
  return s;
}

std::string file_key(const std::string& relpath) {
  return schema::kMetaFilePrefix + relpath;
}

// A root as recorded and compared: absolute, normal, no trailing '/'.
std::string normal_root(const fs::path& path) {
  std::error_code ec;
  std::string root = fs::absolute(path, ec).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// A small bounded queue between the reader thread and the writer.
class ResultQueue {
 public:
  explicit ResultQueue(std::size_t capacity) : capacity_(capacity) {}
  void push(FileResult result) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    items_.push_back(std::move(result));
    not_empty_.notify_one();
  }
  std::optional<FileResult> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || done_; });
    if (items_.empty()) return std::nullopt;
    FileResult result = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return result;
  }
  void finish() {
    std::lock_guard lock(mutex_);
    done_ = true;
    not_empty_.notify_all();
  }
  void close() {  // the writer stops early: release the producer
    std::lock_guard lock(mutex_);
    closed_ = true;
    items_.clear();
    not_full_.notify_all();
  }
  bool closed() {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<FileResult> items_;
  std::size_t capacity_;
  bool done_ = false;
  bool closed_ = false;
};

// Writer threads for a fresh build: thread t writes the shards i with
// i % threads == t, each document under its shard's lock. The main thread
// hands documents over and, before each commit, waits until all are
// written (drain), so that a commit never records a file as indexed while
// its articles still wait in a queue.
class WriterPool {
 public:
  WriterPool(ShardSet& set, std::size_t threads) : set_(set), lanes_(threads) {
    for (std::size_t t = 0; t < threads; ++t) {
      lanes_[t].thread = std::thread([this, t] { serve(lanes_[t]); });
    }
  }
  ~WriterPool() {
    for (Lane& lane : lanes_) {
      {
        std::lock_guard lock(lane.mutex);
        lane.stop = true;
      }
      lane.wake.notify_all();
    }
    for (Lane& lane : lanes_) lane.thread.join();
  }

  void write(std::size_t shard, PreparedDocument document) {
    Lane& lane = lanes_[shard % lanes_.size()];
    std::unique_lock lock(lane.mutex);
    lane.wake.wait(lock, [&] { return lane.jobs.size() < kMaxQueued || lane.error; });
    rethrow(lane);
    lane.jobs.push_back({shard, std::move(document)});
    lane.wake.notify_all();
  }

  void drain() {
    for (Lane& lane : lanes_) {
      std::unique_lock lock(lane.mutex);
      lane.wake.wait(lock, [&] { return (lane.jobs.empty() && !lane.busy) || lane.error; });
      rethrow(lane);
    }
  }

 private:
  static constexpr std::size_t kMaxQueued = 512;
  struct Job {
    std::size_t shard;
    PreparedDocument document;
  };
  struct Lane {
    std::thread thread;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> jobs;
    bool busy = false;
    bool stop = false;
    std::exception_ptr error;
  };

  static void rethrow(Lane& lane) {
    if (lane.error) std::rethrow_exception(lane.error);
  }

  void serve(Lane& lane) {
    while (true) {
      Job job;
      {
        std::unique_lock lock(lane.mutex);
        lane.wake.wait(lock, [&] { return !lane.jobs.empty() || lane.stop; });
        if (lane.jobs.empty()) return;
        job = std::move(lane.jobs.front());
        lane.jobs.pop_front();
        lane.busy = true;
      }
      lane.wake.notify_all();
      try {
        std::lock_guard shard_lock(set_.mutex(job.shard));
        set_.replace(job.shard, job.document.id_term, job.document.document,
                     job.document.spellings);
      } catch (...) {
        std::lock_guard lock(lane.mutex);
        lane.error = std::current_exception();
      }
      {
        std::lock_guard lock(lane.mutex);
        lane.busy = false;
      }
      lane.wake.notify_all();
    }
  }

  ShardSet& set_;
  std::vector<Lane> lanes_;
};

class Run {
 public:
  Run(const IndexOptions& options, std::ostream& problems)
      : options_(options), problems_(problems) {
    for (const auto& [root, source] : options.root_sources) {
      root_sources_[normal_root(root)] = source;
    }
  }

  IndexSummary run();

 private:
  void report(const std::string& path, int line, const std::string& reason) {
    if (options_.progress) problems_ << "\r\x1b[K";  // off the progress line
    problems_ << path;
    if (line > 0) problems_ << ':' << line;
    problems_ << ": " << reason << '\n';
  }
  void walk_root(const std::string& root_arg, std::vector<FileTask>* tasks);
  void add_file(std::uint32_t root, const std::string& relpath,
                std::vector<FileTask>* tasks);
  void drop_same_paths(std::vector<FileTask>* tasks);
  std::uint32_t add_root(const std::string& root);
  fs::path file_of(const FileTask& task) const { return fs::path(root_list_[task.root]) / task.relpath; }
  const std::string& root_of(const FileTask& task) const { return root_list_[task.root]; }
  void write_batch(FileResult& result);
  void delete_vanished_files();
  void maybe_commit();
  void show_progress(bool final);
  std::set<std::string> ids_of_path(const std::string& relpath);
  std::string duplicate_group(const PreparedDocument& prepared);
  void mark_group_leaders();

  const IndexOptions& options_;
  std::ostream& problems_;
  std::unique_ptr<ShardSet> set_;
  std::unique_ptr<WriterPool> pool_;  // fresh builds with more than one writer
  DuplicateIndex fresh_duplicates_;   // fresh builds: no database lookups
  std::set<std::string> group_leaders_;  // ids that lead a new group
  bool fresh_ = false;                  // the database was empty at start
  std::set<std::string> stale_;  // ids of the current file not seen yet
  IndexSummary summary_;
  std::vector<std::string> root_list_;  // the roots of this run, normal_root()
  std::vector<FileTask> tasks_;          // every article file, by relpath
  std::map<std::string, std::string> root_sources_;  // by normal_root()
  std::uint32_t since_commit_ = 0;
  std::uint64_t total_bytes_ = 0;  // of the files to read
  std::uint64_t done_bytes_ = 0;
  std::uint64_t file_start_bytes_ = 0;
  std::chrono::steady_clock::time_point started_, last_progress_;
  std::int64_t now_ = 0;
  double last_stamp_ = 0;  // the last indexed-at time given
};

std::uint32_t Run::add_root(const std::string& root) {
  const auto found = std::find(root_list_.begin(), root_list_.end(), root);
  if (found != root_list_.end()) return static_cast<std::uint32_t>(found - root_list_.begin());
  root_list_.push_back(root);
  return static_cast<std::uint32_t>(root_list_.size() - 1);
}

void Run::add_file(std::uint32_t root, const std::string& relpath,
                   std::vector<FileTask>* tasks) {
  const fs::path file = fs::path(root_list_[root]) / relpath;
  if (input_kind(file) == InputKind::kNotArticle) {
    ++summary_.skipped;
    if (options_.verbosity == Verbosity::kVerbose) {
      problems_ << relpath << ": skipped, not an article file\n";
    }
    return;
  }
  struct stat st;
  if (::stat(file.c_str(), &st) != 0) {
    report(relpath, 0, std::string("cannot read: ") + std::strerror(errno));
    ++summary_.failed;
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    report(relpath, 0, "not a regular file");
    ++summary_.failed;
    return;
  }
  FileTask task;
  task.root = root;
  task.relpath = relpath;
  task.size = static_cast<std::uint64_t>(st.st_size);
  task.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                  st.st_mtim.tv_nsec;
  tasks->push_back(std::move(task));
}

// The same relative path under two roots is one id twice: the first root's
// file is kept, the others are reported. Leaves `tasks` sorted by relpath.
void Run::drop_same_paths(std::vector<FileTask>* tasks) {
  std::stable_sort(tasks->begin(), tasks->end(),
                   [](const FileTask& a, const FileTask& b) { return a.relpath < b.relpath; });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    FileTask& task = (*tasks)[i];
    if (kept > 0 && (*tasks)[kept - 1].relpath == task.relpath) {
      report(task.relpath, 0, "same path already indexed from root " +
                                  root_list_[(*tasks)[kept - 1].root] + "; skipped under " +
                                  root_list_[task.root]);
      ++summary_.failed;
      continue;
    }
    if (kept != i) (*tasks)[kept] = std::move(task);
    ++kept;
  }
  tasks->resize(kept);
}

void Run::walk_root(const std::string& root_arg, std::vector<FileTask>* tasks) {
  std::error_code ec;
  const fs::path root_path = fs::absolute(root_arg, ec);
  const fs::file_status status = fs::status(root_path, ec);
  if (ec || !fs::exists(status)) {
    report(root_arg, 0, "no such file or folder");
    ++summary_.failed;
    return;
  }
  if (!fs::is_directory(status)) {
    add_file(add_root(normal_root(root_path.parent_path())), root_path.filename().string(),
             tasks);
    return;
  }
  const std::uint32_t root = add_root(normal_root(root_path));
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(
      root_path, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (is_hidden(entry.path())) {
      if (entry.is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    std::error_code kind_ec;
    if (entry.is_directory(kind_ec)) continue;
    found.push_back(entry.path().lexically_relative(root_path).generic_string());
  }
  if (ec) {
    report(root_arg, 0, "cannot walk the folder fully: " + ec.message());
    ++summary_.failed;
  }
  std::sort(found.begin(), found.end());
  for (const std::string& relpath : found) add_file(root, relpath, tasks);
}

std::set<std::string> Run::ids_of_path(const std::string& relpath) {
  std::set<std::string> ids;
  const std::string path_term = schema::kPrefixPath + relpath;
  for (std::size_t i = 0; i < set_->size(); ++i) {
    Xapian::WritableDatabase& db = set_->shard(i);
    for (auto p = db.postlist_begin(path_term); p != db.postlist_end(path_term); ++p) {
      Xapian::TermIterator t = db.termlist_begin(*p);
      t.skip_to(schema::kPrefixId);
      if (t != db.termlist_end(*p) && (*t).rfind(schema::kPrefixId, 0) == 0) {
        ids.insert((*t).substr(1));
      }
    }
  }
  return ids;
}

// The duplicate group of an article whose simhash is near another's: the
// other's group (found through the shared simhash band terms), or "" when it
// has none. Xapian's collapse key does the rest at query time.
std::string Run::duplicate_group(const PreparedDocument& prepared) {
  if (!prepared.has_simhash) return "";
  const std::string id = prepared.id_term.substr(1);
  if (fresh_) {
    const std::string group = fresh_duplicates_.add(prepared.simhash, id);
    if (group == id) return "";
    group_leaders_.insert(group);
    return group;
  }
  // A band shared by many articles (boilerplate) is not worth scanning whole.
  constexpr int kMaxCandidatesPerBand = 64;
  for (const std::string& band : simhash_band_terms(prepared.simhash)) {
    for (std::size_t i = 0; i < set_->size(); ++i) {
      Xapian::WritableDatabase& db = set_->shard(i);
      int scanned = 0;
      for (auto p = db.postlist_begin(band);
           p != db.postlist_end(band) && scanned < kMaxCandidatesPerBand; ++p, ++scanned) {
        const Xapian::Document other = db.get_document(*p);
        std::uint64_t other_hash;
        if (!parse_simhash(other.get_value(schema::kSlotSimhash), &other_hash)) continue;
        if (__builtin_popcountll(other_hash ^ prepared.simhash) > kNearDuplicateBits) continue;
        Xapian::TermIterator other_id = db.termlist_begin(*p);
        other_id.skip_to(schema::kPrefixId);
        if (other_id == db.termlist_end(*p) || (*other_id)[0] != schema::kPrefixId[0]) continue;
        if (*other_id == prepared.id_term) continue;  // itself, re-indexed after a change
        std::string group = other.get_value(schema::kSlotDuplicateGroup);
        if (group.empty()) {
          // The first duplicate of this article: it leads the group.
          group = (*other_id).substr(1);
          group_leaders_.insert(group);
        }
        return group;
      }
    }
  }
  return "";
}

// "  1234 articles · 12.3 MB/s · 45 % · reste 0:12", redrawn in place at most
// four times a second; only ever on a terminal.
void Run::show_progress(bool final) {
  if (!options_.progress) return;
  const auto now = std::chrono::steady_clock::now();
  if (final) {
    problems_ << "\r\x1b[K" << std::flush;
    return;
  }
  if (last_progress_ != std::chrono::steady_clock::time_point() &&
      now - last_progress_ < std::chrono::milliseconds(250)) {
    return;
  }
  last_progress_ = now;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double rate = seconds > 0 ? done_bytes_ / seconds : 0;
  char line[160];
  const double fraction = total_bytes_ ? static_cast<double>(done_bytes_) / total_bytes_ : 1;
  const int eta = rate > 0 ? static_cast<int>((total_bytes_ - done_bytes_) / rate) : 0;
  std::snprintf(line, sizeof line, "\r\x1b[K  %llu articles · %.1f MB/s · %.0f %% · reste %d:%02d",
                static_cast<unsigned long long>(summary_.added + summary_.updated +
                                                summary_.unchanged),
                rate / 1e6, 100 * fraction, eta / 60, eta % 60);
  problems_ << line << std::flush;
}

// Gives each article that leads a new duplicate group its group value (its
// own id): values only, so Xapian rewrites no terms. Run at commit points,
// once every writer has written what it was given.
void Run::mark_group_leaders() {
  for (const std::string& id : group_leaders_) {
    const std::string id_term = schema::kPrefixId + id;
    const std::size_t holder = set_->holder(id_term);
    if (holder == set_->size()) continue;  // deleted meanwhile
    Xapian::WritableDatabase& db = set_->shard(holder);
    Xapian::PostingIterator p = db.postlist_begin(id_term);
    Xapian::Document leader = db.get_document(*p);
    if (leader.get_value(schema::kSlotDuplicateGroup) == id) continue;
    leader.add_value(schema::kSlotDuplicateGroup, id);
    db.replace_document(*p, leader);
  }
  group_leaders_.clear();
}

void Run::maybe_commit() {
  if (options_.dry_run) return;
  if (++since_commit_ >= options_.commit_every) {
    if (pool_) pool_->drain();
    mark_group_leaders();
    set_->commit();
    since_commit_ = 0;
  }
}

void Run::write_batch(FileResult& result) {
  const FileTask& task = result.task;
  for (const Problem& p : result.read.problems) {
    report(task.relpath, p.line, p.reason);
    ++summary_.failed;
  }
  for (const Problem& p : result.read.warnings) {
    if (options_.verbosity != Verbosity::kQuiet) {
      report(task.relpath, p.line, "warning: " + p.reason);
    }
  }
  for (const Problem& p : result.read.notes) {
    if (options_.verbosity == Verbosity::kVerbose) report(task.relpath, p.line, p.reason);
  }
  if (result.first) {
    stale_.clear();
    if (!fresh_) stale_ = ids_of_path(task.relpath);
  }
  for (PreparedDocument& prepared : result.documents) {
    const std::string id = prepared.id_term.substr(1);
    // Where it goes, and where it is now: by year, a changed date moves it.
    const std::size_t target =
        set_->route(id, prepared.document.get_value(schema::kSlotYear));
    std::size_t holder = set_->size();
    if (!fresh_) {
      stale_.erase(id);
      holder = set_->holder(prepared.id_term);
    }
    const bool existed = holder < set_->size();
    if (existed) {
      // Keep when the article was first indexed; skip identical content.
      Xapian::WritableDatabase& old_db = set_->shard(holder);
      Xapian::PostingIterator p = old_db.postlist_begin(prepared.id_term);
      const Xapian::Document old = old_db.get_document(*p);
      // Compressed texts compare as their texts do (zstd is deterministic
      // for one library version; after an upgrade, re-read articles are
      // rewritten once).
      if (old.get_data() == prepared.document.get_data() &&
          old.get_value(schema::kSlotText) ==
              prepared.document.get_value(schema::kSlotText)) {
        ++summary_.unchanged;
        continue;
      }
      prepared.document.add_value(schema::kSlotIndexedAt,
                                  old.get_value(schema::kSlotIndexedAt));
      ++summary_.updated;
    } else {
      ++summary_.added;
    }
    if (options_.verbosity == Verbosity::kVerbose) {
      problems_ << task.relpath << ": " << (existed ? "updated " : "added ") << id << '\n';
    }
    if (options_.dry_run) continue;
    if (!existed) {
      // When it was written, to the microsecond and never going back: alerts
      // ask for what was indexed after their last run.
      const double now = std::chrono::duration<double>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
      last_stamp_ = std::max(now, last_stamp_ + 1e-6);
      prepared.document.add_value(schema::kSlotIndexedAt,
                                  Xapian::sortable_serialise(last_stamp_));
    }
    const std::string group = duplicate_group(prepared);
    if (!group.empty()) prepared.document.add_value(schema::kSlotDuplicateGroup, group);
    if (pool_) {
      pool_->write(target, std::move(prepared));
    } else {
      if (existed && holder != target) {
        set_->shard(holder).delete_document(prepared.id_term);
      }
      set_->replace(target, prepared.id_term, prepared.document, prepared.spellings);
    }
    maybe_commit();
  }
  // Within a file, its articles' text stands for the bytes read.
  if (result.first) file_start_bytes_ = done_bytes_;
  done_bytes_ = std::min(done_bytes_ + result.text_bytes, file_start_bytes_ + task.size);
  if (result.last) done_bytes_ = file_start_bytes_ + task.size;
  show_progress(false);
  if (!result.last) return;
  if (!options_.keep_deleted) {
    for (const std::string& id : stale_) {
      ++summary_.deleted;
      if (options_.verbosity == Verbosity::kVerbose) {
        problems_ << task.relpath << ": deleted " << id << '\n';
      }
      if (!options_.dry_run) {
        const std::size_t holder = set_->holder(schema::kPrefixId + id);
        if (holder < set_->size()) set_->shard(holder).delete_document(schema::kPrefixId + id);
      }
    }
  }
  stale_.clear();
  if (!options_.dry_run) {
    // Recorded only once the whole file is in: a run stopped inside a file
    // reads it again next time, and finishes it.
    const FileState state{root_of(task), task.size, task.mtime_ns, result.file_articles};
    set_->meta().set_metadata(file_key(task.relpath), encode_state(state));
  }
}

void Run::delete_vanished_files() {
  std::vector<std::string> vanished;
  const std::string prefix = schema::kMetaFilePrefix;
  Xapian::WritableDatabase& meta = set_->meta();
  for (auto k = meta.metadata_keys_begin(prefix); k != meta.metadata_keys_end(prefix);
       ++k) {
    const std::string relpath = (*k).substr(prefix.size());
    const auto seen = std::lower_bound(
        tasks_.begin(), tasks_.end(), relpath,
        [](const FileTask& task, const std::string& path) { return task.relpath < path; });
    if (seen != tasks_.end() && seen->relpath == relpath) continue;
    const auto state = decode_state(meta.get_metadata(*k));
    if (!state || std::count(root_list_.begin(), root_list_.end(), state->root) == 0) continue;
    vanished.push_back(relpath);
  }
  for (const std::string& relpath : vanished) {
    for (const std::string& id : ids_of_path(relpath)) {
      ++summary_.deleted;
      if (options_.verbosity == Verbosity::kVerbose) {
        problems_ << relpath << ": deleted " << id << " (file gone)\n";
      }
      if (!options_.dry_run) {
        const std::size_t holder = set_->holder(schema::kPrefixId + id);
        if (holder < set_->size()) set_->shard(holder).delete_document(schema::kPrefixId + id);
      }
    }
    if (!options_.dry_run) meta.set_metadata(file_key(relpath), "");
  }
}

IndexSummary Run::run() {
  const auto started = std::chrono::steady_clock::now();
  started_ = started;
  now_ = static_cast<std::int64_t>(std::time(nullptr));
  set_ = std::make_unique<ShardSet>(
      options_.db_path,
      ShardSetOptions{
          .shards = options_.shards,
          .shard_by = options_.by_year ? ShardBy::kYear : ShardBy::kHash,
          .open = options_.rebuild ? ShardSetOpen::kRebuild : ShardSetOpen::kUpdate,
          .writes = options_.dry_run ? ShardSetWrites::kDryRun : ShardSetWrites::kApply,
          .lock_wait = options_.lock_wait,
          .build_shards = options_.jobs});
  if (!options_.dry_run) set_->stamp();
  fresh_ = set_->fresh();
  // Year shards appear as years do: one writer then.
  const std::size_t writers =
      options_.jobs != 0 ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (fresh_ && writers > 1 && set_->size() > 1 && !set_->by_year() && !options_.dry_run) {
    pool_ = std::make_unique<WriterPool>(*set_, std::min(writers, set_->size()));
  }

  for (const std::string& root : options_.roots) walk_root(root, &tasks_);
  drop_same_paths(&tasks_);

  // Files whose size and mtime are as recorded are not read again.
  for (FileTask& task : tasks_) {
    const auto state = fresh_ ? std::nullopt
                              : decode_state(set_->meta().get_metadata(file_key(task.relpath)));
    if (state && state->root == root_of(task) && state->size == task.size &&
        state->mtime_ns == task.mtime_ns) {
      summary_.unchanged += state->articles;
      continue;
    }
    total_bytes_ += task.size;
    task.changed = true;
  }

  // Reading, decoding and analysis run on a second thread, beside the writer.
  ResultQueue queue(8);
  std::thread reader([&] {
    Analyzer analyzer;
    for (const FileTask& task : tasks_) {
      if (!task.changed) continue;
      if (g_stop_signal || queue.closed()) break;
      // Hold each batch back until the next one shows it was not the last.
      std::optional<FileResult> held;
      std::size_t articles = 0;
      read_articles_in_batches(file_of(task), task.relpath, kBatchArticles,
                               [&](ReadResult& batch) {
        FileResult result;
        result.task = task;
        result.first = !held && articles == 0;
        for (Article& article : batch.articles) {
          result.text_bytes += article.title.size() + article.text.size();
          if (article.source.empty()) {
            const auto named = root_sources_.find(root_of(task));
            article.source = named != root_sources_.end() ? named->second : options_.source;
          }
          result.documents.push_back(prepare_document(article, analyzer, now_));
        }
        articles += batch.articles.size();
        batch.articles.clear();
        result.read = std::move(batch);
        if (held) {
          held->last = false;
          queue.push(std::move(*held));
          result.first = false;
        }
        held = std::move(result);
      });
      held->file_articles = articles;
      queue.push(std::move(*held));
    }
    queue.finish();
  });
  try {
    while (auto result = queue.pop()) {
      write_batch(*result);
      if (g_stop_signal) break;
    }
    if (!g_stop_signal) delete_vanished_files();
    if (pool_) pool_->drain();
    if (!options_.dry_run) {
      mark_group_leaders();
      set_->commit();
    }
  } catch (...) {
    queue.close();
    reader.join();
    throw;
  }
  queue.close();
  reader.join();
  show_progress(true);
  summary_.interrupted = g_stop_signal != 0;
  pool_.reset();
  if (!options_.dry_run) set_->publish(!summary_.interrupted);
  summary_.elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary_;
}

}  // namespace

std::string format_summary(const IndexSummary& s) {
  const std::uint64_t done = s.added + s.updated;
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s, %.0f articles/s", s.elapsed_seconds,
                s.elapsed_seconds > 0 ? done / s.elapsed_seconds : 0.0);
  std::ostringstream out;
  out << s.added << " added, " << s.updated << " updated, " << s.deleted
      << " deleted, " << s.unchanged << " unchanged, " << s.failed
      << " failed, " << rate;
  if (s.interrupted) out << " (interrupted)";
  return out.str();
}

IndexSummary run_index(const IndexOptions& options, std::ostream& problems) {
  Run run(options, problems);
  return run.run();
}

}  // namespace kiosque
