// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/commit_policy.h"

namespace kiosque {

void CommitPolicy::commit() {
  if (pool_) pool_->drain();
  leaders_.mark(set_);
  set_.commit();
  since_commit_ = 0;
  intervals_ = 0;
  ++commits_;
}

}  // namespace kiosque
