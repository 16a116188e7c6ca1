#include "tools/policysim/trace.h"

#include <unordered_map>

namespace cw::policysim {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Parses one line into (page, write). Returns false with `what` set for a malformed line; sets `blank`
// for a line that holds nothing.
bool parse_line(const std::string& line, uint64_t& page, bool& write, bool& blank, std::string& what) {
  size_t i = 0, n = line.size();
  while (i < n && is_space(line[i])) ++i;
  while (n > i && is_space(line[n - 1])) --n;
  blank = i == n;
  if (blank) return true;
  if (line[i] < '0' || line[i] > '9') {
    what = "expected a page number";
    return false;
  }
  page = 0;
  for (; i < n && line[i] >= '0' && line[i] <= '9'; ++i) {
    uint64_t digit = static_cast<uint64_t>(line[i] - '0');
    if (page > (UINT64_MAX - digit) / 10) {
      what = "page number out of range";
      return false;
    }
    page = page * 10 + digit;
  }
  write = false;
  if (i == n) return true;
  if (line[i] == ' ' && i + 2 == n && (line[i + 1] == 'R' || line[i + 1] == 'W')) {
    write = line[i + 1] == 'W';
    return true;
  }
  what = "expected a page number, optionally followed by ' R' or ' W'";
  return false;
}

}  // namespace

bool read_trace(std::istream& in, Trace& trace, std::string& error) {
  trace = Trace{};
  std::unordered_map<uint64_t, uint32_t> ids;
  std::string line;
  for (uint64_t number = 1; std::getline(in, line); ++number) {
    uint64_t page = 0;
    bool write = false, blank = false;
    std::string what;
    if (!parse_line(line, page, write, blank, what)) {
      error = "line " + std::to_string(number) + ": " + what + ": '" + line + "'";
      return false;
    }
    if (blank) continue;
    auto [it, inserted] = ids.try_emplace(page, trace.distinct);
    if (inserted) ++trace.distinct;
    trace.pages.push_back(it->second);
    trace.writes.push_back(write);
  }
  if (in.bad()) {
    error = "read error";
    return false;
  }
  return true;
}

}  // namespace cw::policysim
