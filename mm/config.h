// Compile-time limits of the memory-management core, and the one place the default pool size lives.
//
// The top-level CMakeLists.txt owns the number (cache variable PAGEABLE_PAGES) and passes it to every
// flag set as PAGEABLE_PAGES_DEFAULT; this header turns it into a typed constant and checks it. The kernel
// may override the default at boot with `pageable_pages=N`, so every structure here is sized for the
// compile-time maximum and the live size is chosen at init time.
#pragma once

#include <cstdint>

#include "lib/types.h"

#ifndef PAGEABLE_PAGES_DEFAULT
#error "PAGEABLE_PAGES_DEFAULT must be defined by the build (link against cw_host_flags or cw_kernel_flags)"
#endif

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

// Frames in the pool when the command line does not say otherwise.
inline constexpr uint32_t kPageablePagesDefault = PAGEABLE_PAGES_DEFAULT;

static_assert(kPageablePagesDefault >= 1 && kPageablePagesDefault <= kMaxPageableFrames,
              "PAGEABLE_PAGES must be between 1 and kMaxPageableFrames");

// True if `n` is an acceptable pool size (for validating `pageable_pages=N`). The kernel may impose a
// further limit from the physical memory it actually found.
constexpr bool is_valid_pageable_pages(uint32_t n) { return n >= 1 && n <= kMaxPageableFrames; }

// One swap slot holds one page: kSectorsPerSlot 512-byte sectors (slot n starts at sector n * 8 of the
// swap partition, see lib/disk_format.h).
inline constexpr uint32_t kSectorsPerSlot = kPageSize / 512;

// Upper bound on swap: 64 MiB of page-sized slots. A larger partition is used only up to this size.
inline constexpr uint32_t kMaxSwapBytes = 64u * 1024 * 1024;
inline constexpr uint32_t kMaxSwapSlots = kMaxSwapBytes / kPageSize;

}  // namespace cw::mm
