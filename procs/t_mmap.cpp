// t_mmap: the mmap family (mm/mapping_ops.h, mm/mmap_layout.h; docs/abi.md "Mappings").
//   1. a 4 MiB anonymous private mapping is placed top-down below 0xB8000000, written and read back
//      (through swap when the pool is small), and munmap returns its memory objects and swap slots;
//   2. every argument error gives Linux's errno (checked against Linux i386 with a static test program);
//   3. munmap of the middle, start and end of a mapping: the rest keeps its contents, a child touching
//      the hole is killed by SIGSEGV; unmapping nothing succeeds; MAP_FIXED replaces part of a mapping;
//   4. mprotect: PROT_READ keeps the contents readable and a child's write dies; PROT_NONE kills a
//      child's read; PROT_READ|PROT_WRITE again allows writes; mprotect of part of the image's writable
//      data (what glibc's start-up does to its RELRO range) works;
//   5. MAP_SHARED: parent and child see each other's writes, also over more pages than the pool holds;
//      mremap with an old length of 0 maps the same shared pages a second time;
//   6. MAP_PRIVATE: a child's writes stay its own;
//   7. mremap: shrink (a child touching the cut part dies), grow in place, MREMAP_MAYMOVE move keeping
//      every page (swapped-out ones included) while the old address faults, MREMAP_FIXED, and a page
//      of the image moved before it was ever loaded still reads the program file's bytes;
//   8. MADV_DONTNEED: the pages read zeros afterwards, and their frames are free;
//   9. mlock over a mapping pins its pages; munmap of the locked range unpins them; MAP_LOCKED locks
//      (EAGAIN over the limits, leaving nothing); MAP_POPULATE faults the pages in at once;
//  10. 200 mmap/write/munmap cycles leave memory objects, frames and swap slots at their baseline;
//  11. page_dump reports the regions as "mmap" and "shared".
// Output: (t_mmap) begin / one line per step / (t_mmap) end. Addresses are info lines.
#include "lib/abi/mman.h"
#include "lib/abi/structs.h"
#include "procs/lib/args.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/mmap.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/vm_stat_or_fail.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;
using namespace cw::abi;

namespace {

constexpr uint32_t kPage = 4096;
constexpr uint32_t kRw = kProtRead | kProtWrite;
constexpr uint32_t kBigBytes = 4u << 20;
constexpr uintptr_t kMmapBase = 0xB8000000;

// The image's writable data, page-aligned: step 4 changes the protection of its middle page.
alignas(4096) volatile uint32_t data_pages[3 * kPage / 4] = {1};
// One page of the image's read-only data, never touched where it was loaded: step 7 moves it with
// mremap and reads it at its new address, from the program file.
alignas(4096) const uint32_t rodata_page[kPage / 4] = {0x600DF00D, 1, 2, 3, 4, 5, 6, 7};

uint32_t pattern(uint32_t word, uint32_t seed) { return word * 2654435761u + seed; }

uint32_t* words(uintptr_t address) { return reinterpret_cast<uint32_t*>(address); }

// Writes (checks) 16 words in every page of [address, address + bytes).
void fill(uintptr_t address, uint32_t bytes, uint32_t seed) {
  for (uint32_t w = 0; w < bytes / 4; w += kPage / 4 / 16) words(address)[w] = pattern(w, seed);
}
bool holds(uintptr_t address, uint32_t bytes, uint32_t seed) {
  for (uint32_t w = 0; w < bytes / 4; w += kPage / 4 / 16)
    if (words(address)[w] != pattern(w, seed)) return false;
  return true;
}
bool zeros(uintptr_t address, uint32_t bytes) {
  for (uint32_t w = 0; w < bytes / 4; ++w)
    if (words(address)[w] != 0) return false;
  return true;
}

uintptr_t map_or_fail(uintptr_t addr, uint32_t bytes, uint32_t prot, uint32_t flags, const char* what) {
  auto m = sys::mmap_anonymous(addr, bytes, prot, flags);
  if (!m) fail_test("{}: mmap failed: {}", what, m.error());
  return m.value();
}

void unmap_or_fail(uintptr_t addr, uint32_t bytes, const char* what) {
  if (auto r = sys::munmap(addr, bytes); !r) fail_test("{}: munmap failed: {}", what, r.error());
}

void protect_or_fail(uintptr_t addr, uint32_t bytes, uint32_t prot, const char* what) {
  if (auto r = sys::mprotect(addr, bytes, prot); !r) fail_test("{}: mprotect failed: {}", what, r.error());
}

// A child reads (or writes) the word at `address` and must be killed by SIGSEGV.
void expect_segv(uintptr_t address, bool write, const char* what) {
  int pid = fork_or_fail();
  if (pid == 0) {
    if (write) *reinterpret_cast<volatile uint32_t*>(address) = 1;
    else (void)*reinterpret_cast<volatile uint32_t*>(address);
    exit(0);
  }
  int status = wait_status(pid);
  check(WIFSIGNALED(status) && WTERMSIG(status) == 11, "{}: the child's {} at {:#x} ended with status {:#x}",
        what, write ? "write" : "read", address, status);
}

template <typename T>
void expect_error(const Result<T>& r, Error expected, const char* what) {
  if (r) fail_test("{}: succeeded, expected {}", what, expected);
  check(r.error() == expected, "{}: got {}, expected {}", what, r.error(), expected);
}

void step_big_mapping() {
  abi::VmStat before = vm_stat_or_fail();
  uintptr_t big = map_or_fail(0, kBigBytes, kRw, kMapPrivate, "4 MiB");
  info("4 MiB mapping at {:#x}", big);
  check(big % kPage == 0 && big + kBigBytes <= kMmapBase && big > sys::brk(0), "4 MiB: placed at {:#x}", big);
  check(vm_stat_or_fail(sys::getpid()).mmap_pages == kBigBytes / kPage, "vm_stat does not count the mapping");
  check(zeros(big, kPage), "4 MiB: a new mapping is not zero");
  fill(big, kBigBytes, 11);
  check(holds(big, kBigBytes, 11), "4 MiB: contents lost");
  uintptr_t below = map_or_fail(0, kPage, kRw, kMapPrivate, "second");
  check(below + kPage <= big, "top-down: the second mapping {:#x} is not below the first {:#x}", below, big);
  unmap_or_fail(below, kPage, "second");
  unmap_or_fail(big, kBigBytes, "4 MiB");
  abi::VmStat after = vm_stat_or_fail();
  check(after.memory_objects == before.memory_objects, "memory objects {} before, {} after", before.memory_objects,
        after.memory_objects);
  // The mapping's slots are all gone; only this program's own pages may have gained a first slot.
  check(after.swap_slots_used <= before.swap_slots_used + 16, "swap slots {} before, {} after",
        before.swap_slots_used, after.swap_slots_used);
  check(vm_stat_or_fail(sys::getpid()).mmap_pages == 0, "vm_stat still counts mmap pages");
  msg("1. a 4 MiB mapping is placed top-down, keeps its contents and munmap frees it");
}

void step_errors() {
  const uint32_t anon = kMapPrivate | kMapAnonymous;
  expect_error(sys::mmap2(0, 0, kRw, anon, -1, 0), Error::InvalidArgument, "length 0");
  expect_error(sys::mmap2(0, 0, kRw, kMapPrivate, -1, 0), Error::BadDescriptor, "file mapping, length 0");
  expect_error(sys::mmap2(0, kPage, kRw, kMapPrivate, 5, 0), Error::BadDescriptor, "file mapping of fd 5");
  expect_error(sys::mmap2(0, kPage, kRw, kMapAnonymous, -1, 0), Error::InvalidArgument, "neither private nor shared");
  expect_error(sys::mmap2(0, kPage, kRw, kMapSharedValidate | kMapAnonymous, -1, 0), Error::InvalidArgument,
               "private and shared");
  expect_error(sys::mmap2(0x50000001, kPage, kRw, anon | kMapFixed, -1, 0), Error::InvalidArgument,
               "MAP_FIXED unaligned");
  expect_error(sys::mmap2(0x50000001, kPage, kRw, anon | kMapFixedNoReplace, -1, 0), Error::InvalidArgument,
               "MAP_FIXED_NOREPLACE unaligned");
  expect_error(sys::mmap2(0, kPage, kRw, anon | kMapFixed, -1, 0), Error::Permission, "MAP_FIXED at 0");
  expect_error(sys::mmap2(0xBFFFF000, 2 * kPage, kRw, anon | kMapFixed, -1, 0), Error::NoMemory,
               "MAP_FIXED past user space");
  expect_error(sys::mmap2(0, 0xFFFFF000, kRw, anon, -1, 0), Error::NoMemory, "length 0xfffff000");
  expect_error(sys::mmap2(0, 0xFFFFFFFF, kRw, anon, -1, 0), Error::NoMemory, "length 0xffffffff");
  expect_error(sys::mmap2(0, kPage, kRw, kMapShared | kMapAnonymous | kMapGrowsDown, -1, 0), Error::InvalidArgument,
               "shared MAP_GROWSDOWN");
  expect_error(sys::mmap2(0, 2 * kPage, kRw, anon, -1, 0xFFFFFFFF), Error::Overflow, "pgoff overflow");
  auto with_fd = sys::mmap2(0, kPage, 0x10 | kRw, anon, 5, 0);  // fd and unknown prot bits are ignored
  check(static_cast<bool>(with_fd), "anonymous with fd 5 and prot 0x13 failed");
  expect_error(sys::mmap2(with_fd.value(), kPage, kRw, anon | kMapFixedNoReplace, -1, 0), Error::Exists,
               "MAP_FIXED_NOREPLACE over a mapping");
  auto hinted = sys::mmap2(0x60000123, kPage, kRw, anon, -1, 0);
  check(hinted && hinted.value() == 0x60000000, "a free hint is not used (rounded down)");
  unmap_or_fail(hinted.value(), kPage, "hint");
  abi::OldMmapArgs old{0, kPage, kRw, anon, static_cast<uint32_t>(-1), 123};
  expect_error(sys::old_mmap(&old), Error::InvalidArgument, "old_mmap unaligned offset");
  expect_error(sys::old_mmap(reinterpret_cast<const abi::OldMmapArgs*>(16)), Error::BadAddress, "old_mmap bad pointer");
  old.offset = 0;
  auto via_old = sys::old_mmap(&old);
  check(static_cast<bool>(via_old), "old_mmap failed");
  unmap_or_fail(via_old.value(), kPage, "old_mmap");

  uintptr_t m = with_fd.value();
  expect_error(sys::munmap(m, 0), Error::InvalidArgument, "munmap length 0");
  expect_error(sys::munmap(m + 1, kPage), Error::InvalidArgument, "munmap unaligned");
  expect_error(sys::munmap(0xC0000000, kPage), Error::InvalidArgument, "munmap of kernel space");
  expect_error(sys::munmap(0xBFFFF000, 2 * kPage), Error::InvalidArgument, "munmap past user space");
  check(static_cast<bool>(sys::munmap(0x70000000, kPage)), "munmap of nothing failed");

  expect_error(sys::mprotect(m + 1, kPage, kProtRead), Error::InvalidArgument, "mprotect unaligned");
  check(static_cast<bool>(sys::mprotect(0x70000000, 0, kProtRead)), "mprotect length 0 failed");
  expect_error(sys::mprotect(0x70000000, kPage, kProtRead), Error::NoMemory, "mprotect of a hole");
  expect_error(sys::mprotect(m, 8 * kPage, kProtRead), Error::NoMemory, "mprotect running into a hole");
  expect_error(sys::mprotect(m, kPage, 0x10), Error::InvalidArgument, "mprotect prot 0x10");
  expect_error(sys::mprotect(m, kPage, kProtGrowsDown | kProtRead), Error::InvalidArgument, "mprotect GROWSDOWN");
  expect_error(sys::mprotect(m, kPage, kProtGrowsDown | kProtGrowsUp | kProtRead), Error::InvalidArgument,
               "mprotect GROWSDOWN|GROWSUP");
  expect_error(sys::mprotect(0xFFFFF000, 2 * kPage, kProtRead), Error::NoMemory, "mprotect wrapping");
  check(static_cast<bool>(sys::mprotect(m, kPage, kRw | kProtSem | kProtExec)), "mprotect RWX|SEM failed");

  expect_error(sys::mremap(m + 1, kPage, 2 * kPage, 0), Error::InvalidArgument, "mremap unaligned");
  expect_error(sys::mremap(m, kPage, 2 * kPage, 8), Error::InvalidArgument, "mremap unknown flag");
  expect_error(sys::mremap(m, kPage, 2 * kPage, kMremapFixed, 0x70000000), Error::InvalidArgument,
               "mremap FIXED without MAYMOVE");
  expect_error(sys::mremap(m, kPage, 0, 0), Error::InvalidArgument, "mremap to length 0");
  expect_error(sys::mremap(m, 0, kPage, kMremapMayMove), Error::InvalidArgument, "mremap of length 0, private");
  expect_error(sys::mremap(0x70000000, kPage, 2 * kPage, 0), Error::BadAddress, "mremap of nothing");
  expect_error(sys::mremap(m, 2 * kPage, 3 * kPage, kMremapMayMove), Error::BadAddress, "mremap across a hole");
  expect_error(sys::mremap(m, kPage, kPage, kMremapFixed | kMremapMayMove, 0x70000001), Error::InvalidArgument,
               "mremap FIXED unaligned");
  expect_error(sys::mremap(m, kPage, 2 * kPage, kMremapFixed | kMremapMayMove, m - kPage), Error::InvalidArgument,
               "mremap FIXED overlapping");
  expect_error(sys::mremap(m, kPage, 2 * kPage, kMremapFixed | kMremapMayMove, 0xBFFFF000), Error::InvalidArgument,
               "mremap FIXED past user space");
  expect_error(sys::mremap(m, kPage, 0xFFFFF001, kMremapMayMove), Error::InvalidArgument, "mremap huge");

  expect_error(sys::madvise(m, kPage, 77), Error::InvalidArgument, "madvise 77");
  expect_error(sys::madvise(m + 1, kPage, kMadvDontNeed), Error::InvalidArgument, "madvise unaligned");
  check(static_cast<bool>(sys::madvise(m, 0, kMadvDontNeed)), "madvise length 0 failed");
  expect_error(sys::madvise(0x70000000, kPage, kMadvNormal), Error::NoMemory, "madvise of a hole");
  expect_error(sys::madvise(m, 0xFFFFFFFF, kMadvDontNeed), Error::InvalidArgument, "madvise wrapping");
  uintptr_t shared = map_or_fail(0, kPage, kRw, kMapShared, "shared for madvise");
  expect_error(sys::madvise(shared, kPage, kMadvFree), Error::InvalidArgument, "MADV_FREE on shared memory");
  unmap_or_fail(shared, kPage, "shared for madvise");
  check(static_cast<bool>(sys::mlock(reinterpret_cast<void*>(m), kPage)), "mlock failed");
  expect_error(sys::madvise(m, kPage, kMadvDontNeed), Error::InvalidArgument, "MADV_DONTNEED of locked pages");
  unmap_or_fail(m, kPage, "errors");
  msg("2. every argument error gives Linux's errno");
}

void step_partial_unmap() {
  uintptr_t m = map_or_fail(0, 8 * kPage, kRw, kMapPrivate, "partial");
  fill(m, 8 * kPage, 3);
  unmap_or_fail(m + 3 * kPage, 2 * kPage, "middle");
  check(holds(m, 3 * kPage, 3), "the head lost its contents after unmapping the middle");
  for (uint32_t w = 5 * kPage / 4; w < 8 * kPage / 4; w += kPage / 4 / 16)
    check(words(m)[w] == pattern(w, 3), "the tail lost its contents after unmapping the middle");
  expect_segv(m + 3 * kPage, false, "the unmapped middle");
  expect_segv(m + 5 * kPage - 4, true, "the unmapped middle's last word");
  unmap_or_fail(m, kPage, "start");
  unmap_or_fail(m + 7 * kPage, kPage, "end");
  expect_segv(m, false, "the unmapped start");
  expect_segv(m + 7 * kPage, false, "the unmapped end");
  check(words(m)[kPage / 4] == pattern(kPage / 4, 3) && words(m)[6 * kPage / 4] == pattern(6 * kPage / 4, 3),
        "what is left lost its contents");
  unmap_or_fail(m, 8 * kPage, "the rest (holes included)");
  // MAP_FIXED over a mapping replaces that part of it with new, zeroed memory.
  uintptr_t f = map_or_fail(0, 4 * kPage, kRw, kMapPrivate, "fixed target");
  fill(f, 4 * kPage, 4);
  uintptr_t over = map_or_fail(f + kPage, 2 * kPage, kRw, kMapShared | kMapFixed, "MAP_FIXED over it");
  check(over == f + kPage && zeros(f + kPage, 2 * kPage), "MAP_FIXED did not replace the pages with zeros");
  check(words(f)[0] == pattern(0, 4) && words(f)[3 * kPage / 4] == pattern(3 * kPage / 4, 4),
        "MAP_FIXED changed the pages around it");
  unmap_or_fail(f, 4 * kPage, "fixed target");
  msg("3. munmap of the middle, start and end keeps the rest; the holes fault; MAP_FIXED replaces");
}

void step_mprotect() {
  uintptr_t m = map_or_fail(0, 4 * kPage, kRw, kMapPrivate, "mprotect");
  fill(m, 4 * kPage, 5);
  protect_or_fail(m + kPage, 2 * kPage, kProtRead, "read-only middle");
  check(holds(m, 4 * kPage, 5), "read-only pages lost their contents");
  expect_segv(m + kPage, true, "a write to a read-only page");
  words(m)[0] = 1;  // the pages around it stay writable
  words(m)[3 * kPage / 4] = 2;
  protect_or_fail(m, 4 * kPage, kProtNone, "none");
  expect_segv(m + 2 * kPage, false, "a read of a PROT_NONE page");
  protect_or_fail(m, 4 * kPage, kRw, "read-write again");
  words(m)[kPage / 4] = 7;
  check(words(m)[kPage / 4] == 7 && words(m)[0] == 1 && words(m)[2 * kPage / 4] == pattern(2 * kPage / 4, 5),
        "contents wrong after mprotect back to read-write");
  // A write to a copy-on-write page after mprotect still copies: the child's write is its own.
  protect_or_fail(m, 4 * kPage, kProtRead, "read-only before fork");
  int pid = fork_or_fail();
  if (pid == 0) {
    protect_or_fail(m, 4 * kPage, kRw, "child read-write");
    words(m)[0] = 99;
    exit(words(m)[0] == 99 ? 0 : 1);
  }
  expect_child_ok(pid, "copy-on-write after mprotect");
  check(words(m)[0] == 1, "the child's write after mprotect reached the parent");
  unmap_or_fail(m, 4 * kPage, "mprotect");
  // The image's writable data, as glibc's start-up protects its RELRO range.
  uintptr_t data = reinterpret_cast<uintptr_t>(data_pages);
  data_pages[kPage / 4] = 42;
  protect_or_fail(data + kPage, kPage, kProtRead, "image data");
  check(data_pages[kPage / 4] == 42 && data_pages[0] == 1, "the image data changed under mprotect");
  expect_segv(data + kPage, true, "a write to read-only image data");
  data_pages[0] = 2;
  data_pages[2 * kPage / 4] = 3;
  protect_or_fail(data + kPage, kPage, kRw, "image data back");
  data_pages[kPage / 4] = 43;
  check(data_pages[kPage / 4] == 43, "image data not writable again");
  msg("4. mprotect: read-only, PROT_NONE and back; copy-on-write and the image's data too");
}

void step_shared() {
  const uint32_t pages = 64;  // more than the smallest pool
  uintptr_t m = map_or_fail(0, pages * kPage, kRw, kMapShared, "shared");
  volatile uint32_t* flag = words(m);
  int pid = fork_or_fail();
  if (pid == 0) {
    fill(m + kPage, (pages - 1) * kPage, 21);
    flag[1] = 1;  // the parent may look
    while (flag[2] != 1) sys::sched_yield();
    exit(flag[3] == 77 ? 0 : 1);
  }
  while (flag[1] != 1) sys::sched_yield();
  check(holds(m + kPage, (pages - 1) * kPage, 21), "the parent does not see the child's writes");
  flag[3] = 77;
  flag[2] = 1;
  expect_child_ok(pid, "the child does not see the parent's write");
  // mremap with an old length of 0 makes a second mapping of the same shared pages.
  auto twin = sys::mremap(m + kPage, 0, kPage, kMremapMayMove);
  check(twin && twin.value() != m + kPage, "mremap of length 0 did not duplicate the shared page");
  words(twin.value())[5] = 0xD0D0;
  check(words(m + kPage)[5] == 0xD0D0, "the duplicate does not share the page");
  unmap_or_fail(twin.value(), kPage, "duplicate");
  unmap_or_fail(m, pages * kPage, "shared");
  msg("5. MAP_SHARED: parent and child see each other's writes");
}

void step_private() {
  uintptr_t m = map_or_fail(0, 4 * kPage, kRw, kMapPrivate, "private");
  fill(m, 4 * kPage, 31);
  int pid = fork_or_fail();
  if (pid == 0) {
    fill(m, 4 * kPage, 32);
    exit(holds(m, 4 * kPage, 32) ? 0 : 1);
  }
  expect_child_ok(pid, "private child");
  check(holds(m, 4 * kPage, 31), "the child's writes to a private mapping reached the parent");
  unmap_or_fail(m, 4 * kPage, "private");
  msg("6. MAP_PRIVATE: a child's writes stay its own");
}

void step_mremap() {
  // Shrink, then grow back in place (the space after it is free at a fixed address).
  uintptr_t m = map_or_fail(0x50000000, 8 * kPage, kRw, kMapPrivate | kMapFixed, "mremap");
  fill(m, 8 * kPage, 41);
  auto shrunk = sys::mremap(m, 8 * kPage, 4 * kPage, 0);
  check(shrunk && shrunk.value() == m, "shrink did not stay in place");
  expect_segv(m + 4 * kPage, false, "the part a shrink cut off");
  auto grown = sys::mremap(m, 4 * kPage, 12 * kPage, 0);
  check(grown && grown.value() == m, "grow in place failed");
  check(holds(m, 4 * kPage, 41) && zeros(m + 4 * kPage, 8 * kPage), "grow in place: wrong contents");
  // Blocked after its end: without MAYMOVE ENOMEM, with it a move that keeps every page.
  uintptr_t blocker = map_or_fail(m + 12 * kPage, kPage, kRw, kMapPrivate | kMapFixed, "blocker");
  expect_error(sys::mremap(m, 12 * kPage, 16 * kPage, 0), Error::NoMemory, "grow with no room, no MAYMOVE");
  const uint32_t pages = 96;  // several times the smallest pool: many of them are in swap when it moves
  auto big = sys::mremap(m, 12 * kPage, pages * kPage, kMremapMayMove);
  check(big && big.value() != m, "a blocked grow to {} pages did not move", pages);
  uintptr_t b = big.value();
  fill(b, pages * kPage, 43);
  unmap_or_fail(blocker, kPage, "blocker");
  blocker = map_or_fail(b + pages * kPage, kPage, kRw, kMapPrivate | kMapFixed, "blocker 2");
  abi::VmStat before = vm_stat_or_fail();
  auto moved = sys::mremap(b, pages * kPage, 2 * pages * kPage, kMremapMayMove);
  check(moved && moved.value() != b, "MREMAP_MAYMOVE did not move");
  uintptr_t n = moved.value();
  info("moved {} pages from {:#x} to {:#x}, {} in swap before", pages, b, n, before.swap_slots_used);
  check(holds(n, pages * kPage, 43), "the moved pages lost their contents");
  check(zeros(n + pages * kPage, kPage), "the grown part is not zero");
  expect_segv(b, false, "the old address after a move");
  auto fixed = sys::mremap(n, pages * kPage, pages * kPage, kMremapMayMove | kMremapFixed, 0x60000000);
  check(fixed && fixed.value() == 0x60000000, "MREMAP_FIXED did not move to 0x60000000");
  check(holds(0x60000000, pages * kPage, 43), "MREMAP_FIXED lost contents");
  unmap_or_fail(0x60000000, pages * kPage, "fixed");
  unmap_or_fail(n, 2 * pages * kPage, "moved");
  unmap_or_fail(blocker, kPage, "blocker 2");
  // A page of the image moves too, and is still read from its place in the program file.
  uintptr_t ro = reinterpret_cast<uintptr_t>(rodata_page);
  auto ro_moved = sys::mremap(ro, kPage, kPage, kMremapMayMove | kMremapFixed, 0x50100000);
  check(ro_moved && ro_moved.value() == 0x50100000, "mremap of an image page failed");
  const volatile uint32_t* moved_words = words(0x50100000);
  check(moved_words[0] == 0x600DF00D && moved_words[7] == 7, "the moved image page reads {:#x}", moved_words[0]);
  expect_segv(ro, false, "the image page's old address");
  msg("7. mremap: shrink, grow in place, move with every page, MREMAP_FIXED");
}

void step_dontneed() {
  const uint32_t pages = 16;
  uintptr_t m = map_or_fail(0, pages * kPage, kRw, kMapPrivate, "dontneed");
  fill(m, pages * kPage, 51);
  abi::VmStat before = vm_stat_or_fail();
  if (auto r = sys::madvise(m, pages * kPage, kMadvDontNeed); !r) fail_test("MADV_DONTNEED failed: {}", r.error());
  abi::VmStat after = vm_stat_or_fail();
  check(after.free_frames > before.free_frames || after.swap_slots_used < before.swap_slots_used,
        "MADV_DONTNEED freed nothing ({} free frames, {} swap slots before; {}, {} after)", before.free_frames,
        before.swap_slots_used, after.free_frames, after.swap_slots_used);
  check(zeros(m, pages * kPage), "MADV_DONTNEED pages do not read zeros");
  for (uint32_t advice : {kMadvNormal, kMadvRandom, kMadvSequential, kMadvWillNeed})
    check(static_cast<bool>(sys::madvise(m, pages * kPage, advice)), "madvise {} failed", advice);
  unmap_or_fail(m, pages * kPage, "dontneed");
  msg("8. MADV_DONTNEED: the pages read zeros and their frames are free");
}

void step_mlock() {
  abi::VmStat stat = vm_stat_or_fail();
  uint32_t base = stat.pinned_frames;
  // At most pool - 6 frames may be locked system-wide (t_mlock): 2 in a pool of 8.
  uint32_t pages = stat.pageable_frames - 6 < 4 ? stat.pageable_frames - 6 : 4;
  uintptr_t m = map_or_fail(0, 4 * kPage, kRw, kMapPrivate, "mlock");
  if (auto r = sys::mlock(reinterpret_cast<void*>(m), pages * kPage); !r) fail_test("mlock failed: {}", r.error());
  check(vm_stat_or_fail().pinned_frames == base + pages, "mlock of {} pages pinned {} frames", pages,
        vm_stat_or_fail().pinned_frames - base);
  protect_or_fail(m, 4 * kPage, kProtNone, "locked to PROT_NONE");
  check(vm_stat_or_fail().pinned_frames == base + pages, "PROT_NONE unlocked the pages");
  unmap_or_fail(m, 4 * kPage, "mlock");
  check(vm_stat_or_fail().pinned_frames == base, "munmap left {} frames pinned", vm_stat_or_fail().pinned_frames - base);
  // MAP_LOCKED locks the whole mapping, within mlock's limits (EAGAIN over them, and no mapping stays).
  uintptr_t l = map_or_fail(0, pages * kPage, kRw, kMapPrivate | kMapLocked, "MAP_LOCKED");
  check(vm_stat_or_fail().pinned_frames == base + pages, "MAP_LOCKED pinned {} frames",
        vm_stat_or_fail().pinned_frames - base);
  unmap_or_fail(l, pages * kPage, "MAP_LOCKED");
  uint32_t mapped = vm_stat_or_fail(sys::getpid()).mmap_pages;
  expect_error(sys::mmap_anonymous(0, 17 * kPage, kRw, kMapPrivate | kMapLocked), Error::TryAgain,
               "MAP_LOCKED over the limits");
  check(vm_stat_or_fail().pinned_frames == base && vm_stat_or_fail(sys::getpid()).mmap_pages == mapped,
        "a failed MAP_LOCKED left pages pinned or mapped");
  // MAP_POPULATE faults every page in during the call.
  abi::VmStat faults = vm_stat_or_fail(sys::getpid());
  uintptr_t p = map_or_fail(0, 4 * kPage, kRw, kMapPrivate | kMapPopulate, "MAP_POPULATE");
  check(vm_stat_or_fail(sys::getpid()).minor_faults >= faults.minor_faults + 4, "MAP_POPULATE faulted nothing in");
  unmap_or_fail(p, 4 * kPage, "MAP_POPULATE");
  msg("9. mlock and MAP_LOCKED pin a mapping's pages, munmap unpins them; MAP_POPULATE faults them in");
}

// Frames in use that this process does not map: what a leak would make grow. (This process's own pages
// come and go with eviction, most of all in a small pool, so the used count alone is noisy.)
uint32_t unmapped_frames(const abi::VmStat& global, const abi::VmStat& mine) {
  return global.pageable_frames - global.free_frames - mine.resident_pages;
}

void step_cycles() {
  uintptr_t warm = map_or_fail(0, 4 * kPage, kRw, kMapPrivate, "warm-up");
  fill(warm, 4 * kPage, 1);
  unmap_or_fail(warm, 4 * kPage, "warm-up");
  abi::VmStat before = vm_stat_or_fail();
  abi::VmStat mine_before = vm_stat_or_fail(sys::getpid());
  for (uint32_t i = 0; i < 200; ++i) {
    uintptr_t m = map_or_fail(0, 4 * kPage, kRw, i % 2 ? kMapShared : kMapPrivate, "cycle");
    fill(m, 4 * kPage, i);
    unmap_or_fail(m, 4 * kPage, "cycle");
  }
  abi::VmStat after = vm_stat_or_fail();
  abi::VmStat mine_after = vm_stat_or_fail(sys::getpid());
  check(after.memory_objects == before.memory_objects, "memory objects {} before, {} after", before.memory_objects,
        after.memory_objects);
  check(unmapped_frames(after, mine_after) <= unmapped_frames(before, mine_before),
        "frames in use but not mapped: {} before, {} after", unmapped_frames(before, mine_before),
        unmapped_frames(after, mine_after));
  check(after.evictions != before.evictions || after.swap_slots_used == before.swap_slots_used,
        "swap slots {} before, {} after", before.swap_slots_used, after.swap_slots_used);
  msg("10. 200 mmap/munmap cycles leave objects, frames and swap slots at baseline");
}

// The regions' names in page_dump (the integration case checks the header lines).
void step_page_dump() {
  uintptr_t m = map_or_fail(0x50000000, 2 * kPage, kRw, kMapPrivate | kMapFixed, "dump private");
  uintptr_t s = map_or_fail(0x50010000, kPage, kProtRead, kMapShared | kMapFixed, "dump shared");
  words(m)[0] = 1;
  (void)*reinterpret_cast<volatile uint32_t*>(s);
  if (auto r = sys::page_dump(0); !r) fail_test("page_dump: {}", r.error());
  unmap_or_fail(m, 2 * kPage, "dump private");
  unmap_or_fail(s, kPage, "dump shared");
  msg("11. page_dump names the mmap and shared regions");
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "", 0);
  test_begin("t_mmap");
  step_big_mapping();
  step_errors();
  step_partial_unmap();
  step_mprotect();
  step_shared();
  step_private();
  step_mremap();
  step_dontneed();
  step_mlock();
  step_cycles();
  step_page_dump();
  test_end();
  return 0;
}
