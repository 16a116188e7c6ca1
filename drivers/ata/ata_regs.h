// ATA task-file registers, status/error bits and the commands the PIO driver uses. Names and bit
// positions follow ATA/ATAPI-6 (T13/1410D) clause 7 "Register descriptions" and clause 8 "Command
// descriptions"; ATA8-ACS keeps the same encodings. The port numbers are the PC's legacy ISA assignment
// (also the "compatibility mode" of a PCI IDE controller).
#pragma once

#include <cstdint>

namespace cw::ata {

// --- Legacy ports and IRQs ------------------------------------------------------------------------------
inline constexpr uint16_t kPrimaryCommandBase = 0x1F0;    // 0x1F0-0x1F7
inline constexpr uint16_t kPrimaryControlBase = 0x3F6;    // Alternate Status / Device Control
inline constexpr uint8_t kPrimaryIrq = 14;
inline constexpr uint16_t kSecondaryCommandBase = 0x170;  // 0x170-0x177
inline constexpr uint16_t kSecondaryControlBase = 0x376;
inline constexpr uint8_t kSecondaryIrq = 15;

// --- Command block registers: offsets from the command base ---------------------------------------------
inline constexpr uint16_t kRegData = 0;         // 16-bit PIO data port
inline constexpr uint16_t kRegError = 1;        // read
inline constexpr uint16_t kRegFeatures = 1;     // write
inline constexpr uint16_t kRegSectorCount = 2;
inline constexpr uint16_t kRegLbaLow = 3;       // LBA bits 7:0 (48-bit: 31:24 on the first write)
inline constexpr uint16_t kRegLbaMid = 4;       // LBA bits 15:8 (48-bit: 39:32)
inline constexpr uint16_t kRegLbaHigh = 5;      // LBA bits 23:16 (48-bit: 47:40)
inline constexpr uint16_t kRegDevice = 6;       // device select, LBA mode, LBA28 bits 27:24
inline constexpr uint16_t kRegStatus = 7;       // read: also clears the device's pending interrupt
inline constexpr uint16_t kRegCommand = 7;      // write

// --- Status register (and Alternate Status, which reads the same bits without clearing INTRQ) -----------
inline constexpr uint8_t kStatusErr = 0x01;   // the last command ended in error: see the Error register
inline constexpr uint8_t kStatusDrq = 0x08;   // ready to transfer a DRQ data block
inline constexpr uint8_t kStatusDf = 0x20;    // device fault
inline constexpr uint8_t kStatusDrdy = 0x40;  // device ready to accept commands
inline constexpr uint8_t kStatusBsy = 0x80;   // busy: every other bit is invalid while set
inline constexpr uint8_t kStatusFloating = 0xFF;  // what a channel with no device pulls the bus to

// --- Error register --------------------------------------------------------------------------------------
inline constexpr uint8_t kErrorAmnf = 0x01;   // address mark not found (obsolete)
inline constexpr uint8_t kErrorAbrt = 0x04;   // command aborted (unsupported, or bad parameters)
inline constexpr uint8_t kErrorIdnf = 0x10;   // requested address not found
inline constexpr uint8_t kErrorUnc = 0x40;    // uncorrectable data error
inline constexpr uint8_t kErrorIcrc = 0x80;   // interface CRC error (Ultra DMA)

// --- Device register ------------------------------------------------------------------------------------
// Bits 7 and 5 are obsolete and set to 1 as legacy hosts always did; bit 6 selects LBA addressing.
inline constexpr uint8_t kDeviceBase = 0xA0;
inline constexpr uint8_t kDeviceLba = 0x40;
inline constexpr uint8_t kDeviceSlave = 0x10;  // "DEV": 0 selects device 0 (master), 1 device 1 (slave)

// --- Device Control register ----------------------------------------------------------------------------
inline constexpr uint8_t kControlNien = 0x02;  // 1: the selected device does not assert INTRQ
inline constexpr uint8_t kControlSrst = 0x04;  // software reset of both devices on the channel
inline constexpr uint8_t kControlHob = 0x80;   // read back the "previous" (high-order) 48-bit bytes

// --- Commands -------------------------------------------------------------------------------------------
inline constexpr uint8_t kCmdReadSectors = 0x20;       // PIO data-in, LBA28, count 0 = 256
inline constexpr uint8_t kCmdReadSectorsExt = 0x24;    // PIO data-in, LBA48, count 0 = 65536
inline constexpr uint8_t kCmdWriteSectors = 0x30;      // PIO data-out, LBA28
inline constexpr uint8_t kCmdWriteSectorsExt = 0x34;   // PIO data-out, LBA48
inline constexpr uint8_t kCmdFlushCache = 0xE7;        // non-data
inline constexpr uint8_t kCmdFlushCacheExt = 0xEA;     // non-data, for devices with 48-bit addressing
inline constexpr uint8_t kCmdIdentifyDevice = 0xEC;    // PIO data-in, one 512-byte block
inline constexpr uint8_t kCmdReadDma = 0xC8;           // DMA, LBA28, count 0 = 256
inline constexpr uint8_t kCmdReadDmaExt = 0x25;        // DMA, LBA48
inline constexpr uint8_t kCmdWriteDma = 0xCA;          // DMA, LBA28
inline constexpr uint8_t kCmdWriteDmaExt = 0x35;       // DMA, LBA48
inline constexpr uint8_t kCmdSetFeatures = 0xEF;       // non-data; Features = subcommand

// --- Bus-master IDE registers: offsets from the channel's bus-master base (BAR4 + 8 * channel) -----------
// SFF-8038i rev 1.0 section 1.1; PIIX4 datasheet section 3.3 "IDE I/O space registers" (BMICx, BMISx,
// BMIDTPx).
inline constexpr uint16_t kBmCommand = 0;     // 8-bit
inline constexpr uint16_t kBmStatus = 2;      // 8-bit
inline constexpr uint16_t kBmPrdTable = 4;    // 32-bit physical address of the PRD table, dword aligned
inline constexpr uint16_t kBmChannelStride = 8;
// Command: bit 0 start/stop, bit 3 direction (1: the controller writes memory, a disk read).
inline constexpr uint8_t kBmCommandStart = 0x01;
inline constexpr uint8_t kBmCommandToMemory = 0x08;
// Status: bit 0 active (read only), bits 1 error and 2 interrupt (write 1 to clear), bits 5 and 6 drive
// 0/1 DMA capable (read/write, set by firmware), bit 7 simplex (only one channel may transfer at a time).
inline constexpr uint8_t kBmStatusActive = 0x01;
inline constexpr uint8_t kBmStatusError = 0x02;
inline constexpr uint8_t kBmStatusInterrupt = 0x04;
inline constexpr uint8_t kBmStatusDriveCapable = 0x60;
inline constexpr uint8_t kBmStatusSimplex = 0x80;
// PCI programming interface of an IDE controller (class 01:01; PCI IDE Controller Specification 1.0
// section 2.1): bit 0 / bit 2 the primary / secondary channel in native-PCI mode, bit 7 bus master.
inline constexpr uint8_t kProgIfPrimaryNative = 0x01;
inline constexpr uint8_t kProgIfSecondaryNative = 0x04;
inline constexpr uint8_t kProgIfBusMaster = 0x80;
inline constexpr unsigned kBusMasterBar = 4;

// --- Signatures left in LBA Mid / LBA High after reset or an aborted IDENTIFY DEVICE --------------------
// (ATA/ATAPI-6 clause 9 "Signature and persistence"; the SATA pair from Serial ATA 1.0a.)
inline constexpr uint8_t kSignatureAtapiMid = 0x14, kSignatureAtapiHigh = 0xEB;
inline constexpr uint8_t kSignatureSataAtapiMid = 0x69, kSignatureSataAtapiHigh = 0x96;
inline constexpr uint8_t kSignatureSataMid = 0x3C, kSignatureSataHigh = 0xC3;

// --- Transfer sizes -------------------------------------------------------------------------------------
inline constexpr uint32_t kWordsPerSector = 256;
// READ/WRITE SECTORS moves one sector per DRQ block; one command moves at most 256 sectors (the LBA28
// limit, also used for the EXT commands so both paths chunk alike).
inline constexpr uint32_t kMaxSectorsPerCommand = 256;
// The highest sector count LBA28 can address: a request ending above this uses the EXT commands.
inline constexpr uint64_t kLba28Limit = 0x0FFFFFFF;

}  // namespace cw::ata
