// memtest [pages [seed [quiet|forever]]]: a data area larger than the pageable frame pool keeps its
// contents through eviction to swap and back.
//
//   pages    size of the data area in pages; 0 or absent: 4x the pool (VmStat.pageable_frames)
//   seed     selects the data pattern and the random orders (default 1)
//   quiet    child mode for paging_suite: no "(memtest)" lines except a FAIL line, and only the first and
//            last info lines
//   forever  after the checks, keep paging until killed: random verify+rewrite rounds, one line each
//            ("(memtest) round <k>: verified <N> pages"), so that memshow and vmstat have something to
//            watch however fast the disk is (with DMA, 256 pages at 8 frames take about 0.2 s in all)
//
// The area comes from the break (page aligned). Every word gets pattern(page, word, seed, generation):
//   1. written sequentially (generation 0), 2. verified sequentially,
//   3. visited in a seeded random page order: each page verified, about a third rewritten (generation 1),
//   4. verified again in another random order.
// Then the counters of this process (vm_stat(getpid())) and the global ones (vm_stat(0)) taken before
// and after are checked. Whatever the size: every data page's first touch is a zero-fill (minor) fault,
// process counters never exceed the global ones, evictions = swap-outs + writes avoided, swap-ins <=
// major faults. When the area is larger than the pool (P frames, N pages): at least N - P pages were
// written to swap (each is dirty and only P fit) and at least N - P were read back from swap by the
// sequential verification (by a swap-in fault each, or read ahead with a neighbour's, docs/vm.md), so
// major faults, evictions, swap-outs and swap-ins are all > 0. Standalone (not quiet), the process's
// sectors_written must also be 8 per swap-out.
//
// Output:  (memtest) begin
//          (memtest) <N> pages, <k>x the pool of <P> frames, seed <S>     ("<N> pages, seed <S>" if given)
//          (memtest) written sequentially
//          (memtest) verified sequentially
//          (memtest) random order: verified <N> pages, rewrote <R>
//          (memtest) random order: verified <N> pages again
//          (memtest) data larger than the pool: at least <N-P> pages swapped out and back in
//                    (or: "data fits the pool")
//          (memtest) process and global counters agree
//          (memtest) end                      (forever: "(memtest) paging until killed", then rounds)
// plus "[memtest] info:" lines with each phase's counters and time.
#include "procs/lib/args.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

bool quiet = false;
uint32_t seed = 1;

// The mode keyword (argument 3): absent, "quiet" or "forever".
enum class Mode { Standalone, Quiet, Forever };

Mode mode_arg(int argc, char** argv) {
  if (argc <= 3) return Mode::Standalone;
  StringView word(argv[3]);
  if (word == "quiet") return Mode::Quiet;
  if (word == "forever") return Mode::Forever;
  usage_error(argv, "expected 'quiet' or 'forever'");
}

template <typename... Args>
void step(StringView fmt, const Args&... args) {
  if (!quiet) msg(fmt, args...);
}

uint32_t* page_words(uint8_t* area, uint32_t page) {
  return reinterpret_cast<uint32_t*>(area + static_cast<size_t>(page) * kPage);
}

void write_page(uint8_t* area, uint32_t page, uint32_t gen) {
  fill_page(page_words(area, page), page_key(page, seed, gen));
}

void verify_page(uint8_t* area, uint32_t page, uint32_t gen, const char* when) {
  volatile uint32_t* w = page_words(area, page);
  uint32_t i = first_mismatch(w, page_key(page, seed, gen));
  if (i != kWordsPerPage)
    fail_test("seed {}: {}: page {} word {} is {:#010x}, expected {:#010x} (generation {})", seed, when, page, i,
              w[i], pattern(page, i, seed, gen), gen);
}

struct Phase {
  VmSnapshot start{};
  Phase() {
    if (!quiet) start = VmSnapshot::take();
  }
  void end(const char* label) {
    if (quiet) return;  // with several processes in a tiny pool, formatting costs more faults than the phase
    VmSnapshot now = VmSnapshot::take();
    char text[48];
    BufferSink sink(text, sizeof(text));
    format(sink, "seed {} {}", seed, label);
    info_events(sink.view(), events_of(now.own) - events_of(start.own), now.ms - start.ms);
  }
};

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[PAGES [SEED [quiet|forever]]]", 3);
  uint32_t requested = arg_uint(argc, argv, 1, 0);
  seed = arg_uint(argc, argv, 2, 1);
  Mode mode = mode_arg(argc, argv);
  quiet = mode == Mode::Quiet;
  if (quiet) test_set_name("memtest"); else test_begin("memtest");

  VmSnapshot before = VmSnapshot::take();
  uint32_t pool = before.global.pageable_frames;
  uint32_t pages = requested != 0 ? requested : 4 * pool;
  check(pages <= 65536, "at most 65536 pages (256 MiB), not {}", pages);
  if (requested != 0) step("{} pages, seed {}", pages, seed);
  else step("{} pages, 4x the pool of {} frames, seed {}", pages, pool, seed);
  info("seed {}: data area {} pages ({} KiB), pool {} frames, policy {}, swap {} of {} slots used", seed, pages,
       pages * 4, pool, before.global.policy, before.global.swap_slots_used, before.global.swap_slots_total);

  // Bookkeeping first (its pages are touched all the time), then the data area.
  auto* order = reinterpret_cast<uint32_t*>(take_pages((pages * 4 + pages + kPage - 1) / kPage));
  uint8_t* gens = reinterpret_cast<uint8_t*>(order + pages);
  uint8_t* area = take_pages(pages);
  VmSnapshot data_start = VmSnapshot::take();

  Phase p1;
  for (uint32_t p = 0; p < pages; ++p) {
    write_page(area, p, 0);
    gens[p] = 0;
  }
  p1.end("sequential write");
  step("written sequentially");

  Phase p2;
  for (uint32_t p = 0; p < pages; ++p) verify_page(area, p, 0, "sequential verification");
  p2.end("sequential verify");
  step("verified sequentially");
  VmSnapshot sequential_done = VmSnapshot::take();

  Rng rng(seed);
  Phase p3;
  shuffle(order, pages, rng);
  uint32_t rewritten = 0;
  for (uint32_t k = 0; k < pages; ++k) {
    uint32_t p = order[k];
    verify_page(area, p, gens[p], "random-order verification");
    if (rng.below(3) == 0) {
      write_page(area, p, 1);
      gens[p] = 1;
      ++rewritten;
    }
  }
  p3.end("random verify+rewrite");
  step("random order: verified {} pages, rewrote {}", pages, rewritten);

  Phase p4;
  shuffle(order, pages, rng);
  for (uint32_t k = 0; k < pages; ++k) verify_page(area, order[k], gens[order[k]], "second random-order verification");
  p4.end("random verify again");
  step("random order: verified {} pages again", pages);

  VmSnapshot after = VmSnapshot::take();
  VmEvents own = events_of(after.own) - events_of(before.own);
  VmEvents global = global_delta(after, before);
  VmEvents data_phase = events_of(sequential_done.own) - events_of(data_start.own);
  char label[32];
  BufferSink label_sink(label, sizeof(label));
  format(label_sink, "seed {} total", seed);
  info_events(label_sink.view(), own, after.ms - before.ms);
  if (!quiet) info_events("global total", global, after.ms - before.ms);
  if (!quiet)
    info("seed {}: resident {} pages, free frames {}, swap slots used {}", seed, after.own.resident_pages,
         after.global.free_frames, after.global.swap_slots_used);

  check(data_phase.minor >= pages, "only {} minor faults for {} fresh zero-fill pages", data_phase.minor, pages);
  check(after.own.resident_pages <= pool, "{} pages resident with a pool of {}", after.own.resident_pages, pool);
  if (pages > pool) {
    uint64_t spill = pages - pool;
    check(own.major > 0, "no major faults");
    check(own.evictions > 0, "no evictions");
    check(data_phase.swap_outs >= spill, "only {} swap-outs while writing and reading {} pages with {} frames",
          data_phase.swap_outs, pages, pool);
    check(data_phase.swap_ins + data_phase.ahead >= spill,
          "only {} swap-ins and {} pages read ahead while reading back {} pages with {} frames", data_phase.swap_ins,
          data_phase.ahead, pages, pool);
    check(own.swap_ins > 0 && own.swap_outs > 0, "no swap traffic");
    step("data larger than the pool: at least {} pages swapped out and back in", spill);
  } else {
    step("data fits the pool");
  }
  check_counter_relations(own, global, quiet ? kConcurrentSlack : 0);
  if (!quiet) check_own_sectors_written(own);
  step("process and global counters agree");
  if (mode == Mode::Forever) {
    step("paging until killed");
    for (uint32_t round = 1;; ++round) {
      // Each round verifies every page in a new random order and rewrites about a third with the other
      // generation, so pages keep going out dirty and coming back.
      shuffle(order, pages, rng);
      for (uint32_t k = 0; k < pages; ++k) {
        uint32_t p = order[k];
        verify_page(area, p, gens[p], "forever-round verification");
        if (rng.below(3) == 0) {
          gens[p] ^= 1;
          write_page(area, p, gens[p]);
        }
      }
      step("round {}: verified {} pages", round, pages);
    }
  }
  if (!quiet) test_end();
  return 0;
}
