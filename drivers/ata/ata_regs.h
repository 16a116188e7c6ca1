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
