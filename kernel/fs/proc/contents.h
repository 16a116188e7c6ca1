// What /proc's files say (the Generators and LinkTargets of kernel/fs/proc/generated_nodes.h), from the
// pager, the swap map, the scheduler and the process table, in the text formats of lib/proc_text.h.
//   meminfo, vmstat, uptime, version      system-wide (the pid is ignored)
//   cpuinfo, loadavg, mounts, stat        system-wide too
//   PID/maps                              the process's regions (Linux fs/proc/task_mmu.c)
//   PID/stat, PID/status, PID/cmdline     its state, counters and arguments (Linux fs/proc/array.c, base.c)
//   PID/exe -> /bin/NAME                  the program the process runs (Linux proc_exe_link)
//   self -> PID                           the reader's own pid (Linux proc_self_get_link)
#pragma once

#include <cstdint>

#include "lib/format.h"
#include "lib/result.h"

namespace cw::fs::proc {

Result<void> generate_meminfo(int32_t pid, FormatSink& sink);
Result<void> generate_vmstat(int32_t pid, FormatSink& sink);
Result<void> generate_uptime(int32_t pid, FormatSink& sink);
Result<void> generate_version(int32_t pid, FormatSink& sink);
// cpuinfo, loadavg, mounts (kernel/fs/mounts.h), stat: system-wide, the pid ignored.
Result<void> generate_cpuinfo(int32_t pid, FormatSink& sink);
Result<void> generate_loadavg(int32_t pid, FormatSink& sink);
Result<void> generate_mounts(int32_t pid, FormatSink& sink);
Result<void> generate_system_stat(int32_t pid, FormatSink& sink);
// A zombie's maps are empty (its memory is gone), as on Linux. Errors: NotFound (no such process).
Result<void> generate_maps(int32_t pid, FormatSink& sink);

// PID/stat and PID/status (Linux fs/proc/array.c), zombies included (state Z, no memory fields), and
// PID/cmdline: the NUL-terminated arguments, empty for a zombie as Linux's. Errors: NotFound.
Result<void> generate_stat(int32_t pid, FormatSink& sink);
Result<void> generate_status(int32_t pid, FormatSink& sink);
Result<void> generate_cmdline(int32_t pid, FormatSink& sink);

// Errors: NotFound (no such process, or a zombie: Linux's exe of one is ENOENT too), Range.
Result<uint32_t> exe_target(int32_t pid, char* out, uint32_t capacity);
// PID/cwd: the absolute path of the working directory; PID/root: "/" (Clockwork has no chroot). Errors:
// NotFound (no such process, or a zombie, as Linux's), Range, NoMemory.
Result<uint32_t> cwd_target(int32_t pid, char* out, uint32_t capacity);
Result<uint32_t> root_target(int32_t pid, char* out, uint32_t capacity);
// The pid argument is ignored: the target is the caller's pid. Errors: NotFound (a kernel thread), Range.
Result<uint32_t> self_target(int32_t pid, char* out, uint32_t capacity);

// A live (not yet reaped) process with this pid exists.
bool process_exists(int32_t pid);

}  // namespace cw::fs::proc
