// `bochs_break=N` on the command line: a debugging stop at the Nth user page fault the kernel resolves.
//
// When the Nth fault has been resolved - the page is mapped - the kernel prints the faulting process's
// page table in the page_dump format. Faults are counted over every process from boot, including those a
// system call takes on the calling process's behalf, but only while the faulting address space is the one
// in CR3: spawn filling a new process's stack page from its parent's context does not count. The frame:
//
//   magic-break: fault 3 in hello (pid 1), CR3=0x00135000
//   page table of hello (pid 1), directory 0x00135000:
//   0x08048000 -> 0x00401000 U-R A-
//   ...
//   magic-break: end of page table (3 pages), xchg bx, bx
//
// then waits for COM1 to drain and executes `xchg bx, bx` with interrupts off and the process's CR3
// still loaded. Bochs stops in its debugger there when the configuration says `magic_break: enabled=1`
// (./bochsrc does), so `info tab`, `page ADDR` and `creg` show exactly the tables just printed. On any
// other machine (QEMU, or Bochs without magic_break) the instruction does nothing and the kernel goes
// on; after the stop the kernel prints `magic-break: resumed`. A bare `bochs_break` means fault 1;
// 0 or a malformed value is reported and ignored. The stop happens once per boot.
// docs/debugging.md shows the whole workflow.
#pragma once

#include "lib/cmdline.h"

namespace cw {

class AddressSpace;

namespace magic_break {

// Reads `bochs_break=N`. Call once at boot, before the first user process starts.
void init(const CommandLine& cmdline);

// True while a stop is still to come (cheap: callers can skip looking up the process otherwise).
bool armed();

// Called after each user page fault is resolved (AddressSpace::load, after the page is mapped), in the
// faulting process's context: counts the fault and, at the Nth, prints the dump and stops (see above).
void on_fault_resolved(AddressSpace& space, const char* process_name, int pid);

}  // namespace magic_break
}  // namespace cw
