#include "kiosque/index_writer.h"

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

#include "kiosque/analyzer.h"
#include "kiosque/corpus_reader.h"
#include "kiosque/database.h"
#include "kiosque/db_layout.h"
#include "kiosque/document.h"
#include "kiosque/schema.h"

namespace fs = std::filesystem;

namespace kiosque {

volatile std::sig_atomic_t g_stop_signal = 0;

namespace {

// One file found by the walk.
struct FileTask {
  fs::path file;
  std::string root;     // the root as given, made absolute
  std::string relpath;  // relative to the root, '/' separators
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
};

// Articles per batch between the reader thread and the writer: enough to
// amortise the hand-over, small enough to keep memory flat.
constexpr std::size_t kBatchArticles = 256;
// Generations replaced by a rebuild or a compaction are removed by a later
// run once no search can still be reading them.
constexpr std::chrono::seconds kGenerationGrace{600};

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

class Run {
 public:
  Run(const IndexOptions& options, std::ostream& problems)
      : options_(options), problems_(problems) {}

  IndexSummary run();

 private:
  void report(const std::string& path, int line, const std::string& reason) {
    problems_ << path;
    if (line > 0) problems_ << ':' << line;
    problems_ << ": " << reason << '\n';
  }
  void walk_root(const std::string& root_arg, std::vector<FileTask>* tasks);
  void add_file(const fs::path& file, const std::string& root,
                const std::string& relpath, std::vector<FileTask>* tasks);
  void open_database();
  void write_batch(FileResult& result);
  void swap_in_rebuilt();
  void delete_vanished_files();
  void maybe_commit();
  std::set<std::string> ids_of_path(const std::string& relpath);

  const IndexOptions& options_;
  std::ostream& problems_;
  Xapian::WritableDatabase db_;
  Xapian::WritableDatabase live_lock_;  // --rebuild: the live one, locked
  std::string rebuild_generation_;      // --rebuild: the one being built
  bool fresh_ = false;                  // the database was empty at start
  std::set<std::string> stale_;  // ids of the current file not seen yet
  IndexSummary summary_;
  std::map<std::string, std::string> relpath_roots_;  // seen this run
  std::set<std::string> roots_;
  std::uint32_t since_commit_ = 0;
  std::int64_t now_ = 0;
};

void Run::add_file(const fs::path& file, const std::string& root,
                   const std::string& relpath, std::vector<FileTask>* tasks) {
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
  auto [it, inserted] = relpath_roots_.emplace(relpath, root);
  if (!inserted && it->second != root) {
    report(relpath, 0, "same path already indexed from root " + it->second +
                           "; skipped under " + root);
    ++summary_.failed;
    return;
  }
  FileTask task;
  task.file = file;
  task.root = root;
  task.relpath = relpath;
  task.size = static_cast<std::uint64_t>(st.st_size);
  task.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                  st.st_mtim.tv_nsec;
  tasks->push_back(std::move(task));
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
    const std::string root = root_path.parent_path().lexically_normal().string();
    roots_.insert(root);
    add_file(root_path, root, root_path.filename().string(), tasks);
    return;
  }
  const std::string root = root_path.lexically_normal().string();
  roots_.insert(root);
  std::vector<std::pair<std::string, fs::path>> found;
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
    found.emplace_back(entry.path().lexically_relative(root_path).generic_string(),
                       entry.path());
  }
  if (ec) {
    report(root_arg, 0, "cannot walk the folder fully: " + ec.message());
    ++summary_.failed;
  }
  std::sort(found.begin(), found.end());
  for (const auto& [relpath, file] : found) add_file(file, root, relpath, tasks);
}

std::set<std::string> Run::ids_of_path(const std::string& relpath) {
  std::set<std::string> ids;
  const std::string path_term = schema::kPrefixPath + relpath;
  for (auto p = db_.postlist_begin(path_term); p != db_.postlist_end(path_term);
       ++p) {
    Xapian::TermIterator t = db_.termlist_begin(*p);
    t.skip_to(schema::kPrefixId);
    if (t != db_.termlist_end(*p) && (*t).rfind(schema::kPrefixId, 0) == 0) {
      ids.insert((*t).substr(1));
    }
  }
  return ids;
}

void Run::maybe_commit() {
  if (options_.dry_run) return;
  if (++since_commit_ >= options_.commit_every) {
    db_.commit();
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
    const bool existed =
        !fresh_ && (stale_.erase(id) > 0 || db_.term_exists(prepared.id_term));
    if (existed) {
      // Keep when the article was first indexed; skip identical content.
      Xapian::PostingIterator p = db_.postlist_begin(prepared.id_term);
      const Xapian::Document old = db_.get_document(*p);
      if (old.get_data() == prepared.document.get_data()) {
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
    db_.replace_document(prepared.id_term, prepared.document);
    for (const std::string& word : prepared.spellings) db_.add_spelling(word);
    maybe_commit();
  }
  if (!result.last) return;
  if (!options_.keep_deleted) {
    for (const std::string& id : stale_) {
      ++summary_.deleted;
      if (options_.verbosity == Verbosity::kVerbose) {
        problems_ << task.relpath << ": deleted " << id << '\n';
      }
      if (!options_.dry_run) db_.delete_document(schema::kPrefixId + id);
    }
  }
  stale_.clear();
  if (!options_.dry_run) {
    // Recorded only once the whole file is in: a run stopped inside a file
    // reads it again next time, and finishes it.
    const FileState state{task.root, task.size, task.mtime_ns, result.file_articles};
    db_.set_metadata(file_key(task.relpath), encode_state(state));
  }
}

void Run::delete_vanished_files() {
  std::vector<std::string> vanished;
  const std::string prefix = schema::kMetaFilePrefix;
  for (auto k = db_.metadata_keys_begin(prefix); k != db_.metadata_keys_end(prefix);
       ++k) {
    const std::string relpath = (*k).substr(prefix.size());
    if (relpath_roots_.count(relpath)) continue;
    const auto state = decode_state(db_.get_metadata(*k));
    if (!state || roots_.count(state->root) == 0) continue;
    vanished.push_back(relpath);
  }
  for (const std::string& relpath : vanished) {
    for (const std::string& id : ids_of_path(relpath)) {
      ++summary_.deleted;
      if (options_.verbosity == Verbosity::kVerbose) {
        problems_ << relpath << ": deleted " << id << " (file gone)\n";
      }
      if (!options_.dry_run) db_.delete_document(schema::kPrefixId + id);
    }
    if (!options_.dry_run) db_.set_metadata(file_key(relpath), "");
  }
}

void Run::open_database() {
  const std::string& dir = options_.db_path;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error("cannot create database folder " + dir + ": " + ec.message());
  const auto open_writable = [&](const std::string& path, int flags) {
    try {
      return Xapian::WritableDatabase(path, flags);
    } catch (const Xapian::DatabaseLockError&) {
      throw Error("database " + dir + " is being updated by another kiosque-index");
    } catch (const Xapian::DatabaseError& e) {
      throw Error("cannot open database " + dir + " for writing: " + e.get_msg());
    }
  };
  const std::vector<std::string> live = live_generations(dir);
  bool created = false;
  if (live.empty()) {
    if (fs::exists(fs::path(dir) / "iamglass", ec) || !fs::is_empty(dir, ec)) {
      throw Error(dir + " is not a kiosque database (it has no XAPIANDB stub); "
                        "give another --db");
    }
    // A new database: its first generation, then the stub that names it.
    // Two runs creating the same database at once: the first to lock the
    // generation wins, the other reports the lock.
    const std::string first = "g000001";
    db_ = open_writable((fs::path(dir) / first).string(), Xapian::DB_CREATE_OR_OPEN);
    publish_generations(dir, {first});
    created = true;
  } else if (live.size() > 1) {
    throw Error("database " + dir + " has several shards; this kiosque-index writes one");
  }
  if (options_.rebuild && !options_.dry_run && !created) {
    // Hold the live generation's lock throughout, so that no other
    // kiosque-index writes to what is about to be replaced, and build a new
    // generation beside it.
    live_lock_ = open_writable(dir, Xapian::DB_OPEN);
    remove_stale_generations(dir, kGenerationGrace);
    rebuild_generation_ = new_generation_name(dir);
    db_ = open_writable((fs::path(dir) / rebuild_generation_).string(),
                        Xapian::DB_CREATE_OR_OVERWRITE);
  } else {
    if (!created) db_ = open_writable(dir, Xapian::DB_OPEN);
    check_analyzer(db_, dir);
    if (!options_.dry_run) remove_stale_generations(dir, kGenerationGrace);
  }
  fresh_ = db_.get_doccount() == 0;
}

void Run::swap_in_rebuilt() {
  db_.close();
  publish_generations(options_.db_path, {rebuild_generation_});
  live_lock_.close();
}

IndexSummary Run::run() {
  const auto started = std::chrono::steady_clock::now();
  now_ = static_cast<std::int64_t>(std::time(nullptr));
  open_database();
  if (!options_.dry_run) stamp_analyzer(db_);

  std::vector<FileTask> tasks;
  for (const std::string& root : options_.roots) walk_root(root, &tasks);

  // Files whose size and mtime are as recorded are not read again.
  std::vector<FileTask> changed;
  for (FileTask& task : tasks) {
    const auto state = fresh_ ? std::nullopt
                              : decode_state(db_.get_metadata(file_key(task.relpath)));
    if (state && state->root == task.root && state->size == task.size &&
        state->mtime_ns == task.mtime_ns) {
      summary_.unchanged += state->articles;
      continue;
    }
    changed.push_back(std::move(task));
  }

  // Reading, decoding and analysis run on a second thread, beside the writer.
  ResultQueue queue(8);
  std::thread reader([&] {
    Analyzer analyzer;
    for (FileTask& task : changed) {
      if (g_stop_signal || queue.closed()) break;
      // Hold each batch back until the next one shows it was not the last.
      std::optional<FileResult> held;
      std::size_t articles = 0;
      read_articles_in_batches(task.file, task.relpath, kBatchArticles,
                               [&](ReadResult& batch) {
        FileResult result;
        result.task = task;
        result.first = !held && articles == 0;
        for (Article& article : batch.articles) {
          if (article.source.empty()) article.source = options_.source;
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
    if (!options_.dry_run) db_.commit();
  } catch (...) {
    queue.close();
    reader.join();
    throw;
  }
  queue.close();
  reader.join();
  summary_.interrupted = g_stop_signal != 0;
  if (!rebuild_generation_.empty() && !summary_.interrupted) swap_in_rebuilt();
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
