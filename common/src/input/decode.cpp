// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "kiosque/base/message.h"

namespace kiosque {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
constexpr std::string_view kUtf32LeBom{"\xFF\xFE\x00\x00", 4};
constexpr std::string_view kUtf32BeBom{"\x00\x00\xFE\xFF", 4};

// The detector only needs a sample; a whole large file would cost time.
constexpr size_t kDetectorSampleBytes = 1 << 20;
// Below this confidence (0-100) the detector's guess is not trusted.
constexpr int32_t kMinDetectorConfidence = 50;
// The charset that ISO-8859-1 guesses are widened to (see decode.h).
constexpr const char* kLegacyCharset = "windows-1252";

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

// Replaces every byte sequence the source charset cannot map with U+FFFD and
// counts them. ICU's own substitution would give U+001A for single-byte
// charsets such as windows-1252, which is invisible and unsearchable.
void substitute_and_count(const void* context, UConverterToUnicodeArgs* args,
                          const char* /*code_units*/, int32_t /*length*/,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to do
  auto* count = static_cast<size_t*>(const_cast<void*>(context));
  ++*count;
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

// Converts `bytes` from `charset` to UTF-8 through ICU, streaming so that no
// int32_t length limit applies.
DecodedText convert(std::string_view bytes, const std::string& charset) {
  DecodedText result;
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr source(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err)) {
    // ICU says U_FILE_ACCESS_ERROR for a name it has no table for.
    result.error =
        err == U_FILE_ACCESS_ERROR
            ? message(messages::kUnknownCharset, {charset})
            : message(messages::kUnknownCharsetWhy, {charset, u_errorName(err)});
    return result;
  }
  ConverterPtr target(ucnv_open("UTF-8", &err));
  if (U_FAILURE(err)) {
    result.error = message(messages::kNoUtf8Converter, {u_errorName(err)});
    return result;
  }
  size_t substitutions = 0;
  ucnv_setToUCallBack(source.get(), substitute_and_count, &substitutions, nullptr,
                      nullptr, &err);
  if (U_FAILURE(err)) {
    result.error = message(messages::kNoConversionCallback, {u_errorName(err)});
    return result;
  }

  std::string out;
  out.resize(bytes.size() + bytes.size() / 2 + 16);
  char* out_pos = out.data();
  const char* in_pos = bytes.data();
  const char* in_end = bytes.data() + bytes.size();
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  bool reset = true;
  while (true) {
    err = U_ZERO_ERROR;
    ucnv_convertEx(target.get(), source.get(), &out_pos, out.data() + out.size(), &in_pos,
                   in_end, pivot, &pivot_source, &pivot_target, pivot + std::size(pivot),
                   reset, /*flush=*/true, &err);
    reset = false;
    if (err == U_BUFFER_OVERFLOW_ERROR) {
      const size_t used = static_cast<size_t>(out_pos - out.data());
      out.resize(out.size() * 2);
      out_pos = out.data() + used;
      continue;
    }
    if (U_FAILURE(err)) {
      result.error = message(messages::kCannotDecodeAs, {charset, u_errorName(err)});
      return result;
    }
    break;
  }
  out.resize(static_cast<size_t>(out_pos - out.data()));
  result.text = std::move(out);
  result.charset = charset;
  if (substitutions > 0) {
    result.warnings.push_back(message(
        substitutions == 1 ? messages::kInvalidSequence : messages::kInvalidSequences,
        {std::to_string(substitutions), charset}));
  }
  return result;
}

struct Utf8Census {
  size_t valid_multibyte = 0;  // well-formed sequences of 2 to 4 bytes
  size_t invalid = 0;          // ill-formed sequences
};

Utf8Census count_utf8(std::string_view bytes) {
  Utf8Census census;
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t length = static_cast<int64_t>(bytes.size());
  int64_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {  // fast path for ASCII
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      ++census.invalid;
    } else {
      ++census.valid_multibyte;
    }
  }
  return census;
}

// The charset a byte-order mark at the start of `bytes` announces, and the
// mark's size; "" when there is none.
std::string bom_charset(std::string_view bytes, std::size_t* bom_size) {
  struct Bom {
    std::string_view mark;
    const char* charset;
  };
  // UTF-32 first: its little-endian mark begins with UTF-16LE's.
  static constexpr Bom kBoms[] = {{kUtf32LeBom, "UTF-32LE"},
                                  {kUtf32BeBom, "UTF-32BE"},
                                  {kUtf8Bom, "UTF-8"},
                                  {kUtf16LeBom, "UTF-16LE"},
                                  {kUtf16BeBom, "UTF-16BE"}};
  for (const Bom& bom : kBoms) {
    if (bytes.substr(0, bom.mark.size()) == bom.mark) {
      *bom_size = bom.mark.size();
      return bom.charset;
    }
  }
  return "";
}

// What ICU's detector thinks, or "" with a reason when it cannot say.
std::string detect(std::string_view bytes, int32_t* confidence, std::string* failure) {
  UErrorCode err = U_ZERO_ERROR;
  DetectorPtr detector(ucsdet_open(&err));
  if (U_FAILURE(err)) {
    *failure = u_errorName(err);
    return "";
  }
  const auto length = static_cast<int32_t>(std::min(bytes.size(), kDetectorSampleBytes));
  ucsdet_setText(detector.get(), bytes.data(), length, &err);
  if (U_FAILURE(err)) {
    *failure = u_errorName(err);
    return "";
  }
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &err);
  if (U_FAILURE(err) || match == nullptr) {
    *failure = U_FAILURE(err) ? u_errorName(err) : "no match";
    return "";
  }
  const char* name = ucsdet_getName(match, &err);
  if (U_FAILURE(err) || name == nullptr) {
    *failure = U_FAILURE(err) ? u_errorName(err) : "no name";
    return "";
  }
  *confidence = ucsdet_getConfidence(match, &err);
  if (U_FAILURE(err)) {
    *failure = u_errorName(err);
    return "";
  }
  return name;
}

bool is_unicode_name(std::string_view name) { return name.substr(0, 3) == "UTF"; }

// Gives `stream` the next part of `rest` once it used up what it had: at
// most 1 GiB at a time, as zlib counts input in uInt.
void feed(z_stream* stream, std::string_view* rest) {
  if (stream->avail_in != 0 || rest->empty()) return;
  const std::size_t n = std::min<std::size_t>(rest->size(), 1u << 30);
  stream->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rest->data()));
  stream->avail_in = static_cast<uInt>(n);
  rest->remove_prefix(n);
}

// Inflates into at most `room` more bytes at the end of `out`; zlib's code.
int inflate_into(z_stream* stream, std::size_t room, std::string* out) {
  const std::size_t used = out->size();
  out->resize(used + room);
  stream->next_out = reinterpret_cast<Bytef*>(out->data() + used);
  stream->avail_out = static_cast<uInt>(room);
  const int rc = inflate(stream, Z_NO_FLUSH);
  out->resize(used + room - stream->avail_out);
  return rc;
}

enum class InflateStep { kMore, kDone, kFailed };

// What inflate's `rc` means for the loop; sets *error when it failed.
// `input_left`: bytes not given to zlib yet, or not used by it.
InflateStep after_inflate(int rc, z_stream* stream, bool input_left, std::string* error) {
  if (rc == Z_STREAM_END) {
    if (!input_left) return InflateStep::kDone;
    // Another gzip member follows (files joined with cat).
    if (inflateReset(stream) == Z_OK) return InflateStep::kMore;
    *error = N_("cannot reset zlib");
    return InflateStep::kFailed;
  }
  if (rc == Z_BUF_ERROR && !input_left) {
    *error = N_("truncated gzip data");
    return InflateStep::kFailed;
  }
  if (rc != Z_OK && rc != Z_BUF_ERROR) {
    *error = stream->msg != nullptr ? message(messages::kCorruptGzip, {stream->msg})
                                    : std::string(N_("corrupt gzip data"));
    return InflateStep::kFailed;
  }
  return InflateStep::kMore;
}

}  // namespace

bool gunzip(std::string_view compressed, std::string* out, std::string* error,
            std::size_t max_bytes) {
  out->clear();
  if (compressed.size() < 2 || compressed[0] != '\x1f' || compressed[1] != '\x8b') {
    *error = N_("not gzip data");
    return false;
  }
  z_stream stream{};
  // 16 + MAX_WBITS: expect a gzip header and trailer, not a raw zlib stream.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    *error = N_("cannot initialise zlib");
    return false;
  }
  constexpr std::size_t kChunk = 1 << 16;
  std::string_view rest = compressed;
  InflateStep step = InflateStep::kMore;
  while (step == InflateStep::kMore) {
    feed(&stream, &rest);
    if (out->size() >= max_bytes) {
      *error = message(messages::kInflatedTooBig, {std::to_string(max_bytes >> 20)});
      step = InflateStep::kFailed;
      break;
    }
    const int rc = inflate_into(&stream, std::min(kChunk, max_bytes - out->size()), out);
    step = after_inflate(rc, &stream, stream.avail_in != 0 || !rest.empty(), error);
  }
  inflateEnd(&stream);
  if (step == InflateStep::kFailed) out->clear();
  return step == InflateStep::kDone;
}

namespace {

// Where NUL bytes lie in the first 64 KiB of `bytes`: UTF-16 without a
// byte-order mark puts one in nearly every other place (French text is
// mostly below U+0100); any other NUL means a binary file.
enum class NulLayout { kNone, kUtf16Le, kUtf16Be, kBinary };

NulLayout nul_layout(std::string_view bytes) {
  const std::string_view sample = bytes.substr(0, 64 * 1024);
  std::size_t even = 0;
  std::size_t odd = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    if (sample[i] == '\0') ++(i % 2 == 0 ? even : odd);
  }
  if (even + odd == 0) return NulLayout::kNone;
  const std::size_t pairs = sample.size() / 2;
  const auto most = [&](std::size_t n) { return n * 10 >= pairs * 7; };
  const auto few = [&](std::size_t n) { return n * 20 <= pairs; };
  if (most(odd) && few(even)) return NulLayout::kUtf16Le;
  if (most(even) && few(odd)) return NulLayout::kUtf16Be;
  return NulLayout::kBinary;
}

}  // namespace

CharsetChoice choose_charset(std::string_view bytes) {
  CharsetChoice choice;
  choice.charset = bom_charset(bytes, &choice.bom_size);
  if (!choice.charset.empty()) return choice;

  const NulLayout nuls = nul_layout(bytes);
  if (nuls == NulLayout::kBinary) {
    choice.error = N_("binary file");
    return choice;
  }
  if (nuls != NulLayout::kNone) {
    choice.charset = nuls == NulLayout::kUtf16Le ? "UTF-16LE" : "UTF-16BE";
    choice.note = message(messages::kNoByteOrderMark, {choice.charset});
    return choice;
  }

  const Utf8Census census = count_utf8(bytes);
  if (census.invalid == 0) {
    choice.charset = "UTF-8";
    choice.valid_utf8 = true;
    return choice;
  }
  if (census.valid_multibyte >= census.invalid) {
    choice.charset = "UTF-8";
    return choice;
  }

  int32_t confidence = 0;
  std::string failure;
  const std::string detected = detect(bytes, &confidence, &failure);
  choice.charset = detected;
  if (detected.empty() || detected == "ISO-8859-1" || is_unicode_name(detected) ||
      confidence < kMinDetectorConfidence) {
    choice.charset = kLegacyCharset;
  }
  choice.note = detected.empty()
                    ? message(messages::kNotUtf8Failed, {choice.charset, failure})
                    : message(messages::kNotUtf8Said,
                              {choice.charset, detected, std::to_string(confidence)});
  return choice;
}

DecodedText convert_charset(std::string_view bytes, const std::string& charset) {
  return convert(bytes, charset);
}

DecodedText decode_to_utf8(std::string_view bytes) {
  const CharsetChoice choice = choose_charset(bytes);
  DecodedText result;
  if (!choice.ok()) {
    result.error = choice.error;
    return result;
  }
  if (choice.valid_utf8) {
    result.text = std::string(bytes);
    result.charset = choice.charset;
    return result;
  }
  result = convert(bytes.substr(choice.bom_size), choice.charset);
  if (result.ok() && !choice.note.empty()) result.notes.push_back(choice.note);
  return result;
}

DecodedText decode_as(std::string_view bytes, std::string_view charset) {
  // A byte-order mark outranks a declaration, as in browsers: it cannot be
  // there by accident, whereas declarations are often copied from templates.
  std::size_t bom_size = 0;
  const std::string from_bom = bom_charset(bytes, &bom_size);
  if (!from_bom.empty()) return convert(bytes.substr(bom_size), from_bom);
  return convert(bytes, std::string(charset));
}

}  // namespace kiosque
