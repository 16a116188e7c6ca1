// bbsh NAME...: runs the busybox shell scripts below, one after the other, as `busybox sh -c SCRIPT` (execve of
// /bin/busybox, which replaces this program: the exit status is the script's). The scripts live here
// because the kernel command line (255 bytes, split at spaces) cannot carry them. Their expected output
// is in tests/integration/cases/busybox-*.test; the lines that do not depend on the kernel were taken
// from the same busybox run on Linux (docs/stock-programs.md).
//
// Output: what the script prints; "bbsh: ..." on a usage error or when /bin/busybox cannot be run.
#include "lib/string_view.h"
#include "procs/lib/environment.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"

using namespace cw;
using namespace cw::user;

namespace {

struct Script {
  const char* name;
  const char* text;
};

// Each script is plain POSIX sh as busybox ash runs it; keep them free of anything that prints
// timing or addresses.
constexpr Script kScripts[] = {
    // The shell itself: loops, arithmetic, command substitution, pipelines, exit statuses.
    {"basic",
     "echo start\n"
     "for i in 1 2 3 4 5; do echo \"i=$i sq=$((i * i))\"; done\n"
     "n=0; s=0; while [ $n -lt 10 ]; do n=$((n + 1)); s=$((s + n)); done; echo \"sum=$s\"\n"
     "echo \"sub=$(echo inner | tr a-z A-Z)\"\n"
     "echo one two three | wc -w\n"
     "seq 1 50 | sort -rn | head -3\n"
     "sh -c 'exit 3'; echo \"status=$?\"\n"
     "false || echo \"or=$?\"\n"
     "echo end\n"},
    // /proc and /bin as busybox sees them.
    {"proc",
     "readlink /proc/self/exe\n"
     "cat /proc/meminfo | head -1\n"
     "grep -c '^pgfault ' /proc/vmstat\n"
     "ls /proc | grep -v '^[0-9]'\n"
     "ls /bin | grep -x busybox\n"
     "grep -c ' /bin/busybox$' /proc/self/maps\n"
     "head -1 /proc/self/maps | cut -c 1-31\n"
     "grep -c '\\[stack\\]$' /proc/self/maps\n"
     "echo end\n"},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    eprint("usage: bbsh NAME... (one or more of:");
    for (const Script& s : kScripts) eprint(" {}", s.name);
    eprint(")\n");
    return 2;
  }
  // The named scripts one after the other, as one script.
  static char text[8192];
  size_t length = 0;
  for (int i = 1; i < argc; ++i) {
    const Script* found = nullptr;
    for (const Script& s : kScripts)
      if (StringView(s.name) == StringView(argv[i])) found = &s;
    if (!found) {
      eprint("bbsh: no script '{}'\n", argv[i]);
      return 2;
    }
    StringView body(found->text);
    if (length + body.size() + 1 > sizeof(text)) {
      eprint("bbsh: the scripts are too long together\n");
      return 2;
    }
    __builtin_memcpy(text + length, body.data(), body.size());
    length += body.size();
  }
  text[length] = '\0';
  const char* const args[] = {"busybox", "sh", "-c", text, nullptr};
  auto ran = sys::execve("/bin/busybox", args, environ);
  eprint("bbsh: cannot run /bin/busybox: {}{}\n", ran.error(),
         ran.error() == Error::NotFound ? " (busybox missing: run tools/deps.sh, then cmake again)" : "");
  return 127;
}
