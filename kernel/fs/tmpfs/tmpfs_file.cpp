#include "kernel/fs/tmpfs/tmpfs_file.h"

#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/syscall/user_memory.h"
#include "mm/file_pages.h"
#include "mm/kernel_layout.h"
#include "mm/memory_object.h"
#include "mm/object_io.h"
#include "mm/pager.h"
#include "mm/swap.h"

namespace cw::fs::tmpfs {

namespace {

// What a page never written reads as (only ever read). Not const, so that it goes to .bss: a const one
// is 4 KiB more of the boot image that stage 2 must read and checksum at every boot.
uint8_t zero_page[mm::kFilePageSize];

// /tmp may not take the last eighth of swap for new pages, nor the slots the pool's pages will need when
// they are written out (every frame may hold a dirty page that has no slot yet). Linux's tmpfs takes at
// most half of RAM by default for the same reason: the processes' own pages need somewhere to go, and a
// full /tmp should be ENOSPC for the writer, not "out of swap space" for whoever faults next. Without
// swap the pool is the only limit.
bool room_for_a_new_page() {
  uint32_t total = swap::slots_total();
  if (total == 0) return true;
  uint32_t free = total - swap::slots_used();
  return free > total / 8 + pager::frame_count();
}

// A short transfer is a success, as read(2) and write(2) report the bytes moved before an error;
// nothing moved is the error.
Result<uint32_t> moved_or_error(uint32_t done, const Result<void>& status) {
  if (!status && done == 0) return status.error();
  return done;
}

}  // namespace

Result<TmpfsFile*> TmpfsFile::create(uint32_t permissions, Node& parent) {
  mm::MemoryObject* object = TRY(mm::MemoryObject::create(mm::ObjectKind::Anonymous));
  object->mark_shared();
  object->set_page_limit(0);  // empty: a mapping of it has no page yet (SIGBUS beyond)
  auto file = try_new<TmpfsFile>(permissions, parent, object);
  if (!file) {
    cpu::InterruptGuard guard;
    object->unref(pager::page_sink());
    return file.error();
  }
  object->set_backer(static_cast<const Node*>(file.value()));  // /proc/PID/maps names mappings by it
  return file.value();
}

TmpfsFile::~TmpfsFile() {
  cpu::InterruptGuard guard;
  object_->set_backer(nullptr);  // a mapping may keep the object: it no longer has a file to name
  object_->unref(pager::page_sink());
}

Result<uint32_t> TmpfsFile::read_at(uint64_t offset, uint32_t address, uint32_t length) {
  LockGuard guard(lock_);
  AddressSpace& space = syscall::current_space();
  mm::FileChunks chunks(offset, mm::readable_bytes(size_, offset, length));
  mm::FileChunk chunk;
  uint32_t done = 0;
  Result<void> status;
  while (status && chunks.next(&chunk)) {
    VirtAddr to(address + chunk.position);
    if (!mm::has_contents(*object_, chunk.index)) {
      status = space.copy_out(to, zero_page + chunk.offset, chunk.length);
    } else {
      auto frame = mm::pin_page(*object_, chunk.index, space);
      if (!frame) {
        status = frame.error();
        break;
      }
      status = space.copy_out(to, frame_bytes(frame.value()) + chunk.offset, chunk.length);
      mm::unpin_page(*object_, chunk.index, frame.value(), false);
    }
    if (status) done += chunk.length;
  }
  if (length > 0) note_access();  // Linux's filemap_read: file_accessed, even at the end of the file
  return moved_or_error(done, status);
}

Result<uint32_t> TmpfsFile::write_at(uint64_t offset, uint32_t address, uint32_t length) {
  LockGuard guard(lock_);
  AddressSpace& space = syscall::current_space();
  mm::FileChunks chunks(offset, TRY(mm::writable_bytes(offset, length)));
  // Linux's __generic_file_write_iter: file_update_time once the write is allowed, before the copy.
  if (length > 0) stamp(kStampModified | kStampChanged);
  mm::FileChunk chunk;
  uint32_t done = 0;
  Result<void> status;
  while (status && chunks.next(&chunk)) {
    if (!mm::has_contents(*object_, chunk.index) && !room_for_a_new_page()) {
      status = Error::NoSpace;
      break;
    }
    auto frame = mm::pin_page(*object_, chunk.index, space);
    if (!frame) {
      status = frame.error();
      break;
    }
    status = space.copy_in(frame_bytes(frame.value()) + chunk.offset, VirtAddr(address + chunk.position),
                           chunk.length);
    // A failed copy may have stored part of the chunk: the page counts as written either way.
    mm::unpin_page(*object_, chunk.index, frame.value(), true);
    if (!status) break;
    done += chunk.length;
    uint64_t end = offset + done;
    if (end > size_) set_size(end);
  }
  return moved_or_error(done, status);
}

Result<void> TmpfsFile::get_write_access() {
  cpu::InterruptGuard guard;
  if (write_count_ < 0) return Error::TextBusy;
  ++write_count_;
  return {};
}

void TmpfsFile::put_write_access() {
  cpu::InterruptGuard guard;
  --write_count_;
}

Result<void> TmpfsFile::add_runner() {
  {
    cpu::InterruptGuard guard;
    if (write_count_ > 0) return Error::TextBusy;
    --write_count_;
  }
  ref();
  return {};
}

void TmpfsFile::remove_runner() {
  {
    cpu::InterruptGuard guard;
    ++write_count_;
  }
  unref();  // may delete the file (unlinked, and nothing else holds it)
}

void TmpfsFile::set_size(uint64_t size) {
  size_ = size;
  cpu::InterruptGuard guard;  // the fault path reads the limit with interrupts off
  object_->set_page_limit(static_cast<uint32_t>((size + kPageSize - 1) / kPageSize));
}

Result<void> TmpfsFile::truncate(uint64_t size) {
  if (size > mm::kMaxObjectFileSize) return Error::FileTooBig;
  LockGuard guard(lock_);
  mm::TruncatePlan plan = mm::plan_truncate(size_, size);
  if (plan.zero_tail && mm::has_contents(*object_, plan.tail_index)) {
    // The bytes past the new end must read as zeros if the file grows again (mm/file_pages.h).
    PhysAddr frame = TRY(mm::pin_page(*object_, plan.tail_index, syscall::current_space()));
    __builtin_memset(frame_bytes(frame) + plan.tail_offset, 0, mm::kFilePageSize - plan.tail_offset);
    mm::unpin_page(*object_, plan.tail_index, frame, true);
  }
  TRY(mm::drop_pages(*object_, plan.first_dropped, plan.dropped));
  // Linux's shmem_setattr: mtime and ctime only when the size changes (ftruncate and O_TRUNC add their
  // own, mark_modified).
  if (size != size_) stamp(kStampModified | kStampChanged);
  set_size(size);
  return {};
}

}  // namespace cw::fs::tmpfs
