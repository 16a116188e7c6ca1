// fork(2), vfork(2) and clone(2) with the flags a fork needs (Linux i386 semantics).
//
// The child is a copy of the calling process: its address space by copy-on-write (AddressSpace::fork),
// its registers (the system call returns 0 in the child), its mailbox descriptors (new references to the
// same mailboxes), brk and stack. Not inherited, as on Linux: mlock's locks, the paging counters.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::proc {

// Linux's clone flags (include/uapi/linux/sched.h) that Clockwork accepts; anything else needs threads.
inline constexpr uint32_t kCloneSignalMask = 0xFF;          // CSIGNAL: the signal sent at exit
inline constexpr uint32_t kCloneVfork = 0x00004000;         // CLONE_VFORK: accepted, behaves as fork
inline constexpr uint32_t kCloneParentSettid = 0x00100000;  // CLONE_PARENT_SETTID
inline constexpr uint32_t kCloneChildCleartid = 0x00200000; // CLONE_CHILD_CLEARTID
inline constexpr uint32_t kCloneChildSettid = 0x01000000;   // CLONE_CHILD_SETTID

struct CloneRequest {
  uint32_t flags = 17;            // SIGCHLD, as fork()
  uint32_t stack = 0;             // the child's esp; 0: the parent's
  uint32_t parent_tid = 0;        // CLONE_PARENT_SETTID: where the parent gets the child's tid
  uint32_t child_tid = 0;         // CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID: in the child's memory
};

// Forks the calling process; returns the child's pid. Errors: InvalidArgument (a flag outside the ones
// above, or an exit signal above 64), NoMemory (no memory for the copy), BadAddress (parent_tid).
Result<int32_t> fork_current(const CloneRequest& request);

}  // namespace cw::proc
