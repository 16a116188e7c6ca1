// /bin/sh when the image holds busybox and no program called sh: a symbolic link to busybox, as Debian
// makes /bin/sh a link to its shell (dash there). Scripts that start with "#!/bin/sh" then run busybox
// with argv[0] "/bin/sh", which busybox runs as its sh applet (ash). Fixed at boot, like /bin.
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs::bin {

inline constexpr char kShellLinkName[] = "sh";
inline constexpr char kShellLinkTarget[] = "busybox";

class ShellLink final : public Node {
public:
  ShellLink(uint64_t number, Node& directory);

  Node* parent() const override { return &directory_; }
  uint64_t size() const override { return sizeof(kShellLinkTarget) - 1; }  // st_size: the target's length
  Result<uint32_t> read_link(char* out, uint32_t capacity) override;

protected:
  bool on_heap() const override { return false; }

private:
  Node& directory_;
};

}  // namespace cw::fs::bin
