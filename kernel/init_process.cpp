#include "kernel/init_process.h"

#include "kernel/power.h"
#include "kernel/print.h"
#include "kernel/proc/boot_environment.h"
#include "kernel/proc/process.h"

namespace cw {

namespace {

inline constexpr const char* kDefaultInit = "shell";

// Splits `text` at spaces into arguments.
Result<void> split_arguments(StringView text, proc::ExecArgs& args) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) break;
    size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    TRY(args.add_argument(text.substr(start, i - start)));
  }
  return {};
}

int exit_code_of(int32_t status_word) {
  int signal = status_word & 0x7F;
  return signal != 0 ? 128 + signal : (status_word >> 8) & 0xFF;
}

}  // namespace

void run_init(const CommandLine& cmdline) {
  proc::set_boot_environment(cmdline);
  proc::ExecArgs args;
  auto prepared = split_arguments(cmdline.get("init", kDefaultInit), args);
  if (prepared) prepared = proc::add_boot_environment(args);
  if (!prepared) {
    kprint("init: cannot prepare the arguments and environment of init: {}\n", prepared.error());
    power_off(1);
  }
  if (args.argc() == 0) {
    kprint("init: the init= option names no program\n");
    power_off(1);
  }
  StringView program = args.argument0();
  auto init = proc::spawn(program, args, nullptr);
  if (!init) {
    kprint("init: cannot start '{}': {}\n", program, init.error());
    power_off(1);
  }
  auto reaped = proc::wait(init.value()->pid, proc::WaitOptions{});
  if (!reaped) {
    kprint("init: lost track of the init process: {}\n", reaped.error());
    power_off(1);
  }
  int32_t status_word = reaped.value().status_word;
  int code = exit_code_of(status_word);
  kprint("init exited with status {}\n", code);
  power_off(static_cast<uint8_t>(code));
}

}  // namespace cw
