// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzzes read_html, which promises never to throw for bad content and to
// return UTF-8 only.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kiosque/base/utf8.h"
#include "kiosque/input/html_reader.h"

namespace {

void require_utf8(const std::string& s) {
  if (!kiosque::utf8::is_valid(s)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const kiosque::HtmlPage page =
      kiosque::read_html(std::string_view(reinterpret_cast<const char*>(data), size));
  require_utf8(page.title);
  require_utf8(page.source);
  require_utf8(page.author);
  for (const std::string& paragraph : page.paragraphs) require_utf8(paragraph);
  if (!page.date.empty() && page.date.size() != 10) std::abort();
  return 0;
}
