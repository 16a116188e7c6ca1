#include "procs/lib/args.h"

#include "procs/lib/print.h"
#include "procs/lib/runtime.h"

namespace cw::user {

uint32_t arg_uint(int argc, char** argv, int index, uint32_t fallback) {
  if (index < 0 || index >= argc) return fallback;
  auto value = parse_uint(argv[index]);
  if (!value) {
    eprint("{}: bad number '{}': {}\n", argc > 0 ? argv[0] : "?", argv[index], value.error());
    exit(2);
  }
  return value.value();
}

const char* arg_string(int argc, char** argv, int index, const char* fallback) {
  return index >= 0 && index < argc ? argv[index] : fallback;
}

size_t split_words(char* line, char** words, size_t max) {
  size_t count = 0;
  char* p = line;
  for (;;) {
    while (*p == ' ' || *p == '\t') *p++ = '\0';
    if (*p == '\0') break;
    if (count + 1 >= max) {
      count = max;
      break;
    }
    words[count++] = p;
    while (*p != '\0' && *p != ' ' && *p != '\t') ++p;
  }
  if (max > 0) words[count < max ? count : max - 1] = nullptr;
  return count;
}

}  // namespace cw::user
