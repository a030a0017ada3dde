// SPDX-License-Identifier: GPL-2.0-or-later
// The lines of a JSON Lines file, decoded to UTF-8: the one way such a file
// is read, whole (read_articles) or in batches (read_articles_in_batches).
// Private to the input folder.
#ifndef KIOSQUE_INPUT_LINE_SOURCE_H_
#define KIOSQUE_INPUT_LINE_SOURCE_H_

#include <zlib.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "kiosque/input/corpus_reader.h"

namespace kiosque {

// Reads a file a line at a time, gzip-compressed or not (whatever its name
// says: zlib reads a plain file as it is), in bounded memory.
//
// The charset is decided once, by decode_to_utf8's rules (decode.h) applied
// to a sample: the first kSampleBytes after decompression, cut at a line
// end, so that for a file up to that size the decision is the one
// decode_to_utf8 makes on the whole file. A guessed charset is a note at
// line 0. A file with a UTF-16 or UTF-32 byte-order mark cannot be split on
// '\n' bytes: it is read whole (up to kMaxDecompressedBytes) and decoded.
//
// A line the file's charset does not fit is read by the same rules applied
// to that line alone, with a warning at its line, never silently mangled:
//  - in a UTF-8 file, a line of invalid UTF-8 is read by decode_to_utf8 on
//    the line (mostly UTF-8: bad bytes become U+FFFD; else the guessed
//    legacy charset, windows-1252 when unsure), so that a Latin-1 record
//    appended to a UTF-8 archive keeps its accents;
//  - in a legacy-charset file, a line that is valid UTF-8 with non-ASCII
//    bytes is UTF-8 (rule 2 outranks a guess), and bytes the charset cannot
//    map become U+FFFD.
// Not thread-safe; one object per file.
class LineSource {
 public:
  // How much of the start decides the charset: what ICU's detector reads.
  static constexpr std::size_t kSampleBytes = std::size_t{1} << 20;

  explicit LineSource(std::filesystem::path file);
  ~LineSource();
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  // The next line, without its "\n" or "\r\n" (and without a byte-order
  // mark), decoded to UTF-8, and its 1-based number. A line longer than
  // kMaxLineBytes (limits.h) comes back empty, with a problem at its line. Valid until
  // the next call. False at the end of the file or after a failure. Problems met
  // (whole-file ones at line 0, read failures at the line that could not be
  // read), repairs (warnings) and the charset note go to `report`.
  bool next(std::string_view* line, int* number, ReadResult* report);

  // Whether any line, blank or not, was read.
  bool any_line() const { return number_ > 0; }

 private:
  bool start(ReadResult* report);
  bool read_more(ReadResult* report);
  bool read_all(ReadResult* report);
  bool take_raw_line(std::string_view* raw, bool* too_long, ReadResult* report);
  std::string_view decode_line(std::string_view raw, ReadResult* report);

  std::filesystem::path file_;
  gzFile in_ = nullptr;
  bool started_ = false;
  bool failed_ = false;
  bool eof_ = false;
  std::size_t total_ = 0;  // bytes read after decompression
  std::string buffer_;     // bytes read and not yet handed out, from pos_
  std::size_t pos_ = 0;
  std::string charset_;  // the file's; "" once buffer_ holds decoded text
  std::string line_;     // a decoded line
  int number_ = 0;
};

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_LINE_SOURCE_H_
