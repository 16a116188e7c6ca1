// Host tests for drivers/ata/transfer_choice: DMA or PIO, and which DMA mode.
#include "drivers/ata/transfer_choice.h"

#include <gtest/gtest.h>

namespace cw::ata {
namespace {

constexpr ControllerState kController{true, ""};
constexpr ControllerState kNoController{false, "no bus-master IDE controller"};

Identity dma_drive() {
  Identity id;
  id.dma = true;
  id.mwdma_supported = 0x07;
  return id;
}

TEST(transfer_choice, SelectsTheHighestMultiwordModeWhenNoneIsSelected) {
  TransferChoice c = choose_transfer(dma_drive(), kController, false);
  EXPECT_EQ(c.transfer, Transfer::Dma);
  EXPECT_FALSE(c.ultra);
  EXPECT_EQ(c.mode, 2u);
  EXPECT_EQ(c.set_mode, 0x22u);
  EXPECT_TRUE(c.reason.empty());
}

TEST(transfer_choice, KeepsAModeFirmwareSelected) {
  Identity id = dma_drive();
  id.mwdma_selected = 0x02;
  TransferChoice c = choose_transfer(id, kController, false);
  EXPECT_EQ(c.transfer, Transfer::Dma);
  EXPECT_EQ(c.mode, 1u);
  EXPECT_EQ(c.set_mode, 0u);

  id.udma_supported = 0x3F;
  id.udma_selected = 0x20;
  c = choose_transfer(id, kController, false);
  EXPECT_TRUE(c.ultra);
  EXPECT_EQ(c.mode, 5u);
  EXPECT_EQ(c.set_mode, 0u);
}

TEST(transfer_choice, AnUltraModeSelectedButNotSupportedIsIgnored) {
  Identity id = dma_drive();
  id.udma_selected = 0x01;  // word 88 not valid: supported stays 0
  TransferChoice c = choose_transfer(id, kController, false);
  EXPECT_FALSE(c.ultra);
  EXPECT_EQ(c.set_mode, 0x22u);
}

TEST(transfer_choice, FallsBackToPioWithTheReason) {
  EXPECT_EQ(choose_transfer(dma_drive(), kController, true).reason, StringView("ata=pio"));
  TransferChoice c = choose_transfer(dma_drive(), kNoController, false);
  EXPECT_EQ(c.transfer, Transfer::Pio);
  EXPECT_EQ(c.reason, StringView("no bus-master IDE controller"));

  Identity no_dma = dma_drive();
  no_dma.dma = false;
  c = choose_transfer(no_dma, kController, false);
  EXPECT_EQ(c.transfer, Transfer::Pio);
  EXPECT_EQ(c.reason, StringView("drive without DMA (IDENTIFY word 49)"));

  Identity no_mode = dma_drive();
  no_mode.mwdma_supported = 0;
  c = choose_transfer(no_mode, kController, false);
  EXPECT_EQ(c.transfer, Transfer::Pio);
  EXPECT_FALSE(c.reason.empty());
}

}  // namespace
}  // namespace cw::ata
