// memshow [PID [COUNT [INTERVAL_MS]]]: a live picture of memory, after WeensyOS's. Every pool frame is
// one character (its owner's letter, shared, cached, pinned, under I/O or free) and, with a PID, every
// page of that process is one too (resident, cached, in swap, not loaded, shared or copy-on-write,
// locked): lib/memshow_text.h has the symbols. COUNT pictures INTERVAL_MS apart (default 500); COUNT 0
// (the default) redraws until Ctrl-C. Several pictures clear the screen and use colour (the VGA console
// and any ANSI terminal show it); a single one (COUNT 1) is plain text, for logs and tests.
//
// Output (COUNT 1):
//   memshow: pool of 8 frames, pid 2 (memtest)
//   frames: 8, 0 free, 0 pinned, 1 under I/O, 0 shared, 1 cached
//      0 bbb!=bbb
//   legend: a=shell(1) b=memtest(2)  A=shared  ==cached  #=pinned  !=I/O  .=free
//   region 0x08048000-0x0804d000 (5 pages): ...
//     0x08048000 Rc...
#include "lib/abi/memshow.h"
#include "lib/abi/structs.h"
#include "lib/memshow_text.h"
#include "procs/lib/args.h"
#include "procs/lib/clock.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kMaxFrames = 4096;
constexpr uint32_t kMaxRuns = 512;
constexpr uint32_t kMaxProcesses = 64;
constexpr const char* kClearScreen = "\x1b[H\x1b[2J";

// A whole picture goes out in one write(): the console keeps one write together, so the lines of
// programs running meanwhile (memtest's progress) land between pictures, never inside one.
class PictureSink final : public FormatSink {
public:
  void write(const char* text, size_t length) override {
    for (size_t i = 0; i < length && used_ < sizeof(buffer_); ++i) buffer_[used_++] = text[i];
  }
  void send() {
    flush_output();
    for (size_t done = 0; done < used_;) {
      auto n = sys::write(1, buffer_ + done, used_ - done);
      if (!n || n.value() == 0) break;
      done += n.value();
    }
    used_ = 0;
  }

private:
  char buffer_[32 * 1024];
  size_t used_ = 0;
};

PictureSink out;

abi::FrameCell frames[kMaxFrames];
abi::PageRun runs[kMaxRuns];
abi::ProcInfo processes[kMaxProcesses];

const char* name_of(int pid, size_t process_count) {
  for (size_t i = 0; i < process_count; ++i)
    if (processes[i].pid == pid) return processes[i].name;
  return "?";
}

// One picture. Returns false if the process to show has gone.
bool draw(int pid, const MemshowStyle& style) {
  auto listed = sys::proc_list(processes, kMaxProcesses);
  size_t process_count = listed ? (listed.value() < kMaxProcesses ? listed.value() : kMaxProcesses) : 0;
  auto pool = sys::frame_map(frames, kMaxFrames);
  if (!pool) {
    eprint("memshow: frame_map: {}\n", pool.error());
    return false;
  }
  size_t frame_count = pool.value() < kMaxFrames ? pool.value() : kMaxFrames;
  if (pid != 0) format(out, "memshow: pool of {} frames, pid {} ({})\n", pool.value(), pid, name_of(pid, process_count));
  else format(out, "memshow: pool of {} frames\n", pool.value());
  write_frame_map(out, frames, frame_count, MemshowProcesses{processes, process_count}, style);
  if (pid == 0) return true;
  auto total = sys::page_map(pid, runs, kMaxRuns);
  if (!total) {
    format(out, "memshow: pid {}: {}\n", pid, total.error());
    return false;
  }
  size_t run_count = total.value() < kMaxRuns ? total.value() : kMaxRuns;
  write_page_map(out, runs, run_count, total.value(), style);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[PID [COUNT [INTERVAL_MS]]]", 3);
  int pid = static_cast<int>(arg_uint(argc, argv, 1, 0));
  uint32_t count = arg_uint(argc, argv, 2, 0);
  uint32_t interval = arg_uint(argc, argv, 3, 500);
  MemshowStyle style{count != 1, 64};
  for (uint32_t shown = 0; count == 0 || shown < count; ++shown) {
    if (style.color) format(out, "{}", kClearScreen);
    bool ok = draw(pid, style);
    out.send();
    if (!ok) return 1;
    if (count == 0 || shown + 1 < count) (void)sleep_ms(interval);
  }
  return 0;
}
