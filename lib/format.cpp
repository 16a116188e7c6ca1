#include "lib/format.h"

namespace cw {

BufferSink::BufferSink(char* buffer, size_t capacity) : buffer_(buffer), capacity_(capacity) {
  if (capacity_ > 0) buffer_[0] = '\0';
}

void BufferSink::write(const char* text, size_t length) {
  if (capacity_ == 0) {
    truncated_ = truncated_ || length > 0;
    return;
  }
  size_t room = capacity_ - 1 - size_;
  if (length > room) {
    length = room;
    truncated_ = true;
  }
  for (size_t i = 0; i < length; ++i) buffer_[size_ + i] = text[i];
  size_ += length;
  buffer_[size_] = '\0';
}

namespace {

struct Spec {
  bool zero_pad = false;
  bool alternate = false;  // '#': 0x / 0b prefix
  uint32_t width = 0;
  char type = '\0';        // '\0' means "the argument's default"
};

// Parses the text between ':' and '}'. Returns false for anything it does not understand.
bool parse_spec(StringView text, Spec* spec) {
  size_t i = 0;
  if (i < text.size() && text[i] == '#') {
    spec->alternate = true;
    ++i;
  }
  if (i < text.size() && text[i] == '0') {
    spec->zero_pad = true;
    ++i;
  }
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    spec->width = spec->width * 10 + static_cast<uint32_t>(text[i] - '0');
    if (spec->width > 64) return false;
    ++i;
  }
  if (i < text.size()) {
    char t = text[i++];
    if (t != 'd' && t != 'x' && t != 'X' && t != 'b' && t != 'c' && t != 's') return false;
    spec->type = t;
  }
  return i == text.size();
}

void pad(FormatSink& sink, char fill, size_t count) {
  char chunk[16];
  for (auto& c : chunk) c = fill;
  while (count > 0) {
    size_t n = count < sizeof(chunk) ? count : sizeof(chunk);
    sink.write(chunk, n);
    count -= n;
  }
}

// Writes `magnitude` in `base` with an optional sign and prefix, padded to spec.width. With zero
// padding the zeros go between the prefix and the digits ("0x0000beef"), otherwise spaces go first.
void write_number(FormatSink& sink, uint64_t magnitude, bool negative, unsigned base, bool upper,
                  const Spec& spec) {
  char digits[64];
  size_t n = 0;
  const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits[n++] = alphabet[magnitude % base];
    magnitude /= base;
  } while (magnitude != 0);

  char prefix[3];
  size_t prefix_len = 0;
  if (negative) prefix[prefix_len++] = '-';
  if (spec.alternate && base == 16) { prefix[prefix_len++] = '0'; prefix[prefix_len++] = 'x'; }
  if (spec.alternate && base == 2) { prefix[prefix_len++] = '0'; prefix[prefix_len++] = 'b'; }

  size_t total = n + prefix_len;
  size_t fill = spec.width > total ? spec.width - total : 0;
  if (!spec.zero_pad) pad(sink, ' ', fill);
  sink.write(prefix, prefix_len);
  if (spec.zero_pad) pad(sink, '0', fill);
  char reversed[64];
  for (size_t i = 0; i < n; ++i) reversed[i] = digits[n - 1 - i];
  sink.write(reversed, n);
}

void write_text(FormatSink& sink, const char* text, size_t length, const Spec& spec) {
  if (spec.width > length) pad(sink, ' ', spec.width - length);
  sink.write(text, length);
}

void write_arg(FormatSink& sink, const FormatArg& arg, Spec spec) {
  unsigned base = 10;
  bool upper = false;
  switch (spec.type) {
    case 'x': base = 16; break;
    case 'X': base = 16; upper = true; break;
    case 'b': base = 2; break;
    default: break;
  }
  switch (arg.kind) {
    case FormatArg::Kind::Signed:
      if (spec.type == 'c') {
        char c = static_cast<char>(arg.s);
        write_text(sink, &c, 1, spec);
      } else if (base == 10) {
        bool negative = arg.s < 0;
        uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(arg.s) : static_cast<uint64_t>(arg.s);
        write_number(sink, magnitude, negative, 10, false, spec);
      } else {
        // In hex and binary a negative number shows its two's complement at the argument's own width.
        uint64_t mask = arg.bits >= 64 ? ~0ull : (1ull << arg.bits) - 1;
        write_number(sink, static_cast<uint64_t>(arg.s) & mask, false, base, upper, spec);
      }
      return;
    case FormatArg::Kind::Unsigned:
      if (spec.type == 'c') {
        char c = static_cast<char>(arg.u);
        write_text(sink, &c, 1, spec);
      } else {
        write_number(sink, arg.u, false, base, upper, spec);
      }
      return;
    case FormatArg::Kind::Bool:
      if (spec.type == '\0' || spec.type == 's')
        write_text(sink, arg.u ? "true" : "false", arg.u ? 4 : 5, spec);
      else
        write_number(sink, arg.u, false, base, upper, spec);
      return;
    case FormatArg::Kind::Char: {
      if (spec.type == '\0' || spec.type == 'c') {
        char c = static_cast<char>(arg.u);
        write_text(sink, &c, 1, spec);
      } else {
        write_number(sink, arg.u, false, base, upper, spec);
      }
      return;
    }
    case FormatArg::Kind::String:
      write_text(sink, arg.str, arg.length, spec);
      return;
    case FormatArg::Kind::Pointer:
    case FormatArg::Kind::Address: {
      // Addresses default to 0x-prefixed, 8 hex digits: the width of the i386 address space.
      uint64_t value = arg.kind == FormatArg::Kind::Pointer
                           ? static_cast<uint64_t>(reinterpret_cast<uintptr_t>(arg.ptr))
                           : arg.u;
      if (spec.type == '\0') {
        spec.alternate = true;
        spec.zero_pad = true;
        if (spec.width == 0) spec.width = 10;
        write_number(sink, value, false, 16, false, spec);
      } else {
        write_number(sink, value, false, base, upper, spec);
      }
      return;
    }
  }
}

}  // namespace

void vformat(FormatSink& sink, StringView fmt, const FormatArg* args, size_t count) {
  size_t next_arg = 0;
  size_t literal_start = 0;
  size_t i = 0;
  auto flush = [&](size_t end) {
    if (end > literal_start) sink.write(fmt.data() + literal_start, end - literal_start);
  };
  while (i < fmt.size()) {
    char c = fmt[i];
    if ((c == '{' || c == '}') && i + 1 < fmt.size() && fmt[i + 1] == c) {
      flush(i + 1);  // keep one brace
      i += 2;
      literal_start = i;
      continue;
    }
    if (c != '{') {
      ++i;
      continue;
    }
    size_t close = fmt.find('}', i);
    if (close == StringView::npos) break;  // an unterminated '{' is printed literally
    flush(i);
    StringView inner = fmt.substr(i + 1, close - i - 1);
    Spec spec;
    bool ok = inner.empty() || (inner[0] == ':' && parse_spec(inner.substr(1), &spec));
    if (!ok) {
      sink.write("{!}", 3);
    } else if (next_arg >= count) {
      sink.write("{?}", 3);
    } else {
      write_arg(sink, args[next_arg], spec);
    }
    if (ok) ++next_arg;
    i = close + 1;
    literal_start = i;
  }
  flush(fmt.size());
}

}  // namespace cw
