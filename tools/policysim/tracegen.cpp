// build/tools/tracegen: writes the reference stream of lib/page_pattern.h as a policysim trace, so that
// the simulator sees exactly what procs/replay.cpp touches in the kernel (docs/policies.md, "Replay in
// the kernel").
//
//   tracegen PAGES REFS SEED WRITE_PERCENT > FILE
//
// One line per reference: the page number and " R" or " W". The arguments are those of replay, in the
// same order. Exit status 2 for a bad command line.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lib/page_pattern.h"

namespace {

bool parse(const char* text, unsigned long max, uint32_t& out) {
  char* end = nullptr;
  unsigned long value = std::strtoul(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value > max) return false;
  out = static_cast<uint32_t>(value);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t pages = 0, refs = 0, seed = 0, writes = 0;
  if (argc != 5 || !parse(argv[1], 1u << 20, pages) || pages < 2 || !parse(argv[2], 0xFFFFFFFFul, refs) ||
      !parse(argv[3], 0xFFFFFFFFul, seed) || !parse(argv[4], 100, writes)) {
    std::fprintf(stderr, "usage: tracegen PAGES(2..1048576) REFS SEED WRITE_PERCENT(0..100)\n");
    return 2;
  }
  cw::PagePattern pattern(pages, seed, writes);
  for (uint32_t i = 0; i < refs; ++i) {
    cw::PageReference r = pattern.next();
    std::printf("%u %c\n", r.page, r.write ? 'W' : 'R');
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
