// SPDX-License-Identifier: GPL-2.0-or-later
// The library's messages for people, built in English from formats that
// the programs can translate where they show them (kiosque/i18n.h): the
// library prints nothing and never calls gettext, and what it returns in
// English (JSON warnings, unit tests) stays English.
//
// A constant message is written N_("…") where it is made. A message with
// parts from the data is made by message(kFormat, {parts}) from one of the
// formats below, each %s standing for one part: i18n::translate() finds the
// format back in the English text, translates it and puts the parts back.
#ifndef KIOSQUE_BASE_MESSAGE_H_
#define KIOSQUE_BASE_MESSAGE_H_

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Marks a string for xgettext (po/kiosque.pot) without translating it.
#ifndef N_
#define N_(text) text
#endif

namespace kiosque::messages {

// The formats (N_-marked in message.cpp, which lists them all).
extern const char kNoDatabaseAt[];        // location
extern const char kDatabaseLocked[];      // folder
extern const char kCannotOpenDatabase[];  // location, reason
extern const char kAnalyzerMismatch[];    // path, built by, this analyzer
extern const char kNoArticleWithId[];     // id
extern const char kCannotRead[];          // reason
extern const char kNotValidJson[];        // reason
extern const char kRecordUnreadable[];    // reason
extern const char kUnrecognisedDate[];    // date
extern const char kDuplicateId[];         // id, first line
extern const char kNotADate[];            // the date: term
extern const char kCannotReadFolder[];    // reason
extern const char kLinkOutside[];         // target

// Every format above, for i18n::translate().
std::span<const char* const> all_formats();

}  // namespace kiosque::messages

namespace kiosque {

// `format` with each "%s", in order, replaced by the next of `parts`
// (missing parts are left empty). Pure; thread-safe.
std::string message(const char* format, std::initializer_list<std::string_view> parts);

// When `text` is `format` filled in by message(), the parts, in order;
// false otherwise. The first reading wins when the parts could be cut two
// ways (each part ends at the first place the rest of the format follows).
bool parse_message(std::string_view format, std::string_view text,
                   std::vector<std::string>* parts);

}  // namespace kiosque

#endif  // KIOSQUE_BASE_MESSAGE_H_
