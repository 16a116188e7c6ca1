#include "kernel/proc/exec.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/vfs/name_space.h"
#include "kernel/fs/vfs/path_walk.h"
#include "kernel/heap.h"
#include "kernel/print.h"
#include "kernel/proc/cpu_state.h"
#include "kernel/proc/image.h"
#include "kernel/proc/process.h"
#include "kernel/proc/user_entry.h"
#include "kernel/sched/scheduler.h"
#include "kernel/syscall/user_memory.h"
#include "lib/elf32.h"
#include "lib/elf_plan.h"
#include "lib/shebang.h"
#include "mm/address_space.h"
#include "mm/executed_file.h"
#include "mm/object_io.h"

namespace cw::proc {

namespace {

void copy_name(char* out, StringView name) {
  size_t i = 0;
  for (; i < name.size() && i + 1 < abi::kNameMax; ++i) out[i] = name[i];
  out[i] = '\0';
}

// The last component of a path, as Linux's kbasename ("/tmp/bb" gives "bb", "/bin/" gives "").
StringView last_component(StringView path) {
  size_t start = 0;
  for (size_t i = 0; i < path.size(); ++i)
    if (path[i] == '/') start = i + 1;
  return path.substr(start);
}

// The node execve opens (Linux's do_open_execat): a regular file with an execute bit; anything else is
// EACCES.
Result<fs::Node*> open_executable(StringView path) {
  Process* self = current();
  fs::Node& start = self->cwd ? *self->cwd : fs::root();
  fs::NodeRef node(TRY(fs::resolve(fs::root(), start, path, fs::Follow::Yes)));
  if (node->type() != fs::NodeType::Regular || (node->permissions() & 0111) == 0) return Error::AccessDenied;
  return node.release();
}

// A runner of a file for as long as an exec reads and builds from it, so that nobody can write it
// meanwhile (Linux's open_exec denies write access before the header is read). The new address space
// takes a runner of its own.
class Running {
public:
  Running() = default;
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;
  ~Running() {
    if (file_) file_->remove_runner();
  }
  Result<void> start(mm::ExecutedFile& file) {
    TRY(file.add_runner());
    file_ = &file;
    return {};
  }

private:
  mm::ExecutedFile* file_ = nullptr;
};

// The first page of a file (or all of a shorter one), on the kernel heap.
class Header {
public:
  Header() = default;
  Header(const Header&) = delete;
  Header& operator=(const Header&) = delete;
  ~Header() {
    if (bytes_) kfree(bytes_);
  }
  Result<void> read(mm::ExecutedFile& file, uint32_t file_size) {
    if (!bytes_) bytes_ = static_cast<uint8_t*>(TRY(kmalloc(kPageSize)));
    length_ = file_size < kPageSize ? file_size : static_cast<uint32_t>(kPageSize);
    return mm::read_bytes(file.pages(), 0, bytes_, length_, syscall::current_space());
  }
  const uint8_t* bytes() const { return bytes_; }
  uint32_t length() const { return length_; }
  bool elf() const {
    for (uint32_t i = 0; i < 4; ++i)
      if (length_ <= i || bytes_[i] != elf::kMagic[i]) return false;
    return true;
  }

private:
  uint8_t* bytes_ = nullptr;
  uint32_t length_ = 0;
};

// Builds the image of `path`: each round opens a file; an ELF is built and ends the search, a script
// puts its interpreter in its place (the arguments as Linux's load_script leaves them) for the next
// round. `execfn` is the path execve was given (AT_EXECFN), `label` the process's new name.
Result<Image> load(StringView path, ExecArgs& args, StringView label, int32_t pid) {
  const StringView execfn = path;
  char interpreter[kShebangBytes];  // the path of the next round (the header buffer is read again)
  Header header;
  for (uint32_t depth = 0;; ++depth) {
    fs::NodeRef node(TRY(open_executable(path)));
    if (depth > kMaxInterpreters) return Error::SymlinkLoop;
    if (const disk::ProgramEntry* entry = node->program())  // NUL-terminated: the program store checked it
      return build_image(StringView(entry->name), args, execfn, pid, label);
    mm::ExecutedFile* file = node->executable();
    if (!file) return Error::BadExecutable;  // a regular file whose bytes cannot be mapped (none so far)
    Running running;
    TRY(running.start(*file));
    const uint64_t size = node->size();
    const uint32_t file_size = size > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<uint32_t>(size);
    TRY(header.read(*file, file_size));
    if (header.elf()) {
      auto plan = plan_elf(header.bytes(), header.length(), file_size, kUserElfLimits);
      if (!plan) {
        kprint("exec: '{}' refused: {}\n", path, describe(plan.error()));
        return Error::BadExecutable;
      }
      return build_image(*file, plan.value(), args, execfn, pid, label);
    }
    auto line = TRY(parse_shebang(reinterpret_cast<const char*>(header.bytes()), header.length()));
    StringView replacement[3];
    uint32_t count = 0;
    replacement[count++] = line.interpreter;
    if (line.has_argument) replacement[count++] = line.argument;
    replacement[count++] = path;
    TRY(args.replace_argument0(replacement, count));
    __builtin_memcpy(interpreter, line.interpreter.data(), line.interpreter.size());
    path = StringView(interpreter, line.interpreter.size());
  }
}

}  // namespace

Result<void> exec_current(StringView path, ExecArgs& args) {
  Process* p = current();
  char name[abi::kNameMax];
  copy_name(name, last_component(path));  // Linux's begin_new_exec: the path given, even for a script
  Image image = TRY(load(path, args, name, p->pid));
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
  copy_name(p->name, name);
  copy_name(self->name, name);
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
