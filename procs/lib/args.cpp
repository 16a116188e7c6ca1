#include "procs/lib/args.h"

#include "procs/lib/print.h"
#include "procs/lib/runtime.h"

namespace cw::user {

namespace {

const char* registered_synopsis = nullptr;  // from check_args; null: the program declared none

const char* program_name(char** argv) { return argv != nullptr && argv[0] != nullptr ? argv[0] : "?"; }

// --help asks for the usage (stdout); an error reports it (stderr).
void print_usage(char** argv, bool as_error) {
  if (registered_synopsis == nullptr) return;
  if (as_error) eprint("usage: {} {}\n", program_name(argv), registered_synopsis);
  else print("usage: {} {}\n", program_name(argv), registered_synopsis);
}

}  // namespace

void check_args(int argc, char** argv, const char* synopsis, int max_args) {
  registered_synopsis = synopsis;
  if (argc > 1 && StringView(argv[1]) == "--help") {
    print_usage(argv, false);
    exit(0);
  }
  if (max_args != kAnyArgCount && argc - 1 > max_args) usage_error(argv, "too many arguments");
}

void usage_error(char** argv, StringView problem) {
  eprint("{}: {}\n", program_name(argv), problem);
  print_usage(argv, true);
  exit(2);
}

uint32_t arg_uint(int argc, char** argv, int index, uint32_t fallback) {
  if (index < 0 || index >= argc) return fallback;
  auto value = parse_uint(argv[index]);
  if (!value) {
    char problem[96];
    BufferSink sink(problem, sizeof(problem));
    format(sink, "bad number '{}': {}", argv[index], value.error());
    usage_error(argv, sink.view());
  }
  return value.value();
}

const char* arg_string(int argc, char** argv, int index, const char* fallback) {
  return index >= 0 && index < argc ? argv[index] : fallback;
}

bool arg_keyword(int argc, char** argv, int index, const char* keyword) {
  if (index < 0 || index >= argc) return false;
  if (StringView(argv[index]) == keyword) return true;
  char problem[96];
  BufferSink sink(problem, sizeof(problem));
  format(sink, "expected '{}', got '{}'", keyword, argv[index]);
  usage_error(argv, sink.view());
}

}  // namespace cw::user
