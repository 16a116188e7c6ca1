#include "mm/page_table.h"

namespace cw::mm {

namespace {

// A user PDE: present, and permissive so that the PTE alone decides (SDM Vol 3A 4.6).
constexpr uint32_t kUserPdeFlags = pte::kPresent | pte::kWritable | pte::kUser;

constexpr bool valid_flags(PageFlags flags) { return (bits(flags) & ~bits(kAllPageFlags)) == 0; }

}  // namespace

PageDirectory& PageDirectory::operator=(PageDirectory&& other) {
  if (this != &other) {
    access_ = other.access_;
    directory_ = other.directory_;
    other.access_ = nullptr;
    other.directory_ = PhysAddr();
  }
  return *this;
}

Result<PageDirectory> PageDirectory::create(PhysicalAccess& access, const uint32_t* kernel_directory) {
  if (kernel_directory == nullptr) return fail(Error::InvalidArgument);
  const PhysAddr frame = TRY(access.allocate_table());
  uint32_t* entries = access.table(frame);
  // allocate_table() promises a zeroed frame; clearing the user half again costs little and means a
  // stale frame can never leak old mappings into a new process.
  __builtin_memset(entries, 0, kUserDirectoryEntries * sizeof(uint32_t));
  __builtin_memcpy(entries + kUserDirectoryEntries, kernel_directory + kUserDirectoryEntries,
                   (pte::kEntriesPerTable - kUserDirectoryEntries) * sizeof(uint32_t));
  return PageDirectory(&access, frame);
}

uint32_t* PageDirectory::user_table(uint32_t index) const {
  const uint32_t pde = directory_entries()[index];
  if (!pte::has(pde, pte::kPresent)) return nullptr;
  return access_->table(pte::address(pde));
}

Result<uint32_t*> PageDirectory::slot(VirtAddr address, bool create) const {
  if (!is_valid() || !is_user_address(address)) return fail(Error::InvalidArgument);
  const uint32_t d = pte::directory_index(address);
  uint32_t* table = user_table(d);
  if (table == nullptr) {
    if (!create) return fail(Error::NotFound);
    const PhysAddr frame = TRY(access_->allocate_table());
    table = access_->table(frame);
    __builtin_memset(table, 0, pte::kEntriesPerTable * sizeof(uint32_t));
    directory_entries()[d] = pte::make(frame, kUserPdeFlags);
  }
  return table + pte::table_index(address);
}

Result<void> PageDirectory::map(VirtAddr page, PhysAddr frame, PageFlags flags) {
  if (!page.is_page_aligned() || !frame.is_page_aligned() || !valid_flags(flags)) {
    return fail(Error::InvalidArgument);
  }
  // Check before allocating, so an Exists error never leaves a fresh empty table behind.
  Result<uint32_t*> existing = slot(page, false);
  uint32_t* entry = nullptr;
  if (existing) {
    entry = existing.value();
    if (pte::has(*entry, pte::kPresent)) return fail(Error::Exists);
  } else {
    if (existing.error() != Error::NotFound) return fail(existing.error());
    entry = TRY(slot(page, true));
  }
  *entry = pte::make(frame, bits(flags) | pte::kPresent);
  return {};
}

Result<Mapping> PageDirectory::unmap(VirtAddr page) {
  uint32_t* entry = TRY(slot(page, false));
  const EntryView old = decode_entry(*entry);
  if (old.kind != EntryKind::Present) return fail(Error::NotFound);
  *entry = 0;
  return old.mapping;
}

Result<Mapping> PageDirectory::lookup(VirtAddr address) const {
  const EntryView view = TRY(inspect(address));
  if (view.kind != EntryKind::Present) return fail(Error::NotFound);
  return view.mapping;
}

Result<EntryView> PageDirectory::inspect(VirtAddr address) const {
  Result<uint32_t*> entry = slot(address, false);
  if (!entry) {
    if (entry.error() == Error::NotFound) return EntryView{};
    return fail(entry.error());
  }
  return decode_entry(*entry.value());
}

Result<Mapping> PageDirectory::set_flags(VirtAddr page, PageFlags flags) {
  if (!valid_flags(flags)) return fail(Error::InvalidArgument);
  uint32_t* entry = TRY(slot(page, false));
  const EntryView old = decode_entry(*entry);
  if (old.kind != EntryKind::Present) return fail(Error::NotFound);
  *entry |= bits(flags);
  return old.mapping;
}

Result<Mapping> PageDirectory::clear_flags(VirtAddr page, PageFlags flags) {
  if (!valid_flags(flags)) return fail(Error::InvalidArgument);
  uint32_t* entry = TRY(slot(page, false));
  const EntryView old = decode_entry(*entry);
  if (old.kind != EntryKind::Present) return fail(Error::NotFound);
  *entry &= ~bits(flags);
  return old.mapping;
}

Result<EntryView> PageDirectory::set_not_present_info(VirtAddr page, uint32_t info) {
  if (info > kMaxNotPresentInfo) return fail(Error::InvalidArgument);
  uint32_t* entry = TRY(slot(page, true));
  const EntryView old = decode_entry(*entry);
  *entry = make_info_entry(info);
  return old;
}

Result<uint32_t> PageDirectory::not_present_info(VirtAddr page) const {
  const EntryView view = TRY(inspect(page));
  if (view.kind != EntryKind::Info) return fail(Error::NotFound);
  return view.info;
}

Result<uint32_t*> PageDirectory::entry(VirtAddr address) { return slot(address, false); }

void PageDirectory::free_user_tables() {
  if (!is_valid()) return;
  uint32_t* directory = directory_entries();
  for (uint32_t d = 0; d < kUserDirectoryEntries; ++d) {
    if (pte::has(directory[d], pte::kPresent)) access_->free_table(pte::address(directory[d]));
    directory[d] = 0;
  }
}

Result<void> PageDirectory::release() {
  if (!is_valid()) return fail(Error::InvalidArgument);
  if (user_table_count() != 0) return fail(Error::Busy);
  access_->free_table(directory_);
  access_ = nullptr;
  directory_ = PhysAddr();
  return {};
}

uint32_t PageDirectory::user_table_count() const {
  if (!is_valid()) return 0;
  const uint32_t* directory = directory_entries();
  uint32_t count = 0;
  for (uint32_t d = 0; d < kUserDirectoryEntries; ++d) {
    if (pte::has(directory[d], pte::kPresent)) ++count;
  }
  return count;
}

void format_mapping_line(FormatSink& sink, VirtAddr page, const Mapping& mapping) {
  const char flags[] = {
      mapping.user() ? 'U' : 'S', '-', mapping.writable() ? 'W' : 'R', ' ',
      mapping.accessed ? 'A' : '-', mapping.dirty ? 'D' : '-', '\0',
  };
  format(sink, "{} -> {} {}", page, mapping.frame, static_cast<const char*>(flags));
  if (has(mapping.flags, PageFlags::WriteThrough)) sink.write(" WT", 3);
  if (has(mapping.flags, PageFlags::CacheDisable)) sink.write(" CD", 3);
}

size_t format_mapping_line(char* buffer, size_t capacity, VirtAddr page, const Mapping& mapping) {
  BufferSink sink(buffer, capacity);
  format_mapping_line(sink, page, mapping);
  return sink.size();
}

}  // namespace cw::mm
