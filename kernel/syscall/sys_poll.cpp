// poll (168) and _newselect (142): waiting until one of several descriptors is ready (Linux
// fs/select.c). Readiness comes from each file (File::ready); every change wakes the pollers, who look
// again (kernel/fs/readiness.h). Both are cut short by a signal with EINTR, and never restarted after a
// handler (kernel/signal/restart.cpp).
#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/fs/fd_table.h"
#include "kernel/fs/readiness.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/linux_structs.h"

namespace cw::syscall {

namespace {

struct PollFd {  // struct pollfd
  int32_t fd;
  uint16_t events;
  uint16_t revents;
};
static_assert(sizeof(PollFd) == 8);

inline constexpr uint32_t kMaxPollFds = fs::FdTable::kMaxFds;
inline constexpr uint16_t kAlwaysReported = fs::kPollErr | fs::kPollHup | fs::kPollNval;
inline constexpr uint32_t kFdSetBits = 1024;  // FD_SETSIZE
inline constexpr int64_t kForever = -1;

// Waits until `scan()` finds something ready or `timeout_ms` (kForever: no limit) passes. scan runs with
// interrupts off and returns how many are ready. Errors: Interrupted.
template <typename Scan>
Result<uint32_t> wait_until_ready(int64_t timeout_ms, Scan&& scan) {
  uint64_t deadline = timeout_ms >= 0 ? pit::ticks() + static_cast<uint64_t>(timeout_ms) : 0;
  cpu::InterruptGuard guard;
  for (;;) {
    uint32_t ready = scan();
    if (ready > 0 || timeout_ms == 0) return ready;
    if (timeout_ms < 0) {
      TRY(fs::readiness_queue().wait_interruptible());
      continue;
    }
    uint64_t now = pit::ticks();
    if (now >= deadline) return 0u;
    uint64_t left = deadline - now;
    (void)TRY(fs::readiness_queue().wait_interruptible_for(left > 0x7FFFFFFF ? 0x7FFFFFFF : static_cast<uint32_t>(left)));
  }
}

}  // namespace

int32_t sys_poll(const Args& a) {
  uint32_t address = a.a[0], count = a.a[1];
  auto timeout = static_cast<int32_t>(a.a[2]);
  if (count > kMaxPollFds) return error_return(Error::InvalidArgument);
  PollFd fds[kMaxPollFds];
  if (count > 0) {
    auto copied = current_space().copy_in(fds, VirtAddr(address), count * sizeof(PollFd));
    if (!copied) return error_return(copied.error());
  }
  fs::FdTable& files = proc::current()->files;
  auto ready = wait_until_ready(timeout < 0 ? kForever : timeout, [&] {
    uint32_t n = 0;
    for (uint32_t i = 0; i < count; ++i) {
      fds[i].revents = 0;
      if (fds[i].fd < 0) continue;  // ignored, as POSIX says
      fs::File* file = files.get(fds[i].fd);
      fds[i].revents = file ? static_cast<uint16_t>(file->ready() & (fds[i].events | kAlwaysReported)) : fs::kPollNval;
      if (fds[i].revents) ++n;
    }
    return n;
  });
  if (!ready) return error_return(ready.error());
  if (count > 0) {
    auto written = current_space().copy_out(VirtAddr(address), fds, count * sizeof(PollFd));
    if (!written) return error_return(written.error());
  }
  return static_cast<int32_t>(ready.value());
}

int32_t sys_newselect(const Args& a) {
  auto nfds = static_cast<int32_t>(a.a[0]);
  uint32_t set_address[3] = {a.a[1], a.a[2], a.a[3]};
  uint32_t timeout_address = a.a[4];
  if (nfds < 0) return error_return(Error::InvalidArgument);
  if (static_cast<uint32_t>(nfds) > kFdSetBits) nfds = kFdSetBits;
  uint32_t words = (static_cast<uint32_t>(nfds) + 31) / 32;
  uint32_t in[3][kFdSetBits / 32] = {};
  for (int s = 0; s < 3; ++s) {
    if (set_address[s] == 0 || words == 0) continue;
    auto copied = current_space().copy_in(in[s], VirtAddr(set_address[s]), words * 4);
    if (!copied) return error_return(copied.error());
  }
  int64_t timeout_ms = kForever;
  abi::Timeval tv{};
  if (timeout_address != 0) {
    auto t = read_user<abi::Timeval>(timeout_address);
    if (!t) return error_return(t.error());
    tv = t.value();
    if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000) return error_return(Error::InvalidArgument);
    timeout_ms = static_cast<int64_t>(tv.tv_sec) * 1000 + (tv.tv_usec + 999) / 1000;
  }
  fs::FdTable& files = proc::current()->files;
  // Linux: a bit set for a descriptor that is not open is EBADF, before any waiting.
  for (int32_t fd = 0; fd < nfds; ++fd) {
    bool asked = ((in[0][fd / 32] | in[1][fd / 32] | in[2][fd / 32]) >> (fd % 32)) & 1;
    if (asked && !files.get(fd)) return error_return(Error::BadDescriptor);
  }
  constexpr uint16_t kReadable = fs::kPollIn | fs::kPollHup | fs::kPollErr;
  constexpr uint16_t kWritable = fs::kPollOut | fs::kPollErr;
  uint32_t out[3][kFdSetBits / 32] = {};
  uint64_t start = pit::ticks();
  auto ready = wait_until_ready(timeout_ms, [&] {
    uint32_t n = 0;
    for (uint32_t w = 0; w < words; ++w) out[0][w] = out[1][w] = out[2][w] = 0;
    for (int32_t fd = 0; fd < nfds; ++fd) {
      uint32_t bit = 1u << (fd % 32);
      fs::File* file = files.get(fd);
      if (!file) continue;
      uint16_t r = file->ready();
      if ((in[0][fd / 32] & bit) && (r & kReadable)) { out[0][fd / 32] |= bit; ++n; }
      if ((in[1][fd / 32] & bit) && (r & kWritable)) { out[1][fd / 32] |= bit; ++n; }
      if ((in[2][fd / 32] & bit) && (r & fs::kPollPri)) { out[2][fd / 32] |= bit; ++n; }
    }
    return n;
  });
  if (!ready) return error_return(ready.error());
  for (int s = 0; s < 3; ++s) {
    if (set_address[s] == 0 || words == 0) continue;
    auto written = current_space().copy_out(VirtAddr(set_address[s]), out[s], words * 4);
    if (!written) return error_return(written.error());
  }
  if (timeout_address != 0) {  // Linux writes back the time left
    uint64_t spent = pit::ticks() - start;
    int64_t left_ms = timeout_ms > static_cast<int64_t>(spent) ? timeout_ms - static_cast<int64_t>(spent) : 0;
    (void)write_user(timeout_address, abi::Timeval{static_cast<int32_t>(left_ms / 1000),
                                                   static_cast<int32_t>(left_ms % 1000) * 1000});
  }
  return static_cast<int32_t>(ready.value());
}

}  // namespace cw::syscall
