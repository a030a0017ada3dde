// SPDX-License-Identifier: GPL-2.0-or-later
// Turning an input file's bytes into UTF-8 text: gzip, byte-order marks,
// and the legacy 8-bit charsets of old French archives.
#ifndef KIOSQUE_INPUT_DECODE_H_
#define KIOSQUE_INPUT_DECODE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kiosque {

// The most a compressed input may inflate to. Beyond it the file is refused
// rather than risk exhausting memory on a corrupt or hostile archive.
inline constexpr std::size_t kMaxDecompressedBytes = std::size_t{512} << 20;

// Inflates gzip data (several concatenated members are allowed, as `cat a.gz
// b.gz` makes). On success returns true and fills `*out`; on failure returns
// false, leaves `*out` unspecified and sets `*error` to a reason for a person
// ("not gzip data", "truncated gzip data", "decompressed size exceeds 512
// MiB"...). Thread-safe.
bool gunzip(std::string_view compressed, std::string* out, std::string* error,
            std::size_t max_bytes = kMaxDecompressedBytes);

// Text decoded to UTF-8, and how.
struct DecodedText {
  std::string text;                   // valid UTF-8, without any byte-order mark
  std::string charset;                // what the bytes were read as: "UTF-8", "UTF-16LE",
                                      // "UTF-16BE", "windows-1252", or an ICU name
  std::vector<std::string> warnings;  // repairs (replaced bytes), for a person
  std::vector<std::string> notes;     // guesses (the charset chosen), shown
                                      // only with --verbose
  std::string error;  // set when the bytes could not be decoded; text is empty
  bool ok() const { return error.empty(); }
};

// Decodes `bytes` whose charset is unknown. The rules, in order:
//  1. A byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); it is removed.
//  2. Valid UTF-8 is UTF-8 (ASCII included).
//  3. NUL bytes (in the first 64 KiB) in nearly every other place mean
//     UTF-16 without a byte-order mark, read with a note; any other NUL byte
//     means a binary file: error "binary file". Checked before rule 2: NUL
//     is valid UTF-8, and a file of NUL bytes was indexed as text.
//  4. Mostly UTF-8 (at least as many valid multi-byte sequences as invalid
//     ones) is UTF-8 with each invalid sequence replaced by U+FFFD, and a
//     warning saying how many.
//  5. Otherwise ICU's charset detector guesses. When it says ISO-8859-1 or
//     UTF-16/32 (impossible without NUL bytes), or its confidence is under
//     50, the text is read as windows-1252, a superset of ISO-8859-1 that
//     old French archives use for ’ œ € …. Either way a warning names the
//     charset used.
// Bytes the chosen charset cannot map become U+FFFD. Thread-safe; never
// throws.
DecodedText decode_to_utf8(std::string_view bytes);

// How to read bytes whose charset is unknown, decided by decode_to_utf8's
// rules (below) without converting anything, so that a streamed file can be
// judged on a sample of its start and then read line by line.
struct CharsetChoice {
  std::string charset;       // as DecodedText::charset; empty on error
  std::size_t bom_size = 0;  // bytes of byte-order mark to skip first
  bool valid_utf8 = false;   // the bytes are UTF-8 with nothing to repair
  std::string note;          // the guess, when the charset was guessed
  std::string error;         // "binary file" when the bytes are not text
  bool ok() const { return error.empty(); }
};

// Decides how `bytes` are to be read: rules 1 to 5 of decode_to_utf8. Only
// the first MiB is given to the charset detector. Thread-safe; never throws.
CharsetChoice choose_charset(std::string_view bytes);

// Decodes `bytes` from `charset` (any name or alias ICU knows), with no
// byte-order mark handling. Invalid sequences become U+FFFD with a warning
// ("2 byte sequences invalid in windows-1252 replaced with U+FFFD"); an
// unknown name is an error. Thread-safe; never throws.
DecodedText convert_charset(std::string_view bytes, const std::string& charset);

// Decodes `bytes` as the named charset (any name or alias ICU knows), used
// when a document declares its charset. A byte-order mark outranks the
// declaration, as in browsers, and is removed. Returns an error when ICU does
// not know the name. Invalid sequences become U+FFFD with a warning.
// Thread-safe; never throws.
DecodedText decode_as(std::string_view bytes, std::string_view charset);

}  // namespace kiosque

#endif  // KIOSQUE_INPUT_DECODE_H_
