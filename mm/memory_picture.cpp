#include "mm/memory_picture.h"

#include "kernel/arch/cpu.h"
#include "mm/address_space.h"
#include "mm/memory_object.h"
#include "mm/pager.h"

namespace cw::mm {

namespace {

inline constexpr uint32_t kMaxMappers = 255;

abi::FrameCell describe(FrameIndex frame) {
  cpu::InterruptGuard guard;
  FrameInfo info = pager::frame_info(frame);
  abi::FrameCell cell{0, abi::FrameUse::Free, 0, info.pins};
  MemoryObject* owner = pager::frame_owner(info);
  if (!owner) return cell;
  uint32_t mappers = 0;
  AddressSpace::for_each_mapper(*owner, info.vpn.get(), info.pfn.address(), [&](AddressSpace& space, VirtAddr) {
    if (mappers++ == 0) cell.pid = space.owner_pid();
  });
  cell.mappers = static_cast<uint8_t>(mappers < kMaxMappers ? mappers : kMaxMappers);
  if (info.state == FrameState::UnderIo) cell.use = abi::FrameUse::UnderIo;
  else cell.use = mappers > 0 ? abi::FrameUse::Mapped : abi::FrameUse::Cached;
  return cell;
}

}  // namespace

uint32_t describe_frames(abi::FrameCell* out, uint32_t max) {
  uint32_t count = pager::frame_count();
  for (uint32_t i = 0; i < count && i < max; ++i) out[i] = describe(FrameIndex(i));
  return count;
}

uint32_t describe_pages(const AddressSpace& space, abi::PageRun* out, uint32_t max) {
  cpu::InterruptGuard guard;  // the pager changes entries and objects from interrupt-driven I/O paths
  return space.describe_pages(out, max);
}

}  // namespace cw::mm
