/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware description for the ACPI channel-lookup scenario: two DMA
 * controllers served by the acpi_dma_test_provider module, and two clients
 * that name their channels through FixedDMA resources.
 *
 * Controller A (DMAT0001) owns request lines 0-15 and controller B
 * (DMAT0002) lines 16-31, as the CSRT beside this file says. The CSRT finds
 * each controller by its interrupt (neither has an MMIO window), so each has
 * an interrupt of its own, shared and level-low like the PCI lines. B has
 * a second interrupt listed before the one the CSRT names: the match uses
 * a controller's last interrupt, as upstream does.
 *
 * Client DCL1's _DSD lists its channels in the opposite order to the
 * "tx is 0, rx is 1" convention: a lookup that ignores _DSD lands on the
 * wrong controller. Client DCL2 has no _DSD and relies on the convention.
 * Client DCL3's _DSD names neither "tx" nor "rx": those fall back to the
 * convention too.
 */
DefinitionBlock ("", "SSDT", 2, "DMATST", "DMALOOK", 0x00000001)
{
	Scope (\_SB)
	{
		Device (DMAA)
		{
			Name (_HID, "DMAT0001")
			Name (_UID, 0)
			Name (_CRS, ResourceTemplate ()
			{
				Interrupt (ResourceConsumer, Level, ActiveLow, Shared) { 22 }
			})
		}

		Device (DMAB)
		{
			Name (_HID, "DMAT0002")
			Name (_UID, 0)
			Name (_CRS, ResourceTemplate ()
			{
				Interrupt (ResourceConsumer, Level, ActiveLow, Shared) { 21 }
				Interrupt (ResourceConsumer, Level, ActiveLow, Shared) { 23 }
			})
		}

		Device (DCL1)
		{
			Name (_HID, "DMAT0100")
			Name (_UID, 1)
			Name (_CRS, ResourceTemplate ()
			{
				/* index 0: "rx", line 5 -> A, channel 1 */
				FixedDMA (5, 1, Width32bit, )
				/* index 1: "tx", line 20 -> B (slave id 4), channel 3 */
				FixedDMA (20, 3, Width32bit, )
			})
			Name (_DSD, Package ()
			{
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package ()
				{
					Package () { "dma-names", Package () { "rx", "tx" } },
				}
			})
		}

		Device (DCL2)
		{
			Name (_HID, "DMAT0100")
			Name (_UID, 2)
			Name (_CRS, ResourceTemplate ()
			{
				/* index 0: "tx" by convention, line 6 -> A, channel 2 */
				FixedDMA (6, 2, Width32bit, )
				/* index 1: "rx" by convention, line 17 -> B (slave id 1), channel 0 */
				FixedDMA (17, 0, Width32bit, )
			})
		}
		Device (DCL3)
		{
			Name (_HID, "DMAT0100")
			Name (_UID, 3)
			Name (_CRS, ResourceTemplate ()
			{
				/* index 0: "cmd", and "tx" by convention: line 7 -> A, channel 3 */
				FixedDMA (7, 3, Width32bit, )
				/* index 1: "status", and "rx" by convention: line 18 -> B (slave id 2), channel 1 */
				FixedDMA (18, 1, Width32bit, )
			})
			Name (_DSD, Package ()
			{
				ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
				Package ()
				{
					Package () { "dma-names", Package () { "cmd", "status" } },
				}
			})
		}
	}
}
