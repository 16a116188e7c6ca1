// Threads: the unit the scheduler runs. A kernel thread runs kernel code only; a user thread belongs to a
// Process and spends most of its life in ring 3, entering the kernel through traps on its own kernel stack.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernel/arch/fpu.h"
#include "kernel/arch/trap_frame.h"
#include "lib/abi/structs.h"
#include "lib/tls_descriptor.h"
#include "lib/types.h"

namespace cw {

class Process;
class ThreadQueue;

enum class ThreadState : uint8_t { Ready, Running, Blocked, Sleeping, Dead };

class Thread {
public:
  using Entry = void (*)(void* arg);
  static constexpr size_t kStackSize = 16 * 1024;
  // The top of every kernel stack is kept free for the ring-3 trap frame (kernel/arch/trap_frame.h) that
  // the CPU pushes at TSS.esp0, and that run_user_thread builds there to enter user mode: the thread's
  // own kernel code runs below it.
  static constexpr size_t kTrapFrameReserve = 80;

  uint32_t id = 0;
  char name[abi::kNameMax] = {};
  ThreadState state = ThreadState::Ready;
  Process* process = nullptr;      // null for kernel threads
  PhysAddr page_directory;         // loaded into CR3 when the thread runs

  // Saved by switch_context: the stack pointer after pushing the callee-saved registers.
  uint32_t saved_esp = 0;
  uint8_t* stack = nullptr;        // kStackSize bytes from the kernel heap; null for the boot thread
  Entry entry = nullptr;
  void* arg = nullptr;

  // Scheduler bookkeeping. A thread is in at most one queue at a time (ready, or one wait queue).
  Thread* queue_next = nullptr;
  ThreadQueue* queue = nullptr;
  uint64_t deadline = 0;           // tick at which a sleeping or timed wait ends; 0 for none
  bool timed_out = false;          // set when the deadline, not a wake-up, ended the wait
  bool interruptible = false;      // blocked in WaitQueue::wait_interruptible
  bool interrupted = false;        // sched::interrupt was called: interruptible waits fail until cleared
  bool stopped = false;            // its process is stopped (job control): not counted as a blocked thread
  Thread* all_next = nullptr;      // the list of every thread

  uint64_t cpu_ticks = 0;          // ticks during which this thread was running

  // User-visible CPU state beyond the trap frame (docs/fpu_tls.md). Both are switched eagerly by the
  // scheduler; fork copies them, execve resets them (fpu::reset, tls::Slots{}).
  fpu::State fpu;                  // saved x87/SSE registers while the thread is not running (user threads)
  tls::Slots tls;                  // set_thread_area descriptors, loaded into GDT entries 6-8

  uint32_t stack_top() const { return reinterpret_cast<uint32_t>(stack) + kStackSize; }
  // The ring-3 trap frame at the top of the kernel stack (see kTrapFrameReserve): what the CPU and the
  // entry stub saved on a trap from user mode, and what run_user_thread builds to enter it.
  TrapFrame* user_frame() const { return reinterpret_cast<TrapFrame*>(stack_top() - sizeof(TrapFrame)); }
};

// A FIFO of threads linked through Thread::queue_next.
class ThreadQueue {
public:
  bool empty() const { return head_ == nullptr; }
  void push_back(Thread* t);
  Thread* pop_front();  // null if empty
  void remove(Thread* t);  // precondition: t->queue == this
  size_t size() const;

private:
  Thread* head_ = nullptr;
  Thread* tail_ = nullptr;
};

}  // namespace cw
