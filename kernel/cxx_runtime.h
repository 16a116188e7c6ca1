#pragma once

namespace cw {

// Runs the constructors of global objects (.init_array), in link order. Called once, first thing in
// kernel_main, before anything uses a global object.
void run_global_constructors();

}  // namespace cw
