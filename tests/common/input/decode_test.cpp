// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/input/decode.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

namespace kiosque {
namespace {

using Strings = std::vector<std::string>;

// gzip-compresses `data` (one member), as the gzip tool would.
std::string gzip(std::string_view data) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, data.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

TEST(Gunzip, InflatesOneMember) {
  std::string out, error;
  EXPECT_TRUE(gunzip(gzip("Bonjour à tous\n"), &out, &error));
  EXPECT_EQ(out, "Bonjour à tous\n");
}

TEST(Gunzip, InflatesConcatenatedMembers) {
  std::string out, error;
  EXPECT_TRUE(gunzip(gzip("un\n") + gzip("deux\n"), &out, &error));
  EXPECT_EQ(out, "un\ndeux\n");
}

TEST(Gunzip, RefusesWhatIsNotGzip) {
  std::string out, error;
  EXPECT_FALSE(gunzip("plain text", &out, &error));
  EXPECT_EQ(error, "not gzip data");
}

TEST(Gunzip, ReportsTruncatedData) {
  const std::string whole = gzip(std::string(10000, 'a') + "fin");
  std::string out, error;
  EXPECT_FALSE(gunzip(whole.substr(0, whole.size() - 6), &out, &error));
  EXPECT_EQ(error, "truncated gzip data");
  EXPECT_EQ(out, "");
}

TEST(Gunzip, ReportsCorruptData) {
  std::string broken = gzip("Bonjour à tous, ceci est un texte\n");
  broken[12] = static_cast<char>(0xFF);  // inside the deflate stream
  broken[13] = static_cast<char>(0xFF);
  std::string out, error;
  EXPECT_FALSE(gunzip(broken, &out, &error));
  EXPECT_TRUE(starts_with(error, "corrupt gzip data")) << error;
}

TEST(Gunzip, RefusesOutputBeyondTheCap) {
  std::string out, error;
  EXPECT_FALSE(
      gunzip(gzip(std::string(3 << 20, 'x')), &out, &error, std::size_t{2} << 20));
  EXPECT_EQ(error, "decompressed size exceeds 2 MiB");
}

TEST(DecodeToUtf8, KeepsValidUtf8AsIs) {
  const DecodedText d = decode_to_utf8("Élysée : l’été\n");
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.text, "Élysée : l’été\n");
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.warnings, Strings{});
}

TEST(DecodeToUtf8, DropsAUtf8ByteOrderMark) {
  const DecodedText d = decode_to_utf8("\xEF\xBB\xBFÉté");
  EXPECT_EQ(d.text, "Été");
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.warnings, Strings{});
}

TEST(DecodeToUtf8, ReadsUtf16LittleEndianWithBom) {
  // "Été’" in UTF-16LE.
  const std::string bytes("\xFF\xFE\xC9\x00t\x00\xE9\x00\x19\x20", 10);
  const DecodedText d = decode_to_utf8(bytes);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.text, "Été’");
  EXPECT_EQ(d.charset, "UTF-16LE");
  EXPECT_EQ(d.warnings, Strings{});
}

TEST(DecodeToUtf8, ReadsUtf16BigEndianWithBom) {
  const std::string bytes("\xFE\xFF\x00\xC9\x00t\x00\xE9\x20\x19", 10);
  const DecodedText d = decode_to_utf8(bytes);
  EXPECT_EQ(d.text, "Été’");
  EXPECT_EQ(d.charset, "UTF-16BE");
  EXPECT_EQ(d.warnings, Strings{});
}

TEST(DecodeToUtf8, ReplacesAnUnpairedSurrogateInUtf16) {
  const std::string bytes(
      "\xFF\xFE"
      "a\x00\x00\xD8"
      "b\x00",
      8);
  const DecodedText d = decode_to_utf8(bytes);
  EXPECT_EQ(d.text,
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(d.warnings,
            Strings{"1 byte sequence invalid in UTF-16LE replaced with U+FFFD"});
}

TEST(DecodeToUtf8, ReadsLatin1AsWindows1252WithANote) {
  const DecodedText d = decode_to_utf8(
      "Le d\xE9put\xE9 a \xE9t\xE9 \xE9lu \xE0 Paris apr\xE8s la r\xE9"
      "forme; il est all\xE9 \xE0 la pr\xE9"
      "fecture.\n");
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.text,
            "Le député a été élu à Paris après la réforme; il est allé à la "
            "préfecture.\n");
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_EQ(d.warnings, Strings{});
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_TRUE(starts_with(d.notes[0], "not UTF-8; read as windows-1252 ")) << d.notes[0];
}

TEST(DecodeToUtf8, ReadsWindows1252QuotesAndLigatures) {
  const DecodedText d = decode_to_utf8(
      "L\x92\x9C"
      "uvre de l\x92\x82t\xE9 : \x93"
      "c\x9C"
      "ur\x94 \x80 5\n");
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.text, "L’œuvre de l’‚té : “cœur” € 5\n");
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_EQ(d.warnings, Strings{});
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_TRUE(starts_with(d.notes[0], "not UTF-8; read as windows-1252 ")) << d.notes[0];
}

TEST(DecodeToUtf8, ReadsAShortLatin1TextAsWindows1252NotUtf16) {
  const DecodedText d = decode_to_utf8("\xE9t\xE9 ");
  EXPECT_EQ(d.text, "été ");
  EXPECT_EQ(d.charset, "windows-1252");
}

TEST(DecodeToUtf8, ReplacesInvalidSequencesInMostlyUtf8Text) {
  const DecodedText d = decode_to_utf8("L’été à Paris \xFF fut chaud, très chaud.\n");
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.text, "L’été à Paris \xEF\xBF\xBD fut chaud, très chaud.\n");
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.warnings, Strings{"1 byte sequence invalid in UTF-8 replaced with U+FFFD"});
}

TEST(DecodeToUtf8, CallsBytesWithNulBinary) {
  const DecodedText d =
      decode_to_utf8(std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16));
  EXPECT_EQ(d.error, "binary file");
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.text, "");
}

// Issue #16.12: valid UTF-8 whose every other byte is NUL was indexed as
// garbage.
TEST(DecodeToUtf8, ReadsUtf16WithoutByteOrderMarkWithANote) {
  std::string le;
  std::string be;
  for (char c : std::string("Le conseil municipal a vote le budget.")) {
    le += std::string{c, '\0'};
    be += std::string{'\0', c};
  }
  le += std::string("\xE9\x00", 2);
  be += std::string("\x00\xE9", 2);
  const DecodedText from_le = decode_to_utf8(le);
  EXPECT_EQ(from_le.error, "");
  EXPECT_EQ(from_le.text, "Le conseil municipal a vote le budget.é");
  EXPECT_EQ(from_le.charset, "UTF-16LE");
  EXPECT_EQ(from_le.notes,
            Strings{"no byte-order mark, but NUL bytes in every other place: read as "
                    "UTF-16LE"});
  const DecodedText from_be = decode_to_utf8(be);
  EXPECT_EQ(from_be.text, "Le conseil municipal a vote le budget.é");
  EXPECT_EQ(from_be.charset, "UTF-16BE");
}

TEST(DecodeToUtf8, CallsAFileOfNulBytesBinary) {
  const DecodedText d = decode_to_utf8(std::string(4096, '\0'));
  EXPECT_EQ(d.error, "binary file");
  EXPECT_EQ(d.text, "");
}

TEST(DecodeAs, UsesTheNamedCharset) {
  const DecodedText d = decode_as("\xA4 10", "ISO-8859-15");
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.text, "€ 10");
  EXPECT_EQ(d.warnings, Strings{});
}

TEST(DecodeAs, LetsAByteOrderMarkOutrankTheName) {
  const DecodedText d = decode_as("\xEF\xBB\xBFété", "windows-1252");
  EXPECT_EQ(d.text, "été");
  EXPECT_EQ(d.charset, "UTF-8");
}

TEST(DecodeAs, RefusesAnUnknownCharset) {
  const DecodedText d = decode_as("abc", "x-no-such-charset");
  EXPECT_EQ(d.error, "unknown charset \"x-no-such-charset\"");
  EXPECT_EQ(d.text, "");
}

}  // namespace
}  // namespace kiosque
