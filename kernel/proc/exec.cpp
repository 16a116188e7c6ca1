#include "kernel/proc/exec.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/vfs/name_space.h"
#include "kernel/fs/vfs/path_walk.h"
#include "kernel/proc/cpu_state.h"
#include "kernel/proc/image.h"
#include "kernel/proc/process.h"
#include "kernel/proc/user_entry.h"
#include "kernel/sched/scheduler.h"
#include "mm/address_space.h"

namespace cw::proc {

namespace {

void copy_name(char* out, StringView name) {
  size_t i = 0;
  for (; i < name.size() && i + 1 < abi::kNameMax; ++i) out[i] = name[i];
  out[i] = '\0';
}

}  // namespace

Result<StringView> program_of_path(StringView path) {
  Process* self = current();
  fs::Node& start = self->cwd ? *self->cwd : fs::root();
  fs::NodeRef node(TRY(fs::resolve(fs::root(), start, path, fs::Follow::Yes)));
  if (const disk::ProgramEntry* entry = node->program())
    return StringView(entry->name);  // NUL-terminated: the program store checked the directory
  // Linux's do_open_execat: anything but a regular file, or one without an execute bit, is EACCES.
  if (node->type() != fs::NodeType::Regular || (node->permissions() & 0111) == 0) return Error::AccessDenied;
  // FIXME: only the program directory's files can be loaded; an executable file elsewhere (/tmp) is
  // refused as a format the kernel does not know, as Linux refuses one with no binary handler.
  return Error::BadExecutable;
}

Result<void> exec_current(StringView path, const ExecArgs& args) {
  Process* p = current();
  StringView program = TRY(program_of_path(path));
  Image image = TRY(build_image(program, args, path, p->pid, program));
  CommandLine command_line;
  if (!CommandLine::make(args, command_line)) {
    delete image.space;
    return Error::NoMemory;
  }

  // The point of no return: from here the call cannot fail.
  Thread* self = sched::current();
  AddressSpace* old = p->space;
  if (p->clear_child_tid != 0) {
    // Linux's exec_mm_release: the tid word is cleared in the old image, then forgotten.
    uint32_t zero = 0;
    (void)old->copy_out(VirtAddr(p->clear_child_tid), &zero, sizeof(zero));
    p->clear_child_tid = 0;
  }
  {
    cpu::InterruptGuard guard;
    p->space = image.space;
    p->signals.reset_for_exec();  // caught signals back to their defaults; ignored ones and the mask stay
    self->page_directory = image.space->page_directory();
    cpu::write_cr3(self->page_directory);
  }
  delete old;
  p->files.close_on_exec();
  p->command_line.take(command_line);
  copy_name(p->name, program);
  copy_name(self->name, program);
  p->user_entry = image.entry.get();
  p->user_stack = image.stack_pointer.get();
  p->ran_program = true;  // setpgid by the parent is EACCES from now on, as after a Linux execve
  // The system call returns into the new image: dispatch writes eax (0) into this frame. FPU/SSE state
  // and TLS entries start afresh (docs/fpu_tls.md).
  reset_cpu_state(*self);
  init_user_frame(*self->user_frame(), image.entry, image.stack_pointer);
  return {};
}

}  // namespace cw::proc
