// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/i18n.h"

#include <algorithm>
#include <clocale>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <vector>

#include "kiosque/base/message.h"

namespace kiosque::i18n {

std::string locale_dir() {
  const char* dir = std::getenv("KIOSQUE_LOCALEDIR");
  return dir && *dir ? dir : KIOSQUE_LOCALEDIR;
}

namespace {

// Whether the environment asks for messages gettext may translate. Under
// "C" or "POSIX", or unset, it translates nothing; under "C.UTF-8" only
// through LANGUAGE (gettext ignores LANGUAGE under "C" alone). setlocale()
// reads the locale archive: half a millisecond of a query's 15 in a script
// or a cron job, which mostly run under these.
bool messages_may_be_translated() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    const std::string_view locale(value);
    if (locale == "C" || locale == "POSIX") return false;
    if (locale.substr(0, 2) != "C.") return true;
    const char* language = std::getenv("LANGUAGE");
    return language != nullptr && *language != '\0';
  }
  return false;
}

}  // namespace

void init() {
  // LC_ALL would also make LC_NUMERIC French: "0,40 s" in the summary line
  // that kiosque-nightly logs, and a comma in printf'd figures.
  if (messages_may_be_translated()) std::setlocale(LC_MESSAGES, "");
  ::bindtextdomain(kDomain, locale_dir().c_str());
  ::bind_textdomain_codeset(kDomain, "UTF-8");
  ::textdomain(kDomain);
}

namespace {

// `translated` with its "%s" and "%N$s" filled from `parts`.
std::string fill(const char* translated, const std::vector<std::string>& parts) {
  std::string text;
  std::size_t next = 0;
  for (const char* c = translated; *c; ++c) {
    if (c[0] != '%') {
      text += *c;
    } else if (c[1] == 's') {
      if (next < parts.size()) text += parts[next];
      ++next, ++c;
    } else if (c[1] >= '1' && c[1] <= '9' && c[2] == '$' && c[3] == 's') {
      const std::size_t n = static_cast<std::size_t>(c[1] - '1');
      if (n < parts.size()) text += parts[n];
      c += 3;
    } else {
      text += *c;
    }
  }
  return text;
}

// How much of `format` is its own text rather than parts: the most specific
// format wins when two read a text ("cannot open database %s: %s" also reads
// "cannot open database D for writing: R").
std::size_t literal_size(std::string_view format) {
  std::size_t holes = 0;
  for (std::size_t at = format.find("%s"); at != std::string_view::npos;
       at = format.find("%s", at + 2)) {
    ++holes;
  }
  return format.size() - 2 * holes;
}

std::string translate_at(const std::string& english, int depth) {
  if (english.empty()) return english;  // gettext("") is the catalogue's header
  const char* exact = ::gettext(english.c_str());
  if (exact != english.c_str()) return exact;
  // A message the library filled in (base/message.h): its format, translated.
  const char* best = nullptr;
  std::vector<std::string> parts, best_parts;
  for (const char* format : messages::all_formats()) {
    if (!parse_message(format, english, &parts)) continue;
    if (best == nullptr || literal_size(format) > literal_size(best)) {
      best = format;
      best_parts.swap(parts);
    }
  }
  if (best == nullptr) return english;
  const char* translated = ::gettext(best);
  if (translated == best) return english;
  // The formats whose last part is a reason, itself a message: translated
  // too. Only those: another part is data (a path, a query word), which a
  // catalogue entry of the same spelling must not change.
  static const char* const kEndInAMessage[] = {messages::kAtError, messages::kFallback,
                                               messages::kAcronymLineSkipped};
  if (depth < 2 && !best_parts.empty() &&
      std::find(std::begin(kEndInAMessage), std::end(kEndInAMessage), best) !=
          std::end(kEndInAMessage)) {
    best_parts.back() = translate_at(best_parts.back(), depth + 1);
  }
  return fill(translated, best_parts);
}

}  // namespace

std::string translate(const std::string& english) { return translate_at(english, 0); }

std::string format(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::va_list again;
  va_copy(again, args);
  const int size = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::string text(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  if (size > 0) std::vsnprintf(text.data(), text.size() + 1, format, again);
  va_end(again);
  return text;
}

}  // namespace kiosque::i18n
