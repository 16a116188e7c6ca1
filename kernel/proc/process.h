// Processes: an address space, one thread running in ring 3, and what the process owns (mailbox
// descriptors, counters). A process is created by spawn() from a program in the image's program
// directory, or by fork() (kernel/proc/fork.h) as a copy of its parent, and reaped with waitpid.
//
// Life cycle: Running -> (exit, or killed by a signal: docs/signals.md) -> Zombie -> reaped by the parent
// (or freed at once when nobody can wait for it). The thread ends when the process exits; the Process
// record lives on as a zombie holding the exit status until it is reaped.
#pragma once

#include <cstdint>

#include "kernel/arch/trap_frame.h"
#include "kernel/fs/fd_table.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/ipc/mailbox_table.h"
#include "kernel/proc/command_line.h"
#include "kernel/proc/exec_args.h"
#include "kernel/proc/job_state.h"
#include "kernel/sched/thread.h"
#include "kernel/sched/wait_queue.h"
#include "lib/abi/structs.h"
#include "lib/resource_limits.h"
#include "lib/signal/signal_state.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw {

class AddressSpace;

enum class ProcessState : uint8_t { Running, Zombie };

// What a process used (wait4's struct rusage): CPU time in scheduler ticks (1 ms) and page faults.
struct Usage {
  uint64_t cpu_ticks = 0;
  uint64_t minor_faults = 0;
  uint64_t major_faults = 0;

  void add(const Usage& other) {
    cpu_ticks += other.cpu_ticks;
    minor_faults += other.minor_faults;
    major_faults += other.major_faults;
  }
};

class Process {
public:
  int32_t pid = 0;
  int32_t parent_pid = 0;       // 0: no parent that can wait (the kernel started it)
  char name[abi::kNameMax] = {};
  ProcessState state = ProcessState::Running;
  Thread* thread = nullptr;     // null once the process has exited
  AddressSpace* space = nullptr;

  int32_t status_word = 0;      // waitpid status (Linux encoding), valid in Zombie state
  WaitQueue child_exited;       // this process waiting in waitpid
  ipc::MailboxTable mailboxes;  // mailbox descriptors
  fs::FdTable files;            // file descriptors (kernel/fs/fd_table.h)
  fs::Node* cwd = nullptr;      // working directory, one reference (kernel/fs/vfs/node.h); null: "/"

  uint32_t user_entry = 0;      // where the thread enters ring 3, and its initial stack pointer
  uint32_t user_stack = 0;
  TrapFrame fork_frame{};       // a forked child's registers on its first entry (eax 0)
  uint32_t clear_child_tid = 0; // CLONE_CHILD_CLEARTID: written with 0 at exit (user address; 0: none)
  uint64_t start_tick = 0;
  Usage usage;                  // this process's own, complete once it is a zombie
  Usage reaped_children;        // the totals of the children it reaped (and theirs), as Linux sums them
  Process* next = nullptr;      // process table link

  // Linux process attributes of the start-up calls (kernel/syscall/sys_identity.cpp, sys_limits.cpp),
  // inherited by fork and by a spawned child from its parent (proc::inherit_attributes).
  limits::ResourceLimits limits;
  uint32_t umask = 022;         // Linux's default
  int32_t pgid = 0;             // process group and session ids; a process the kernel started leads both
  int32_t sid = 0;
  bool ran_program = false;     // started by spawn (or, later, execve): setpgid on it by its parent is EACCES
  signal::SignalState signals;  // dispositions, mask, pending, alternate stack (kernel/signal/)
  JobState job;                 // stopped or not, and what wait4 has yet to report (kernel/signal/job_control.h)
  proc::CommandLine command_line;  // the program's arguments, for /proc/PID/cmdline
};

namespace proc {

inline constexpr int32_t kInitPid = 1;

// The process of the running thread, or null in a kernel thread.
Process* current();
Process* find(int32_t pid);
// Iterates over every process, zombies included.
Process* first();

// Creates a process running `program` with `args` (argv[0] is conventionally the name, then the
// environment) as a child of `parent` (null: no parent). Errors: NotFound (no such program),
// BadExecutable (the ELF is refused; the reason is printed), NoMemory, TooBig (arguments).
// With own_group, the child leads a process group of its own (spawn's kSpawnNewGroup).
Result<Process*> spawn(StringView program, const ExecArgs& args, Process* parent, bool own_group = false);

// A fresh pid, and entering a new process into the table (for fork).
int32_t take_pid();
// The last pid handed out (0 before the first); pids are not reused, so it also counts the processes
// created since boot.
int32_t last_pid();
void publish(Process* process);

// Ends the current process with a waitpid status word (abi::exit_status_word / signal_status_word).
[[noreturn]] void exit_current(int32_t status_word);

// Kills the current process for a fault no handler may see (the system ran out of memory or swap: SIGKILL):
// prints one line naming the program, pid, fault, eip and address, then exits with `signal`. Faults that
// raise catchable signals go through signal::raise_fault (kernel/signal/send.h) instead.
[[noreturn]] void kill_current_for_fault(int signal, StringView fault, uint32_t eip, uint32_t address);

// wait4/waitpid: reaps a child that has exited. pid > 0 waits for that child, -1 for any child, 0 for
// one in the caller's process group, < -1 for one in group -pid. With untraced (WUNTRACED), a child that
// has stopped is reported once (status 0x7f | signal << 8) and not reaped; with continued (WCONTINUED),
// one that has been continued (0xffff). With no_hang, returns pid 0 if nothing is to be reported yet. The
// usage is the child's own plus what it had reaped (Linux's ru_* of a waited-for child). Errors: NoChild
// (no such child), Interrupted (a signal cut the wait short and nothing had happened by then).
struct Waited {
  int32_t pid = 0;
  int32_t status_word = 0;
  Usage usage;
};
struct WaitOptions {
  bool no_hang = false;
  bool untraced = false;
  bool continued = false;
};
Result<Waited> wait(int32_t pid, WaitOptions options);

// Called on every return to user mode (interrupts off): pending signals are delivered here
// (kernel/signal/delivery.h).
void on_return_to_user();

// Copies the attributes a child inherits (limits, umask, process group, session) from `parent`, or, with
// no parent, makes `child` the leader of a new session and group of its own.
void inherit_attributes(Process& child, const Process* parent);

// Releases what a process holds besides its address space (mailbox and file descriptors); called at
// exit.
void close_resources(Process& process);

}  // namespace proc
}  // namespace cw
