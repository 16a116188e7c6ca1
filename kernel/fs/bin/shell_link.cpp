#include "kernel/fs/bin/shell_link.h"

namespace cw::fs::bin {

ShellLink::ShellLink(uint64_t number, Node& directory)
    : Node(NodeType::Symlink, 0777, number, device_number(FsDevice::Bin)), directory_(directory) {}

Result<uint32_t> ShellLink::read_link(char* out, uint32_t capacity) {
  constexpr uint32_t length = sizeof(kShellLinkTarget) - 1;
  if (capacity < length) return Error::Range;
  __builtin_memcpy(out, kShellLinkTarget, length);
  return length;
}

}  // namespace cw::fs::bin
