// t_tmpfs_full: a full /tmp (kernel/fs/tmpfs/tmpfs_file.h) on a system with little swap (the 1 MiB swap
// image) and a small pool. Run by tmpfs-full.test.
//   1. writing a file until /tmp is full ends in ENOSPC for the writer, after more than the pool holds;
//   2. what was written reads back intact;
//   3. a new process can still fault in fresh pages: /tmp left the processes their share of swap;
//   4. unlinking the file gives the space back: a new file of 256 KiB fits.
// Output: (t_tmpfs_full) begin / one line per step / (t_tmpfs_full) end.
#include "lib/abi/structs.h"
#include "procs/lib/fd.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/namespace_calls.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"
#include "procs/lib/test.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kReadOnly = 0, kReadWrite = 2, kCreate = 0100;
constexpr uint32_t kChunk = 4096;
uint8_t buffer[kChunk];

uint32_t address(const void* p) { return reinterpret_cast<uint32_t>(p); }

int open_or_fail(const char* path, uint32_t flags) {
  auto fd = sys::to_result(sys::raw_syscall3(abi::Syscall::Open, address(path), flags, 0644));
  if (!fd) fail_test("open {}: {}", path, fd.error());
  return static_cast<int>(fd.value());
}

void close_or_fail(int fd) {
  if (auto r = sys::close(fd); !r) fail_test("close({}): {}", fd, r.error());
}

uint8_t pattern(uint32_t at) { return static_cast<uint8_t>(at * 13 + at / 4096); }

void fill_chunk(uint32_t at) {
  for (uint32_t i = 0; i < kChunk; ++i) buffer[i] = pattern(at + i);
}

// Writes chunks until a write fails; returns the bytes stored and the error.
uint32_t write_until_full(int fd, Error* error) {
  uint32_t total = 0;
  for (;;) {
    fill_chunk(total);
    auto n = sys::write(fd, buffer, kChunk);
    if (!n) {
      *error = n.error();
      return total;
    }
    total += static_cast<uint32_t>(n.value());
    if (n.value() != kChunk) {  // a short write: the next one says why
      auto again = sys::write(fd, buffer, kChunk);
      *error = again ? Error::Io : again.error();
      return total;
    }
    if (total > 64u * 1024 * 1024) fail_test("64 MiB written to a 1 MiB swap");
  }
}

}  // namespace

int main() {
  test_begin("t_tmpfs_full");
  abi::VmStat vm{};
  if (auto r = sys::vm_stat(0, &vm); !r) fail_test("vm_stat: {}", r.error());
  int fd = open_or_fail("/tmp/fill", kReadWrite | kCreate);
  Error error = Error::Io;
  uint32_t stored = write_until_full(fd, &error);
  check(error == Error::NoSpace, "the write failed with {}, not ENOSPC", error);
  check(stored > vm.pageable_frames * kChunk, "only {} bytes fit", stored);
  info("{} KiB stored with {} swap slots and {} frames", stored / 1024, vm.swap_slots_total, vm.pageable_frames);
  msg("1. a full /tmp is ENOSPC for the writer, after more than the pool holds");

  close_or_fail(fd);
  fd = open_or_fail("/tmp/fill", kReadOnly);
  for (uint32_t at = 0; at < stored; at += kChunk) {
    auto n = sys::read(fd, buffer, kChunk);
    check(n && n.value() == kChunk, "short read at {}", at);
    for (uint32_t i = 0; i < kChunk; ++i)
      if (buffer[i] != pattern(at + i)) fail_test("byte {} differs", at + i);
  }
  close_or_fail(fd);
  msg("2. what was written reads back intact");

  int child = fork_or_fail();
  if (child == 0) {
    // 32 fresh pages of its own, written so that each needs a frame and, later, a slot.
    static uint8_t pages[32 * 4096];
    for (uint32_t i = 0; i < sizeof pages; i += 4096) pages[i] = static_cast<uint8_t>(i >> 12);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < sizeof pages; i += 4096) sum += pages[i];
    sys::exit(sum == 31 * 32 / 2 ? 0 : 1);
  }
  expect_child_ok(child, "a child touching 32 new pages");
  msg("3. a new process still gets fresh pages: /tmp left the processes their share of swap");

  if (auto r = sys::unlink("/tmp/fill"); !r) fail_test("unlink: {}", r.error());
  fd = open_or_fail("/tmp/again", kReadWrite | kCreate);
  for (uint32_t at = 0; at < 256 * 1024; at += kChunk) {
    fill_chunk(at);
    auto n = sys::write(fd, buffer, kChunk);
    if (!n || n.value() != kChunk) fail_test("write at {} after unlink: {}", at, n ? Error::Io : n.error());
  }
  close_or_fail(fd);
  if (auto r = sys::unlink("/tmp/again"); !r) fail_test("unlink: {}", r.error());
  msg("4. unlink gives the space back: 256 KiB fit again");
  test_end();
  return 0;
}
