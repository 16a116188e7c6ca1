// bbsh NAME...: runs the busybox shell scripts below, one after the other, as `busybox sh -c SCRIPT` in
// a child (fork, execve of /bin/busybox), waits for it and exits with its status, after checking that
// frames, memory objects, pins and swap slots are back at their baseline. The scripts live here
// because the kernel command line (255 bytes, split at spaces) cannot carry them. Their expected output
// is in tests/integration/cases/busybox-*.test; the lines that do not depend on the kernel were taken
// from the same busybox run on Linux (docs/stock-programs.md).
//
// Output: what the script prints, then "bbsh: frames, memory objects, pins and swap slots back at the
// baseline"; "bbsh: ..." lines on a usage error, when /bin/busybox cannot be run, or on a leak (FAIL;
// exit status 1).
#include "lib/abi/memshow.h"
#include "lib/abi/structs.h"
#include "lib/string_view.h"
#include "procs/lib/clock.h"
#include "procs/lib/environment.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

// This program's own pages (text, data, the script buffer, stack) are fewer than this: the most swap
// slots it can hold after being evicted while busybox ran.
constexpr uint32_t kOwnPagesBound = 16;

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
    // Devices, a background job and its status, printf, case, arithmetic in other bases.
    {"more",
     "dd if=/dev/zero bs=1024 count=64 2>/dev/null | md5sum\n"
     "(echo bg; exit 4) & wait $!; echo \"bg status=$?\"\n"
     "echo $(( 0x10 + 010 ))\n"
     "printf \"%s-%d\\n\" a 1 b 2\n"
     "x=$(cat /proc/uptime); [ -n \"$x\" ] && echo uptime ok\n"
     "case /proc/self/exe in /proc/*) echo case ok;; esac\n"
     "echo abc > /dev/null; echo \"devnull=$?\"\n"
     "head -c 8 /dev/urandom | wc -c\n"
     "echo end\n"},
    // Files in /tmp: redirections, sort, wc, ls, rm, mkdir, cd, rmdir.
    {"tmp",
     "T=/tmp\n"
     "seq 1 20 > $T/n\n"
     "sort -rn $T/n | head -2\n"
     "wc -l < $T/n\n"
     "echo hello > $T/a; cat $T/a >> $T/a2; cat $T/a >> $T/a2; wc -c < $T/a2\n"
     "ls -1 $T\n"
     "rm $T/n $T/a $T/a2; ls $T | wc -l\n"
     "mkdir $T/d && cd $T/d && echo \"in ${PWD##*/}\" && cd / && rmdir $T/d && echo rmdir ok\n"
     "echo end\n"},
    // Programs outside /bin: a copy of busybox in /tmp runs (its /proc/self/exe and maps name it), a
    // "#!/bin/sh" script and a "#!/tmp/bb sh" one run through the kernel (their cmdline shows the
    // interpreter the kernel started), and the running copy cannot be written (ETXTBSY).
    {"exec",
     "cp /bin/busybox /tmp/busybox && chmod +x /tmp/busybox && /tmp/busybox echo hi\n"
     "/tmp/busybox readlink /proc/self/exe\n"
     "/tmp/busybox grep -c ' /tmp/busybox$' /proc/self/maps\n"
     "cat > /tmp/s.sh <<'EOF'\n"
     "#!/bin/sh\n"
     "echo \"script $0 $1 $#\"\n"
     "tr '\\0' _ < /proc/$$/cmdline; echo\n"
     "EOF\n"
     "chmod +x /tmp/s.sh && /tmp/s.sh a 'b c'\n"
     "cat > /tmp/t.sh <<'EOF'\n"
     "#!/tmp/busybox sh\n"
     "echo \"via $0\"; tr '\\0' _ < /proc/$$/cmdline; echo\n"
     "readlink /proc/$$/exe\n"
     "EOF\n"
     "chmod +x /tmp/t.sh && /tmp/t.sh x\n"
     "/tmp/busybox sh -c 'echo x > /tmp/busybox' 2>&1\n"
     "rm /tmp/busybox /tmp/s.sh /tmp/t.sh && echo removed\n"
     "echo end\n"},
    // /proc/PID/{stat,status,cmdline,fd} as busybox reads them (ps, cat, ls, readlink), and cat's
    // sendfile into a pipe and into a file.
    {"procfs",
     "ps\n"
     "cat /proc/self/status | grep -e Umask -e State -e Threads\n"
     "ls /proc/self/fd\n"
     "ls -l /proc/self/fd 2>/dev/null | grep -v '^total' | cut -c 1-10\n"
     "readlink /proc/self/fd/0 < /dev/null\n"
     "readlink /proc/self/fd/5 5>/tmp/procfs-x; rm /tmp/procfs-x\n"
     "cat /proc/self/cmdline | tr '\\0' '_'; echo\n"
     "cut -d ' ' -f 3,20 /proc/self/stat\n"
     "dd if=/dev/zero bs=1024 count=30 2>/dev/null | tr '\\0' x > /tmp/procfs-s; seq 1 20 >> /tmp/procfs-s\n"
     "cat /tmp/procfs-s | md5sum\n"
     "cat /tmp/procfs-s > /tmp/procfs-c; md5sum < /tmp/procfs-c; wc -c < /tmp/procfs-c\n"
     "rm /tmp/procfs-s /tmp/procfs-c\n"
     "echo end\n"},
    // File metadata (docs/abi.md "Mode, owner and times"): touch (utimensat, with -a/-m UTIME_OMIT, -h
    // AT_SYMLINK_NOFOLLOW, -d given times), chmod, chown (set-ID bits cleared as Linux does), stat's
    // %a %u %g %X %Y, ls -ln and --full-time, date -r, the directory times that create, unlink and rmdir
    // move, the wall clock past 2024, and EROFS / ENOENT from each tool.
    {"meta",
     "export TZ=UTC0\n"
     "T=/tmp/meta\n"
     "mkdir $T && cd $T\n"
     "[ $(date +%Y) -ge 2024 ] && echo \"date: year ok\"\n"
     "now=$(date +%s); [ $now -ge 1704067200 ] && echo \"date +%s ok\"\n"
     "touch a && ls a\n"
     "stat -c '%a %u %g %s %F' a\n"
     "chmod 600 a; stat -c '%a %A' a\n"
     "chown 12:34 a; stat -c '%u %g' a\n"
     "chown :56 a; stat -c '%u %g' a\n"
     "chown 78 a; stat -c '%u %g' a\n"
     "chown 0:0 a; chmod 4755 a; chown 0 a; stat -c '%a' a\n"
     "chmod 2755 a; chown 0 a; stat -c '%a' a\n"
     "chmod 2745 a; chown 0 a; stat -c '%a' a\n"
     "chmod u=rw,go=r a; stat -c '%a' a\n"
     "touch -d '2024-01-02 03:04:05' a; stat -c '%X %Y' a\n"
     "ls -ln a\n"
     "ls -ln --full-time a; ls -lnu a\n"
     "date -r a '+%F %T'\n"
     "touch -a -d '2020-05-06 07:08:09' a; stat -c '%X %Y' a\n"
     "touch -m -d '2021-06-07 08:09:10' a; stat -c '%X %Y' a\n"
     "touch a; m=$(stat -c %Y a); [ $((m - now)) -ge 0 ] && [ $((m - now)) -le 5 ] && echo \"touch: mtime is now\"\n"
     "touch -c nofile; ls nofile\n"
     "mkdir d; touch -d '2020-01-01 00:00:00' d; touch d/f; [ $(stat -c %Y d) -ge $now ] && echo \"create: directory mtime moved\"\n"
     "touch -d '2020-01-01 00:00:00' d; rm d/f; [ $(stat -c %Y d) -ge $now ] && echo \"unlink: directory mtime moved\"\n"
     "touch -d '2020-01-01 00:00:00' d; rmdir d; [ $(stat -c %Y .) -ge $now ] && echo \"rmdir: directory mtime moved\"\n"
     "ln -s a l; chown -h 5:6 l; stat -c '%u %g %F' l; stat -L -c '%u %g %F' l\n"
     "touch -h -d '2021-01-01 00:00:00' l; stat -c '%Y' l; [ $(stat -L -c %Y l) -ne 1609459200 ] && echo \"touch -h left the target\"\n"
     "echo x > a; [ $(stat -c %Y a) -ge $now ] && echo \"write: mtime moved\"\n"
     "chmod 755 l; stat -L -c '%a' l; stat -c '%a' l\n"
     "[ $(stat -c %Y /) -ge 1704067200 ] && echo \"/ dated after 2024\"\n"
     "[ $(stat -c %Y /dev/null) -ge 1704067200 ] && echo \"/dev/null dated after 2024\"\n"
     "touch /bin/busybox\n"
     "chmod 600 /bin/busybox\n"
     "chown 0:0 /bin/busybox\n"
     "touch -d '2024-01-02 03:04:05' /bin/busybox\n"
     "touch /nonexistent/x\n"
     "chmod 600 nothere\n"
     "chown 1:1 nothere\n"
     "cd / && rm -r $T && echo end\n"},
    // The benchmark pipeline (docs/perf.md): 100,000 numbers through sort, far more than a small pool.
    {"pipeline", "seq 1 100000 | sort -rn | head -3\n"},
    // The same at a fifth of the size, for pools where the full one takes minutes (docs/perf.md).
    {"pipeline20k", "seq 1 20000 | sort -rn | head -3\n"},
};


// True if the system is back where it was before the script: every process the script started has
// been reaped, so no frame may be mapped by anyone but this process, and their memory objects and
// pins are gone. Swap slots may have grown only by this program's own pages, evicted meanwhile.
bool check_baseline(const abi::VmStat& before) {
  abi::VmStat after{};
  static abi::FrameCell cells[1024];
  auto frames = sys::frame_map(cells, 1024);
  if (!sys::vm_stat(0, &after) || !frames) {
    eprint("bbsh: FAIL vm_stat or frame_map\n");
    return false;
  }
  uint32_t foreign = 0;
  for (size_t i = 0; i < frames.value() && i < 1024; ++i)
    if (cells[i].use == abi::FrameUse::Mapped && cells[i].pid != sys::getpid()) ++foreign;
  bool ok = true;
  auto fail = [&](const char* what, uint32_t was, uint32_t is) {
    eprint("bbsh: FAIL after the script: {} {} -> {}\n", what, was, is);
    ok = false;
  };
  if (foreign != 0) fail("frames mapped by processes that are gone", 0, foreign);
  if (after.memory_objects != before.memory_objects) fail("memory objects", before.memory_objects, after.memory_objects);
  if (after.pinned_frames != before.pinned_frames) fail("pinned frames", before.pinned_frames, after.pinned_frames);
  if (after.swap_slots_used > before.swap_slots_used + kOwnPagesBound)
    fail("swap slots", before.swap_slots_used, after.swap_slots_used);
  if (ok) print("bbsh: frames, memory objects, pins and swap slots back at the baseline\n");
  return ok;
}

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

  // The script runs in a child, so that this process can check afterwards that busybox left nothing
  // behind: no frame mapped by a process that is gone, no memory object, pin or swap slot more.
  abi::VmStat before{};
  if (auto r = sys::vm_stat(0, &before); !r) {
    eprint("bbsh: vm_stat: {}\n", r.error());
    return 127;
  }
  auto child = sys::fork();
  if (!child) {
    eprint("bbsh: fork: {}\n", child.error());
    return 127;
  }
  if (child.value() == 0) {
    const char* const args[] = {"busybox", "sh", "-c", text, nullptr};
    auto ran = sys::execve("/bin/busybox", args, environ);
    eprint("bbsh: cannot run /bin/busybox: {}{}\n", ran.error(),
           ran.error() == Error::NotFound ? " (busybox missing: run tools/deps.sh, then cmake again)" : "");
    sys::exit(127);
  }
  uint64_t started = now_ms();
  int status = 0;
  if (auto w = sys::waitpid(child.value(), &status, 0); !w) {
    eprint("bbsh: waitpid: {}\n", w.error());
    return 127;
  }
  // What the scripts cost, system-wide (a benchmark line: timings vary, so not a checked one).
  abi::VmStat after{};
  if (sys::vm_stat(0, &after))
    print("[bbsh] info: {} ms; {} major and {} minor faults, {} swap-ins, {} swap-outs, {} evictions; "
          "{} pages read ahead ({} used, {} wasted), {} clustered writes ({} pages), {} sectors read\n",
          now_ms() - started, after.major_faults - before.major_faults, after.minor_faults - before.minor_faults,
          after.swap_ins - before.swap_ins, after.swap_outs - before.swap_outs, after.evictions - before.evictions,
          after.read_ahead_pages - before.read_ahead_pages, after.read_ahead_used - before.read_ahead_used,
          after.read_ahead_wasted - before.read_ahead_wasted, after.cluster_writes - before.cluster_writes,
          after.cluster_written_pages - before.cluster_written_pages, after.sectors_read - before.sectors_read);
  return check_baseline(before) ? shell_status(status) : 1;
}
