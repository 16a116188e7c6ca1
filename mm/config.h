// Compile-time limits of the memory-management core.
//
// The kernel chooses the pool size at init time (`pageable_pages=N` on the command line, else the build's
// default in the generated mm/pageable_pages_default.h), so every structure here is sized for the
// compile-time maximum.
#pragma once

#include <cstdint>

#include "lib/types.h"

namespace cw::mm {

// Upper bound on the pageable frame pool: per-frame metadata arrays are this long. The kernel and the host
// tests use 1024. The policy simulator (tools/policysim) compiles the same pool and policy sources with a
// larger bound, CW_MAX_PAGEABLE_FRAMES, so that it can run the cache sizes of the replacement-policy papers;
// its objects are never linked with those of the kernel or the host tests.
#ifdef CW_MAX_PAGEABLE_FRAMES
inline constexpr uint32_t kMaxPageableFrames = CW_MAX_PAGEABLE_FRAMES;
#else
inline constexpr uint32_t kMaxPageableFrames = 1024;
#endif

// The smallest pool the kernel accepts: enough for any single i386 instruction to complete. The worst
// case touches six pages at once (instruction bytes straddling two pages, a `movs` or `push [mem]`
// whose source straddles two and whose destination straddles two); with fewer frames such an
// instruction can never have all of its pages resident and its process would fault forever. Page
// tables and directories are kernel frames outside the pool (docs/vm.md), so they do not count.
inline constexpr uint32_t kMinPageableFrames = 6;

// True if `n` is an acceptable pool size (for validating `pageable_pages=N`). The kernel may impose a
// further limit from the physical memory it actually found. The host tests and the policy simulator
// build smaller pools directly; this is the kernel's rule.
constexpr bool is_valid_pageable_pages(uint32_t n) { return n >= kMinPageableFrames && n <= kMaxPageableFrames; }

// One swap slot holds one page: kSectorsPerSlot 512-byte sectors (slot n starts at sector n * 8 of the
// swap partition, see lib/disk_format.h).
inline constexpr uint32_t kSectorsPerSlot = kPageSize / 512;

// Upper bound on swap: 64 MiB of page-sized slots. A larger partition is used only up to this size.
inline constexpr uint32_t kMaxSwapBytes = 64u * 1024 * 1024;
inline constexpr uint32_t kMaxSwapSlots = kMaxSwapBytes / kPageSize;

}  // namespace cw::mm
