#include "mm/pager.h"

#include "drivers/pit.h"
#include "kernel/arch/cpu.h"
#include "kernel/panic.h"
#include "kernel/print.h"
#include "kernel/sched/scheduler.h"
#include "kernel/sched/wait_queue.h"
#include "mm/address_space.h"
#include "mm/cluster_buffer.h"
#include "mm/config.h"
#include "mm/frame_pool.h"
#include "mm/memory_object.h"
#include "mm/pageable_pages_default.h"
#include "mm/paging_token.h"
#include "mm/physical_memory.h"
#include "mm/policy_factory.h"
#include "mm/read_around.h"
#include "mm/swap.h"
#include "mm/vm_trace_log.h"
#include "mm/writeback.h"
#include "lib/small_sort.h"

namespace cw::pager {

namespace {

// Frames left to the kernel (page tables, directories, the heap's growth) when a pool request is larger
// than the free memory.
inline constexpr uint32_t kKernelReserveFrames = 256;
static_assert(mm::is_valid_pageable_pages(mm::kPageablePagesDefault),
              "PAGEABLE_PAGES must lie in [kMinPageableFrames, kMaxPageableFrames] (mm/config.h)");

mm::FramePool pool;
mm::PolicyStorage policy_storage;
mm::ReplacementPolicy* policy = nullptr;
VmCounters counters;
bool log_events = false;

// Load control (mm/paging_token.h, docs/vm.md "Load control"): with the pool full, only the token holder
// evicts, and the others that need a frame wait in line. The tenure grows with the pool, so that a holder
// can load a working set of the whole pool (a few ms a page) and still run most of its turn; the idle
// rule passes the token on early when its holder stops paging (it waits for a pipe, or runs in its
// working set). Waiters look again every kTokenPollTicks, and whenever a frame is freed or filled.
inline constexpr uint64_t kTokenIdleTicks = 10;
inline constexpr uint64_t kTokenPollTicks = 2;
constexpr uint64_t tenure_for(uint32_t frames) {
  uint64_t ticks = 100 + 6 * static_cast<uint64_t>(frames);
  return ticks < 2000 ? ticks : 2000;
}
mm::PagingToken token(tenure_for(mm::kPageablePagesDefault), kTokenIdleTicks);
// loadcontrol=off: nobody waits; the token only spares its holder's pages (Linux's old swap token), for
// measuring what the line buys (docs/perf.md).
bool enforce_token = true;

const AddressSpace* token_holder() { return static_cast<const AddressSpace*>(token.holder()); }

WaitQueue io_done;  // a frame left the UnderIo state

mm::MemoryObject* owner_of(const mm::FrameInfo& info) {
  return reinterpret_cast<mm::MemoryObject*>(info.owner.get());
}

mm::PageOwnerId id_of(const mm::MemoryObject& object) {
  return mm::PageOwnerId(reinterpret_cast<uintptr_t>(&object));
}

// The policies read A/D through this: combined over every page-table entry that maps the frame (the
// reverse map, AddressSpace::for_each_mapper), and for D also the owner's record of writes by mappers
// that have since let go (PageEntry::kDirty).
class PteBits final : public mm::PageBitsOps {
public:
  bool accessed(mm::FrameIndex f) const override {
    bool any = false;
    each(f, [&](AddressSpace& space, VirtAddr page) {
      auto m = space.mapping_of(page);
      any = any || (m && m.value().accessed);
    });
    return any;
  }
  bool dirty(mm::FrameIndex f) const override {
    auto info = pool.info(f).value();
    const mm::PageEntry* entry = owner_of(info)->own(info.vpn.get());
    bool any = entry && entry->dirty();
    each(f, [&](AddressSpace& space, VirtAddr page) {
      auto m = space.mapping_of(page);
      any = any || (m && m.value().dirty);
    });
    return any;
  }
  void clear_accessed(mm::FrameIndex f) override {
    each(f, [](AddressSpace& space, VirtAddr page) { space.clear_accessed(page); });
  }

private:
  template <typename Fn>
  static void each(mm::FrameIndex f, Fn&& fn) {
    auto info = pool.info(f).value();
    AddressSpace::for_each_mapper(*owner_of(info), info.vpn.get(), info.pfn.address(), fn);
  }
};
PteBits pte_bits;

// Frames and slots that memory objects let go of (mm/memory_object.h PageSink).
class KernelPageSink final : public mm::PageSink {
public:
  void free_frame(mm::FrameIndex frame) override { release(pool.info(frame).value().pfn.address()); }
  void free_slot(mm::SwapSlot slot) override { swap::free(slot); }
  void frame_moved(mm::FrameIndex frame, const mm::MemoryObject& owner, uint32_t index) override {
    if (!pool.set_owner(frame, id_of(owner), Vpn(index))) PANIC("pager: frame {} cannot change owner", frame.get());
  }
};
KernelPageSink page_sink_instance;

mm::FrameIndex index_of(PhysAddr frame) {
  auto index = pool.index_of(frame.page());
  if (!index) PANIC("pager: frame {} is not in the pageable pool", frame);
  return index.value();
}

// Takes a free frame for page `index` of `owner` and marks it UnderIo. Precondition: interrupts off.
Result<PhysAddr> take_free(mm::MemoryObject& owner, uint32_t index) {
  auto frame = TRY(pool.allocate(id_of(owner), Vpn(index)));
  if (!pool.begin_io(frame)) PANIC("pager: a fresh frame cannot start I/O");
  return pool.info(frame).value().pfn.address();
}

// Whether `holder` sees the pages of `object`, remembered for the last few objects asked about: the pool's
// frames belong to a handful of objects, and AddressSpace::sees walks every region.
class SeesCache {
public:
  explicit SeesCache(const AddressSpace& holder) : holder_(holder) {}
  bool sees(const mm::MemoryObject& object) {
    for (uint32_t i = 0; i < count_; ++i)
      if (objects_[i] == &object) return answers_[i];
    bool answer = holder_.sees(object);
    uint32_t slot = count_ < kSize ? count_++ : next_++ % kSize;
    objects_[slot] = &object;
    answers_[slot] = answer;
    return answer;
  }

private:
  static constexpr uint32_t kSize = 8;
  const AddressSpace& holder_;
  const mm::MemoryObject* objects_[kSize] = {};
  bool answers_[kSize] = {};
  uint32_t count_ = 0;
  uint32_t next_ = 0;
};

// The policy's choice, with the frames the token holder maps pinned for the duration of the choice (so
// a policy passes over them) unless that leaves nothing to choose. When every frame in use is the
// holder's (one process paging alone, the common case), nothing is pinned and the policy runs once: it
// used to run twice, the first pass over a pool of pinned frames finding nothing (docs/perf.md "Where a
// major fault's time goes"). Precondition: interrupts off.
Result<mm::FrameIndex> choose_victim_sparing_token_holder() {
  const AddressSpace* holder = token_holder();
  if (holder == nullptr) return policy->choose_victim();
  SeesCache seen(*holder);
  uint32_t spare[mm::kMaxPageableFrames / 32] = {};  // bitmaps: the fault path's stack is small
  uint32_t others = 0;
  for (uint32_t i = 0; i < pool.capacity(); ++i) {
    auto info = pool.info(mm::FrameIndex(i)).value();
    if (info.state != mm::FrameState::InUse) continue;
    if (seen.sees(*owner_of(info))) spare[i / 32] |= 1u << (i % 32);
    else ++others;
  }
  if (others == 0) return policy->choose_victim();
  uint32_t pinned[mm::kMaxPageableFrames / 32] = {};
  bool any = false;
  for (uint32_t i = 0; i < pool.capacity(); ++i) {
    if ((spare[i / 32] >> (i % 32) & 1) == 0 || !pool.pin(mm::FrameIndex(i))) continue;
    pinned[i / 32] |= 1u << (i % 32);
    any = true;
  }
  auto victim = policy->choose_victim();
  for (uint32_t i = 0; i < pool.capacity(); ++i)
    if (pinned[i / 32] >> (i % 32) & 1) (void)pool.unpin(mm::FrameIndex(i));
  if (victim || !any) return victim;
  return policy->choose_victim();
}

struct Eviction {
  mm::FrameIndex frame;
  PhysAddr address;
  bool write = false;
  mm::SwapSlot slot;
};

mm::PageEntry& entry_of(mm::FrameIndex victim) {
  mm::FrameInfo info = pool.info(victim).value();
  mm::PageEntry* entry = owner_of(info)->own(info.vpn.get());
  if (!entry || !entry->resident() || entry->frame() != victim)
    PANIC("pager: victim frame {} is not page {} of its owner", info.pfn.address(), info.vpn.get());
  return *entry;
}

// Whether evicting `victim` means writing it to swap (mm/writeback.h). Precondition: interrupts off.
bool needs_write(mm::FrameIndex victim) {
  const mm::PageEntry& entry = entry_of(victim);
  mm::PageCopyState state{.dirty = pte_bits.dirty(victim), .swap_copy_valid = entry.has_slot(),
                          .image_copy_valid = !entry.has_slot()};
  return mm::decide_writeback(state) == mm::WritebackAction::WriteToSwap;
}

// Takes the victim's page away from its owner and every mapper; `write` is needs_write(victim). A page
// that must be written keeps its slot, else gets `fresh` if given (a slot of a cluster run), else a new
// slot. Precondition: interrupts off; `victim` came from choose_victim. Errors: NoSpace (the page must be
// written and swap is full; nothing changed).
Result<Eviction> detach_victim(mm::FrameIndex victim, bool write, const mm::SwapSlot* fresh) {
  mm::FrameInfo info = pool.info(victim).value();
  mm::MemoryObject* owner = owner_of(info);
  uint32_t index = info.vpn.get();
  mm::PageEntry* entry = &entry_of(victim);
  Eviction e;
  e.frame = victim;
  e.address = info.pfn.address();
  e.write = write;
  if (e.write) e.slot = entry->has_slot() ? entry->slot() : fresh ? *fresh : TRY(swap::allocate());
  // A page read ahead that no fault has used is evicted untouched: the read-around window shrinks.
  if ((entry->flags & mm::PageEntry::kReadAhead) != 0) {
    ++counters.read_ahead_wasted;
    readaround::note_wasted(*owner);
  }
  if (!pool.begin_io(victim)) PANIC("pager: victim cannot start I/O");
  policy->on_free(victim);
  if (e.write) swap::reserve_write(e.slot);  // before the entry names the slot (see swap.h)
  if (vmtrace::enabled())
    AddressSpace::for_each_mapper(*owner, index, e.address, [&](AddressSpace& space, VirtAddr page) {
      vmtrace::record_eviction(space.owner_pid(), page, e.address, e.write);
    });
  (void)AddressSpace::unmap_everywhere(*owner, index, e.address, e.write ? &e.slot : nullptr);
  // The page leaves its owner: a slot keeps its contents; a clean page that began as zeros stays an
  // explicit zero page (an ancestor's page must not show through); anything else is rebuilt from the
  // ancestors, the image or zero fill, exactly as it was.
  bool was_zero = entry->zero();
  if (e.write || entry->has_slot()) {
    entry->frame_plus1 = 0;
    entry->flags = 0;
    if (e.write) entry->set_slot(e.slot);
  } else {
    *entry = mm::PageEntry{};
    if (was_zero) entry->flags = mm::PageEntry::kZero;
  }
  ++counters.evictions;
  if (!e.write) ++counters.writes_avoided;
  return e;
}

}  // namespace

void init(const CommandLine& cmdline) {
  log_events = cmdline.has("vmlog");
  vmtrace::init(cmdline);
  uint32_t pages = mm::kPageablePagesDefault;
  if (cmdline.has("pageable_pages")) {
    auto requested = cmdline.get_uint("pageable_pages");
    if (requested && mm::is_valid_pageable_pages(requested.value()))
      pages = requested.value();
    else
      kprint("pager: pageable_pages={} refused: the pool needs {} to {} frames ({} for the worst-case "
             "instruction); using {}\n",
             cmdline.get("pageable_pages"), mm::kMinPageableFrames, mm::kMaxPageableFrames,
             mm::kMinPageableFrames, pages);
  }
  Pfn pfns[mm::kMaxPageableFrames];
  uint32_t taken = 0;
  for (; taken < pages; ++taken) {
    auto frame = allocate_kernel_frame();
    if (!frame) break;
    pfns[taken] = frame.value().page();
  }
  if (taken < pages) {
    // A pool larger than the machine's memory is the command line's fault, not the kernel's: keep what
    // was taken, and leave the kernel a reserve of frames for page tables and its heap.
    uint32_t keep = taken > kKernelReserveFrames ? taken - kKernelReserveFrames : 0;
    if (keep < mm::kMinPageableFrames) PANIC("pager: only {} free frames; the pool needs {}", taken, mm::kMinPageableFrames);
    for (uint32_t i = keep; i < taken; ++i) free_kernel_frame(pfns[i].address());
    kprint("pager: pool of {} frames refused: only {} frames are free; using {}\n", pages, taken, keep);
    pages = keep;
  }
  if (!pool.init(pfns, pages)) PANIC("pager: pool initialisation failed");
  token = mm::PagingToken(tenure_for(pages), kTokenIdleTicks);
  StringView control = cmdline.get("loadcontrol", "on");
  if (control == "off") enforce_token = false;
  else if (control != "on") kprint("pager: loadcontrol={} refused (on or off); using on\n", control);

  StringView name = cmdline.get("policy", mm::policy_name(mm::kDefaultPolicy));
  auto kind = mm::parse_policy_name(name.data(), name.size());
  if (!kind) {
    kprint("pager: unknown policy '{}' (fifo, second-chance, enhanced, clock-pro); using {}\n", name,
           mm::policy_name(mm::kDefaultPolicy));
  }
  readaround::init(cmdline);
  policy = policy_storage.create(kind.value_or(mm::kDefaultPolicy), pool, pte_bits);
  kprint("pager: {} pageable frames, replacement policy {}\n", pages, policy->name());
  kprint("pager: load control {}: tenure {} ms, idle {} ms\n", enforce_token ? "on" : "off (sparing only)",
         token.tenure(), kTokenIdleTicks);
}

bool logging() { return log_events; }

namespace {

// One allocation's dealings with the token: its place in line while it waits, and the holder's activity
// while it evicts. Leaves the line and ends the activity however the allocation ends.
class TokenTurn {
public:
  explicit TokenTurn(const AddressSpace& faulting) : who_(&faulting) {}
  TokenTurn(const TokenTurn&) = delete;
  TokenTurn& operator=(const TokenTurn&) = delete;
  ~TokenTurn() {
    cpu::InterruptGuard guard;
    token.leave(place_);
    if (began_) token.end(who_, activity_, pit::ticks());
  }

  // Whether this allocation may evict now; false after waiting a while in line (ask again). Every
  // thread waits its turn, a killed one too: its wait is bounded by the line (it dies after its turn).
  // FIXME: letting threads with a signal to take skip the line deadlocked t_fork's kill storm (fork-29)
  // under DMA: every frame was taken for a fill by a dying thread, all blocked on the ATA channel's
  // mutex, whose holder never released it. Why the holder was stuck is not understood yet.
  // Precondition: interrupts off.
  bool may_evict() {
    uint64_t now = pit::ticks();
    if (!token.may_evict(who_, place_, now) && enforce_token) {
      token.join(place_);
      (void)io_done.wait_for(kTokenPollTicks);
      return false;
    }
    token.leave(place_);
    if (!began_) {
      activity_ = token.begin(who_, now);
      began_ = true;
    }
    return true;
  }

private:
  const void* who_;
  mm::PagingToken::Waiter place_;
  mm::PagingToken::Activity activity_;
  bool began_ = false;
};

}  // namespace

namespace {

// One eviction pass: the victim the policy chose and, when it must be written and clustering is on, the
// next victims the policy would choose that must be written too, up to one cluster (swap clustering,
// docs/vm.md). They are evicted together, the pages without a slot get neighbouring slots, and each run
// of neighbouring slots is written by one command. A victim that needs no write ends the batch without
// being evicted: the batch only ever takes pages the next faults would take one by one, and only when
// that saves commands.
struct Batch {
  Eviction evictions[mm::ClusterBuffer::kPages];
  uint32_t count = 0;
};

// Whether frame a's page comes before frame b's: by owner, then by index. Precondition: interrupts off.
bool page_before(mm::FrameIndex a, mm::FrameIndex b) {
  mm::FrameInfo x = pool.info(a).value(), y = pool.info(b).value();
  if (x.owner != y.owner) return x.owner.get() < y.owner.get();
  return x.vpn.get() < y.vpn.get();
}

// Precondition: interrupts off; `first` came from choose_victim. Errors: NoSpace (the first victim must
// be written and swap is full; nothing changed).
Result<void> detach_batch(mm::FrameIndex first, Batch& batch) {
  mm::FrameIndex chosen[mm::ClusterBuffer::kPages];
  uint32_t n = 1;
  chosen[0] = first;
  const bool first_writes = needs_write(first);
  if (readaround::swap_clustering() && first_writes) {
    // The chosen frames are pinned while the next ones are chosen, so the policy passes over them.
    if (!pool.pin(first)) PANIC("pager: cannot pin victim {}", first.get());
    while (n < mm::ClusterBuffer::kPages) {
      auto next = choose_victim_sparing_token_holder();
      if (!next || !needs_write(next.value())) break;
      if (!pool.pin(next.value())) PANIC("pager: cannot pin victim {}", next.value().get());
      chosen[n++] = next.value();
    }
    for (uint32_t i = 0; i < n; ++i) (void)pool.unpin(chosen[i]);
    // In page order, so that the fresh slots below follow the pages' indices: the hand meets a run of
    // pages in whatever order their frames were handed out (often backwards), and swap read-around
    // reads a page's successors from the following slots.
    small_sort(chosen, n, page_before);
  }
  uint32_t fresh_needed = 0;
  for (uint32_t i = 0; i < n; ++i)
    if (!entry_of(chosen[i]).has_slot()) ++fresh_needed;
  // Neighbouring slots for the pages that have none; without such a run each takes the lowest free slot.
  mm::SwapSlot run;
  bool have_run = false;
  if (fresh_needed > 1) {
    auto got = swap::allocate_run(fresh_needed);
    if (got) {
      run = got.value();
      have_run = true;
    }
  }
  uint32_t fresh_used = 0;
  for (uint32_t i = 0; i < n; ++i) {
    mm::SwapSlot slot(run.get() + fresh_used);
    bool takes_fresh = have_run && !entry_of(chosen[i]).has_slot();
    // Every page after the first was chosen because it must be written (their order changed above).
    bool write = n == 1 ? first_writes : true;
    auto e = detach_victim(chosen[i], write, takes_fresh ? &slot : nullptr);
    if (!e) {
      if (i == 0) return e.error();
      break;  // swap is full: the rest stay resident
    }
    if (takes_fresh) ++fresh_used;
    batch.evictions[batch.count++] = e.value();
  }
  for (; have_run && fresh_used < fresh_needed; ++fresh_used) swap::free(mm::SwapSlot(run.get() + fresh_used));
  return {};
}

// Writes the batch's pages that must be written, each run of neighbouring slots with one command.
void write_batch(Batch& batch) {
  // In slot order: runs are found whatever order the policy chose the pages in.
  Eviction writes[mm::ClusterBuffer::kPages];
  uint32_t n = 0;
  for (uint32_t i = 0; i < batch.count; ++i)
    if (batch.evictions[i].write) writes[n++] = batch.evictions[i];
  small_sort(writes, n, [](const Eviction& a, const Eviction& b) { return a.slot < b.slot; });
  mm::SwapSlot slots[mm::ClusterBuffer::kPages];
  PhysAddr frames[mm::ClusterBuffer::kPages];
  for (uint32_t i = 0; i < n; ++i) {
    slots[i] = writes[i].slot;
    frames[i] = writes[i].address;
  }
  for (uint32_t i = 0; i < n;) {
    // Neighbouring slots whose frames are contiguous too: one command straight from the frames. A
    // bounce copy would cost about as much as the commands it saves (16k cycles a page under icount).
    uint32_t run = mm::leading_run(slots + i, n - i, mm::ClusterBuffer::kPages);
    while (run > 1 && !mm::contiguous(frames + i, run)) --run;
    // A failed write is remembered per slot: the owner gets an I/O error when it touches the page.
    if (run > 1) (void)swap::swap_out_run(frames + i, slots + i, run);
    else (void)swap::swap_out(frames[i], slots[i]);
    cpu::InterruptGuard guard;
    counters.swap_outs += run;
    counters.sectors_written += run * mm::kSectorsPerSlot;
    if (run > 1) {
      ++counters.cluster_writes;
      counters.cluster_written_pages += run;
    }
    i += run;
  }
}

}  // namespace

Result<PhysAddr> allocate(mm::MemoryObject& owner, uint32_t index, AddressSpace& faulting) {
  TokenTurn turn(faulting);
  for (;;) {
    Batch batch;
    {
      cpu::InterruptGuard guard;
      auto free_frame = take_free(owner, index);
      if (free_frame) return free_frame;
      if (!turn.may_evict()) continue;
      auto victim = choose_victim_sparing_token_holder();
      if (!victim) {
        if (pool.under_io_count() > 0) {  // every evictable frame is busy loading or writing: wait
          io_done.wait();
          continue;
        }
        return Error::NoMemory;  // every frame is pinned
      }
      TRY(detach_batch(victim.value(), batch));
    }
    write_batch(batch);
    cpu::InterruptGuard guard;
    // Highest address first: the pool hands out the frame freed last first, so the next faults get
    // the batch's frames in ascending order, and read-around takes each next one (allocate_speculative).
    // Pages that come in in index order then sit in ascending frames, and a run of them is one buffer
    // for the disk command, both when read ahead and when written out together again (no bounce copy).
    small_sort(batch.evictions, batch.count,
               [](const Eviction& a, const Eviction& b) { return a.address > b.address; });
    for (uint32_t i = 0; i < batch.count; ++i)
      if (!pool.end_io(batch.evictions[i].frame) || !pool.free(batch.evictions[i].frame))
        PANIC("pager: cannot free evicted frame {}", batch.evictions[i].address);
    io_done.wake_all();
    // A frame just freed is the next one allocated, so this thread gets the fruit of its own work.
    auto frame = take_free(owner, index);
    if (frame) return frame;
  }
}

Result<PhysAddr> allocate_speculative(mm::MemoryObject& owner, uint32_t index, const AddressSpace& faulting,
                                      PhysAddr after, Speculative how) {
  auto next = pool.index_of(PhysAddr(after.get() + kPageSize).page());
  if (next && pool.allocate_at(next.value(), id_of(owner), Vpn(index))) {
    if (!pool.begin_io(next.value())) PANIC("pager: a fresh frame cannot start I/O");
    return PhysAddr(after.get() + kPageSize);
  }
  auto free_frame = take_free(owner, index);
  if (free_frame || how == Speculative::FreeOnly) return free_frame;
  // Evicting for read-around only in a pool that holds a whole read-around run besides the six pages of
  // the worst-case instruction (mm/config.h): in a smaller one, extra pages could push out the pages the
  // faulting instruction itself needs, and it would never complete.
  if (pool.capacity() < mm::kMinPageableFrames + mm::ClusterBuffer::kPages) return Error::Busy;
  const AddressSpace* holder = token_holder();
  if (holder != nullptr && holder != &faulting) return Error::Busy;  // someone else's turn to evict
  auto victim = choose_victim_sparing_token_holder();
  if (!victim || needs_write(victim.value())) return Error::Busy;
  Eviction e = TRY(detach_victim(victim.value(), false, nullptr));
  if (!pool.end_io(e.frame) || !pool.free(e.frame)) PANIC("pager: cannot free evicted frame {}", e.address);
  io_done.wake_all();
  return take_free(owner, index);
}

void wait_for_io() {
  cpu::InterruptGuard guard;
  if (pool.under_io_count() > 0) io_done.wait();
}

bool under_io(mm::FrameIndex frame) {
  auto info = pool.info(frame);
  return info && info.value().state == mm::FrameState::UnderIo;
}

PhysAddr address_of(mm::FrameIndex frame) { return pool.info(frame).value().pfn.address(); }
mm::FrameIndex frame_index(PhysAddr frame) { return index_of(frame); }
bool in_pool(PhysAddr frame) { return pool.index_of(frame.page()).has_value(); }
mm::PageSink& page_sink() { return page_sink_instance; }

void forget(AddressSpace& space) {
  cpu::InterruptGuard guard;
  token.forget(&space);
  io_done.wake_all();  // the line may move
}

void commit(PhysAddr frame) {
  cpu::InterruptGuard guard;
  mm::FrameIndex index = index_of(frame);
  if (!pool.end_io(index)) PANIC("pager: commit of frame {} not under I/O", frame);
  policy->on_fill(index);
  io_done.wake_all();
}

void release(PhysAddr frame) {
  cpu::InterruptGuard guard;
  mm::FrameIndex index = index_of(frame);
  auto info = pool.info(index).value();
  if (info.state == mm::FrameState::UnderIo) (void)pool.end_io(index);
  else policy->on_free(index);
  auto freed = pool.free(index);
  if (!freed) PANIC("pager: cannot free frame {}: {}", frame, freed.error());
  io_done.wake_all();
}

Result<void> pin(PhysAddr frame) {
  cpu::InterruptGuard guard;
  return pool.pin(index_of(frame));
}

void unpin(PhysAddr frame) {
  cpu::InterruptGuard guard;
  if (!pool.unpin(index_of(frame))) PANIC("pager: unpin of unpinned frame {}", frame);
}

namespace {
uint32_t locked_total = 0;
}  // namespace

uint32_t lockable_frames() {
  uint32_t capacity = pool.capacity();
  return capacity > mm::kMinPageableFrames ? capacity - mm::kMinPageableFrames : 0;
}

uint32_t locked_frames() { return locked_total; }

uint32_t frame_count() { return pool.capacity(); }
mm::FrameInfo frame_info(mm::FrameIndex frame) { return pool.info(frame).value(); }
mm::MemoryObject* frame_owner(const mm::FrameInfo& info) {
  return info.state == mm::FrameState::Free ? nullptr : owner_of(info);
}

Result<void> lock_frame(PhysAddr frame) {
  cpu::InterruptGuard guard;
  if (locked_total >= lockable_frames()) return Error::TryAgain;
  TRY(pool.pin(index_of(frame)));
  ++locked_total;
  return {};
}

Result<void> move_lock(PhysAddr from, PhysAddr to) {
  cpu::InterruptGuard guard;
  TRY(pool.pin(index_of(to)));
  if (!pool.unpin(index_of(from))) PANIC("pager: moving the lock of unpinned frame {}", from);
  return {};
}

void unlock_frame(PhysAddr frame) {
  cpu::InterruptGuard guard;
  CW_ASSERT(locked_total > 0);
  --locked_total;
  if (!pool.unpin(index_of(frame))) PANIC("pager: unlock of unpinned frame {}", frame);
}

VmCounters& global_counters() { return counters; }

void fill_vm_stat(abi::VmStat& out) {
  cpu::InterruptGuard guard;
  counters.copy_to(out);
  out.read_ahead_pages = counters.read_ahead_pages;
  out.read_ahead_wasted = counters.read_ahead_wasted;
  out.cluster_writes = counters.cluster_writes;
  out.cluster_written_pages = counters.cluster_written_pages;
  out.pageable_frames = pool.capacity();
  out.free_frames = pool.free_count();
  out.pinned_frames = pool.pinned_count();
  out.swap_slots_total = swap::slots_total();
  out.swap_slots_used = swap::slots_used();
  out.swap_slots_bad = swap::slots_bad();
  out.resident_pages = pool.used_count();
  out.memory_objects = mm::MemoryObject::live_count();
  const AddressSpace* holder = token_holder();
  out.token_holder_pid = holder ? holder->owner_pid() : 0;
  out.token_waiting = static_cast<uint32_t>(token.waiting());
  out.token_handoffs = token.handoffs();
  out.shared_pages = 0;
  out.read_ahead_resident = 0;
  for (uint32_t i = 0; i < pool.capacity(); ++i) {
    auto info = pool.info(mm::FrameIndex(i)).value();
    if (info.state == mm::FrameState::Free) continue;
    if (mm::is_shareable(*owner_of(info))) ++out.shared_pages;
    const mm::PageEntry* entry = owner_of(info)->own(info.vpn.get());
    if (info.state == mm::FrameState::InUse && entry && (entry->flags & mm::PageEntry::kReadAhead) != 0)
      ++out.read_ahead_resident;
  }
  const char* name = policy ? policy->name() : "";
  size_t i = 0;
  for (; name[i] && i + 1 < sizeof(out.policy); ++i) out.policy[i] = name[i];
  out.policy[i] = '\0';
}

}  // namespace cw::pager
