#include "kernel/proc/boot_environment.h"

namespace cw::proc {

namespace {

const CommandLine* boot_cmdline = nullptr;
constexpr const char* kDefaults[] = {"HOME=/", "TERM=linux"};

StringView name_of(StringView variable) {
  size_t i = 0;
  while (i < variable.size() && variable[i] != '=') ++i;
  return variable.substr(0, i);
}

bool set_on_command_line(StringView name) {
  if (!boot_cmdline) return false;
  for (size_t i = 0; i < boot_cmdline->size(); ++i) {
    const CommandLine::Option& o = (*boot_cmdline)[i];
    if (o.key == StringView("env") && name_of(o.value) == name) return true;
  }
  return false;
}

}  // namespace

void set_boot_environment(const CommandLine& cmdline) { boot_cmdline = &cmdline; }

Result<void> add_boot_environment(ExecArgs& args) {
  for (const char* variable : kDefaults) {
    if (!set_on_command_line(name_of(variable))) TRY(args.add_environment(variable));
  }
  if (!boot_cmdline) return {};
  for (size_t i = 0; i < boot_cmdline->size(); ++i) {
    const CommandLine::Option& o = (*boot_cmdline)[i];
    if (o.key == StringView("env") && o.has_value) TRY(args.add_environment(o.value));
  }
  return {};
}

}  // namespace cw::proc
