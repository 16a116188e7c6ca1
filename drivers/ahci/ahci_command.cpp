#include "drivers/ahci/ahci_command.h"

namespace cw::ahci {

void build_command_fis(uint8_t* fis, uint8_t command, uint64_t lba, uint16_t count) {
  for (int i = 0; i < 20; ++i) fis[i] = 0;
  fis[0] = kFisTypeRegisterH2D;
  fis[1] = kFisCommand;
  fis[2] = command;
  fis[4] = static_cast<uint8_t>(lba);
  fis[5] = static_cast<uint8_t>(lba >> 8);
  fis[6] = static_cast<uint8_t>(lba >> 16);
  fis[7] = kDeviceLba;
  fis[8] = static_cast<uint8_t>(lba >> 24);
  fis[9] = static_cast<uint8_t>(lba >> 32);
  fis[10] = static_cast<uint8_t>(lba >> 40);
  fis[12] = static_cast<uint8_t>(count);
  fis[13] = static_cast<uint8_t>(count >> 8);
}

Result<uint32_t> build_prdt(uint32_t physical, uint32_t bytes, PrdtEntry* out, uint32_t capacity) {
  if (bytes == 0 || (physical & 1) != 0 || (bytes & 1) != 0) return fail(Error::InvalidArgument);
  if (bytes - 1 > UINT32_MAX - physical) return fail(Error::Range);
  uint32_t n = 0;
  for (uint32_t done = 0; done < bytes; ++n) {
    if (n == capacity) return fail(Error::NoSpace);
    uint32_t piece = bytes - done < kPrdtMaxBytes ? bytes - done : kPrdtMaxBytes;
    out[n] = PrdtEntry{physical + done, 0, 0, piece - 1};
    done += piece;
  }
  return n;
}

CommandHeader make_header(uint32_t table, uint32_t prdt_entries, bool write) {
  CommandHeader h{};
  h.flags = kFisLengthDwords | (write ? kHeaderWrite : 0) | (prdt_entries << 16);
  h.table = table;
  return h;
}

}  // namespace cw::ahci
