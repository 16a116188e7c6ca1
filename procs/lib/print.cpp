#include "procs/lib/print.h"

#include "procs/lib/syscall.h"

namespace cw::user {

namespace {

// Constant-initialized: usable from global constructors, before any of them has run.
constinit FdSink out_sink(1);
constinit FdSink err_sink(2);

}  // namespace

void FdSink::write(const char* text, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    buffer_[used_++] = text[i];
    if (text[i] == '\n' || used_ == kBufferSize) flush();
  }
}

void FdSink::flush() {
  size_t done = 0;
  while (done < used_) {
    auto n = sys::write(fd_, buffer_ + done, used_ - done);
    if (!n || n.value() == 0) break;  // nothing sensible to do about a failing console
    done += n.value();
  }
  used_ = 0;
}

FdSink& stdout_sink() { return out_sink; }
FdSink& stderr_sink() { return err_sink; }

void flush_output() {
  out_sink.flush();
  err_sink.flush();
}

}  // namespace cw::user
