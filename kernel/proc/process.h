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
#include "kernel/ipc/mailbox_table.h"
#include "kernel/sched/thread.h"
#include "kernel/sched/wait_queue.h"
#include "lib/abi/structs.h"
#include "lib/signal/signal_state.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw {

class AddressSpace;

enum class ProcessState : uint8_t { Running, Zombie };

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

  uint32_t user_entry = 0;      // where the thread enters ring 3, and its initial stack pointer
  uint32_t user_stack = 0;
  TrapFrame fork_frame{};       // a forked child's registers on its first entry (eax 0)
  uint32_t clear_child_tid = 0; // CLONE_CHILD_CLEARTID: written with 0 at exit (user address; 0: none)
  uint64_t start_tick = 0;
  Process* next = nullptr;      // process table link
  signal::SignalState signals;  // dispositions, mask, pending, alternate stack (kernel/signal/)
};

namespace proc {

inline constexpr int32_t kInitPid = 1;
inline constexpr uint32_t kMaxArgs = 32;
inline constexpr uint32_t kMaxArgBytes = 1024;

// Arguments for a new process, already in kernel memory.
struct Arguments {
  const char* argv[kMaxArgs];
  uint32_t argc = 0;
};

// The process of the running thread, or null in a kernel thread.
Process* current();
Process* find(int32_t pid);
// Iterates over every process, zombies included.
Process* first();

// Creates a process running `program` with `args` (args.argv[0] is conventionally the name) as a child
// of `parent` (null: no parent). Errors: NotFound (no such program), BadExecutable (the ELF is refused;
// the reason is printed), NoMemory, TooBig (arguments).
Result<Process*> spawn(StringView program, const Arguments& args, Process* parent);

// A fresh pid, and entering a new process into the table (for fork).
int32_t take_pid();
void publish(Process* process);

// Ends the current process with a waitpid status word (abi::exit_status_word / signal_status_word).
[[noreturn]] void exit_current(int32_t status_word);

// Kills the current process for a fault no handler may see (the system ran out of memory or swap: SIGKILL):
// prints one line naming the program, pid, fault, eip and address, then exits with `signal`. Faults that
// raise catchable signals go through signal::raise_fault (kernel/signal/send.h) instead.
[[noreturn]] void kill_current_for_fault(int signal, StringView fault, uint32_t eip, uint32_t address);

// waitpid: pid > 0 waits for that child, pid == -1 for any child. With no_hang, returns 0 if no child has
// exited yet. Errors: NoChild (no such child), Interrupted (a signal cut the wait short and no child had
// exited by then).
Result<int32_t> wait(int32_t pid, int32_t* status_word, bool no_hang);

// Sends `signal` to `pid` from the kernel (si_code SI_KERNEL; Ctrl-C on the console): kernel/signal/send.h.
// Errors: NoProcess, InvalidArgument (signal out of range). Signal 0 only checks that pid exists.
Result<void> kill(int32_t pid, int signal);

// Called on every return to user mode (interrupts off): pending signals are delivered here
// (kernel/signal/delivery.h).
void on_return_to_user();

// Releases what a process holds besides its address space (mailbox descriptors); called at exit.
void close_resources(Process& process);

}  // namespace proc
}  // namespace cw
