// overload: many processes at once in a small pool, then the same work one process at a time. Every
// process must finish with its data intact, and the crowd may take at most BOUND times as long as the
// one-at-a-time run (the load-control guarantee of docs/vm.md, "Load control").
//
//   overload spawn N PAGES ROUNDS [BOUND]    N spawned children ("overload child PAGES ROUNDS")
//   overload tree DEPTH PAGES ROUNDS [BOUND] a binary fork tree of 2^DEPTH - 1 processes
//   overload child PAGES ROUNDS              one worker (what spawn starts)
//
// A worker writes ROUNDS rounds over PAGES pages of its bss (at most kMaxPages) and checks, on each
// later round, that every page still holds what the previous round wrote: a page lost or mixed up between
// processes fails it. In the crowd every process starts before any finishes (spawn: all children are
// started, then reaped; tree: a node forks both children, then works, then reaps); in the one-at-a-time
// run each process runs alone (spawn: started and reaped in turn; tree: a node works, then forks and reaps
// one child after the other). The work is the same; only the overlap differs. BOUND defaults to 4.
//
// Output:  (overload) begin
//          [overload] info: crowd <ms> ms, one at a time <ms> ms, ratio <r>
//          (overload) <N> processes finished, crowd within <BOUND>x of one at a time
//          (overload) end
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kPageWords = 4096 / sizeof(uint32_t);
constexpr uint32_t kMaxPages = 128;
constexpr uint32_t kMaxSpawn = 64;
constexpr uint32_t kMaxDepth = 8;

alignas(4096) uint32_t pages[kMaxPages][kPageWords];

uint32_t pattern(uint32_t seed, uint32_t page, uint32_t round) { return seed * 0x9E3779B1u + page * 131u + round; }

// One process's work; fails the test (exit status 1) if a page lost its contents.
void work(uint32_t page_count, uint32_t rounds, uint32_t seed) {
  for (uint32_t r = 0; r < rounds; ++r) {
    for (uint32_t p = 0; p < page_count; ++p) {
      uint32_t* words = pages[p];
      if (r > 0) {  // round 0 writes over whatever a forked node inherited
        uint32_t expected = pattern(seed, p, r - 1);
        check(words[0] == expected && words[kPageWords - 1] == expected, "page {} round {}: found {}, expected {}",
              p, r, words[0], expected);
      }
      words[0] = words[kPageWords - 1] = pattern(seed, p, r);
    }
  }
}

const char* num(uint32_t value) {
  static char texts[4][12];
  static uint32_t used = 0;
  char* text = texts[used++ % 4];
  BufferSink sink(text, sizeof(texts[0]));
  format(sink, "{}", value);
  return text;
}

int start_child(const char* page_count, const char* rounds) {
  const char* argv[] = {"overload", "child", page_count, rounds, nullptr};
  auto pid = sys::spawn("overload", argv);
  if (!pid) fail_test("spawn: {}", pid.error());
  return pid.value();
}

void run_spawn(uint32_t n, uint32_t page_count, uint32_t rounds, bool crowd) {
  const char* count_text = num(page_count);
  const char* rounds_text = num(rounds);
  if (crowd) {
    int pids[kMaxSpawn];
    for (uint32_t i = 0; i < n; ++i) pids[i] = start_child(count_text, rounds_text);
    for (uint32_t i = 0; i < n; ++i) expect_child_ok(pids[i], "worker");
  } else {
    for (uint32_t i = 0; i < n; ++i) expect_child_ok(start_child(count_text, rounds_text), "worker");
  }
}

// The subtree of `depth` levels rooted at this process; `seed` tells the nodes' patterns apart.
void run_tree(uint32_t depth, uint32_t page_count, uint32_t rounds, bool crowd, uint32_t seed) {
  if (depth == 0) return;
  int children[2] = {0, 0};
  for (uint32_t i = 0; i < 2 && depth > 1; ++i) {
    if (!crowd && i == 0) work(page_count, rounds, seed);
    int pid = fork_or_fail();
    if (pid == 0) {
      run_tree(depth - 1, page_count, rounds, crowd, seed * 2 + i);
      sys::exit(0);
    }
    children[i] = pid;
    if (!crowd) expect_child_ok(pid, "tree node");
  }
  if (crowd || depth == 1) work(page_count, rounds, seed);
  if (crowd)
    for (int pid : children)
      if (pid) expect_child_ok(pid, "tree node");
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "spawn N PAGES ROUNDS [BOUND] | tree DEPTH PAGES ROUNDS [BOUND] | child PAGES ROUNDS", 5);
  const char* mode = arg_string(argc, argv, 1, "");
  bool spawn = __builtin_strcmp(mode, "spawn") == 0;
  bool tree = __builtin_strcmp(mode, "tree") == 0;
  if (__builtin_strcmp(mode, "child") == 0) {
    uint32_t page_count = arg_uint(argc, argv, 2, 4);
    if (page_count > kMaxPages) usage_error(argv, "PAGES is at most 128");
    test_set_name("overload");
    work(page_count, arg_uint(argc, argv, 3, 4), static_cast<uint32_t>(sys::getpid()));
    return 0;
  }
  if (!spawn && !tree) usage_error(argv, "the mode is spawn, tree or child");
  uint32_t n = arg_uint(argc, argv, 2, spawn ? 50 : 7);
  uint32_t page_count = arg_uint(argc, argv, 3, 4);
  uint32_t rounds = arg_uint(argc, argv, 4, 4);
  uint32_t bound = arg_uint(argc, argv, 5, 4);
  if (spawn && (n == 0 || n > kMaxSpawn)) usage_error(argv, "N is 1 to 64");
  if (tree && (n == 0 || n > kMaxDepth)) usage_error(argv, "DEPTH is 1 to 8");
  if (page_count > kMaxPages) usage_error(argv, "PAGES is at most 128");
  if (bound == 0) usage_error(argv, "BOUND is at least 1");

  test_begin("overload");
  uint32_t processes = spawn ? n : (1u << n) - 1;
  uint64_t times[2];
  for (int pass = 0; pass < 2; ++pass) {
    bool crowd = pass == 0;
    uint64_t start = now_ms();
    if (spawn) run_spawn(n, page_count, rounds, crowd);
    else run_tree(n, page_count, rounds, crowd, 1);
    times[pass] = now_ms() - start;
  }
  uint64_t alone = times[1] == 0 ? 1 : times[1];
  uint64_t ratio100 = times[0] * 100 / alone;
  info("crowd {} ms, one at a time {} ms, ratio {}.{}{}", times[0], times[1], ratio100 / 100, (ratio100 / 10) % 10,
       ratio100 % 10);
  check(times[0] <= bound * alone, "the crowd took {} ms, more than {} x {} ms", times[0], bound, alone);
  msg("{} processes finished, crowd within {}x of one at a time", processes, bound);
  test_end();
  return 0;
}
