// Host tests for lib/symbol_table: lookups inside, between, before and after functions, the offset
// bound, corrupt name offsets, the empty table, and the two report formats.
#include "lib/symbol_table.h"

#include <gtest/gtest.h>

#include <string>

namespace cw {
namespace {

// Three functions with a gap between the second and the third, as the linker leaves alignment padding.
//   alpha  [0xc0100000, 0xc0100010)
//   beta   [0xc0100010, 0xc0100030)
//   gamma  [0xc0100040, 0xc0100041)
constexpr char kNames[] = "alpha\0beta\0gamma";
constexpr SymbolEntry kEntries[] = {
    {0xc0100000, 0x10, 0},
    {0xc0100010, 0x20, 6},
    {0xc0100040, 0x01, 11},
};
constexpr SymbolTable kTable{kEntries, 3, kNames, sizeof(kNames)};

// "name+offset" of a lookup, or "none".
std::string lookup(const SymbolTable& table, uint32_t address) {
  SymbolLocation where;
  if (!find_symbol(table, address, where)) return "none";
  return std::string(where.name.data(), where.name.size()) + "+" + std::to_string(where.offset);
}

// What format_code_address or format_return_address writes for address.
std::string formatted(void (*formatter)(FormatSink&, const SymbolTable&, uint32_t), const SymbolTable& table,
                      uint32_t address) {
  char buffer[128];
  BufferSink sink(buffer, sizeof(buffer));
  formatter(sink, table, address);
  return std::string(sink.view().data(), sink.view().size());
}

std::string code_address(const SymbolTable& table, uint32_t address) {
  return formatted(format_code_address, table, address);
}

std::string return_address(const SymbolTable& table, uint32_t address) {
  return formatted(format_return_address, table, address);
}

TEST(symbol_table, FirstByteOfEachFunction) {
  EXPECT_EQ(lookup(kTable, 0xc0100000), "alpha+0");
  EXPECT_EQ(lookup(kTable, 0xc0100010), "beta+0");
  EXPECT_EQ(lookup(kTable, 0xc0100040), "gamma+0");
}

TEST(symbol_table, InsideAFunction) {
  EXPECT_EQ(lookup(kTable, 0xc0100001), "alpha+1");
  EXPECT_EQ(lookup(kTable, 0xc010000f), "alpha+15");
  EXPECT_EQ(lookup(kTable, 0xc0100022), "beta+18");
  EXPECT_EQ(lookup(kTable, 0xc010002f), "beta+31");
}

TEST(symbol_table, BeforeTheFirstFunction) {
  EXPECT_EQ(lookup(kTable, 0xc00fffff), "none");
  EXPECT_EQ(lookup(kTable, 0), "none");
}

TEST(symbol_table, PaddingBetweenFunctionsIsNotTheFunctionBefore) {
  EXPECT_EQ(lookup(kTable, 0xc0100030), "none");
  EXPECT_EQ(lookup(kTable, 0xc010003f), "none");
}

TEST(symbol_table, PastTheLastFunction) {
  EXPECT_EQ(lookup(kTable, 0xc0100041), "none");
  EXPECT_EQ(lookup(kTable, 0xc0125000), "none");
  EXPECT_EQ(lookup(kTable, 0xffffffff), "none");
}

TEST(symbol_table, EmptyTableResolvesNothing) {
  const SymbolTable empty{nullptr, 0, "", 1};
  EXPECT_EQ(lookup(empty, 0xc0100000), "none");
  EXPECT_EQ(code_address(empty, 0xc0100000), "0xc0100000");
}

TEST(symbol_table, SingleEntryTable) {
  const SymbolTable one{kEntries, 1, kNames, sizeof(kNames)};
  EXPECT_EQ(lookup(one, 0xc0100008), "alpha+8");
  EXPECT_EQ(lookup(one, 0xc0100010), "none");
}

TEST(symbol_table, EveryAddressOfALargerTableFindsItsOwnFunction) {
  // 64 functions of 16 bytes each, back to back; every byte resolves to its function and offset.
  static char names[64 * 4];
  SymbolEntry entries[64];
  for (uint32_t i = 0; i < 64; ++i) {
    names[i * 4] = 'f';
    names[i * 4 + 1] = static_cast<char>('0' + i / 10);
    names[i * 4 + 2] = static_cast<char>('0' + i % 10);
    names[i * 4 + 3] = '\0';
    entries[i] = SymbolEntry{0x1000 + i * 16, 16, i * 4};
  }
  SymbolTable table{entries, 64, names, sizeof(names)};
  for (uint32_t address = 0x1000; address < 0x1000 + 64 * 16; ++address) {
    uint32_t index = (address - 0x1000) / 16;
    std::string expected = std::string(names + index * 4) + "+" + std::to_string(address % 16);
    ASSERT_EQ(lookup(table, address), expected) << std::hex << address;
  }
  EXPECT_EQ(lookup(table, 0x0fff), "none");
  EXPECT_EQ(lookup(table, 0x1000 + 64 * 16), "none");
}

TEST(symbol_table, NameOffsetOutsideTheNamesResolvesNothing) {
  const SymbolEntry bad[] = {{0x2000, 0x10, 100}};
  const SymbolTable table{bad, 1, kNames, sizeof(kNames)};
  EXPECT_EQ(lookup(table, 0x2004), "none");
}

TEST(symbol_table, UnterminatedNameResolvesNothing) {
  const char unterminated[] = {'a', 'b', 'c'};
  const SymbolEntry entries[] = {{0x2000, 0x10, 0}};
  const SymbolTable table{entries, 1, unterminated, sizeof(unterminated)};
  EXPECT_EQ(lookup(table, 0x2004), "none");
}

TEST(symbol_table, CodeAddressFormat) {
  EXPECT_EQ(code_address(kTable, 0xc0100012), "0xc0100012 <beta+0x2>");
  EXPECT_EQ(code_address(kTable, 0xc0100040), "0xc0100040 <gamma+0x0>");
  EXPECT_EQ(code_address(kTable, 0xc0100035), "0xc0100035");
}

TEST(symbol_table, ReturnAddressNamesTheCallingFunction) {
  // A call that is the last instruction of alpha returns to the first byte of beta.
  EXPECT_EQ(return_address(kTable, 0xc0100010), "0xc0100010 <alpha+0x10>");
  EXPECT_EQ(return_address(kTable, 0xc0100015), "0xc0100015 <beta+0x5>");
  // Just past gamma's last byte: still gamma's call.
  EXPECT_EQ(return_address(kTable, 0xc0100041), "0xc0100041 <gamma+0x1>");
  EXPECT_EQ(return_address(kTable, 0xc0100042), "0xc0100042");
  EXPECT_EQ(return_address(kTable, 0), "0x00000000");
}

}  // namespace
}  // namespace cw
