#include "kernel/fs/proc/generated_nodes.h"

namespace cw::fs::proc {

uint64_t GeneratedLink::size() const {
  // A symlink's st_size is its target's length (Linux shows it for /proc/self too).
  char target[64];  // "/bin/" and a program name, or a pid
  auto length = target_(pid_, target, sizeof(target));
  return length ? length.value() : 0;
}

}  // namespace cw::fs::proc
