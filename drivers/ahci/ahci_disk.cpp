#include "drivers/ahci/ahci_disk.h"

#include "drivers/ahci/ahci_regs.h"
#include "drivers/ata/ata_regs.h"
#include "drivers/ata/ata_wait.h"
#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "kernel/sync/lock_guard.h"
#include "lib/disk_format.h"
#include "mm/kernel_layout.h"
#include "mm/physical_memory.h"

namespace cw::ahci {

namespace {

// Where the port's structures sit in its frame (alignments of AHCI 1.3.1 sections 3.3.1, 3.3.3, 4.2.2).
inline constexpr uint32_t kReceivedFisOffset = 0x400;  // 256-byte aligned
inline constexpr uint32_t kTableOffset = 0x500;        // 128-byte aligned
inline constexpr uint32_t kPrdtOffset = 0x80;          // in the command table, after CFIS and ACMD
inline constexpr uint32_t kPrdtCapacity = 8;
inline constexpr uint32_t kStopTimeoutMs = 500;        // section 10.1.2: CR clears within 500 ms
inline constexpr uint32_t kCommandTimeoutMs = 10000;
inline constexpr uint32_t kFlushTimeoutMs = 30000;
inline constexpr uint32_t kSpinPolls = 1000;  // polls before a polled wait starts yielding

// The HBA must see the command table before the command is issued, and the CPU must read the buffer
// only after the HBA said it is done: the compiler may not move memory accesses across these points.
inline void barrier() { asm volatile("" ::: "memory"); }

}  // namespace

uint32_t AhciDisk::reg(uint32_t offset) const {
  return *reinterpret_cast<volatile uint32_t*>(port_regs_ + offset);
}

void AhciDisk::set_reg(uint32_t offset, uint32_t value) const {
  *reinterpret_cast<volatile uint32_t*>(port_regs_ + offset) = value;
}

Result<void> AhciDisk::stop() {
  set_reg(kPxCmd, reg(kPxCmd) & ~kCmdStart);
  uint64_t deadline = ata::now_ms() + kStopTimeoutMs + 1;
  while ((reg(kPxCmd) & kCmdListRunning) != 0) {
    if (ata::now_ms() >= deadline) return fail(Error::TimedOut);
    ata::relax();
  }
  set_reg(kPxCmd, reg(kPxCmd) & ~kCmdFisReceive);
  while ((reg(kPxCmd) & kCmdFisRunning) != 0) {
    if (ata::now_ms() >= deadline) return fail(Error::TimedOut);
    ata::relax();
  }
  return {};
}

void AhciDisk::start() {
  set_reg(kPxSerr, 0xFFFFFFFF);
  set_reg(kPxIs, 0xFFFFFFFF);
  set_reg(kPxCmd, reg(kPxCmd) | kCmdFisReceive);
  set_reg(kPxCmd, reg(kPxCmd) | kCmdStart);
}

void AhciDisk::enable_interrupts() {
  set_reg(kPxIs, 0xFFFFFFFF);
  set_reg(kPxIe, kIeCompletion);
  interrupts_ = true;
}

void AhciDisk::handle_irq() {
  uint32_t is = reg(kPxIs);
  set_reg(kPxIs, is);
  irq_status_ = irq_status_ | is;
  (void)completion_.signal_from_irq();  // nobody waiting: the late interrupt of a timed-out command
}

bool AhciDisk::ended() const {
  return ((reg(kPxIs) | irq_status_) & kIsTaskFileError) != 0 || (reg(kPxCi) & 1) == 0;
}

Result<void> AhciDisk::wait_end(uint64_t deadline) {
  for (uint32_t polls = 0;; ++polls) {
    if (interrupts_) completion_.arm();  // before the check: an interrupt after it is not lost
    if (ended()) return {};
    uint64_t now = ata::now_ms();
    if (now >= deadline) return fail(Error::TimedOut);
    if (interrupts_) {
      (void)completion_.wait(static_cast<uint32_t>(deadline - now));
    } else if (polls >= kSpinPolls) {
      ata::relax();
    }
  }
}

Result<void> AhciDisk::init(VirtAddr abar, uint32_t port, StringView name) {
  port_ = port;
  port_regs_ = reinterpret_cast<volatile uint8_t*>(abar.get() + kPortBase + kPortStride * port);
  uint32_t ssts = reg(kPxSsts);
  if ((ssts & 0xF) != kSstsDetPresent || ((ssts >> 8) & 0xF) != kSstsIpmActive) return fail(Error::NoDevice);
  if (reg(kPxSig) != kSigAta) return fail(Error::NoDevice);
  TRY(stop());
  memory_ = TRY(allocate_kernel_frame());
  Result<PhysAddr> bounce = allocate_kernel_frame();
  if (!bounce) {
    free_kernel_frame(memory_);
    return bounce.error();
  }
  bounce_ = bounce.value();
  memory_bytes_ = frame_bytes(memory_);
  bounce_bytes_ = frame_bytes(bounce_);
  set_reg(kPxClb, memory_.get());
  set_reg(kPxClbu, 0);
  set_reg(kPxFb, memory_.get() + kReceivedFisOffset);
  set_reg(kPxFbu, 0);
  set_reg(kPxIe, 0);
  start();
  TRY(set_name(name));

  TRY(run(ata::kCmdIdentifyDevice, 0, 0, bounce_, block::kSectorSize, false));
  uint16_t words[ata::kIdentifyWords];
  __builtin_memcpy(words, bounce_bytes_, sizeof words);
  identity_ = TRY(ata::parse_identify(words));
  // Only the EXT commands are used.
  if (!identity_.lba48) return fail(Error::NotImplemented);
  return {};
}

Result<void> AhciDisk::run(uint8_t command, uint64_t lba, uint16_t count, PhysAddr data, uint32_t bytes,
                           bool write) {
  uint64_t deadline = ata::now_ms() + (command == ata::kCmdFlushCacheExt ? kFlushTimeoutMs : kCommandTimeoutMs) + 1;
  // The device must not be busy before a command is issued (section 5.3.2.1, BSY and DRQ clear).
  while ((reg(kPxTfd) & (ata::kStatusBsy | ata::kStatusDrq)) != 0) {
    if (ata::now_ms() >= deadline) return fail(Error::TimedOut);
    ata::relax();
  }
  uint8_t* table = memory_bytes_ + kTableOffset;
  auto* prdt = reinterpret_cast<PrdtEntry*>(table + kPrdtOffset);
  uint32_t entries = bytes == 0 ? 0 : TRY(build_prdt(data.get(), bytes, prdt, kPrdtCapacity));
  build_command_fis(table, command, lba, count);
  *reinterpret_cast<CommandHeader*>(memory_bytes_) = make_header(memory_.get() + kTableOffset, entries, write);
  ++commands_;
  barrier();
  {
    cpu::InterruptGuard guard;
    irq_status_ = 0;
    set_reg(kPxIs, 0xFFFFFFFF);
  }
  set_reg(kPxCi, 1);
  if (!wait_end(deadline)) {
    kprint("{}: command {:#04x} lba {} count {} timed out (PxTFD {:#x}), restarting the port\n", this->name(),
           command, lba, count, reg(kPxTfd));
    (void)stop();
    start();
    return fail(Error::TimedOut);
  }
  barrier();
  uint32_t is, tfd = reg(kPxTfd);
  {
    cpu::InterruptGuard guard;
    is = reg(kPxIs) | irq_status_;
    set_reg(kPxIs, is);
  }
  if ((is & kIsTaskFileError) != 0 || (tfd & (ata::kStatusErr | ata::kStatusDf)) != 0) {
    kprint("{}: command {:#04x} lba {} count {} failed: status {:#04x} error {:#04x}\n", this->name(), command,
           lba, count, tfd & 0xFF, (tfd >> 8) & 0xFF);
    // A task-file error stops the port's command processing until it is restarted (section 6.2.2.1).
    (void)stop();
    start();
    return fail(Error::Io);
  }
  return {};
}

// Precondition: the caller holds lock_.
Result<void> AhciDisk::transfer(uint64_t lba, uint32_t n, uint8_t* into, const uint8_t* from) {
  bool write = from != nullptr;
  const uint8_t* data = write ? from : into;
  uint8_t command = write ? ata::kCmdWriteDmaExt : ata::kCmdReadDmaExt;
  uint32_t bytes = n * block::kSectorSize;
  if ((reinterpret_cast<uint32_t>(data) & 1) == 0 && in_direct_map(data, bytes))
    return run(command, lba, static_cast<uint16_t>(n), virt_to_phys(VirtAddr(reinterpret_cast<uint32_t>(data))),
               bytes, write);
  for (uint32_t done = 0; done < n;) {
    uint32_t k = n - done < disk::kSectorsPerPage ? n - done : disk::kSectorsPerPage;
    uint32_t offset = done * block::kSectorSize;
    if (write) __builtin_memcpy(bounce_bytes_, from + offset, k * block::kSectorSize);
    TRY(run(command, lba + done, static_cast<uint16_t>(k), bounce_, k * block::kSectorSize, write));
    if (!write) __builtin_memcpy(into + offset, bounce_bytes_, k * block::kSectorSize);
    done += k;
  }
  return {};
}

Result<void> AhciDisk::do_read(uint64_t lba, uint32_t count, void* buffer) {
  LockGuard owner(lock_);
  auto* out = static_cast<uint8_t*>(buffer);
  while (count > 0) {
    uint32_t n = count < ata::kMaxSectorsPerCommand ? count : ata::kMaxSectorsPerCommand;
    TRY(transfer(lba, n, out, nullptr));
    lba += n;
    count -= n;
    out += n * block::kSectorSize;
  }
  return {};
}

Result<void> AhciDisk::do_write(uint64_t lba, uint32_t count, const void* buffer, block::Durability durability) {
  LockGuard owner(lock_);
  const auto* in = static_cast<const uint8_t*>(buffer);
  while (count > 0) {
    uint32_t n = count < ata::kMaxSectorsPerCommand ? count : ata::kMaxSectorsPerCommand;
    TRY(transfer(lba, n, nullptr, in));
    lba += n;
    count -= n;
    in += n * block::kSectorSize;
  }
  if (!identity_.flush_cache_ext || durability == block::Durability::ThisBoot) return {};
  return run(ata::kCmdFlushCacheExt, 0, 0, PhysAddr(), 0, false);
}

}  // namespace cw::ahci
