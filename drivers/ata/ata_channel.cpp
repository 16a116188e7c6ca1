#include "drivers/ata/ata_channel.h"

#include "drivers/ata/ata_regs.h"
#include "kernel/arch/cpu.h"
#include "kernel/print.h"

namespace cw::ata {

namespace {

// Timeouts. ATA/ATAPI-6 allows a device up to 31 s to leave BSY after a reset; ordinary commands on a
// spinning disk finish within a few seconds even after a spin-up; a cache flush may write a lot.
inline constexpr uint32_t kSelectTimeoutMs = 1000;
inline constexpr uint32_t kProbeTimeoutMs = 2000;
inline constexpr uint32_t kBlockTimeoutMs = 10000;
inline constexpr uint32_t kResetTimeoutMs = 31000;
inline constexpr uint32_t kSpinPolls = 1000;  // polls before a wait starts giving up the CPU

bool is_signature(uint8_t mid, uint8_t high, uint8_t want_mid, uint8_t want_high) {
  return mid == want_mid && high == want_high;
}

}  // namespace

uint8_t Channel::read_reg(uint16_t reg) const { return cpu::inb(static_cast<uint16_t>(command_base_ + reg)); }
void Channel::write_reg(uint16_t reg, uint8_t value) const {
  cpu::outb(static_cast<uint16_t>(command_base_ + reg), value);
}
uint8_t Channel::alt_status() const { return cpu::inb(control_base_); }

void Channel::delay_400ns() const {
  // Each read of Alternate Status takes at least 100 ns on the ISA-compatible bus; five leave a margin.
  for (int i = 0; i < 5; ++i) (void)alt_status();
}

void Channel::set_interrupts(bool enabled) {
  control_ = enabled ? 0 : kControlNien;
  cpu::outb(control_base_, control_);
}

Result<uint8_t> Channel::wait_not_busy(uint32_t timeout_ms) const {
  uint64_t deadline = now_ms() + timeout_ms + 1;
  for (uint32_t polls = 0;; ++polls) {
    uint8_t status = alt_status();
    if ((status & kStatusBsy) == 0) return status;
    if (now_ms() >= deadline) return fail(Error::TimedOut);
    if (polls >= kSpinPolls) relax();
  }
}

Result<void> Channel::select(uint8_t device) {
  // Device selection protocol: BSY = 0 and DRQ = 0 before and after writing the Device register.
  uint8_t status = TRY(wait_not_busy(kSelectTimeoutMs));
  if ((status & kStatusDrq) != 0) return fail(Error::Io);
  write_reg(kRegDevice, device);
  delay_400ns();
  status = TRY(wait_not_busy(kSelectTimeoutMs));
  if ((status & kStatusDrq) != 0) return fail(Error::Io);
  return {};
}

void Channel::write_task_file(const Command& cmd) {
  if (cmd.ext) {
    // 48-bit: each register is a two-deep FIFO; the high-order ("previous") bytes go first.
    write_reg(kRegSectorCount, static_cast<uint8_t>(cmd.count >> 8));
    write_reg(kRegLbaLow, static_cast<uint8_t>(cmd.lba >> 24));
    write_reg(kRegLbaMid, static_cast<uint8_t>(cmd.lba >> 32));
    write_reg(kRegLbaHigh, static_cast<uint8_t>(cmd.lba >> 40));
  }
  write_reg(kRegFeatures, cmd.features);
  write_reg(kRegSectorCount, static_cast<uint8_t>(cmd.count));  // 256 becomes 0, meaning 256
  write_reg(kRegLbaLow, static_cast<uint8_t>(cmd.lba));
  write_reg(kRegLbaMid, static_cast<uint8_t>(cmd.lba >> 8));
  write_reg(kRegLbaHigh, static_cast<uint8_t>(cmd.lba >> 16));
  uint8_t device = cmd.device;
  if (!cmd.ext) device = static_cast<uint8_t>(device | ((cmd.lba >> 24) & 0x0F));
  write_reg(kRegDevice, device);
  write_reg(kRegCommand, cmd.opcode);
}

Probe Channel::identify(uint8_t device, uint16_t (&words)[kIdentifyWords]) {
  uint8_t select_bits = static_cast<uint8_t>(kDeviceBase | (device ? kDeviceSlave : 0));
  if (alt_status() == kStatusFloating) return {ProbeResult::Absent, "floating bus"};
  if (!select(select_bits)) return {ProbeResult::Absent, "busy, cannot select"};
  // A present device latches what is written to its task file; an absent one reads back junk.
  write_reg(kRegSectorCount, 0x55);
  write_reg(kRegLbaLow, 0xAA);
  if (read_reg(kRegSectorCount) != 0x55 || read_reg(kRegLbaLow) != 0xAA)
    return {ProbeResult::Absent, "registers do not hold values"};
  write_reg(kRegSectorCount, 0);
  write_reg(kRegLbaLow, 0);
  write_reg(kRegLbaMid, 0);
  write_reg(kRegLbaHigh, 0);
  write_reg(kRegCommand, kCmdIdentifyDevice);
  delay_400ns();
  if (alt_status() == 0) return {ProbeResult::Absent, "status 0 after IDENTIFY"};
  Result<uint8_t> ready = wait_not_busy(kProbeTimeoutMs);
  if (!ready) {
    reset();
    return {ProbeResult::Absent, "no answer to IDENTIFY"};
  }
  uint8_t status = ready.value();
  uint8_t mid = read_reg(kRegLbaMid), high = read_reg(kRegLbaHigh);
  (void)read_reg(kRegStatus);  // acknowledge: nothing may be left pending when interrupts are enabled
  if (is_signature(mid, high, kSignatureAtapiMid, kSignatureAtapiHigh) ||
      is_signature(mid, high, kSignatureSataAtapiMid, kSignatureSataAtapiHigh))
    return {ProbeResult::Atapi, "ATAPI signature"};
  // A SATA ATA device may leave its signature in place; anything else is not a disk we know.
  if (!(mid == 0 && high == 0) && !is_signature(mid, high, kSignatureSataMid, kSignatureSataHigh))
    return {ProbeResult::NotAta, "unknown signature"};
  if ((status & (kStatusErr | kStatusDf)) != 0 || (status & kStatusDrq) == 0)
    return {ProbeResult::NotAta, "IDENTIFY DEVICE failed"};
  for (uint16_t& w : words) w = cpu::inw(static_cast<uint16_t>(command_base_ + kRegData));
  (void)read_reg(kRegStatus);
  return {ProbeResult::Ata, ""};
}

void Channel::handle_irq() {
  (void)read_reg(kRegStatus);  // deasserts INTRQ; the waiter re-reads Alternate Status
  ++stats_.interrupts;
  if (!completion_.signal_from_irq()) ++stats_.unexpected_interrupts;
}

Result<uint8_t> Channel::wait_irq(const Command& cmd, uint32_t timeout_ms) {
  if (!completion_.wait(timeout_ms)) return timed_out(cmd, "interrupt").error();
  // The interrupt may be a stale one (a device may interrupt once more than the protocol needs): BSY
  // clear in Alternate Status is what proves the device has finished the step.
  Result<uint8_t> status = wait_not_busy(timeout_ms);
  if (!status) return timed_out(cmd, "BSY").error();
  return status.value();
}

Result<void> Channel::check(const Command& cmd, uint8_t status, bool expect_drq, uint32_t sector) {
  bool drq = (status & kStatusDrq) != 0;
  if ((status & (kStatusErr | kStatusDf)) == 0 && drq == expect_drq) return {};
  uint8_t error = (status & kStatusErr) != 0 ? read_reg(kRegError) : 0;
  kprint("{}: {} lba {} count {} failed at sector {}: status {:#04x} error {:#04x}{}{}{}{}{}\n", cmd.who,
         cmd.name, cmd.lba, cmd.count, sector, status, error, (status & kStatusDf) ? " DF" : "",
         (error & kErrorAbrt) ? " ABRT" : "", (error & kErrorIdnf) ? " IDNF" : "",
         (error & kErrorUnc) ? " UNC" : "",
         (status & (kStatusErr | kStatusDf)) == 0 ? (drq ? " DRQ unexpected" : " DRQ missing") : "");
  // A device left asking for data (or stuck) must be reset before the next command.
  if (drq || (status & kStatusDf) != 0) reset();
  return fail(Error::Io);
}

Result<void> Channel::timed_out(const Command& cmd, StringView stage) {
  kprint("{}: {} lba {} count {} timed out waiting for {} (status {:#04x}), resetting {} channel\n",
         cmd.who, cmd.name, cmd.lba, cmd.count, stage, alt_status(), name());
  reset();
  return fail(Error::TimedOut);
}

Result<void> Channel::pio_in(const Command& cmd, uint8_t* buffer) {
  if (!select(cmd.device)) return timed_out(cmd, "device selection");
  completion_.arm();
  write_task_file(cmd);
  for (uint32_t i = 0; i < cmd.count; ++i) {
    uint8_t status = TRY(wait_irq(cmd, kBlockTimeoutMs));
    TRY(check(cmd, status, true, i));
    // The device interrupts for block i + 1 as soon as block i has been read: arm before reading.
    if (i + 1 < cmd.count) completion_.arm();
    uint8_t* p = buffer + i * kWordsPerSector * 2;
    for (uint32_t w = 0; w < kWordsPerSector; ++w) {
      uint16_t word = cpu::inw(static_cast<uint16_t>(command_base_ + kRegData));
      p[2 * w] = static_cast<uint8_t>(word);
      p[2 * w + 1] = static_cast<uint8_t>(word >> 8);
    }
  }
  delay_400ns();
  uint8_t status = TRY(wait_not_busy(kBlockTimeoutMs));
  return check(cmd, status, false, cmd.count);
}

Result<void> Channel::pio_out(const Command& cmd, const uint8_t* buffer) {
  if (!select(cmd.device)) return timed_out(cmd, "device selection");
  write_task_file(cmd);
  // No interrupt precedes the first block of a PIO data-out command: poll for DRQ.
  delay_400ns();
  Result<uint8_t> first = wait_not_busy(kBlockTimeoutMs);
  if (!first) return timed_out(cmd, "first DRQ");
  TRY(check(cmd, first.value(), true, 0));
  for (uint32_t i = 0; i < cmd.count; ++i) {
    // The device interrupts after taking each block, including the last: arm before writing.
    completion_.arm();
    const uint8_t* p = buffer + i * kWordsPerSector * 2;
    for (uint32_t w = 0; w < kWordsPerSector; ++w)
      cpu::outw(static_cast<uint16_t>(command_base_ + kRegData),
                static_cast<uint16_t>(p[2 * w] | (p[2 * w + 1] << 8)));
    uint8_t status = TRY(wait_irq(cmd, kBlockTimeoutMs));
    TRY(check(cmd, status, i + 1 < cmd.count, i));
  }
  return {};
}

Result<void> Channel::non_data(const Command& cmd, uint32_t timeout_ms) {
  if (!select(cmd.device)) return timed_out(cmd, "device selection");
  completion_.arm();
  write_task_file(cmd);
  uint8_t status = TRY(wait_irq(cmd, timeout_ms));
  return check(cmd, status, false, 0);
}

void Channel::reset() {
  ++stats_.resets;
  // SRST for at least 5 us (each io_wait is about 1 us), then at least 2 ms before polling BSY.
  cpu::outb(control_base_, static_cast<uint8_t>(control_ | kControlSrst));
  for (int i = 0; i < 10; ++i) cpu::io_wait();
  cpu::outb(control_base_, control_);
  uint64_t settle = now_ms() + 3;
  while (now_ms() < settle) relax();
  if (!wait_not_busy(kResetTimeoutMs)) kprint("ata: {} channel still busy after reset\n", name());
  (void)read_reg(kRegStatus);
}

}  // namespace cw::ata
