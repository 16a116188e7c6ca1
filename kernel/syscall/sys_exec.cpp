// execve (11) and Clockwork's spawn (1000): a program image from the program directory, with argument
// and environment vectors copied out of the caller first (kernel/proc/exec_args.h).
#include "kernel/proc/boot_environment.h"
#include "kernel/proc/exec.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kPathMax = 4096;  // Linux PATH_MAX, the terminating NUL included

// Copies a path argument; a path that does not fit is ENAMETOOLONG, as Linux's getname.
Result<uint32_t> copy_path(char* out, uint32_t path_address) {
  return current_space().copy_string_in(out, VirtAddr(path_address), kPathMax);
}

}  // namespace

int32_t sys_execve(const Args& a) {
  static_assert(kPathMax <= 4096, "the path buffer lives on the kernel stack");
  char path[kPathMax];
  auto length = copy_path(path, a.a[0]);
  if (!length) return error_return(length.error());
  proc::ExecArgs args;
  auto copied = args.add_user_arguments(current_space(), a.a[1]);
  // Linux (since 5.18) gives a program started with an empty argv one empty argument, so argv[0] is
  // never NULL for code that assumes it is not.
  if (copied && args.argc() == 0) copied = args.add_argument("");
  if (copied) copied = args.add_user_environment(current_space(), a.a[2]);
  if (!copied) return error_return(copied.error());
  return to_return(proc::exec_current(StringView(path, length.value()), args));
}

int32_t sys_spawn(const Args& a) {
  uint32_t flags = a.a[2];
  if (flags & ~abi::kSpawnNewGroup) return error_return(Error::InvalidArgument);
  char name[abi::kNameMax];
  auto name_length = current_space().copy_string_in(name, VirtAddr(a.a[0]), sizeof(name));
  if (!name_length) return error_return(name_length.error());
  StringView program(name, name_length.value());
  proc::ExecArgs args;
  // No argv: the program gets its own name as argv[0]. The environment is the boot environment: spawn
  // has no envp (a shell that keeps its own environment uses fork and execve).
  auto copied = a.a[1] == 0 ? args.add_argument(program) : args.add_user_arguments(current_space(), a.a[1]);
  if (copied) copied = proc::add_boot_environment(args);
  if (!copied) return error_return(copied.error());
  auto child = proc::spawn(program, args, proc::current(), (flags & abi::kSpawnNewGroup) != 0);
  if (!child) return error_return(child.error());
  return child.value()->pid;
}

}  // namespace cw::syscall
