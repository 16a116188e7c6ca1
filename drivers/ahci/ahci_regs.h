// AHCI HBA and port registers (Serial ATA AHCI 1.3.1 sections 3.1 "Generic Host Control" and 3.3 "Port
// Registers"), offsets into the memory range of BAR5 (ABAR).
#pragma once

#include <cstdint>

namespace cw::ahci {

inline constexpr unsigned kAbar = 5;

// Generic host control.
inline constexpr uint32_t kRegCap = 0x00;
inline constexpr uint32_t kRegGhc = 0x04;
inline constexpr uint32_t kRegIs = 0x08;    // interrupt status: bit n = port n, write 1 to clear
inline constexpr uint32_t kRegPortsImplemented = 0x0C;
inline constexpr uint32_t kGhcAhciEnable = 1u << 31;
inline constexpr uint32_t kGhcInterruptEnable = 1u << 1;

// Port n's registers start at 0x100 + 0x80 * n.
inline constexpr uint32_t kPortBase = 0x100;
inline constexpr uint32_t kPortStride = 0x80;
inline constexpr uint32_t kMaxPorts = 32;
inline constexpr uint32_t kPxClb = 0x00;    // command list base (1 KiB aligned)
inline constexpr uint32_t kPxClbu = 0x04;
inline constexpr uint32_t kPxFb = 0x08;     // received FIS base (256-byte aligned)
inline constexpr uint32_t kPxFbu = 0x0C;
inline constexpr uint32_t kPxIs = 0x10;     // interrupt status, write 1 to clear
inline constexpr uint32_t kPxIe = 0x14;
inline constexpr uint32_t kPxCmd = 0x18;
inline constexpr uint32_t kPxTfd = 0x20;    // task file data: bits 7:0 status, 15:8 error
inline constexpr uint32_t kPxSig = 0x24;
inline constexpr uint32_t kPxSsts = 0x28;   // SATA status: DET bits 3:0, IPM bits 11:8
inline constexpr uint32_t kPxSerr = 0x30;   // SATA error, write 1 to clear
inline constexpr uint32_t kPxCi = 0x38;     // command issue: bit n = slot n

inline constexpr uint32_t kCmdStart = 1u << 0;
inline constexpr uint32_t kCmdFisReceive = 1u << 4;
inline constexpr uint32_t kCmdFisRunning = 1u << 14;
inline constexpr uint32_t kCmdListRunning = 1u << 15;
inline constexpr uint32_t kIsTaskFileError = 1u << 30;
// PxIE: interrupts for the FISes that end a command (D2H register, PIO setup, DMA setup, set device
// bits) and for task-file errors (section 3.3.6).
inline constexpr uint32_t kIeCompletion = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | kIsTaskFileError;
inline constexpr uint32_t kSstsDetPresent = 3;      // device present, PHY communication established
inline constexpr uint32_t kSstsIpmActive = 1;
inline constexpr uint32_t kSigAta = 0x00000101;     // the signature FIS of an ATA (not ATAPI) device

}  // namespace cw::ahci
