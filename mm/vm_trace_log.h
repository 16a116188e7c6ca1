// The kernel's fault trace (docs/policies.md "Kernel fault traces"): with `vmtrace` on the command line
// every page fault and eviction of a user page is recorded in a ring (mm/vm_trace.h) allocated once at
// boot, and the ring is printed on the console at power-off, so a run's trace can be fed to
// build/tools/policysim.
//
// Command line:
//   vmtrace              record, in a ring of 65536 events (768 KiB of kernel heap)
//   vmtrace=N            a ring of N events (refused with a message if it would take more than half of
//                        the free kernel heap, or if N is 0 or malformed)
//   vmtrace_pid=P        print only the events of process P (all are recorded)
//   vmtrace_format=events  print every event ("fault PID VPN R|W frame F", "evict PID VPN frame F
//                        written|dropped") instead of the default, the faults in the simulator's format
//                        ("PAGE R|W" with PAGE = pid << 20 | vpn)
// When the ring first overwrites its oldest event the kernel says so once; the dump's first line gives
// how many events were lost. The dump is the lines between "vmtrace: begin ..." and "vmtrace: end ...".
#pragma once

#include <cstdint>

#include "lib/cmdline.h"
#include "lib/types.h"

namespace cw::vmtrace {

void init(const CommandLine& cmdline);
bool enabled();

// Precondition: interrupts off. `frame` is a frame of the pageable pool.
void record_fault(int32_t pid, VirtAddr page, bool write, PhysAddr frame);
void record_eviction(int32_t pid, VirtAddr page, PhysAddr frame, bool written);

// Prints the ring (as chosen at boot) on the console; nothing without `vmtrace`. Interrupts off.
void dump();

}  // namespace cw::vmtrace
