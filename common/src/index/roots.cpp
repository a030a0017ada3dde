// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/roots.h"

#include <algorithm>
#include <system_error>

#include "kiosque/base/message.h"
#include "kiosque/store/schema.h"

namespace fs = std::filesystem;

namespace kiosque {

namespace {

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '-';
}

// The sanitised base name, before it is made unique.
std::string base_label(const std::string& base_name) {
  std::string label;
  for (char c : base_name) label += is_label_char(c) ? c : '-';
  // "." and ".." alone would read as folders in an id.
  if (label.find_first_not_of('.') == std::string::npos) label.clear();
  return label.empty() ? "root" : label;
}

// Whether `path` is `root` or lies under it; `scope` gets the part below.
bool lies_in(const RecordedRoot& root, const std::string& path, std::string* scope) {
  if (root.kind == RootKind::kFile) {
    if (path != root.path) return false;
    *scope = fs::path(path).filename().string();
    return true;
  }
  if (path == root.path) {
    scope->clear();
    return true;
  }
  const std::string folder = root.path == "/" ? "/" : root.path + "/";
  if (path.rfind(folder, 0) != 0) return false;
  *scope = path.substr(folder.size());
  return true;
}

class Resolver {
 public:
  explicit Resolver(const std::vector<RecordedRoot>& recorded) {
    out_.roots = recorded;
    out_.fresh.assign(recorded.size(), false);
  }
  void resolve(const std::string& given);
  RootResolution take() { return std::move(out_); }

 private:
  std::optional<RootUse> in_recorded(const std::string& given, const std::string& path);
  std::optional<std::size_t> moved_root(const std::string& label, RootKind kind);
  bool use_roots_inside(const std::string& given, const std::string& path);
  std::vector<std::string> labels() const {
    std::vector<std::string> taken;
    for (const RecordedRoot& root : out_.roots) taken.push_back(root.label);
    return taken;
  }

  RootResolution out_;
};

std::optional<RootUse> Resolver::in_recorded(const std::string& given,
                                             const std::string& path) {
  // The innermost root wins, should roots ever nest.
  std::optional<RootUse> best;
  std::size_t best_length = 0;
  for (std::size_t i = 0; i < out_.roots.size(); ++i) {
    std::string scope;
    if (!lies_in(out_.roots[i], path, &scope)) continue;
    if (best && out_.roots[i].path.size() <= best_length) continue;
    best = RootUse{given, i, scope};
    best_length = out_.roots[i].path.size();
  }
  return best;
}

std::optional<std::size_t> Resolver::moved_root(const std::string& label, RootKind kind) {
  for (std::size_t i = 0; i < out_.roots.size(); ++i) {
    const RecordedRoot& root = out_.roots[i];
    if (root.label != label || root.kind != kind || out_.fresh[i]) continue;
    std::error_code ec;
    if (fs::exists(root.path, ec) || ec) return std::nullopt;
    return i;
  }
  return std::nullopt;
}

// A folder that holds roots already known is walked as those roots, not
// made a root of its own: that would index each of their articles again,
// under another id. What lies in it outside them is not read, and the note
// says so. False when it holds no root.
bool Resolver::use_roots_inside(const std::string& given, const std::string& path) {
  const std::string folder = path == "/" ? "/" : path + "/";
  std::string labels;
  for (std::size_t i = 0; i < out_.roots.size(); ++i) {
    const RecordedRoot& root = out_.roots[i];
    if (root.path.rfind(folder, 0) != 0) continue;
    const std::string scope =
        root.kind == RootKind::kFile ? fs::path(root.path).filename().string() : "";
    const std::string below = root.path.substr(folder.size());
    const std::string shown = (fs::path(given) / below).string();
    out_.uses.push_back(RootUse{shown, i, scope});
    labels += (labels.empty() ? "" : ", ") + root.label;
  }
  if (labels.empty()) return false;
  out_.notes.push_back(message(messages::kHoldsRoots, {given, labels}));
  return true;
}

void Resolver::resolve(const std::string& given) {
  const std::string path = normal_root(given);
  if (auto use = in_recorded(given, path)) {
    out_.uses.push_back(*use);
    return;
  }
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    out_.uses.push_back(RootUse{given, kNoRoot, ""});
    return;
  }
  const RootKind kind = fs::is_directory(status) ? RootKind::kFolder : RootKind::kFile;
  if (kind == RootKind::kFolder && use_roots_inside(given, path)) return;
  const std::string name = fs::path(path).filename().string();
  const std::string scope = kind == RootKind::kFile ? name : "";
  if (auto moved = moved_root(base_label(name), kind)) {
    RecordedRoot& root = out_.roots[*moved];
    out_.notes.push_back(message(messages::kRootMoved, {root.label, root.path, path}));
    root.path = path;
    out_.uses.push_back(RootUse{given, *moved, scope});
    return;
  }
  out_.roots.push_back(RecordedRoot{make_label(name, labels()), kind, path, ""});
  out_.fresh.push_back(true);
  out_.uses.push_back(RootUse{given, out_.roots.size() - 1, scope});
}

}  // namespace

std::string normal_root(const fs::path& path) {
  std::error_code ec;
  std::string root = fs::absolute(path, ec).lexically_normal().string();
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

std::string root_key(const std::string& label) { return schema::kMetaRootPrefix + label; }

std::string encode_root(const RecordedRoot& root) {
  std::string source = root.source;
  std::replace(source.begin(), source.end(), '\t', ' ');
  return std::string(root.kind == RootKind::kFile ? "f" : "d") + '\t' + source + '\t' +
         root.path;
}

std::optional<RecordedRoot> decode_root(const std::string& key,
                                        const std::string& value) {
  const std::string prefix = schema::kMetaRootPrefix;
  if (key.rfind(prefix, 0) != 0 || key.size() == prefix.size()) return std::nullopt;
  if (value.size() < 2 || (value[0] != 'd' && value[0] != 'f') || value[1] != '\t')
    return std::nullopt;
  const std::size_t tab = value.find('\t', 2);
  if (tab == std::string::npos || tab + 1 == value.size()) return std::nullopt;
  return RecordedRoot{key.substr(prefix.size()),
                      value[0] == 'f' ? RootKind::kFile : RootKind::kFolder,
                      value.substr(tab + 1), value.substr(2, tab - 2)};
}

std::vector<RecordedRoot> read_recorded_roots(const Xapian::Database& db) {
  std::vector<RecordedRoot> roots;
  const std::string prefix = schema::kMetaRootPrefix;
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    if (auto root = decode_root(*k, db.get_metadata(*k))) roots.push_back(*root);
  }
  return roots;
}

void record_root(Xapian::WritableDatabase& db, const RecordedRoot& root) {
  db.set_metadata(root_key(root.label), encode_root(root));
}

std::string make_label(const std::string& base_name,
                       const std::vector<std::string>& taken) {
  const std::string base = base_label(base_name);
  std::string label = base;
  for (int n = 2; std::count(taken.begin(), taken.end(), label) > 0; ++n) {
    label = base + "-" + std::to_string(n);
  }
  return label;
}

RootResolution resolve_roots(const std::vector<RecordedRoot>& recorded,
                             const std::vector<std::string>& paths) {
  Resolver resolver(recorded);
  for (const std::string& path : paths) resolver.resolve(path);
  return resolver.take();
}

RootResolution all_roots(const std::vector<RecordedRoot>& recorded) {
  RootResolution resolution;
  resolution.roots = recorded;
  resolution.fresh.assign(recorded.size(), false);
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    const RecordedRoot& root = recorded[i];
    const std::string scope =
        root.kind == RootKind::kFile ? fs::path(root.path).filename().string() : "";
    resolution.uses.push_back(RootUse{root.path, i, scope});
  }
  return resolution;
}

namespace {

// The source named for `use` by --source-of, if any.
const std::string* named_source(
    const std::vector<std::pair<std::string, std::string>>& root_sources,
    const RootUse& use, const RecordedRoot& root) {
  const std::string given = normal_root(use.given);
  for (const auto& [path, name] : root_sources) {
    const std::string named = normal_root(path);
    if (named == given || named == root.path) return &name;
  }
  return nullptr;
}

}  // namespace

void apply_sources(const std::string& source,
                   const std::vector<std::pair<std::string, std::string>>& root_sources,
                   RootResolution* resolution) {
  resolution->source_changed.assign(resolution->roots.size(), false);
  for (const RootUse& use : resolution->uses) {
    if (use.root == kNoRoot) continue;
    RecordedRoot& root = resolution->roots[use.root];
    const std::string* named = named_source(root_sources, use, root);
    const std::string wanted = named ? *named : source.empty() ? root.source : source;
    if (wanted == root.source) continue;
    if (!resolution->fresh[use.root] && !resolution->source_changed[use.root]) {
      resolution->source_changed[use.root] = true;
      resolution->notes.push_back(
          message(messages::kSourceChanged, {root.label, root.source, wanted}));
    }
    root.source = wanted;
  }
}

std::string root_folder(const RecordedRoot& root) {
  return root.kind == RootKind::kFile ? fs::path(root.path).parent_path().string()
                                      : root.path;
}

}  // namespace kiosque
