#include "lib/cmdline.h"

namespace cw {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

CommandLine::CommandLine(StringView text) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    size_t key_start = i;
    while (i < text.size() && !is_space(text[i]) && text[i] != '=') ++i;
    Option option;
    option.key = text.substr(key_start, i - key_start);
    if (i < text.size() && text[i] == '=') {
      ++i;
      option.has_value = true;
      if (i < text.size() && text[i] == '"') {
        size_t close = text.find('"', i + 1);
        if (close == StringView::npos) {
          add_error("unterminated quote");
          option.value = text.substr(i + 1);
          i = text.size();
        } else {
          option.value = text.substr(i + 1, close - i - 1);
          i = close + 1;
        }
      } else {
        size_t value_start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        option.value = text.substr(value_start, i - value_start);
      }
    }
    if (option.key.empty()) {
      add_error("option with an empty key");
      continue;
    }
    if (count_ == kMaxOptions) {
      add_error("too many options");
      break;
    }
    options_[count_++] = option;
  }
}

void CommandLine::add_error(StringView what) {
  if (error_count_ < sizeof(errors_) / sizeof(errors_[0])) errors_[error_count_++] = what;
}

const CommandLine::Option* CommandLine::find(StringView key) const {
  for (size_t i = count_; i > 0; --i)
    if (options_[i - 1].key == key) return &options_[i - 1];
  return nullptr;
}

StringView CommandLine::get(StringView key, StringView fallback) const {
  const Option* option = find(key);
  return option && option->has_value ? option->value : fallback;
}

Result<uint32_t> CommandLine::get_uint(StringView key) const {
  const Option* option = find(key);
  if (!option) return Error::NotFound;
  return parse_uint(option->value);
}

bool CommandLine::list_contains(StringView key, StringView item) const {
  // An absent key or a bare flag has no list; without this an empty `item` would match it.
  const Option* option = find(key);
  if (!option || !option->has_value) return false;
  StringView list = option->value;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    size_t end = comma == StringView::npos ? list.size() : comma;
    if (list.substr(start, end - start) == item) return true;
    if (comma == StringView::npos) break;
    start = comma + 1;
  }
  return false;
}

Result<uint32_t> parse_uint(StringView text) {
  unsigned base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    base = 16;
    text = text.substr(2);
  }
  if (text.empty()) return Error::InvalidArgument;
  uint64_t value = 0;
  for (char c : text) {
    unsigned digit;
    if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
    else return Error::InvalidArgument;
    value = value * base + digit;
    if (value > UINT32_MAX) return Error::Overflow;
  }
  return static_cast<uint32_t>(value);
}

}  // namespace cw
