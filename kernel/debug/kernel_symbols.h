// The kernel's own function table, for naming code addresses in panic and exception reports.
//
// Generated at build time by tools/kernel_symbols.py from the first of two link passes and embedded in
// the .kernel_symbols section (kernel/CMakeLists.txt, kernel/linker.ld); the build fails if any function
// moved in the second pass, so the table always describes the kernel it is linked into.
#pragma once

#include "lib/symbol_table.h"

namespace cw {

extern const SymbolTable kKernelSymbols;

}  // namespace cw
