// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/search/acronyms.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kiosque/base/message.h"

namespace kiosque {
namespace {

// Each checked against the shared Wikinews corpus, where both forms occur.
constexpr char kShippedAcronyms[] = R"(# kiosque's French news acronyms
ONU: Nations unies; Organisation des Nations unies
OTAN: Organisation du traité de l'Atlantique nord; Alliance atlantique
UE: Union européenne
FMI: Fonds monétaire international
OMS: Organisation mondiale de la santé
SNCF: Société nationale des chemins de fer français
EDF: Électricité de France
GDF: Gaz de France
CPI: Cour pénale internationale
UA: Union africaine
PS: Parti socialiste
UMP: Union pour un mouvement populaire
UDF: Union pour la démocratie française
FN: Front national
RN: Rassemblement national
MoDem: Mouvement démocrate
CGT: Confédération générale du travail
CFDT: Confédération française démocratique du travail
BCE: Banque centrale européenne
AFP: Agence France-Presse
AIEA: Agence internationale de l'énergie atomique
CIO: Comité international olympique
)";

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return std::string(s.substr(begin, end - begin + 1));
}

// Capitals of ASCII letters; other bytes (accents) as they are.
std::string capitals(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool has_lowercase(std::string_view s) {
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return true;
    if (static_cast<unsigned char>(c) >= 0x80) return true;  // é, à…: a word
  }
  return false;
}

}  // namespace

void AcronymList::add(std::string_view text, std::string_view source) {
  std::istringstream lines{std::string(text)};
  std::string line;
  for (std::size_t number = 1; std::getline(lines, line); ++number) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    if (trim(line).empty()) continue;
    const auto skip = [&](std::string_view why) {
      warnings_.push_back(
          message(messages::kAcronymLineSkipped,
                  {std::string(source) + ":" + std::to_string(number), why}));
    };
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      skip(N_("no ':' after an acronym"));
      continue;
    }
    const std::string form = trim(std::string_view(line).substr(0, colon));
    std::vector<std::string> expansions;
    std::istringstream parts(line.substr(colon + 1));
    std::string part;
    while (std::getline(parts, part, ';')) {
      part = trim(part);
      if (!part.empty()) expansions.push_back(part);
    }
    if (form.empty() || expansions.empty()) {
      skip(form.empty() ? N_("no acronym before ':'") : N_("no expansion after ':'"));
      continue;
    }
    auto& known = by_form_[form];
    known.insert(known.end(), expansions.begin(), expansions.end());
    by_capitals_[capitals(form)] = form;
  }
}

const std::vector<std::string>* AcronymList::find(std::string_view typed) const {
  const auto exact = by_form_.find(std::string(typed));
  if (exact != by_form_.end()) return &exact->second;
  if (typed.size() < 2 || has_lowercase(typed)) return nullptr;
  const auto upper = by_capitals_.find(std::string(typed));
  return upper == by_capitals_.end() ? nullptr : &by_form_.at(upper->second);
}

std::string_view shipped_acronyms() { return kShippedAcronyms; }

std::filesystem::path user_acronyms_path() {
  if (const char* path = std::getenv("KIOSQUE_ACRONYMS"); path && *path) return path;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "kiosque" / "acronyms.txt";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : "") / ".config" / "kiosque" / "acronyms.txt";
}

const AcronymList& acronyms() {
  static const AcronymList list = [] {
    AcronymList l;
    l.add(shipped_acronyms(), "shipped acronyms");
    const std::filesystem::path path = user_acronyms_path();
    std::ifstream user(path);
    if (user) {
      std::ostringstream text;
      text << user.rdbuf();
      l.add(text.str(), path.string());
    }
    return l;
  }();
  return list;
}

}  // namespace kiosque
