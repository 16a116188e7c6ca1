// kprint: formatted output to every active console (kernel/console.h), usable from any context,
// including interrupt handlers and the panic path.
#pragma once

#include "kernel/console.h"
#include "lib/format.h"

namespace cw {

template <typename... Args>
void kprint(StringView fmt, const Args&... args) {
  format(console::sink(), fmt, args...);
}

}  // namespace cw
