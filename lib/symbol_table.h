// An address-to-function-name table, for panic and exception reports (the kernel embeds one, generated
// at build time by tools/kernel_symbols.py; docs/debugging.md shows a report).
//
//   SymbolLocation where;
//   if (find_symbol(table, eip, where)) ...    where.name = "cw::crash_on_request", where.offset = 0x12
//   format_code_address(sink, table, eip);    "0xc01024f2 <cw::crash_on_request+0x12>"
//
// The table is plain data so it can be generated as a constant array and read with no allocation, no
// locks and no state: it is used while the kernel is already broken.
#pragma once

#include <cstdint>

#include "lib/format.h"
#include "lib/string_view.h"

namespace cw {

// One function: [address, address + size). `name` is a byte offset into SymbolTable::names, where the
// name is NUL-terminated.
struct SymbolEntry {
  uint32_t address;
  uint32_t size;
  uint32_t name;
};

// entries are sorted by address, strictly increasing, and do not overlap. names holds names_size bytes.
// An empty table (count 0) is valid and resolves nothing.
struct SymbolTable {
  const SymbolEntry* entries;
  uint32_t count;
  const char* names;
  uint32_t names_size;
};

struct SymbolLocation {
  StringView name;
  uint32_t offset;  // address - the function's first byte
};

// The function whose range contains `address`. False for an address before the first function, past
// the end of the function it follows (padding between functions, data, or past the last function), or
// one whose entry names a byte outside `names` (a corrupt table resolves nothing rather than reading
// out of bounds).
bool find_symbol(const SymbolTable& table, uint32_t address, SymbolLocation& out);

// Writes "0x%08x <name+0xoffset>", or just "0x%08x" when find_symbol finds nothing.
void format_code_address(FormatSink& sink, const SymbolTable& table, uint32_t address);

// As format_code_address, for a return address taken from a stack frame: it is looked up one byte back,
// inside the call instruction, so a call that ends its function (a call to a [[noreturn]] function)
// names the caller and not whatever follows it. The address and offset printed are the return
// address's own.
void format_return_address(FormatSink& sink, const SymbolTable& table, uint32_t address);

}  // namespace cw
