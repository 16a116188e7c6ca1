// The shell's builtin commands (shell.h). Each prints its own errors and reports 0 (ok), 1 (the call
// failed) or 2 (usage). `NAME --help` prints the usage line; a wrong argument prints it on stderr.
//
//   help               this list
//   ls                 programs in the image (prog_list)
//   ps                 processes (proc_list)
//   kill PID [SIG]     send signal SIG (default 15, SIGTERM; every signal kills)
//   vmstat [PID]       virtual-memory counters: the pool's, then the events of one process or of all
//   pt [PID]           the kernel prints PID's pages, resident, in swap or not loaded (page_dump;
//                      default: the shell)
//   halt               power off (reboot)
//   exit [N]           leave the shell with status N (default: the last command's)
#include "lib/abi/structs.h"
#include "procs/lib/args.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/shell.h"

using namespace cw;
using namespace cw::user;

namespace shell {

namespace {

// A fixed-size name field as text, even if the kernel filled all of it without a NUL.
StringView name_of(const char (&field)[abi::kNameMax]) {
  size_t n = 0;
  while (n < abi::kNameMax && field[n] != '\0') ++n;
  return StringView(field, n);
}

const char* state_name(abi::ProcState state) {
  switch (state) {
    case abi::ProcState::Ready: return "ready   ";
    case abi::ProcState::Running: return "running ";
    case abi::ProcState::Blocked: return "blocked ";
    case abi::ProcState::Sleeping: return "sleeping";
    case abi::ProcState::Zombie: return "zombie  ";
  }
  return "?       ";
}

struct Command {
  const char* name;
  const char* synopsis;  // the arguments, for "usage: NAME SYNOPSIS"
  int max_args;          // not counting the name
  int (*run)(int argc, char** argv);
};

int usage_of(const Command& command, bool as_error) {
  const char* space = command.synopsis[0] != '\0' ? " " : "";
  if (as_error) eprint("usage: {}{}{}\n", command.name, space, command.synopsis);
  else print("usage: {}{}{}\n", command.name, space, command.synopsis);
  return as_error ? 2 : 0;
}

// Parses argv[index] as a pid, signal or status; prints the problem on failure (the caller adds the
// usage line).
bool number_arg(char** argv, int index, int* out) {
  auto value = parse_uint(argv[index]);
  if (!value || value.value() > 0x7FFFFFFF) {
    eprint("{}: bad number '{}'\n", argv[0], argv[index]);
    return false;
  }
  *out = static_cast<int>(value.value());
  return true;
}

int help(int, char**) {
  print("builtins: help, ls, ps, kill PID [SIG], vmstat [PID], pt [PID], halt, exit [N]\n");
  print("anything else runs a program from the image: NAME [ARGS...] [&]\n");
  print("quoting: 'a b', \"a b\" and a\\ b are one word; NAME --help shows a command's usage\n");
  print("ctrl-C kills the program running in the foreground\n");
  return 0;
}

int ls(int, char**) {
  abi::ProgInfo programs[64];
  auto n = sys::prog_list(programs, 64);
  if (!n) {
    eprint("ls: {}\n", n.error());
    return 1;
  }
  print("    SIZE  NAME\n");
  for (size_t i = 0; i < n.value(); ++i) print("{:8}  {}\n", programs[i].size, name_of(programs[i].name));
  return 0;
}

int ps(int, char**) {
  abi::ProcInfo procs[64];
  auto n = sys::proc_list(procs, 64);
  if (!n) {
    eprint("ps: {}\n", n.error());
    return 1;
  }
  print("  PID  PPID  STATE      RES       TICKS  NAME\n");
  for (size_t i = 0; i < n.value(); ++i) {
    const abi::ProcInfo& p = procs[i];
    print("{:5} {:5}  {} {:5} {:11}  {}\n", p.pid, p.parent, state_name(p.state), p.resident_pages,
          p.cpu_ticks, name_of(p.name));
  }
  return 0;
}

int kill(int argc, char** argv) {
  int pid = 0;
  int signal = abi::kSigTerm;
  if (argc < 2) {
    eprint("kill: a pid is required\n");
    return 2;
  }
  if (!number_arg(argv, 1, &pid) || (argc == 3 && !number_arg(argv, 2, &signal))) return 2;
  if (auto r = sys::kill(pid, signal); !r) {
    eprint("kill: {}: {}\n", pid, r.error());
    return 1;
  }
  return 0;
}

// "process 3 (memtest)", with the name from proc_list when the process is still listed.
void print_process_heading(int pid) {
  abi::ProcInfo procs[64];
  auto n = sys::proc_list(procs, 64);
  for (size_t i = 0; n && i < n.value(); ++i) {
    if (procs[i].pid == pid) {
      print("process {} ({})\n", pid, name_of(procs[i].name));
      return;
    }
  }
  print("process {}\n", pid);
}

int vmstat(int argc, char** argv) {
  int pid = 0;
  if (argc == 2 && !number_arg(argv, 1, &pid)) return 2;
  abi::VmStat v{};
  if (auto r = sys::vm_stat(pid, &v); !r) {
    eprint("vmstat: {}\n", r.error());
    return 1;
  }
  v.policy[sizeof(v.policy) - 1] = '\0';
  // The frame and slot fields are always pool-wide (docs/abi.md); the rest are the process's with a pid.
  print("pool (shared by all processes)\n");
  print("  policy            {}\n", static_cast<const char*>(v.policy));
  print("  pageable frames   {} ({} free, {} pinned)\n", v.pageable_frames, v.free_frames, v.pinned_frames);
  print("  swap slots        {} of {} used\n", v.swap_slots_used, v.swap_slots_total);
  print("  bad swap slots    {}\n", v.swap_slots_bad);
  print("  load control      token held by pid {}, {} waiting, {} hand-offs\n", v.token_holder_pid,
        v.token_waiting, v.token_handoffs);
  if (pid == 0) print("all processes\n"); else print_process_heading(pid);
  print("  resident pages    {} ({} shared, {} private)\n", v.resident_pages, v.shared_pages,
        v.resident_pages - v.shared_pages);
  if (pid != 0) print("  mmap pages        {}\n", v.mmap_pages);
  print("  minor faults      {}\n", v.minor_faults);
  print("  major faults      {}\n", v.major_faults);
  print("  swap ins          {}\n", v.swap_ins);
  print("  swap outs         {}\n", v.swap_outs);
  print("  evictions         {}\n", v.evictions);
  print("  writes avoided    {}\n", v.writes_avoided);
  print("  sectors read      {}\n", v.sectors_read);
  print("  sectors written   {}\n", v.sectors_written);
  print("  fault rate        {} per second\n", v.fault_rate);
  print("  working set       {} pages referenced\n", v.working_set);
  print("read-around and swap clustering (all processes)\n");
  print("  pages read ahead  {} ({} used, {} evicted unused, {} resident unused)\n", v.read_ahead_pages,
        v.read_ahead_used, v.read_ahead_wasted, v.read_ahead_resident);
  print("  cluster writes    {} ({} pages)\n", v.cluster_writes, v.cluster_written_pages);
  return 0;
}

int pt(int argc, char** argv) {
  int pid = 0;
  if (argc == 2 && !number_arg(argv, 1, &pid)) return 2;
  flush_output();  // the kernel prints the dump directly; keep our own output before it
  if (auto r = sys::page_dump(pid); !r) {
    eprint("pt: {}\n", r.error());
    return 1;
  }
  return 0;
}

int halt(int, char**) {
  flush_output();
  auto r = sys::power_off();
  eprint("halt: {}\n", r ? "power off returned" : error_string(r.error()));
  return 1;
}

constexpr Command kCommands[] = {
    {"help", "", 0, help},
    {"ls", "", 0, ls},
    {"ps", "", 0, ps},
    {"kill", "PID [SIGNAL]", 2, kill},
    {"vmstat", "[PID]", 1, vmstat},
    {"pt", "[PID]", 1, pt},
    {"halt", "", 0, halt},
};

}  // namespace

Builtin run_builtin(int argc, char** argv, int* status) {
  StringView name(argv[0]);
  bool wants_help = argc == 2 && StringView(argv[1]) == "--help";
  if (name == "exit") {
    if (wants_help) {
      print("usage: exit [N]\n");
      *status = 0;
      return Builtin::Done;  // asking how to leave does not leave
    }
    if (argc > 2) eprint("exit: too many arguments\n");
    if (argc > 2 || (argc == 2 && !number_arg(argv, 1, status))) {
      eprint("usage: exit [N]\n");
      *status = 2;
      return Builtin::Done;
    }
    return Builtin::Exit;
  }
  for (const Command& command : kCommands) {
    if (name != command.name) continue;
    if (wants_help) {
      *status = usage_of(command, false);
    } else if (argc - 1 > command.max_args) {
      eprint("{}: too many arguments\n", command.name);
      *status = usage_of(command, true);
    } else {
      *status = command.run(argc, argv);
      if (*status == 2) usage_of(command, true);
    }
    return Builtin::Done;
  }
  return Builtin::NotBuiltin;
}

}  // namespace shell
