// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/plan.h"

#include "kiosque/store/file_state.h"

namespace kiosque {

Plan plan_reads(const Xapian::Database* recorded, Walk* walk) {
  Plan plan;
  for (FileTask& task : walk->files) {
    const std::string& label = walk->root_of(task);
    const auto state = recorded ? decode_file_state(recorded->get_metadata(
                                      file_state_key(label, task.relpath)))
                                : std::nullopt;
    task.changed = !state || walk->roots[task.root].reread || state->root != label ||
                   state->size != task.size || state->mtime_ns != task.mtime_ns;
    if (task.changed) {
      plan.bytes_to_read += task.size;
    } else {
      plan.unchanged_articles += state->articles;
    }
  }
  return plan;
}

}  // namespace kiosque
