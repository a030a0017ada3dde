// SPDX-License-Identifier: GPL-2.0-or-later
// Shared pieces of the write-path unit tests (temporary folders and files
// come from test_files.h): permissions obeyed as root, and an observer that
// records what a step reported.
#ifndef KIOSQUE_TESTS_COMMON_INDEX_INDEX_TEST_SUPPORT_H_
#define KIOSQUE_TESTS_COMMON_INDEX_INDEX_TEST_SUPPORT_H_

#include <linux/capability.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../test_files.h"
#include "kiosque/index/observer.h"

namespace kiosque::testing {

// While it lives, the calling thread, and the threads it starts, obey file
// permissions even when run as root: CAP_DAC_OVERRIDE and
// CAP_DAC_READ_SEARCH leave its effective capabilities (a no-op for another
// user, who has none). Tests of unreadable folders need it.
class ObeyFilePermissions {
 public:
  ObeyFilePermissions() {
    header_.version = _LINUX_CAPABILITY_VERSION_3;
    if (::syscall(SYS_capget, &header_, saved_) != 0) {
      throw std::runtime_error("capget failed");
    }
    __user_cap_data_struct lowered[2] = {saved_[0], saved_[1]};
    lowered[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
    if (::syscall(SYS_capset, &header_, lowered) != 0) {
      throw std::runtime_error("capset failed");
    }
  }
  ~ObeyFilePermissions() { ::syscall(SYS_capset, &header_, saved_); }
  ObeyFilePermissions(const ObeyFilePermissions&) = delete;
  ObeyFilePermissions& operator=(const ObeyFilePermissions&) = delete;

 private:
  __user_cap_header_struct header_{};
  __user_cap_data_struct saved_[2]{};
};

// Every report, as one line a report ("error a.txt:3: bad").
class RecordingObserver : public IndexObserver {
 public:
  void on_problem(Severity severity, const std::string& path, int line,
                  const std::string& text) override {
    static const char* const kNames[] = {"error", "warning", "note"};
    reports.push_back(std::string(kNames[static_cast<int>(severity)]) + " " + path + ":" +
                      std::to_string(line) + ": " + text);
  }
  void on_article(ArticleAction action, const std::string& path,
                  const std::string& id) override {
    static const char* const kNames[] = {"added", "updated", "deleted",
                                         "deleted-file-gone", "skipped"};
    reports.push_back(std::string(kNames[static_cast<int>(action)]) + " " + path +
                      (id.empty() ? "" : " " + id));
  }
  std::vector<std::string> reports;
};

}  // namespace kiosque::testing

#endif  // KIOSQUE_TESTS_COMMON_INDEX_INDEX_TEST_SUPPORT_H_
