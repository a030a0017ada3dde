// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/store/file_state.h"

#include <charconv>

#include "kiosque/store/schema.h"
#include "kiosque/store/terms.h"

namespace kiosque {

namespace {

// Parses all of [begin, end) as a decimal number; false otherwise.
template <typename Number>
bool parse_whole(const char* begin, const char* end, Number* value) {
  if (begin == end) return false;
  const auto [stop, error] = std::from_chars(begin, end, *value);
  return error == std::errc() && stop == end;
}

}  // namespace

std::string file_state_key(const std::string& root, const std::string& relpath) {
  // Metadata keys have Xapian's term limit too.
  return bounded_term(schema::kMetaFilePrefix, root + "/" + relpath);
}

std::string file_state_prefix(const std::string& root, const std::string& scope) {
  // Not bounded: a prefix to scan keys with; a key cut by bounded_term keeps
  // its head, so it still starts with every prefix shorter than the cut.
  return schema::kMetaFilePrefix + root + "/" + scope;
}

std::string encode_file_state(const FileState& state) {
  std::string value = state.root;
  for (const std::string& field :
       {std::to_string(state.size), std::to_string(state.mtime_ns),
        std::to_string(state.articles)}) {
    value += '\t';
    value += field;
  }
  return value;
}

std::optional<FileState> decode_file_state(const std::string& value) {
  // The three numbers are the last three fields.
  std::size_t tabs[3];
  std::size_t end = value.size();
  for (std::size_t& tab : tabs) {
    if (end == 0) return std::nullopt;
    tab = value.rfind('\t', end - 1);
    if (tab == std::string::npos) return std::nullopt;
    end = tab;
  }
  FileState state;
  state.root = value.substr(0, tabs[2]);
  const char* data = value.data();
  if (!parse_whole(data + tabs[2] + 1, data + tabs[1], &state.size) ||
      !parse_whole(data + tabs[1] + 1, data + tabs[0], &state.mtime_ns) ||
      !parse_whole(data + tabs[0] + 1, data + value.size(), &state.articles)) {
    return std::nullopt;
  }
  return state;
}

}  // namespace kiosque
