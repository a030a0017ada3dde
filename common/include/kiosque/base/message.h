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
extern const char kLinkToFolder[];        // target

// The archive's files (input/).
extern const char kLineTooLong[];           // MiB
extern const char kNotUtf8Said[];           // charset, detected, confidence
extern const char kNotUtf8Failed[];         // charset, detector's failure
extern const char kLineNotUtf8Said[];       // charset, detected, confidence
extern const char kLineNotUtf8Failed[];     // charset, detector's failure
extern const char kLineValidUtf8[];         // the file's charset
extern const char kNoByteOrderMark[];       // charset
extern const char kUnknownCharset[];        // charset
extern const char kUnknownCharsetWhy[];     // charset, ICU's error
extern const char kNoUtf8Converter[];       // ICU's error
extern const char kNoConversionCallback[];  // ICU's error
extern const char kCannotDecodeAs[];        // charset, ICU's error
extern const char kInvalidSequence[];       // 1, charset
extern const char kInvalidSequences[];      // count, charset
extern const char kCorruptGzip[];           // zlib's message
extern const char kInflatedTooBig[];        // MiB
extern const char kDeclaredCharset[];       // declared, charset kept
extern const char kHtmlTooDeep[];           // depth
extern const char kNotAString[];            // key

// Indexing (index/).
extern const char kTextCut[];        // MiB
extern const char kMoreProblems[];   // count, limit
extern const char kLongWord[];       // 1, bytes
extern const char kLongWords[];      // count, bytes
extern const char kTermTooLong[];    // bytes, limit, the term's start
extern const char kDuplicateIdIn[];  // id, the first file
extern const char kEmptyRoot[];      // 1
extern const char kEmptyRootMany[];  // articles
extern const char kMassDelete[];     // lost, articles
extern const char kHoldsRoots[];     // PATH, labels
extern const char kRootMoved[];      // label, from, to
extern const char kSourceChanged[];  // label, from, to

// The configuration file (config/).
extern const char kAtError[];           // FILE[:LINE], reason
extern const char kCannotReadConfig[];  // reason
extern const char kUnknownKey[];        // key, known keys
extern const char kControlCharacter[];  // byte
extern const char kNotAbsolute[];       // key, value
extern const char kNotACount[];         // key, max, value
extern const char kNoValue[];           // key
extern const char kGivenTwice[];        // key, first line
extern const char kNotAPathKey[];       // key
extern const char kNotACountKey[];      // key

// The database (store/).
extern const char kNotHostPort[];          // where, HOST:PORT
extern const char kCannotReachServer[];    // HOST:PORT, where, reason
extern const char kCannotReachShard[];     // shard, location, reason
extern const char kCannotReachAShard[];    // location, reason
extern const char kCannotOpenLockFile[];   // lock file, reason
extern const char kUnsafeStub[];           // location, stub
extern const char kCannotWriteDatabase[];  // folder, reason
extern const char kCannotPoint[];          // link, target, reason
extern const char kStubNotWritable[];      // folder, stub line
extern const char kCannotWriteStub[];      // stub, reason
extern const char kYearNotFourDigits[];    // year
extern const char kCannotCreateFolder[];   // folder, reason
extern const char kCreatedMeanwhile[];     // folder
extern const char kNotKiosqueDatabase[];   // folder
extern const char kShardsByYear[];         // folder
extern const char kShardCount[];           // folder, count
extern const char kNothingToCompact[];     // folder
extern const char kNotShardedByYear[];     // folder

// Queries and the query tool's options (search/, base/).
extern const char kQueryTooLong[];        // bytes, bytes kept
extern const char kTooManyWords[];        // words, words kept
extern const char kWildcardBound[];       // word, bound, words kept
extern const char kWildcardsBound[];      // word, bound, words kept
extern const char kFallback[];            // why the query cannot be read
extern const char kNestedDeeper[];        // depth
extern const char kFieldNeedsValue[];     // field
extern const char kFieldNoWildcard[];     // field, value, field, value
extern const char kUnknownField[];        // field, the fields
extern const char kLeadingStar[];         // the word searched
extern const char kAcronymLineSkipped[];  // FILE:LINE, why
extern const char kNotATimestamp[];       // text
extern const char kBadColor[];            // text
extern const char kBadSort[];             // text

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
