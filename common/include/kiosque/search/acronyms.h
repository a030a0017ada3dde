// SPDX-License-Identifier: GPL-2.0-or-later
// Acronyms and their expansions (ONU: Nations unies), for query-time
// expansion with OP_SYNONYM: editing a list needs no rebuild.
//
// List format, one acronym a line, '#' starts a comment:
//   ONU: Nations unies; Organisation des Nations unies
// The acronym is written in its usual case (capitals, or MoDem); the
// expansions are phrases as news writes them, separated by ';'.
#ifndef KIOSQUE_SEARCH_ACRONYMS_H_
#define KIOSQUE_SEARCH_ACRONYMS_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiosque {

class AcronymList {
 public:
  // Adds the entries of `text` (the format above), read from `source` (a
  // file name, for warnings). A line without ':', without an acronym or
  // without an expansion is skipped, with a warning "SOURCE:LINE: reason" in
  // warnings(). Later entries add to earlier ones.
  void add(std::string_view text, std::string_view source = "acronyms");

  // The expansions of `typed` when it is written as the list writes an
  // acronym (MoDem) or wholly in capitals (MODEM, ONU); nullptr otherwise,
  // so "onu" or "Ps" typed as words are never expanded.
  const std::vector<std::string>* find(std::string_view typed) const;

  // The lines add() skipped, each "SOURCE:LINE: reason", in order.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Every entry: acronym as written → its expansions.
  const std::unordered_map<std::string, std::vector<std::string>>& entries() const {
    return by_form_;
  }

 private:
  std::unordered_map<std::string, std::vector<std::string>> by_form_;
  std::unordered_map<std::string, std::string> by_capitals_;  // ONU → form
  std::vector<std::string> warnings_;
};

// The list that ships with kiosque (French news: ONU, OTAN, UE, FMI…).
std::string_view shipped_acronyms();

// The user's own list: $KIOSQUE_ACRONYMS, else
// $XDG_CONFIG_HOME/kiosque/acronyms.txt, else ~/.config/kiosque/acronyms.txt.
std::filesystem::path user_acronyms_path();

// The shipped list plus the user's file (when it exists), read once per
// process on first use; the user file's skipped lines are in its
// warnings(). Thread-safe.
const AcronymList& acronyms();

}  // namespace kiosque

#endif  // KIOSQUE_SEARCH_ACRONYMS_H_
