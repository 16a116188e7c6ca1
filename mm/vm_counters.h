// Virtual-memory event counters, kept globally and per address space (reported by vm_stat and vmstat).
#pragma once

#include <cstdint>

#include "lib/abi/structs.h"

namespace cw {

struct VmCounters {
  uint64_t minor_faults = 0;    // resolved without disk I/O (zero fill)
  uint64_t major_faults = 0;    // needed a disk read (program image or swap)
  uint64_t swap_ins = 0;
  uint64_t swap_outs = 0;
  uint64_t writes_avoided = 0;  // clean pages dropped instead of written (a valid copy exists on disk)
  uint64_t evictions = 0;
  uint64_t sectors_read = 0;
  uint64_t sectors_written = 0;
  // Read-around (docs/vm.md "Read-around and swap clustering"): pages read ahead that a fault of this
  // process (or any, globally) then mapped without disk I/O: minor faults that would have been major.
  uint64_t read_ahead_used = 0;
  // Counted globally only (the pager's counters), reported system-wide whatever the pid: pages brought
  // in beside a faulting page by the same command, and those of them evicted untouched.
  uint64_t read_ahead_pages = 0;
  uint64_t read_ahead_wasted = 0;
  // Swap clustering: multi-page write commands, and the pages they wrote.
  uint64_t cluster_writes = 0;
  uint64_t cluster_written_pages = 0;

  // Copies the event counts into the user-visible structure (the rest of VmStat is filled by the pager).
  void copy_to(abi::VmStat& out) const {
    out.minor_faults = minor_faults;
    out.major_faults = major_faults;
    out.swap_ins = swap_ins;
    out.swap_outs = swap_outs;
    out.writes_avoided = writes_avoided;
    out.evictions = evictions;
    out.sectors_read = sectors_read;
    out.sectors_written = sectors_written;
    out.read_ahead_used = read_ahead_used;
  }
};

}  // namespace cw
