#include "kernel/signal/fpu_hook.h"

namespace cw::signal {

// FIXME(fpu): no per-thread FPU state yet (fpu_hook.h): nothing is saved or restored.
uint32_t fpu_frame_bytes() { return 0; }

Result<uint32_t> save_fpu_to_frame(uint32_t) { return 0u; }

Result<void> restore_fpu_from_frame(uint32_t) { return {}; }

}  // namespace cw::signal
