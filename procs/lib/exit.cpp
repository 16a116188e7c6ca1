// exit, abort, atexit and the C++ ABI's __cxa_atexit (runtime.h).
//
// The toolchain builds with -fno-use-cxa-atexit, so destructors of static objects are registered with
// atexit(); __cxa_atexit is provided too, for code compiled without that flag.
#include "procs/lib/runtime.h"

#include <cstddef>

#include "procs/lib/print.h"
#include "procs/lib/syscall.h"

namespace {

struct Handler {
  void (*plain)();        // atexit
  void (*with_arg)(void*);  // __cxa_atexit
  void* arg;
};

constexpr size_t kMaxHandlers = 32;
Handler handlers[kMaxHandlers];
size_t handler_count = 0;
bool exiting = false;

}  // namespace

extern "C" {

void* __dso_handle = nullptr;

int atexit(void (*handler)()) {
  if (handler_count == kMaxHandlers) return -1;
  handlers[handler_count++] = Handler{handler, nullptr, nullptr};
  return 0;
}

int __cxa_atexit(void (*handler)(void*), void* arg, void* /*dso*/) {
  if (handler_count == kMaxHandlers) return -1;
  handlers[handler_count++] = Handler{nullptr, handler, arg};
  return 0;
}

void exit(int status) {
  // A handler that calls exit() again must not rerun the handlers before it.
  if (!exiting) {
    exiting = true;
    while (handler_count > 0) {
      const Handler& h = handlers[--handler_count];
      if (h.plain) h.plain(); else h.with_arg(h.arg);
    }
  }
  cw::user::flush_output();
  cw::sys::exit_group(status);
}

void abort() {
  cw::user::flush_output();
  __builtin_trap();
}

}  // extern "C"
