// read, write and ioctl on the console descriptors: fd 0 reads lines typed on the keyboard or serial line,
// fd 1 and 2 write to every console; all three are the one terminal for ioctl.
#include "kernel/arch/cpu.h"
#include "kernel/console.h"
#include "kernel/console_input.h"
#include "kernel/proc/process.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/sync/mutex.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kChunk = 256;

// One write() reaches the console in one piece, as a Linux tty write does (its atomic_write_lock): the
// chunks of a long write may sleep for a page-in, and another process must not write in between.
Mutex console_writers;

// TIOCSPGRP as Linux checks it, minus sessions: a negative pid is EINVAL, a pid with no process record
// (not even a zombie) ESRCH.
Result<void> set_foreground(uint32_t pid_address) {
  int32_t pid = TRY(read_user<int32_t>(pid_address));
  if (pid < 0) return Error::InvalidArgument;
  cpu::InterruptGuard guard;
  Process* p = proc::find(pid);
  if (!p) return Error::NoProcess;  // a zombie still counts, as on Linux until it is reaped
  console_input::set_foreground(pid);
  return {};
}

}  // namespace

int32_t sys_write(const Args& a) {
  uint32_t fd = a.a[0], address = a.a[1], length = a.a[2];
  if (fd != 1 && fd != 2) return error_return(Error::BadDescriptor);
  // Nothing to move, so nothing to check: 0 whatever the pointer, as Linux gives an i386 program on an
  // x86-64 kernel (every 32-bit address is a user address there).
  if (length == 0) return 0;
  // Verified up front, so a partly bad buffer writes nothing rather than a prefix.
  auto checked = current_space().verify(VirtAddr(address), length, mm::Access::Read);
  if (!checked) return error_return(checked.error());
  char chunk[kChunk];
  LockGuard guard(console_writers);
  for (uint32_t done = 0; done < length;) {
    uint32_t n = length - done < kChunk ? length - done : kChunk;
    auto copied = current_space().copy_in(chunk, VirtAddr(address + done), n);
    if (!copied) return done > 0 ? static_cast<int32_t>(done) : error_return(copied.error());
    console::write(chunk, n);
    done += n;
  }
  return static_cast<int32_t>(length);
}

int32_t sys_read(const Args& a) {
  uint32_t fd = a.a[0], address = a.a[1], length = a.a[2];
  if (fd != 0) return error_return(Error::BadDescriptor);
  if (length == 0) return 0;  // as write(): no byte is touched, so no pointer is refused
  // Refuse a bad buffer before blocking for input, not after a line has been consumed.
  auto checked = current_space().verify(VirtAddr(address), length, mm::Access::Write);
  if (!checked) return error_return(checked.error());
  char chunk[kChunk];
  auto got = console_input::read_line(chunk, length < kChunk ? length : kChunk);
  if (!got) return error_return(got.error());
  auto copied = current_space().copy_out(VirtAddr(address), chunk, got.value());
  if (!copied) return error_return(copied.error());
  return static_cast<int32_t>(got.value());
}

int32_t sys_ioctl(const Args& a) {
  uint32_t fd = a.a[0], request = a.a[1], argument = a.a[2];
  if (fd > 2) return error_return(Error::BadDescriptor);
  switch (request) {
    case abi::kTiocGpgrp: return to_return(write_user<int32_t>(argument, console_input::foreground()));
    case abi::kTiocSpgrp: return to_return(set_foreground(argument));
    default: return error_return(Error::NotTty);  // Linux: any other request on a terminal
  }
}

}  // namespace cw::syscall
