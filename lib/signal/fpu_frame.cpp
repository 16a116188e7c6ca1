#include "lib/signal/fpu_frame.h"

namespace cw::signal {

namespace {

// FXSAVE offsets (SDM Vol 1 table 10-2).
inline constexpr uint32_t kFcw = 0, kFsw = 2, kFtw = 4, kFop = 6, kFip = 8, kFcs = 12, kFdp = 16, kFds = 20;
inline constexpr uint32_t kSt0 = 32, kStStride = 16, kStBytes = 10;
// _fpstate_32 offsets: cw, sw, tag, ipoff, cssel, dataoff, datasel (7 words), _st[8] (10 bytes each),
// status, magic.
inline constexpr uint32_t kLegacySt = 28, kStatus = 108, kMagic = 110;

uint16_t load16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t load32(const uint8_t* p) { return load16(p) | (static_cast<uint32_t>(load16(p + 2)) << 16); }
void store16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void store32(uint8_t* p, uint32_t v) {
  store16(p, static_cast<uint16_t>(v));
  store16(p + 2, static_cast<uint16_t>(v >> 16));
}

// The full tag of one register from the abridged valid bit and its contents (SDM Vol 1 8.1.7 and
// 10.5.1.1): 00 valid, 01 zero, 10 special (NaN, infinity, denormal, unsupported), 11 empty.
uint32_t full_tag(bool valid, const uint8_t* reg) {
  if (!valid) return 3;
  uint16_t exponent = static_cast<uint16_t>(load16(reg + 8) & 0x7FFF);
  bool integer_bit = (reg[7] & 0x80) != 0;
  bool mantissa_zero = true;
  for (int i = 0; i < 8; ++i) mantissa_zero = mantissa_zero && reg[i] == 0;
  if (exponent == 0x7FFF) return 2;
  if (exponent == 0) return mantissa_zero ? 1 : 2;
  return integer_bit ? 0 : 2;
}

}  // namespace

void build_fpstate(const uint8_t fxsave[512], uint8_t out[kFpstateSize]) {
  for (uint32_t i = 0; i < kFpstateSize; ++i) out[i] = 0;
  // The abridged tag bits are per physical register; the full tag word is too, while st(i) is
  // physical register (top + i) mod 8 (top: bits 11-13 of the status word).
  uint16_t fsw = load16(fxsave + kFsw);
  uint32_t top = (fsw >> 11) & 7;
  uint32_t tag = 0;
  for (uint32_t physical = 0; physical < 8; ++physical) {
    uint32_t st = (physical - top) & 7;
    bool valid = (fxsave[kFtw] >> physical) & 1;
    tag |= full_tag(valid, fxsave + kSt0 + st * kStStride) << (2 * physical);
  }
  store32(out + 0, 0xFFFF0000u | load16(fxsave + kFcw));
  store32(out + 4, 0xFFFF0000u | fsw);
  store32(out + 8, 0xFFFF0000u | tag);
  store32(out + 12, load32(fxsave + kFip));
  store32(out + 16, load16(fxsave + kFcs) | (static_cast<uint32_t>(load16(fxsave + kFop) & 0x7FF) << 16));
  store32(out + 20, load32(fxsave + kFdp));
  store32(out + 24, 0xFFFF0000u | load16(fxsave + kFds));
  for (uint32_t i = 0; i < 8; ++i)
    for (uint32_t b = 0; b < kStBytes; ++b) out[kLegacySt + i * kStBytes + b] = fxsave[kSt0 + i * kStStride + b];
  store16(out + kStatus, fsw);
  store16(out + kMagic, kFxsrMagic);
  for (uint32_t i = 0; i < 512; ++i) out[kFpstateFxsaveOffset + i] = fxsave[i];
}

}  // namespace cw::signal
