// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/base/message.h"

namespace kiosque::messages {

const char kNoDatabaseAt[] =
    N_("no database at %s (build one with kiosque-index, or give --db)");
const char kDatabaseLocked[] =
    N_("database %s is being updated by another kiosque-index");
const char kCannotOpenDatabase[] = N_("cannot open database %s: %s");
const char kAnalyzerMismatch[] =
    N_("database %s was built by analyzer %s, this is %s: rebuild it with kiosque-index "
       "--rebuild");
const char kNoArticleWithId[] = N_("no article with id %s");
const char kCannotRead[] = N_("cannot read: %s");
const char kNotValidJson[] = N_("line is not valid JSON: %s");
const char kRecordUnreadable[] = N_("record cannot be read: %s");
const char kUnrecognisedDate[] = N_("unrecognised date \"%s\"");
const char kDuplicateId[] = N_("duplicate id \"%s\" (first at line %s)");
const char kNotADate[] =
    N_("date:%s is not a date (2017, 2017-03, 2017-03-01, A..B): searching without it");

const char kCannotReadFolder[] = N_("cannot read folder: %s");
const char kLinkOutside[] =
    N_("symbolic link to %s, outside the indexed tree: not followed");
const char kLinkToFolder[] =
    N_("symbolic link to the folder %s: not followed (give the folder as a PATH of its "
       "own to index it)");

const char kLineTooLong[] =
    N_("line longer than the limit of %s MiB for one record; skipped");
const char kNotUtf8Said[] =
    N_("not UTF-8; read as %s (charset detector said %s, confidence %s)");
const char kNotUtf8Failed[] = N_("not UTF-8; read as %s (charset detector failed: %s)");
const char kLineNotUtf8Said[] =
    N_("not UTF-8 unlike the file; read as %s (charset detector said %s, confidence %s)");
const char kLineNotUtf8Failed[] =
    N_("not UTF-8 unlike the file; read as %s (charset detector failed: %s)");
const char kLineValidUtf8[] = N_("valid UTF-8 unlike the file (%s); read as UTF-8");
const char kNoByteOrderMark[] =
    N_("no byte-order mark, but NUL bytes in every other place: read as %s");
const char kUnknownCharset[] = N_("unknown charset \"%s\"");
const char kUnknownCharsetWhy[] = N_("unknown charset \"%s\" (%s)");
const char kNoUtf8Converter[] = N_("cannot open the UTF-8 converter: %s");
const char kNoConversionCallback[] = N_("cannot set the conversion callback: %s");
const char kCannotDecodeAs[] = N_("cannot decode as %s: %s");
const char kInvalidSequence[] = N_("%s byte sequence invalid in %s replaced with U+FFFD");
const char kInvalidSequences[] =
    N_("%s byte sequences invalid in %s replaced with U+FFFD");
const char kCorruptGzip[] = N_("corrupt gzip data: %s");
const char kInflatedTooBig[] = N_("decompressed size exceeds %s MiB");
const char kDeclaredCharset[] = N_("declared charset \"%s\" unknown; kept %s");
const char kHtmlTooDeep[] =
    N_("HTML nested deeper than %s elements: the text below that depth is read as plain "
       "text");
const char kNotAString[] = N_("\"%s\" is not a string; ignored");

const char kTextCut[] = N_("text cut to the limit of %s MiB for one article");
const char kMoreProblems[] = N_("%s more problems not shown (the limit is %s a file)");
const char kLongWord[] = N_("%s word longer than %s bytes dropped");
const char kLongWords[] = N_("%s words longer than %s bytes dropped");
const char kTermTooLong[] =
    N_("term too long for Xapian (%s bytes, the limit is %s): %s…");
const char kDuplicateIdIn[] = N_("duplicate id \"%s\" (first in %s)");
const char kEmptyRoot[] =
    N_("holds no article file, but the database holds %s article from it: treated as "
       "missing (an unmounted disk?), nothing deleted (--allow-mass-delete allows it)");
const char kEmptyRootMany[] =
    N_("holds no article file, but the database holds %s articles from it: treated as "
       "missing (an unmounted disk?), nothing deleted (--allow-mass-delete allows it)");
const char kMassDelete[] =
    N_("would lose %s of its %s articles, more than half: nothing deleted from it "
       "(--allow-mass-delete allows it)");
const char kHoldsRoots[] =
    N_("%s holds the recorded roots %s: indexed as those roots; anything else in it is "
       "not read (give it as a PATH of its own)");
const char kRootMoved[] = N_("root %s moved from %s to %s; its articles keep their ids");
const char kSourceChanged[] =
    N_("source of root %s changed from \"%s\" to \"%s\": its articles are read again");

// TRANSLATORS: a configuration file's problem: keep "error", which scripts
// read; the reason (the second %s) is translated on its own.
const char kAtError[] = N_("%s: error: %s");
const char kCannotReadConfig[] = N_("cannot read configuration: %s");
const char kUnknownKey[] = N_("unknown key '%s' (known: %s)");
const char kControlCharacter[] = N_("control character %s in line");
const char kNotAbsolute[] = N_("%s must be an absolute path, not '%s'");
const char kNotACount[] = N_("%s must be a whole number from 0 to %s, not '%s'");
const char kNoValue[] = N_("%s has no value");
const char kGivenTwice[] = N_("%s given twice (first on line %s)");
const char kNotAPathKey[] = N_("'%s' is not a path key");
const char kNotACountKey[] = N_("'%s' is not a count key");

const char kNotHostPort[] = N_("%s: '%s' is not HOST:PORT");
const char kCannotReachServer[] = N_("cannot reach xapian-tcpsrv at %s (%s): %s");
const char kCannotReachShard[] = N_("cannot reach the remote shard '%s' of %s: %s");
const char kCannotReachAShard[] = N_("cannot reach a remote shard of %s: %s");
const char kCannotOpenLockFile[] = N_("cannot open its lock file %s: %s");
const char kUnsafeStub[] =
    N_("refusing database %s: its stub %s is writable by group or others, and a "
       "'remote' line in a stub runs a command (chmod go-w it)");
const char kCannotWriteDatabase[] = N_("cannot open database %s for writing: %s");
const char kCannotPoint[] = N_("cannot point %s at %s: %s");
const char kStubNotWritable[] =
    N_("database %s: its XAPIANDB names '%s', which kiosque-index cannot write to");
const char kCannotWriteStub[] = N_("cannot write %s: %s");
const char kYearNotFourDigits[] = N_("an article's year '%s' is not four digits");
const char kCannotCreateFolder[] = N_("cannot create database folder %s: %s");
const char kCreatedMeanwhile[] =
    N_("database %s was created meanwhile by another kiosque-index, with other shards; "
       "run again");
const char kNotKiosqueDatabase[] =
    N_("%s is not a kiosque database (it has no XAPIANDB stub); give another --db");
const char kShardsByYear[] =
    N_("database %s has shards by year; changing that needs --rebuild");
const char kShardCount[] =
    N_("database %s has %s shard(s); changing that needs --rebuild");
const char kNothingToCompact[] = N_("no kiosque database at %s to compact");
const char kNotShardedByYear[] =
    N_("database %s is not sharded by year (kiosque-index --shard-by year)");

const char kQueryTooLong[] =
    N_("the query is longer than %s bytes: searching its first %s");
const char kTooManyWords[] =
    N_("the query has more than %s words: searching its first %s");
const char kWildcardBound[] =
    N_("%s* matches more words than the bound of %s per wildcard: searching its %s most "
       "frequent");
const char kWildcardsBound[] =
    N_("%s* matches more words than the bound of %s for all the query's wildcards: "
       "searching its %s most frequent");
const char kFallback[] = N_("%s; searching for the query's words instead");
const char kNestedDeeper[] = N_("parentheses nested deeper than %s");
const char kFieldNeedsValue[] = N_("%s: needs a value");
const char kFieldNoWildcard[] = N_("%s:%s* takes no wildcard: searching %s:%s");
const char kUnknownField[] =
    N_("unknown field '%s:' (the fields are %s): searching its value as words");
const char kLeadingStar[] =
    N_("a leading '*' is not supported (words are looked up by how they begin): "
       "searching %s instead");
const char kAcronymLineSkipped[] =
    N_("%s: %s: line skipped (expected 'ACRONYM: expansion; expansion')");
const char kNotATimestamp[] =
    N_("'%s' is not a timestamp (2026-11-25, 2026-11-25T20:00:00Z or @UNIX_SECONDS)");
const char kBadColor[] = N_("--color must be auto, always or never, not '%s'");
const char kBadSort[] = N_("--sort must be relevance, date or -date, not '%s'");

namespace {
constexpr const char* kAll[] = {
    kNoDatabaseAt, kDatabaseLocked, kCannotOpenDatabase, kAnalyzerMismatch,
    kNoArticleWithId, kCannotRead, kNotValidJson, kRecordUnreadable, kUnrecognisedDate,
    kDuplicateId, kNotADate, kCannotReadFolder, kLinkOutside, kLinkToFolder,
    // input/
    kLineTooLong, kNotUtf8Said, kNotUtf8Failed, kLineNotUtf8Said, kLineNotUtf8Failed,
    kLineValidUtf8, kNoByteOrderMark, kUnknownCharset, kUnknownCharsetWhy,
    kNoUtf8Converter, kNoConversionCallback, kCannotDecodeAs, kInvalidSequence,
    kInvalidSequences, kCorruptGzip, kInflatedTooBig, kDeclaredCharset, kHtmlTooDeep,
    kNotAString,
    // index/
    kTextCut, kMoreProblems, kLongWord, kLongWords, kTermTooLong, kDuplicateIdIn,
    kEmptyRoot, kEmptyRootMany, kMassDelete, kHoldsRoots, kRootMoved, kSourceChanged,
    // config/
    kAtError, kCannotReadConfig, kUnknownKey, kControlCharacter, kNotAbsolute, kNotACount,
    kNoValue, kGivenTwice, kNotAPathKey, kNotACountKey,
    // store/
    kNotHostPort, kCannotReachServer, kCannotReachShard, kCannotReachAShard,
    kCannotOpenLockFile, kUnsafeStub, kCannotWriteDatabase, kCannotPoint,
    kStubNotWritable, kCannotWriteStub, kYearNotFourDigits, kCannotCreateFolder,
    kCreatedMeanwhile, kNotKiosqueDatabase, kShardsByYear, kShardCount, kNothingToCompact,
    kNotShardedByYear,
    // search/ and the query tool's options
    kQueryTooLong, kTooManyWords, kWildcardBound, kWildcardsBound, kFallback,
    kNestedDeeper, kFieldNeedsValue, kFieldNoWildcard, kUnknownField, kLeadingStar,
    kAcronymLineSkipped, kNotATimestamp, kBadColor, kBadSort};
}  // namespace

std::span<const char* const> all_formats() { return kAll; }

}  // namespace kiosque::messages

namespace kiosque {

std::string message(const char* format, std::initializer_list<std::string_view> parts) {
  std::string text;
  const std::string_view* part = parts.begin();
  for (const char* c = format; *c; ++c) {
    if (c[0] == '%' && c[1] == 's') {
      if (part != parts.end()) text += *part++;
      ++c;
    } else {
      text += *c;
    }
  }
  return text;
}

bool parse_message(std::string_view format, std::string_view text,
                   std::vector<std::string>* parts) {
  parts->clear();
  std::size_t hole = format.find("%s");
  // The literal before the first part must open the text.
  const std::string_view head = format.substr(0, hole);
  if (text.substr(0, head.size()) != head) return false;
  std::size_t at = head.size();
  while (hole != std::string_view::npos) {
    format.remove_prefix(hole + 2);
    hole = format.find("%s");
    const std::string_view literal = format.substr(0, hole);
    // The last literal closes the text; the others follow the part.
    const std::size_t end =
        hole == std::string_view::npos
            ? (text.size() >= literal.size() + at &&
                       text.substr(text.size() - literal.size()) == literal
                   ? text.size() - literal.size()
                   : std::string_view::npos)
            : text.find(literal, at);
    if (end == std::string_view::npos) return false;
    parts->emplace_back(text.substr(at, end - at));
    at = end + literal.size();
  }
  return at == text.size();
}

}  // namespace kiosque
