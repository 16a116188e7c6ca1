#include "kernel/sched/scheduler.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/fpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/heap.h"
#include "kernel/panic.h"
#include "lib/load_average.h"
#include "mm/kernel_paging.h"

extern "C" void switch_context(uint32_t* save_esp, uint32_t next_esp);

namespace cw::sched {

namespace {

ThreadQueue ready;
Thread* running = nullptr;
Thread* idle = nullptr;
uint64_t switches = 0;  // context switches since boot (/proc/stat's ctxt)
Thread* all_threads = nullptr;
Thread boot_thread;
uint32_t next_id = 0;
uint32_t quantum_left = kQuantumTicks;
bool need_resched = false;

void copy_name(Thread* t, const char* name) {
  size_t i = 0;
  for (; name[i] != '\0' && i + 1 < sizeof(t->name); ++i) t->name[i] = name[i];
  t->name[i] = '\0';
}

void link_thread(Thread* t) {
  t->id = next_id++;
  t->all_next = all_threads;
  all_threads = t;
}

// Frees the stacks and records of threads that died, except the one still running on its stack.
void reap_dead() {
  Thread** link = &all_threads;
  while (*link) {
    Thread* t = *link;
    if (t->state == ThreadState::Dead && t != running && t != &boot_thread) {
      *link = t->all_next;
      kfree(t->stack);
      delete t;
      continue;
    }
    link = &t->all_next;
  }
}

// Picks the next thread and switches to it. Precondition: interrupts off; `running`'s state says where
// it goes (still Running: back to the ready queue; anything else: it already sits where it belongs).
void schedule() {
  Thread* prev = running;
  if (prev->state == ThreadState::Running) {
    prev->state = ThreadState::Ready;
    if (prev != idle) ready.push_back(prev);
  }
  Thread* next = ready.pop_front();
  if (!next) next = idle;
  need_resched = false;
  quantum_left = kQuantumTicks;
  next->state = ThreadState::Running;
  if (next == prev) return;

  ++switches;
  running = next;
  // Only user threads have FPU state: the kernel never touches the registers (kernel/arch/fpu.h).
  if (prev->process && prev->state != ThreadState::Dead) fpu::save(prev->fpu);
  if (next->process) fpu::restore(next->fpu);
  gdt::load_tls(next->tls);
  if (next->stack) gdt::set_kernel_stack(next->stack_top());
  if (cpu::read_cr3() != next->page_directory.get()) cpu::write_cr3(next->page_directory);
  switch_context(&prev->saved_esp, next->saved_esp);
  // Back on prev's stack, possibly much later.
  reap_dead();
}

// Every new thread starts here, with interrupts off, "returning" from switch_context.
[[noreturn]] void thread_start() {
  reap_dead();
  cpu::enable_interrupts();
  running->entry(running->arg);
  exit_current();
}

void idle_loop(void*) {
  for (;;) {
    cpu::enable_interrupts_and_halt();
    cpu::InterruptGuard guard;
    if (!ready.empty()) schedule();
  }
}

}  // namespace

void init() {
  copy_name(&boot_thread, "main");
  boot_thread.state = ThreadState::Running;
  boot_thread.page_directory = kernel_page_directory();
  link_thread(&boot_thread);
  running = &boot_thread;
  auto created = create_thread("idle", idle_loop, nullptr);
  if (!created) PANIC("sched: cannot create the idle thread: {}", created.error());
  idle = created.value();
  pit::set_tick_hook(on_tick);
}

Thread* current() { return running; }

Result<Thread*> create_thread(const char* name, Thread::Entry entry, void* arg) {
  Thread* t = TRY(try_new<Thread>());
  auto stack = kmalloc(Thread::kStackSize, 16);
  if (!stack) {
    delete t;
    return Error::NoMemory;
  }
  t->stack = static_cast<uint8_t*>(stack.value());
  copy_name(t, name);
  t->entry = entry;
  t->arg = arg;
  t->state = ThreadState::Blocked;
  t->page_directory = kernel_page_directory();
  fpu::reset(t->fpu);
  // The initial stack mirrors what switch_context pops: edi, esi, ebx, ebp, then the return address.
  auto* sp = reinterpret_cast<uint32_t*>(t->stack_top() - Thread::kTrapFrameReserve);
  *--sp = 0;  // thread_start never returns; a zero return address ends backtraces
  *--sp = reinterpret_cast<uint32_t>(&thread_start);
  for (int i = 0; i < 4; ++i) *--sp = 0;
  t->saved_esp = reinterpret_cast<uint32_t>(sp);
  cpu::InterruptGuard guard;
  link_thread(t);
  return t;
}

uint64_t idle_ticks() {
  cpu::InterruptGuard guard;
  return idle ? idle->cpu_ticks : 0;
}

void make_ready(Thread* thread) {
  cpu::InterruptGuard guard;
  thread->state = ThreadState::Ready;
  ready.push_back(thread);
  if (running == idle) need_resched = true;
}

Result<Thread*> spawn_kernel_thread(const char* name, Thread::Entry entry, void* arg) {
  Thread* t = TRY(create_thread(name, entry, arg));
  make_ready(t);
  return t;
}

void yield() {
  cpu::InterruptGuard guard;
  schedule();
}

void sleep_ms(uint32_t milliseconds) {
  cpu::InterruptGuard guard;
  if (running->interrupted) return;
  // +1: the current tick is already partly over, so a full `milliseconds` always elapses.
  running->deadline = pit::ticks() + milliseconds + 1;
  block_current(ThreadState::Sleeping);
}

void exit_current() {
  cpu::disable_interrupts();
  CW_ASSERT(running != idle && running != &boot_thread);
  running->state = ThreadState::Dead;
  schedule();
  PANIC("a dead thread was scheduled");
}

void block_current(ThreadState state) {
  CW_ASSERT(!cpu::interrupts_enabled());
  CW_ASSERT(running != idle);
  running->state = state;
  running->timed_out = false;
  schedule();
  running->deadline = 0;
}

void wake(Thread* thread) {
  cpu::InterruptGuard guard;
  if (thread->state != ThreadState::Blocked && thread->state != ThreadState::Sleeping) return;
  if (thread->queue) thread->queue->remove(thread);
  thread->state = ThreadState::Ready;
  ready.push_back(thread);
  if (running == idle) need_resched = true;
}

void interrupt(Thread* thread) {
  cpu::InterruptGuard guard;
  thread->interrupted = true;
  if (thread->state == ThreadState::Sleeping || (thread->state == ThreadState::Blocked && thread->interruptible))
    wake(thread);
}

namespace {

LoadAverage load;
uint32_t ticks_to_sample = LoadAverage::kSampleMs;

// The threads that exist, those ready or running, and processes in an uninterruptible wait (state D: a
// page being read); not the idle thread. Kernel threads waiting for work are neither running nor D (they
// would add a constant to the load, as Linux's TASK_IDLE waits do not). Interrupts off.
ThreadCounts count_threads() {
  ThreadCounts counts;
  for (Thread* t = all_threads; t; t = t->all_next) {
    if (t == idle || t->state == ThreadState::Dead) continue;
    ++counts.total;
    if (t->state == ThreadState::Ready || t->state == ThreadState::Running) ++counts.running;
    else if (t->state == ThreadState::Blocked && !t->interruptible && !t->stopped && t->process != nullptr)
      ++counts.blocked;
  }
  return counts;
}

}  // namespace

uint64_t context_switches() {
  cpu::InterruptGuard guard;
  return switches;
}

uint32_t load_average(int index) {
  cpu::InterruptGuard guard;
  return load.fixed(index);
}

ThreadCounts thread_counts() {
  cpu::InterruptGuard guard;
  return count_threads();
}

void on_tick() {
  // Called from the PIT interrupt handler: interrupts are off.
  ++running->cpu_ticks;
  if (--ticks_to_sample == 0) {
    ticks_to_sample = LoadAverage::kSampleMs;
    // Linux's active count (kernel/sched/loadavg.c): running and uninterruptible.
    ThreadCounts counts = count_threads();
    load.sample(counts.running + counts.blocked);
  }
  uint64_t now = pit::ticks();
  for (Thread* t = all_threads; t; t = t->all_next) {
    bool waiting = t->state == ThreadState::Blocked || t->state == ThreadState::Sleeping;
    if (waiting && t->deadline != 0 && t->deadline <= now) {
      t->timed_out = true;
      t->deadline = 0;
      wake(t);
    }
  }
  if (running != idle && --quantum_left == 0) need_resched = true;
}

void preempt_if_needed() {
  if (need_resched && running) schedule();
}


}  // namespace cw::sched
