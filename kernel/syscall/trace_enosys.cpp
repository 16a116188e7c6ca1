#include "kernel/syscall/trace_enosys.h"

#include "kernel/print.h"
#include "kernel/proc/process.h"

namespace cw::syscall {

namespace {

bool enabled = false;

}  // namespace

void configure_enosys_trace(const CommandLine& command_line) { enabled = command_line.has("trace_enosys"); }

void trace_enosys(uint32_t number, const Args& args) {
  if (!enabled) return;
  Process* p = proc::current();
  kprint("enosys: {} (pid {}) called system call {} ({:#x}, {:#x}, {:#x})\n", p ? p->name : "?",
         p ? p->pid : 0, number, args.a[0], args.a[1], args.a[2]);
}

}  // namespace cw::syscall
