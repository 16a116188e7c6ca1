// Linux's memory devices (drivers/char/mem.c, read as specification): /dev/null reads end of file and
// swallows writes; /dev/zero reads zeros and swallows writes; /dev/random and /dev/urandom read the
// kernel's ChaCha20 generator (kernel/random.h) and accept writes (Linux mixes them in; Clockwork's
// generator is seeded at boot and ignores them).
#pragma once

#include "kernel/fs/dev/device_node.h"

namespace cw::fs::dev {

Result<File*> open_null(const DeviceNode& node, uint32_t flags);
Result<File*> open_zero(const DeviceNode& node, uint32_t flags);
Result<File*> open_random(const DeviceNode& node, uint32_t flags);

}  // namespace cw::fs::dev
