#include "lib/memshow_text.h"

namespace cw {

namespace {

// ANSI SGR (ECMA-48 8.3.117): 0 reset, 1 bold, 2 faint, 3x foreground, 4x background.
constexpr const char* kReset = "\x1b[0m";
constexpr const char* kProcessColors[] = {"\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[35m", "\x1b[36m", "\x1b[37m"};
constexpr const char* kFreeColor = "\x1b[2m";
constexpr const char* kSharedColor = "\x1b[1;36m";
constexpr const char* kPinnedColor = "\x1b[41m";
constexpr const char* kIoColor = "\x1b[1;33;44m";
constexpr const char* kCachedColor = "\x1b[34m";

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

void put(FormatSink& sink, const char* text) {
  size_t n = 0;
  while (text[n]) ++n;
  sink.write(text, n);
}

const char* frame_color(const abi::FrameCell& cell, char symbol) {
  if (cell.use == abi::FrameUse::UnderIo) return kIoColor;
  if (cell.pins != 0) return kPinnedColor;
  if (cell.use == abi::FrameUse::Free) return kFreeColor;
  if (cell.use == abi::FrameUse::Cached) return kCachedColor;
  if (is_upper(symbol)) return kSharedColor;
  return kProcessColors[(symbol - 'a') % (sizeof(kProcessColors) / sizeof(kProcessColors[0]))];
}

const char* page_color(const abi::PageRun& run) {
  if (run.flags & abi::kPageLocked) return kPinnedColor;
  if (run.flags & abi::kPageCow) return "\x1b[35m";
  if (run.flags & abi::kPageShared) return kSharedColor;
  switch (run.use) {
    case abi::PageUse::Resident: return "\x1b[32m";
    case abi::PageUse::Cached: return kCachedColor;
    case abi::PageUse::InSwap: return "\x1b[33m";
    case abi::PageUse::NotLoaded: return kFreeColor;
  }
  return kReset;
}

// Writes `symbol`, switching colour only when it changes (`*current` is the colour in effect).
void put_symbol(FormatSink& sink, char symbol, const char* color, const MemshowStyle& style, const char** current) {
  if (style.color && color != *current) {
    put(sink, kReset);
    put(sink, color);
    *current = color;
  }
  sink.write(&symbol, 1);
}

void end_row(FormatSink& sink, const MemshowStyle& style, const char** current) {
  if (style.color && *current) put(sink, kReset);
  *current = nullptr;
  sink.write("\n", 1);
}

uint32_t region_end(const abi::PageRun* runs, size_t count, size_t first) {
  size_t i = first;
  while (i + 1 < count && runs[i + 1].region == runs[first].region) ++i;
  return runs[i].start + runs[i].pages * 4096;
}

}  // namespace

char MemshowProcesses::letter_of(int32_t pid) const {
  for (size_t i = 0; i < count; ++i)
    if (list[i].pid == pid) return i < 26 ? static_cast<char>('a' + i) : '?';
  return '?';
}

char frame_symbol(const abi::FrameCell& cell, const MemshowProcesses& processes) {
  if (cell.use == abi::FrameUse::UnderIo) return '!';
  if (cell.pins != 0) return '#';
  switch (cell.use) {
    case abi::FrameUse::Free: return '.';
    case abi::FrameUse::Cached: return '=';
    default: break;
  }
  char letter = processes.letter_of(cell.pid);
  return cell.mappers > 1 ? upper(letter) : letter;
}

char page_symbol(const abi::PageRun& run) {
  if (run.flags & abi::kPageLocked) return '#';
  char c = '.';
  switch (run.use) {
    case abi::PageUse::Resident: c = 'r'; break;
    case abi::PageUse::Cached: c = 'c'; break;
    case abi::PageUse::InSwap: c = 's'; break;
    case abi::PageUse::NotLoaded: return '.';
  }
  return (run.flags & (abi::kPageShared | abi::kPageCow)) ? upper(c) : c;
}

void write_frame_map(FormatSink& sink, const abi::FrameCell* cells, size_t count,
                     const MemshowProcesses& processes, const MemshowStyle& style) {
  uint32_t free = 0, pinned = 0, io = 0, shared = 0, cached = 0;
  for (size_t i = 0; i < count; ++i) {
    free += cells[i].use == abi::FrameUse::Free;
    pinned += cells[i].pins != 0;
    io += cells[i].use == abi::FrameUse::UnderIo;
    shared += cells[i].use == abi::FrameUse::Mapped && cells[i].mappers > 1;
    cached += cells[i].use == abi::FrameUse::Cached;
  }
  format(sink, "frames: {}, {} free, {} pinned, {} under I/O, {} shared, {} cached\n", count, free, pinned, io,
         shared, cached);
  uint32_t columns = style.columns ? style.columns : 64;
  const char* current = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (i % columns == 0) format(sink, "{:4} ", i);
    char symbol = frame_symbol(cells[i], processes);
    put_symbol(sink, symbol, frame_color(cells[i], symbol), style, &current);
    if (i % columns == columns - 1 || i + 1 == count) end_row(sink, style, &current);
  }
  put(sink, "legend:");
  for (size_t i = 0; i < processes.count && i < 26; ++i)
    format(sink, " {}={}({})", static_cast<char>('a' + i), processes.list[i].name, processes.list[i].pid);
  put(sink, "  A=shared  ==cached  #=pinned  !=I/O  .=free\n");
}

void write_page_map(FormatSink& sink, const abi::PageRun* runs, size_t count, size_t total,
                    const MemshowStyle& style) {
  uint32_t columns = style.columns ? style.columns : 64;
  for (size_t first = 0; first < count;) {
    uint8_t region = runs[first].region;
    uint32_t start = runs[first].start;
    uint32_t end = region_end(runs, count, first);
    uint32_t by_use[4] = {};
    uint32_t shared = 0, cow = 0, locked = 0;
    size_t last = first;
    for (; last < count && runs[last].region == region; ++last) {
      const abi::PageRun& r = runs[last];
      by_use[static_cast<uint8_t>(r.use) & 3] += r.pages;
      if (r.flags & abi::kPageShared) shared += r.pages;
      if (r.flags & abi::kPageCow) cow += r.pages;
      if (r.flags & abi::kPageLocked) locked += r.pages;
    }
    format(sink, "region {}-{} ({} pages): {} resident, {} cached, {} in swap, {} not loaded; {} shared, {} "
                 "copy-on-write, {} locked\n",
           VirtAddr(start), VirtAddr(end), (end - start) / 4096, by_use[1], by_use[3], by_use[2], by_use[0], shared,
           cow, locked);
    const char* current = nullptr;
    uint32_t column = 0;
    for (size_t i = first; i < last; ++i) {
      if (runs[i].pages > 4 * columns) {  // a long run (an untouched mapping) in one line, not many rows
        if (column != 0) end_row(sink, style, &current);
        column = 0;
        format(sink, "  {}-{} {} pages '{}'\n", VirtAddr(runs[i].start),
               VirtAddr(runs[i].start + runs[i].pages * 4096), runs[i].pages, page_symbol(runs[i]));
        continue;
      }
      for (uint32_t p = 0; p < runs[i].pages; ++p) {
        if (column == 0) format(sink, "  {} ", VirtAddr(runs[i].start + p * 4096));
        put_symbol(sink, page_symbol(runs[i]), page_color(runs[i]), style, &current);
        if (++column == columns) {
          end_row(sink, style, &current);
          column = 0;
        }
      }
    }
    if (column != 0) end_row(sink, style, &current);
    first = last;
  }
  if (total > count) format(sink, "({} more runs not shown)\n", total - count);
}

}  // namespace cw
