// The FPU/SSE state a signal frame carries (Linux arch/x86/include/uapi/asm/sigcontext.h struct
// _fpstate_32, arch/x86/kernel/fpu/signal.c): 112 bytes of the legacy x87 environment and registers in
// FNSAVE form (for programs that read them), `magic` 0 ("FXSR data follows"), then the 512-byte FXSAVE
// image, which is what sigreturn loads. sigcontext.fpstate points at it; Linux aligns it to 64 bytes
// above the frame. Hardware-independent (the FXSAVE layout is Intel SDM Vol 1 10.5.1, table 10-2).
#pragma once

#include <cstdint>

namespace cw::signal {

inline constexpr uint32_t kFpstateSize = 624;        // sizeof(struct _fpstate_32)
inline constexpr uint32_t kFpstateFxsaveOffset = 112;  // offsetof(_fpstate_32, _fxsr_env)
inline constexpr uint32_t kFpstateAlign = 64;
inline constexpr uint16_t kFxsrMagic = 0x0000;        // X86_FXSR_MAGIC

// Writes the _fpstate_32 for an FXSAVE image: the legacy header converted from it (Linux
// convert_from_fxsr: full tag word, 10-byte registers) and the image itself.
void build_fpstate(const uint8_t fxsave[512], uint8_t out[kFpstateSize]);

// The FXSAVE image inside an _fpstate_32 a frame brought back.
inline const uint8_t* fxsave_in_fpstate(const uint8_t* fpstate) { return fpstate + kFpstateFxsaveOffset; }

}  // namespace cw::signal
