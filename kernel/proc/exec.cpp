#include "kernel/proc/exec.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/vfs/name_space.h"
#include "kernel/fs/vfs/path_walk.h"
#include "kernel/proc/cpu_state.h"
#include "kernel/proc/image.h"
#include "kernel/proc/process.h"
#include "kernel/proc/user_entry.h"
#include "kernel/sched/scheduler.h"
#include "lib/disk_format.h"
#include "mm/address_space.h"

namespace cw::proc {

namespace {

constexpr StringView kBinDirectory = "/bin/";

void copy_name(char* out, StringView name) {
  size_t i = 0;
  for (; i < name.size() && i + 1 < abi::kNameMax; ++i) out[i] = name[i];
  out[i] = '\0';
}

bool has_slash(StringView s) {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == '/') return true;
  return false;
}

}  // namespace

Result<StringView> program_of_path(StringView path) {
  if (path.size() == 0) return Error::NotFound;
  StringView name = path.starts_with(kBinDirectory) ? path.substr(kBinDirectory.size()) : path;
  if (name.size() != 0 && !has_slash(name)) return name;
  // Any other path: walk it, and run the program of the /bin file it leads to.
  Process* p = current();
  fs::Node& start = p && p->cwd ? *p->cwd : fs::root();
  fs::NodeRef node(TRY(fs::resolve(fs::root(), start, path, fs::Follow::Yes)));
  const disk::ProgramEntry* program = node->program();
  if (!program) return Error::AccessDenied;
  return StringView(program->name);
}

Result<void> exec_current(StringView path, const ExecArgs& args) {
  Process* p = current();
  StringView program = TRY(program_of_path(path));
  Image image = TRY(build_image(program, args, path, p->pid, program));

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
