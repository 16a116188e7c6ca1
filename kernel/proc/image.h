// A new program image: an address space laid out from the program's ELF file and an initial stack with
// argv, envp and the auxiliary vector (lib/initial_stack.h), built completely before the caller lets go
// of anything. spawn() starts a new process on it; execve() swaps it in for the caller's image, which
// stays intact until the new one exists ("failure leaves the old image intact").
#pragma once

#include "kernel/proc/exec_args.h"
#include "lib/result.h"
#include "lib/string_view.h"
#include "lib/types.h"

namespace cw {

class AddressSpace;
class ElfPlan;

namespace mm {
class ExecutedFile;
}

namespace proc {

struct Image {
  AddressSpace* space = nullptr;  // owned by the caller: install it, or delete it
  VirtAddr entry;
  VirtAddr stack_pointer;
};

// Finds `program` in the program directory, plans its ELF, creates its address space labelled
// (pid, label) for the vmlog, and writes the initial stack; `execfn` is the name AT_EXECFN points at.
// Errors: NotFound (no such program), BadExecutable (the ELF is refused; the reason is printed),
// NoMemory, TooBig (arguments), Io (the program could not be read).
Result<Image> build_image(StringView program, const ExecArgs& args, StringView execfn, int32_t pid,
                          StringView label);
// The same for a program that is a file (mm/executed_file.h) whose ELF the caller planned from its
// bytes. Errors: NoMemory, TooBig, BadExecutable (the regions), TextBusy (the file is open for writing).
Result<Image> build_image(mm::ExecutedFile& file, const ElfPlan& plan, const ExecArgs& args, StringView execfn,
                          int32_t pid, StringView label);

}  // namespace proc
}  // namespace cw
