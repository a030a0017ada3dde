// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzzes the decoding of input bytes: decode_to_utf8 (and so choose_charset
// and convert_charset), decode_as with a declared charset, and gunzip. Every
// text that comes back must be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosque/base/utf8.h"
#include "kiosque/input/decode.h"

namespace {

void require_utf8(const std::string& s) {
  if (!kiosque::utf8::is_valid(s)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const kiosque::DecodedText decoded = kiosque::decode_to_utf8(bytes);
  require_utf8(decoded.text);
  if (!decoded.ok() && !decoded.text.empty()) std::abort();
  // The first line, when short, names a charset as a page would declare it.
  const std::size_t newline = bytes.find('\n');
  if (newline != std::string_view::npos && newline < 40) {
    const kiosque::DecodedText declared =
        kiosque::decode_as(bytes.substr(newline + 1), bytes.substr(0, newline));
    require_utf8(declared.text);
  }
  std::string out;
  std::string error;
  (void)kiosque::gunzip(bytes, &out, &error, std::size_t{1} << 20);
  return 0;
}
