// The shell's builtin commands (shell.h). Each prints its own errors and reports 0 (ok), 1 (the call
// failed) or 2 (usage).
//
//   help               this list
//   ls                 programs in the image (prog_list)
//   ps                 processes (proc_list)
//   kill PID [SIG]     send signal SIG (default 15, SIGTERM; every signal kills)
//   vmstat [PID]       virtual-memory counters, global or of one process (vm_stat)
//   pt [PID]           the kernel prints PID's page mappings (page_dump; default: the shell)
//   halt               power off (reboot)
//   exit [N]           leave the shell with status N (default: the last command's)
#include "lib/abi/structs.h"
#include "procs/lib/args.h"
#include "procs/lib/print.h"
#include "lib/c_string.h"
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

// Parses argv[index] as a pid or signal number; prints a usage error on failure.
bool number_arg(char** argv, int index, int* out) {
  auto value = parse_uint(argv[index]);
  if (!value || value.value() > 0x7FFFFFFF) {
    eprint("{}: bad number '{}'\n", argv[0], argv[index]);
    return false;
  }
  *out = static_cast<int>(value.value());
  return true;
}

int help() {
  print("builtins: help, ls, ps, kill PID [SIG], vmstat [PID], pt [PID], halt, exit [N]\n");
  print("anything else runs a program from the image: NAME [ARGS...] [&]\n");
  return 0;
}

int ls() {
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

int ps() {
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
  if (argc < 2 || argc > 3) {
    eprint("usage: kill PID [SIGNAL]\n");
    return 2;
  }
  if (!number_arg(argv, 1, &pid) || (argc == 3 && !number_arg(argv, 2, &signal))) return 2;
  if (auto r = sys::kill(pid, signal); !r) {
    eprint("kill: {}: {}\n", pid, r.error());
    return 1;
  }
  return 0;
}

int vmstat(int argc, char** argv) {
  int pid = 0;
  if (argc > 2 || (argc == 2 && !number_arg(argv, 1, &pid))) {
    eprint("usage: vmstat [PID]\n");
    return 2;
  }
  abi::VmStat v{};
  if (auto r = sys::vm_stat(pid, &v); !r) {
    eprint("vmstat: {}\n", r.error());
    return 1;
  }
  v.policy[sizeof(v.policy) - 1] = '\0';
  print("policy            {}\n", static_cast<const char*>(v.policy));
  print("pageable frames   {} ({} free, {} pinned)\n", v.pageable_frames, v.free_frames, v.pinned_frames);
  print("resident pages    {}\n", v.resident_pages);
  print("swap slots        {} of {} used\n", v.swap_slots_used, v.swap_slots_total);
  print("minor faults      {}\n", v.minor_faults);
  print("major faults      {}\n", v.major_faults);
  print("swap ins          {}\n", v.swap_ins);
  print("swap outs         {}\n", v.swap_outs);
  print("evictions         {}\n", v.evictions);
  print("writes avoided    {}\n", v.writes_avoided);
  print("sectors read      {}\n", v.sectors_read);
  print("sectors written   {}\n", v.sectors_written);
  return 0;
}

int pt(int argc, char** argv) {
  int pid = 0;
  if (argc > 2 || (argc == 2 && !number_arg(argv, 1, &pid))) {
    eprint("usage: pt [PID]\n");
    return 2;
  }
  flush_output();  // the kernel prints the dump directly; keep our own output before it
  if (auto r = sys::page_dump(pid); !r) {
    eprint("pt: {}\n", r.error());
    return 1;
  }
  return 0;
}

int halt() {
  flush_output();
  auto r = sys::power_off();
  eprint("halt: {}\n", r ? "power off returned" : error_string(r.error()));
  return 1;
}

}  // namespace

Builtin run_builtin(int argc, char** argv, int* status) {
  StringView command(argv[0]);
  if (command == "exit") {
    if (argc > 2 || (argc == 2 && !number_arg(argv, 1, status))) *status = 2;
    return Builtin::Exit;
  }
  if (command == "help") *status = help();
  else if (command == "ls") *status = ls();
  else if (command == "ps") *status = ps();
  else if (command == "kill") *status = kill(argc, argv);
  else if (command == "vmstat") *status = vmstat(argc, argv);
  else if (command == "pt") *status = pt(argc, argv);
  else if (command == "halt") *status = halt();
  else return Builtin::NotBuiltin;
  return Builtin::Done;
}

}  // namespace shell
