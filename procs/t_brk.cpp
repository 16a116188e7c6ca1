// t_brk [big_kib]: the program break and the allocator on it.
//   1. brk itself, before malloc owns the break: grows, new pages are usable, shrinks, pages given back
//      come back zeroed, and impossible breaks are refused by returning the old break;
//   2. many malloc blocks of varied sizes keep their contents while neighbours are freed and resized;
//   3. realloc keeps contents, calloc zeroes, absurd requests fail cleanly;
//   4. one big block of big_kib KiB (default 1024: more than the default pageable frame pool, so on
//      Clockwork it pages through swap) is written and read back;
//   5. after freeing everything the heap is consistent, empty and has returned memory to the kernel.
// Runs unchanged on Linux (brk semantics are Linux's).
//
// Output:  (t_brk) begin
//          (t_brk) brk grows, shrinks and refuses bad addresses
//          (t_brk) 200 blocks allocated and verified
//          (t_brk) blocks survive freeing and resizing their neighbours
//          (t_brk) realloc keeps contents
//          (t_brk) calloc zeroes memory
//          (t_brk) impossible requests fail cleanly
//          (t_brk) <big_kib> KiB block written and verified
//          (t_brk) heap empty and consistent after freeing everything
//          (t_brk) end
#include "procs/lib/args.h"
#include "procs/lib/malloc.h"
#include "lib/c_string.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uintptr_t kPage = 4096;
constexpr size_t kBlocks = 200;

uint8_t* blocks[kBlocks];
size_t sizes[kBlocks];

uint8_t pattern(size_t block, size_t i, uint32_t round) {
  return static_cast<uint8_t>(block * 13 + i * 3 + round * 101 + 1);
}

void fill(size_t b, uint32_t round) {
  for (size_t i = 0; i < sizes[b]; ++i) blocks[b][i] = pattern(b, i, round);
}

void verify(size_t b, uint32_t round, const char* when) {
  for (size_t i = 0; i < sizes[b]; ++i)
    check(blocks[b][i] == pattern(b, i, round), "block {} byte {} changed {}", b, i, when);
}

void check_heap(const char* when) {
  auto ok = malloc_check();
  if (!ok) fail_test("heap inconsistent {}: {}", when, ok.error());
}

void test_raw_brk() {
  uintptr_t start = sys::brk(0);
  check(start != 0, "brk(0) returned 0");
  uintptr_t base = (start + kPage - 1) & ~(kPage - 1);
  check(sys::brk(base + 3 * kPage + 100) == base + 3 * kPage + 100, "brk could not grow by 3 pages");
  auto* bytes = reinterpret_cast<volatile uint8_t*>(base);
  for (uintptr_t i = 0; i < 3 * kPage + 100; ++i) bytes[i] = static_cast<uint8_t>(i * 7);
  for (uintptr_t i = 0; i < 3 * kPage + 100; ++i)
    check(bytes[i] == static_cast<uint8_t>(i * 7), "heap byte {} lost its value", i);
  check(sys::brk(base + kPage) == base + kPage, "brk could not shrink");
  check(sys::brk(base + 2 * kPage) == base + 2 * kPage, "brk could not grow again");
  for (uintptr_t i = kPage; i < 2 * kPage; ++i)
    check(bytes[i] == 0, "a page given back by brk came back with old data (offset {})", i);
  uintptr_t now = base + 2 * kPage;
  check(sys::brk(0xFFFFF000) == now, "brk into the top of memory did not fail");
  check(sys::brk(kPage) == now, "brk below the heap start did not fail");
  check(sys::brk(start) == start, "brk could not go back to the start");
  msg("brk grows, shrinks and refuses bad addresses");
}

void test_blocks() {
  for (size_t b = 0; b < kBlocks; ++b) {
    sizes[b] = 1 + (b * 523) % 3000;
    blocks[b] = static_cast<uint8_t*>(malloc(sizes[b]));
    check(blocks[b] != nullptr, "malloc({}) failed", sizes[b]);
    check(reinterpret_cast<uintptr_t>(blocks[b]) % 16 == 0, "malloc({}) is not 16-byte aligned", sizes[b]);
    fill(b, 0);
  }
  for (size_t b = 0; b < kBlocks; ++b) verify(b, 0, "after allocating");
  check_heap("after allocating");
  msg("{} blocks allocated and verified", kBlocks);

  for (size_t b = 1; b < kBlocks; b += 2) free(blocks[b]);
  check_heap("after freeing odd blocks");
  for (size_t b = 0; b < kBlocks; b += 2) verify(b, 0, "after freeing its neighbours");
  for (size_t b = 1; b < kBlocks; b += 2) {
    sizes[b] = 1 + (b * 211) % 5000;
    blocks[b] = static_cast<uint8_t*>(malloc(sizes[b]));
    check(blocks[b] != nullptr, "malloc({}) failed", sizes[b]);
    fill(b, 1);
  }
  for (size_t b = 0; b < kBlocks; b += 3) {  // resize every third block, keeping the common prefix
    size_t old_size = sizes[b];
    size_t new_size = (b % 2 == 0) ? old_size / 2 + 1 : old_size * 2;
    blocks[b] = static_cast<uint8_t*>(realloc(blocks[b], new_size));
    check(blocks[b] != nullptr, "realloc({}) failed", new_size);
    sizes[b] = old_size < new_size ? old_size : new_size;
    verify(b, b % 2 == 0 ? 0 : 1, "by realloc");
    sizes[b] = new_size;
    fill(b, 2);
  }
  for (size_t b = 0; b < kBlocks; ++b) verify(b, b % 3 == 0 ? 2 : (b % 2 == 0 ? 0 : 1), "at the end");
  check_heap("after resizing");
  msg("blocks survive freeing and resizing their neighbours");
}

void test_realloc_calloc() {
  auto* p = static_cast<uint8_t*>(malloc(100));
  for (size_t i = 0; i < 100; ++i) p[i] = static_cast<uint8_t>(i + 1);
  p = static_cast<uint8_t*>(realloc(p, 20000));
  check(p != nullptr, "realloc to 20000 bytes failed");
  for (size_t i = 0; i < 100; ++i) check(p[i] == i + 1, "realloc up lost byte {}", i);
  p = static_cast<uint8_t*>(realloc(p, 50));
  for (size_t i = 0; i < 50; ++i) check(p[i] == i + 1, "realloc down lost byte {}", i);
  check(realloc(p, 0) == nullptr, "realloc(p, 0) did not return nullptr");
  msg("realloc keeps contents");

  void* dirty = malloc(4000);
  memset(dirty, 0xAB, 4000);
  free(dirty);
  auto* zeroed = static_cast<uint8_t*>(calloc(1000, 4));
  check(zeroed != nullptr, "calloc(1000, 4) failed");
  for (size_t i = 0; i < 4000; ++i) check(zeroed[i] == 0, "calloc byte {} is not zero", i);
  free(zeroed);
  msg("calloc zeroes memory");

  check(malloc(0xFFFFFFF0u) == nullptr, "malloc(0xFFFFFFF0) succeeded");
  check(calloc(0x10000, 0x10001) == nullptr, "calloc with an overflowing size succeeded");
  void* zero = malloc(0);
  check(zero != nullptr, "malloc(0) returned nullptr");
  free(zero);
  check_heap("after the realloc and calloc tests");
  msg("impossible requests fail cleanly");
}

void test_big_block(uint32_t kib) {
  size_t words = static_cast<size_t>(kib) * 1024 / 4;
  auto* big = static_cast<uint32_t*>(malloc(words * 4));
  check(big != nullptr, "malloc({} KiB) failed", kib);
  for (size_t i = 0; i < words; ++i) big[i] = static_cast<uint32_t>(i * 2654435761u);
  for (size_t i = 0; i < words; ++i)
    check(big[i] == static_cast<uint32_t>(i * 2654435761u), "big block word {} changed", i);
  free(big);
  msg("{} KiB block written and verified", kib);
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[BIG_KIB]", 1);
  uint32_t big_kib = arg_uint(argc, argv, 1, 1024);
  test_begin("t_brk");
  test_raw_brk();  // must come first: once malloc runs, it owns the break
  uintptr_t heap_start = sys::brk(0);
  test_blocks();
  test_realloc_calloc();
  HeapUsage peak = malloc_usage();
  for (size_t b = 0; b < kBlocks; ++b) free(blocks[b]);
  test_big_block(big_kib);

  check_heap("after freeing everything");
  HeapUsage usage = malloc_usage();
  check(usage.allocations == 0, "{} allocations still live", usage.allocations);
  check(usage.heap_bytes < BrkHeap::kTrimThreshold, "heap still holds {} bytes: not given back",
        usage.heap_bytes);
  check(sys::brk(0) - heap_start < BrkHeap::kTrimThreshold, "the break did not come back down");
  msg("heap empty and consistent after freeing everything");
  info("heap with {} blocks live: {} bytes, {} free blocks", peak.allocations, peak.heap_bytes, peak.free_blocks);
  test_end();
  return 0;
}
