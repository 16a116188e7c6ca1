// bigdata [seed [pages [quiet]]]: a large initialised, writable data segment pages in from the program image,
// its clean pages are dropped (not written) on eviction and read again from the image, and the pages
// it writes go to swap and come back.
//
//   seed   selects what is written over half of the table (default 1), so that two instances running at
//          once (paging_suite) would see each other's data if writable pages were shared
//   pages  how much of the table to use, 2..128 (default 128, all of it); paging_suite uses less with
//          small pools
//   quiet  child mode for paging_suite: no "(bigdata)" lines except a FAIL line
//
// The table is 512 KiB (128 pages, page aligned) of non-zero words computed at compile time, so it lives
// in .data (the RW segment) and every page of it is backed by the ELF file. Phases, on the first `pages`
// pages (N):
//   1. read every page in order and verify the initial contents: each first touch is a major fault
//      (a read from the image), and once the table is larger than the pool the clean pages are dropped
//      without a write (writes_avoided);
//   2. overwrite every even page with pattern(page, word, seed): those pages become dirty;
//   3. verify everything in order: even pages hold the new pattern (from memory or swap), odd pages the
//      initial contents (read again from the image);
//   4. verify everything again in a seeded random order.
// Checks (this process's counters): phase 1 had at least N major faults; when N is larger than the pool,
// more major faults than the pool has frames, at least N - pool writes avoided, and major faults again
// in phase 3; when the W = N/2 written pages cannot all stay resident (W + 2 > pool) at least W + 2 - pool
// of them went to swap and came back.
//
// Output:  (bigdata) begin
//          (bigdata) table of <N> pages verified from the program image
//          (bigdata) <W> even pages overwritten
//          (bigdata) table verified in order: <W> written pages, <N-W> image pages
//          (bigdata) table verified in random order
//          (bigdata) clean image pages dropped and read again; written pages swapped out and back
//                    (with a pool larger than the table the line starts "table fits the pool", and
//                    ends "written pages stayed resident" when the pool holds them all)
//          (bigdata) end
#include "procs/lib/args.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

constexpr uint32_t kTablePages = 128;
constexpr uint32_t kTableWords = kTablePages * kWordsPerPage;

constexpr uint32_t initial(uint32_t i) { return mix32(i * 0x9E3779B1u + 0x7F4A7C15u) | 0x01000001u; }

struct alignas(kPage) Table {
  uint32_t words[kTableWords];
};

constexpr Table make_table() {
  Table t{};
  for (uint32_t i = 0; i < kTableWords; ++i) t.words[i] = initial(i);
  return t;
}

// Writable and initialised at compile time: .data, backed by the program file.
constinit Table table = make_table();

uint32_t seed = 1;

uint32_t expected(uint32_t page, uint32_t word, bool written) {
  return written ? pattern(page, word, seed, 3) : initial(page * kWordsPerPage + word);
}

// The first word of an unwritten page that differs from the image, or kWordsPerPage.
uint32_t first_image_mismatch(const volatile uint32_t* w, uint32_t page) {
  uint32_t base = page * kWordsPerPage;
  for (uint32_t i = 0; i < kWordsPerPage; ++i)
    if (w[i] != initial(base + i)) return i;
  return kWordsPerPage;
}

void verify_page(uint32_t page, bool written, const char* when) {
  volatile uint32_t* w = &table.words[page * kWordsPerPage];
  uint32_t i = written ? first_mismatch(w, page_key(page, seed, 3)) : first_image_mismatch(w, page);
  if (i != kWordsPerPage)
    fail_test("seed {}: {}: page {} word {} is {:#010x}, expected {:#010x} ({})", seed, when, page, i, w[i],
              expected(page, i, written), written ? "written" : "image");
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[SEED [PAGES [quiet]]]", 3);
  seed = arg_uint(argc, argv, 1, 1);
  uint32_t pages = arg_uint(argc, argv, 2, kTablePages);
  bool quiet = arg_keyword(argc, argv, 3, "quiet");
  if (quiet) test_set_name("bigdata"); else test_begin("bigdata");
  check(reinterpret_cast<uintptr_t>(&table) % kPage == 0, "the table is not page aligned");
  check(pages >= 2 && pages <= kTablePages, "pages must be 2..{}, not {}", kTablePages, pages);
  uint32_t written_pages = (pages + 1) / 2;

  VmSnapshot before = VmSnapshot::take();
  uint32_t pool = before.global.pageable_frames;

  for (uint32_t p = 0; p < pages; ++p) verify_page(p, false, "first read");
  VmSnapshot read = VmSnapshot::take();
  if (!quiet) msg("table of {} pages verified from the program image", pages);

  for (uint32_t p = 0; p < pages; p += 2) fill_page(&table.words[p * kWordsPerPage], page_key(p, seed, 3));
  VmSnapshot written = VmSnapshot::take();
  if (!quiet) msg("{} even pages overwritten", written_pages);

  for (uint32_t p = 0; p < pages; ++p) verify_page(p, p % 2 == 0, "verification in order");
  VmSnapshot verified = VmSnapshot::take();
  if (!quiet) msg("table verified in order: {} written pages, {} image pages", written_pages, pages - written_pages);

  uint32_t order[kTablePages];
  Rng rng(seed);
  shuffle(order, pages, rng);
  for (uint32_t k = 0; k < pages; ++k) verify_page(order[k], order[k] % 2 == 0, "verification in random order");
  VmSnapshot after = VmSnapshot::take();
  if (!quiet) msg("table verified in random order");

  VmEvents first = events_of(read.own) - events_of(before.own);
  VmEvents writing = events_of(written.own) - events_of(read.own);
  VmEvents ordered = events_of(verified.own) - events_of(written.own);
  VmEvents random = events_of(after.own) - events_of(verified.own);
  VmEvents own = events_of(after.own) - events_of(before.own);
  VmEvents global = global_delta(after, before);
  info("seed {}: {} pages, pool {} frames, policy {}", seed, pages, pool, before.global.policy);
  info_events("first read", first, read.ms - before.ms);
  info_events("write half", writing, written.ms - read.ms);
  info_events("verify in order", ordered, verified.ms - written.ms);
  info_events("verify random", random, after.ms - verified.ms);
  info_events("process total", own, after.ms - before.ms);

  check(first.major + first.ahead >= pages, "{} major faults and {} pages read ahead reading {} image pages",
        first.major, first.ahead, pages);
  check_counter_relations(own, global, quiet ? kConcurrentSlack : 0);
  if (pages > pool) {
    check(first.major + first.ahead > pool, "{} major faults and {} pages read ahead, not more than the pool of {}",
          first.major, first.ahead, pool);
    check(first.avoided >= pages - pool, "{} writes avoided reading {} clean pages with {} frames", first.avoided,
          pages, pool);
    check(ordered.major > 0, "no major faults re-reading dropped image pages");
  }
  bool spills = written_pages + 2 > pool;
  if (spills) {
    uint64_t spill = written_pages + 2 - pool;
    VmEvents after_write = events_of(verified.own) - events_of(read.own);
    check(after_write.swap_outs >= spill, "{} swap-outs for {} written pages with {} frames", after_write.swap_outs,
          written_pages, pool);
    check(after_write.swap_ins + after_write.ahead >= spill, "{} swap-ins and {} pages read ahead for {} written pages with {} frames",
          after_write.swap_ins, after_write.ahead, written_pages, pool);
  }
  if (!quiet) {
    msg("{}; written pages {}", pages > pool ? "clean image pages dropped and read again" : "table fits the pool",
        spills ? "swapped out and back" : "stayed resident");
    test_end();
  }
  return 0;
}
