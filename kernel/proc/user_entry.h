// Entering ring 3: the initial user stack and the first return to user mode.
#pragma once

#include "kernel/proc/process.h"
#include "lib/result.h"
#include "lib/types.h"

namespace cw {

class AddressSpace;

namespace proc {

// Writes the Linux i386 initial stack below the top of `space`'s stack:
//   esp -> argc, argv[0] .. argv[argc-1], NULL, NULL (no environment), AT_NULL, 0, then the strings.
// Returns the initial esp (16-byte aligned). Errors: TooBig (more than kMaxArgs arguments or
// kMaxArgBytes of strings), BadAddress/NoMemory from writing the stack.
Result<VirtAddr> prepare_user_stack(AddressSpace& space, const Arguments& args);

// Thread entry for a user process (arg: the Process): builds a ring-3 trap frame at the top of the
// thread's kernel stack and leaves the kernel through it. Never returns.
void run_user_thread(void* process);

}  // namespace proc
}  // namespace cw
