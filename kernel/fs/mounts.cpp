#include "kernel/fs/mounts.h"

#include "kernel/fs/program_store.h"
#include "lib/proc_text.h"
#include "mm/pager.h"
#include "lib/abi/structs.h"

namespace cw::fs {

namespace {

inline constexpr uint32_t kBlockSize = 4096;
inline constexpr uint32_t kNameLengthMax = 255;  // NAME_MAX: what the walk accepts for one component

struct Mount {
  FsDevice device;
  const char* dir;
  const char* type;
  const char* options;  // as /proc/mounts shows them; matches `flags`
  uint32_t magic;
  uint32_t flags;
};

constexpr Mount kMounts[] = {
    {FsDevice::Root, "/", "rootfs", "ro", abi::kRamfsMagic, abi::kStRdonly},
    {FsDevice::Bin, "/bin", "clockwork", "ro", abi::kClockworkFsMagic, abi::kStRdonly},
    {FsDevice::Dev, "/dev", "devtmpfs", "ro,nosuid", abi::kTmpfsMagic, abi::kStRdonly | abi::kStNosuid},
    {FsDevice::Proc, "/proc", "proc", "rw,nosuid,nodev,noexec", abi::kProcSuperMagic,
     abi::kStNosuid | abi::kStNodev | abi::kStNoexec},
    {FsDevice::Tmp, "/tmp", "tmpfs", "rw,nosuid,nodev", abi::kTmpfsMagic, abi::kStNosuid | abi::kStNodev},
};

const Mount* mount_of(uint32_t device) {
  for (const Mount& m : kMounts)
    if (device_number(m.device) == device) return &m;
  return nullptr;
}

// Blocks of the system partition, and those up to the end of its last program.
void program_store_blocks(abi::Statfs64& out) {
  block::Partition* partition = programs::system_partition();
  if (!partition) return;
  uint64_t bytes = partition->sector_count() * 512;
  uint64_t used = 0;
  for (size_t i = 0; i < programs::count(); ++i) {
    const disk::ProgramEntry& p = programs::at(i);
    uint64_t end = static_cast<uint64_t>(p.start) * 512 + p.size;
    if (end > used) used = end;
  }
  out.f_blocks = bytes / kBlockSize;
  uint64_t used_blocks = (used + kBlockSize - 1) / kBlockSize;
  out.f_bfree = out.f_blocks > used_blocks ? out.f_blocks - used_blocks : 0;
  out.f_bavail = out.f_bfree;
  out.f_files = programs::count();
}

void tmpfs_blocks(abi::Statfs64& out) {
  abi::VmStat vm{};
  pager::fill_vm_stat(vm);
  uint64_t free_slots = vm.swap_slots_total - vm.swap_slots_used - vm.swap_slots_bad;
  out.f_blocks = static_cast<uint64_t>(vm.pageable_frames) + vm.swap_slots_total;
  out.f_bfree = vm.free_frames + free_slots;
  out.f_bavail = out.f_bfree;
}

}  // namespace

abi::Statfs64 statfs_of(const Node& node) {
  abi::Statfs64 out{};
  out.f_bsize = kBlockSize;
  out.f_frsize = kBlockSize;
  out.f_namelen = kNameLengthMax;
  out.f_fsid[0] = static_cast<int32_t>(node.device());
  out.f_flags = abi::kStValid;
  const Mount* m = mount_of(node.device());
  if (!m) return out;
  out.f_type = m->magic;
  out.f_flags |= m->flags;
  if (m->device == FsDevice::Bin) program_store_blocks(out);
  if (m->device == FsDevice::Tmp) tmpfs_blocks(out);
  return out;
}

void write_mounts(FormatSink& sink) {
  char device[24];
  for (const Mount& m : kMounts) {
    StringView source(m.type);  // Linux names a virtual file system's source after its type
    if (m.device == FsDevice::Bin && programs::system_partition()) {
      size_t n = format_to(device, sizeof(device), "/dev/{}", programs::system_partition()->name());
      source = StringView(device, n);
    }
    proc_text::write_mount_line(sink, {source, m.dir, m.type, m.options});
  }
}

}  // namespace cw::fs
