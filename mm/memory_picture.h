// The kernel's side of memshow (procs/memshow.cpp): snapshots of the pool's frames and of one address
// space's pages, in the fixed layouts of lib/abi/memshow.h. Each frame (each page) is read with
// interrupts off, so it is consistent in itself; the picture as a whole is taken while the system runs.
#pragma once

#include <cstdint>

#include "lib/abi/memshow.h"

namespace cw {

class AddressSpace;

namespace mm {

// One cell per pool frame, in frame order; at most `max` written. Returns the pool's size.
uint32_t describe_frames(abi::FrameCell* out, uint32_t max);

// The pages of `space` as runs (mm/page_map.h build_page_runs); at most `max` written. Returns how many
// runs there are.
uint32_t describe_pages(const AddressSpace& space, abi::PageRun* out, uint32_t max);

}  // namespace mm
}  // namespace cw
