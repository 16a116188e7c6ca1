// Typed system calls: one function per entry of lib/abi/syscall_numbers.h (semantics in docs/abi.md).
//
// Convention, used by every wrapper:
//   * a call that can fail returns Result<T>: the value, or the cw::Error whose number is the errno the
//     kernel returned (lib/error.h uses Linux's numbers, so Error::BadAddress is EFAULT = 14);
//   * a call that cannot fail (getpid, getppid, sched_yield) returns its plain value;
//   * exit/exit_group never return; brk keeps Linux's "returns the break" semantics (it reports failure
//     by not moving the break, never with an errno).
// The wrappers pass every argument through unchanged, bad pointers included: t_efault depends on that.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/abi/disk_time.h"
#include "lib/abi/linux_structs.h"
#include "lib/abi/memshow.h"
#include "lib/abi/structs.h"
#include "lib/abi/syscall_numbers.h"
#include "lib/result.h"

namespace cw::pci {
struct PciFunction;
}

namespace cw::sys {

// A raw kernel result: values in [-4095, -1] are negated errnos (the Linux convention), anything else
// is a value. Exposed for code that issues raw calls itself.
Result<uint32_t> to_result(int32_t raw);

// --- Linux calls ---------------------------------------------------------------------------------------
// Ends the process with `status & 0xFF`. Does not flush print() buffers; ::exit() does (runtime.h).
[[noreturn]] void exit(int status);
[[noreturn]] void exit_group(int status);
Result<size_t> read(int fd, void* buffer, size_t count);
Result<size_t> write(int fd, const void* buffer, size_t count);
// Returns the reaped pid, or 0 with WNOHANG when no child has exited yet. `status` may be null.
Result<int> waitpid(int pid, int* status, int options);
Result<int> wait4(int pid, int* status, int options, abi::Rusage* usage);
// Returns only on failure.
Result<void> execve(const char* path, const char* const* argv, const char* const* envp);
int getpid();
int getppid();
Result<void> kill(int pid, int signal);
// ioctl(fd, request, arg): Clockwork implements only TIOCGPGRP and TIOCSPGRP on the console (docs/abi.md).
Result<int> ioctl(int fd, uint32_t request, void* arg);
// brk(0) returns the current break; brk(end) moves it and returns the new break, or the old one if it
// could not be moved.
uintptr_t brk(uintptr_t end);
// reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0): returns only on error.
Result<void> power_off();
Result<void> reboot(uint32_t magic1, uint32_t magic2, uint32_t command, uint32_t arg);
Result<void> mlock(const void* address, size_t length);
Result<void> munlock(const void* address, size_t length);
void sched_yield();
Result<void> nanosleep(const abi::Timespec* request, abi::Timespec* remaining);
Result<void> clock_gettime(int clock, abi::Timespec* out);

// --- Clockwork calls -----------------------------------------------------------------------------------
// Starts program `name` from the image's program directory with the NULL-terminated `argv`; returns the
// child's pid. The child runs concurrently; reap it with waitpid.
Result<int> spawn(const char* name, const char* const* argv, uint32_t flags = 0);
Result<int> fork();
Result<int> clone(uint32_t flags, void* stack, int* parent_tid, int* child_tid);
Result<int> mbox_open(const char* name);
Result<void> mbox_close(int mbox);
Result<void> mbox_send(int mbox, const void* message, size_t size);
Result<size_t> mbox_recv(int mbox, void* buffer, size_t capacity);
Result<void> mbox_status(int mbox, abi::MboxStatus* out);
Result<size_t> proc_list(abi::ProcInfo* out, size_t max);
Result<size_t> prog_list(abi::ProgInfo* out, size_t max);
Result<void> vm_stat(int pid, abi::VmStat* out);
Result<void> page_dump(int pid);
// The PCI functions found at boot: fills out[0..min(max, found)) and returns how many were found.
Result<size_t> pci_list(pci::PciFunction* out, size_t max);
// memshow (lib/abi/memshow.h): the pool's size and the process's number of page runs, in all.
Result<size_t> frame_map(abi::FrameCell* out, size_t max);
Result<size_t> page_map(int pid, abi::PageRun* out, size_t max);
// Raw requests on a block device timed in the kernel (lib/abi/disk_time.h).
Result<void> disk_time(const abi::DiskTimeRequest* request, abi::DiskTimeResult* out);

}  // namespace cw::sys
