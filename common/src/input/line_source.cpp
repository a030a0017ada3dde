// SPDX-License-Identifier: GPL-2.0-or-later
#include "input/line_source.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <unistd.h>

#include "input/regular_file.h"
#include "kiosque/base/message.h"
#include "kiosque/base/utf8.h"
#include "kiosque/input/decode.h"
#include "kiosque/input/limits.h"

namespace kiosque {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 16;
constexpr std::string_view kNotUtf8 = "not UTF-8; ";

bool has_non_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

bool is_wide_unicode(std::string_view charset) {
  return charset.substr(0, 6) == "UTF-16" || charset.substr(0, 6) == "UTF-32";
}

}  // namespace

LineSource::LineSource(std::filesystem::path file) : file_(std::move(file)) {}

LineSource::~LineSource() {
  if (in_ != nullptr) gzclose(in_);
}

bool LineSource::next(std::string_view* line, int* number, ReadResult* report) {
  if (!started_) {
    started_ = true;
    failed_ = !start(report);
  }
  std::string_view raw;
  bool too_long = false;
  if (failed_ || !take_raw_line(&raw, &too_long, report)) return false;
  ++number_;
  if (too_long) {
    report->problems.push_back(Problem{
        number_, message(messages::kLineTooLong, {std::to_string(kMaxLineBytes >> 20)})});
    *line = std::string_view();
    *number = number_;
    return true;
  }
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  *line = decode_line(raw, report);
  *number = number_;
  return true;
}

// Opens the file and decides its charset from the sample.
bool LineSource::start(ReadResult* report) {
  std::string error;
  const int fd = open_regular_file(file_, &error);
  if (fd < 0) {
    report->problems.push_back(Problem{0, error});
    return false;
  }
  errno = 0;
  in_ = gzdopen(fd, "rb");
  if (in_ == nullptr) {
    ::close(fd);
    report->problems.push_back(
        Problem{0, errno != 0 ? std::strerror(errno) : N_("cannot open")});
    return false;
  }
  gzbuffer(in_, 1 << 17);
  while (!eof_ && buffer_.size() < kSampleBytes) {
    if (!read_more(report)) return false;
  }
  std::string_view sample = buffer_;
  // A sample cut inside a character would count it as invalid UTF-8.
  if (const std::size_t end = sample.rfind('\n');
      !eof_ && end != std::string_view::npos) {
    sample = sample.substr(0, end + 1);
  }
  const CharsetChoice choice = choose_charset(sample);
  if (!choice.ok()) {
    report->problems.push_back(Problem{0, choice.error});
    return false;
  }
  if (!choice.note.empty()) report->notes.push_back(Problem{0, choice.note});
  if (is_wide_unicode(choice.charset)) return read_all(report);
  pos_ = choice.bom_size;
  charset_ = choice.charset;
  return true;
}

// Appends the next chunk of the file to buffer_; eof_ at the end. False, with
// a problem at the line being read, when the file cannot be read.
bool LineSource::read_more(ReadResult* report) {
  const std::size_t used = buffer_.size();
  buffer_.resize(used + kChunkBytes);
  const int got = gzread(in_, buffer_.data() + used, static_cast<unsigned>(kChunkBytes));
  buffer_.resize(used + static_cast<std::size_t>(got > 0 ? got : 0));
  if (got < 0) {
    int code;
    report->problems.push_back(
        Problem{number_ + 1, message(messages::kCannotRead, {gzerror(in_, &code)})});
    return false;
  }
  if (got == 0) {
    eof_ = true;
    return true;
  }
  total_ += static_cast<std::size_t>(got);
  if (!gzdirect(in_) && total_ > kMaxDecompressedBytes) {  // a gzip bomb
    report->problems.push_back(Problem{number_ + 1, N_("file larger than the limit")});
    return false;
  }
  return true;
}

// UTF-16 and UTF-32 have '\n' bytes inside other characters: such a file is
// decoded whole, then split.
bool LineSource::read_all(ReadResult* report) {
  while (!eof_) {
    if (total_ > kMaxDecompressedBytes) {
      report->problems.push_back(Problem{0, N_("file larger than the limit")});
      return false;
    }
    if (!read_more(report)) return false;
  }
  DecodedText decoded = decode_to_utf8(buffer_);
  if (!decoded.ok()) {
    report->problems.push_back(Problem{0, decoded.error});
    return false;
  }
  for (std::string& w : decoded.warnings)
    report->warnings.push_back(Problem{0, std::move(w)});
  buffer_ = std::move(decoded.text);
  pos_ = 0;
  charset_.clear();
  return true;
}

// The next line's raw bytes, without its '\n'; false at the end or on a
// read failure. Valid until the next call. A line longer than kMaxLineBytes
// is read through without being kept: `*too_long`, and `*raw` empty.
bool LineSource::take_raw_line(std::string_view* raw, bool* too_long,
                               ReadResult* report) {
  std::size_t end = buffer_.find('\n', pos_);
  while (end == std::string::npos && !eof_) {
    buffer_.erase(0, pos_);
    pos_ = 0;
    if (buffer_.size() > kMaxLineBytes) {
      *too_long = true;
      buffer_.clear();  // memory stays bounded however long the line
    }
    const std::size_t searched = buffer_.size();
    if (!read_more(report)) {
      failed_ = true;
      return false;
    }
    end = buffer_.find('\n', searched);
  }
  if (end == std::string::npos) {
    if (pos_ >= buffer_.size() && !*too_long) return false;
    end = buffer_.size();
  }
  if (end - pos_ > kMaxLineBytes) *too_long = true;
  if (*too_long) {
    *raw = std::string_view();
    pos_ = end + 1;
    return true;
  }
  *raw = std::string_view(buffer_).substr(pos_, end - pos_);
  pos_ = end + 1;
  return true;
}

// `raw` in UTF-8: see the class comment for the rules.
std::string_view LineSource::decode_line(std::string_view raw, ReadResult* report) {
  if (charset_.empty()) return raw;  // decoded whole already
  const bool valid_utf8 = utf8::is_valid(raw);
  DecodedText decoded;
  if (charset_ == "UTF-8") {
    if (valid_utf8) return raw;
    decoded = decode_to_utf8(raw);
    // NUL bytes and bad UTF-8 in one line: repair it rather than lose it.
    if (!decoded.ok()) decoded = convert_charset(raw, "UTF-8");
    for (std::string& note : decoded.notes) {
      if (note.rfind(kNotUtf8, 0) == 0)
        note = "not UTF-8 unlike the file; " + note.substr(kNotUtf8.size());
      decoded.warnings.push_back(std::move(note));
    }
  } else if (valid_utf8 && has_non_ascii(raw)) {
    report->warnings.push_back(
        Problem{number_, message(messages::kLineValidUtf8, {charset_})});
    return raw;
  } else {
    decoded = convert_charset(raw, charset_);
  }
  if (!decoded.ok()) {
    report->problems.push_back(Problem{number_, decoded.error});
    return {};
  }
  for (std::string& w : decoded.warnings)
    report->warnings.push_back(Problem{number_, std::move(w)});
  line_ = std::move(decoded.text);
  return line_;
}

}  // namespace kiosque
