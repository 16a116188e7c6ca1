#include "lib/symbol_table.h"

namespace cw {

namespace {

// Index of the last entry whose address is <= address, or count when there is none.
uint32_t last_entry_at_or_before(const SymbolTable& table, uint32_t address) {
  uint32_t low = 0, high = table.count;  // invariant: entries [0, low) start <= address, [high, count) after
  while (low < high) {
    uint32_t middle = low + (high - low) / 2;
    if (table.entries[middle].address <= address) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low == 0 ? table.count : low - 1;
}

// The NUL-terminated name at `offset`, or an empty view when it does not lie inside names.
StringView name_at(const SymbolTable& table, uint32_t offset) {
  if (offset >= table.names_size) return {};
  uint32_t end = offset;
  while (end < table.names_size && table.names[end] != '\0') ++end;
  if (end == table.names_size) return {};  // unterminated: the table is corrupt
  return StringView(table.names + offset, end - offset);
}

void write_location(FormatSink& sink, uint32_t address, const SymbolLocation* where) {
  if (where == nullptr) {
    format(sink, "{:#010x}", address);
  } else {
    format(sink, "{:#010x} <{}+{:#x}>", address, where->name, where->offset);
  }
}

}  // namespace

bool find_symbol(const SymbolTable& table, uint32_t address, SymbolLocation& out) {
  uint32_t index = last_entry_at_or_before(table, address);
  if (index == table.count) return false;
  const SymbolEntry& entry = table.entries[index];
  uint32_t offset = address - entry.address;
  if (offset >= entry.size) return false;
  StringView name = name_at(table, entry.name);
  if (name.empty()) return false;
  out = SymbolLocation{name, offset};
  return true;
}

void format_code_address(FormatSink& sink, const SymbolTable& table, uint32_t address) {
  SymbolLocation where;
  write_location(sink, address, find_symbol(table, address, where) ? &where : nullptr);
}

void format_return_address(FormatSink& sink, const SymbolTable& table, uint32_t address) {
  SymbolLocation where;
  bool found = address != 0 && find_symbol(table, address - 1, where);
  if (found) where.offset += 1;
  write_location(sink, address, found ? &where : nullptr);
}

}  // namespace cw
