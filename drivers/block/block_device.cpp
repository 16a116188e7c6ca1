#include "drivers/block/block_device.h"

namespace cw::block {

Result<void> BlockDevice::check_range(uint64_t lba, uint32_t count) const {
  uint64_t size = sector_count();
  // Written so nothing can wrap: lba <= size first, then count against what is left.
  if (lba > size || count > size - lba) return fail(Error::Range);
  return {};
}

Result<void> BlockDevice::read(uint64_t lba, uint32_t count, void* buffer) {
  if (buffer == nullptr) return fail(Error::InvalidArgument);
  TRY(check_range(lba, count));
  if (count == 0) return {};
  return do_read(lba, count, buffer);
}

Result<void> BlockDevice::write(uint64_t lba, uint32_t count, const void* buffer, Durability durability) {
  if (buffer == nullptr) return fail(Error::InvalidArgument);
  TRY(check_range(lba, count));
  if (count == 0) return {};
  return do_write(lba, count, buffer, durability);
}

Result<void> BlockDevice::set_name(StringView name) {
  if (name.empty() || name.size() >= kNameMax) return fail(Error::InvalidArgument);
  for (size_t i = 0; i < name.size(); ++i) name_[i] = name[i];
  name_[name.size()] = '\0';
  return {};
}

Result<void> Partition::attach(BlockDevice& parent, uint64_t first, uint64_t count, uint8_t type,
                               uint8_t index, StringView name) {
  if (parent_ != nullptr) return fail(Error::Busy);
  if (count == 0) return fail(Error::Range);
  TRY(parent.check_range(first, 0));
  // The window's size is not limited to 32 bits, so compare against what is left of the parent.
  if (count > parent.sector_count() - first) return fail(Error::Range);
  TRY(set_name(name));
  parent_ = &parent;
  first_ = first;
  count_ = count;
  type_ = type;
  index_ = index;
  return {};
}

Result<void> Partition::do_read(uint64_t lba, uint32_t count, void* buffer) {
  // check_range() bounded lba + count by count_, and attach() bounded first_ + count_ by the parent's
  // size, so the translated request is in range and cannot wrap; the parent checks again anyway.
  return parent_->read(first_ + lba, count, buffer);
}

Result<void> Partition::do_write(uint64_t lba, uint32_t count, const void* buffer, Durability durability) {
  return parent_->write(first_ + lba, count, buffer, durability);
}

}  // namespace cw::block
