#include "lib/tls_descriptor.h"

namespace cw::tls {

namespace {

using abi::UserDesc;

// Descriptor fields (Intel SDM Vol 3A 3.4.5): type in bits 40-43, S 44, DPL 45-46, P 47, AVL 52, D/B 54,
// G 55. Data-segment type bits (Vol 3A 3.4.5.1): accessed 0, writable 1, expand-down 2.
inline constexpr uint64_t kAccessed = 1ull << 40;
inline constexpr uint64_t kWritable = 1ull << 41;
inline constexpr uint64_t kCodeOrData = 1ull << 44;
inline constexpr uint64_t kDpl3 = 3ull << 45;
inline constexpr uint64_t kPresent = 1ull << 47;
inline constexpr uint64_t kAvailable = 1ull << 52;
inline constexpr uint64_t kSize32 = 1ull << 54;
inline constexpr uint64_t kGranularity4K = 1ull << 55;
inline constexpr uint32_t kTypeShift = 40;

}  // namespace

bool clears_slot(const UserDesc& d) {
  bool empty_form = d.base_addr == 0 && d.limit == 0 &&
                    (d.flags & abi::kUserDescKnownBits) == (abi::kUserDescReadExecOnly | abi::kUserDescSegNotPresent);
  bool zero_form = d.base_addr == 0 && d.limit == 0 && (d.flags & abi::kUserDescKnownBits) == 0;
  return empty_form || zero_form;
}

bool acceptable(const UserDesc& d) {
  if (clears_slot(d)) return true;
  // 16-bit segments need espfix, which Linux offers only for LDT segments.
  if (!d.bit(abi::kUserDescSeg32Bit)) return false;
  if (d.contents() > 1) return false;  // data segments only
  // Not-present DPL 3 segments are attack surface Linux refuses; deleting the entry is the way to clear.
  if (d.bit(abi::kUserDescSegNotPresent)) return false;
  return true;
}

uint64_t encode(const UserDesc& d) {
  if (clears_slot(d)) return 0;
  uint64_t base = d.base_addr, limit = d.limit;
  uint64_t v = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | ((limit & 0xF0000) << 32) | ((base >> 24) << 56);
  v |= kAccessed | kCodeOrData | kDpl3;
  v |= static_cast<uint64_t>(d.contents()) << (kTypeShift + 2);
  if (!d.bit(abi::kUserDescReadExecOnly)) v |= kWritable;
  if (!d.bit(abi::kUserDescSegNotPresent)) v |= kPresent;
  if (d.bit(abi::kUserDescUseable)) v |= kAvailable;
  if (d.bit(abi::kUserDescSeg32Bit)) v |= kSize32;
  if (d.bit(abi::kUserDescLimitInPages)) v |= kGranularity4K;
  return v;
}

UserDesc decode(uint32_t entry, uint64_t v) {
  UserDesc d{};
  d.entry_number = entry;
  d.base_addr = static_cast<uint32_t>(((v >> 16) & 0xFFFFFF) | ((v >> 56) << 24));
  d.limit = static_cast<uint32_t>((v & 0xFFFF) | ((v >> 32) & 0xF0000));
  uint32_t type = static_cast<uint32_t>(v >> kTypeShift) & 0xF;
  if (v & kSize32) d.flags |= abi::kUserDescSeg32Bit;
  d.flags |= (type >> 2) << abi::kUserDescContentsShift;
  if (!(type & 2)) d.flags |= abi::kUserDescReadExecOnly;
  if (v & kGranularity4K) d.flags |= abi::kUserDescLimitInPages;
  if (!(v & kPresent)) d.flags |= abi::kUserDescSegNotPresent;
  if (v & kAvailable) d.flags |= abi::kUserDescUseable;
  return d;
}

Result<uint32_t> free_entry(const Slots& slots) {
  for (uint32_t i = 0; i < kEntries; ++i)
    if (slots.descriptor[i] == 0) return kFirstEntry + i;
  return Error::NoProcess;
}

Result<uint32_t> set(Slots& slots, const UserDesc& desc) {
  if (!acceptable(desc)) return Error::InvalidArgument;
  uint32_t entry = desc.entry_number;
  if (entry == UINT32_MAX) entry = TRY(free_entry(slots));
  if (entry < kFirstEntry || entry > kLastEntry) return Error::InvalidArgument;
  slots.descriptor[entry - kFirstEntry] = encode(desc);
  return entry;
}

}  // namespace cw::tls
