#include "kernel/init_process.h"

#include "kernel/power.h"
#include "kernel/print.h"
#include "kernel/proc/process.h"

namespace cw {

namespace {

inline constexpr const char* kDefaultInit = "shell";

// Splits `text` at spaces into `args`, copying the words into `storage`.
void split_arguments(StringView text, proc::Arguments& args, char* storage, size_t capacity) {
  size_t used = 0;
  size_t i = 0;
  while (i < text.size() && args.argc < proc::kMaxArgs) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) break;
    size_t start = used;
    while (i < text.size() && text[i] != ' ' && used + 1 < capacity) storage[used++] = text[i++];
    storage[used++] = '\0';
    args.argv[args.argc++] = storage + start;
  }
}

int exit_code_of(int32_t status_word) {
  int signal = status_word & 0x7F;
  return signal != 0 ? 128 + signal : (status_word >> 8) & 0xFF;
}

}  // namespace

void run_init(const CommandLine& cmdline) {
  static char storage[proc::kMaxArgBytes];
  proc::Arguments args;
  split_arguments(cmdline.get("init", kDefaultInit), args, storage, sizeof(storage));
  if (args.argc == 0) {
    kprint("init: the init= option names no program\n");
    power_off(1);
  }
  auto init = proc::spawn(args.argv[0], args, nullptr);
  if (!init) {
    kprint("init: cannot start '{}': {}\n", args.argv[0], init.error());
    power_off(1);
  }
  int32_t status_word = 0;
  auto reaped = proc::wait(init.value()->pid, &status_word, false);
  if (!reaped) {
    kprint("init: lost track of the init process: {}\n", reaped.error());
    power_off(1);
  }
  int code = exit_code_of(status_word);
  kprint("init exited with status {}\n", code);
  power_off(static_cast<uint8_t>(code));
}

}  // namespace cw
