/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware description of the memory card's DMA, for the scenarios in
 * scenarios/card/: the ACPI lookup path of the dmacard client.
 *
 * QEMU's q35 DSDT already has an object for every slot of the root bus
 * (S20 is slot 4, where the edu controller sits; S28 is slot 5, the
 * ivshmem card), which Linux makes the PCI devices' ACPI companions. This
 * table adds to the card's object four FixedDMA resources naming edu's
 * request lines, and a _DSD naming them: tx/rx, and tx1/rx1 for a second
 * hardware queue. The resources are in the order
 * opposite to the "tx is 0, rx is 1" convention, so a lookup that ignored
 * _DSD would swap the directions.
 */
DefinitionBlock ("", "SSDT", 2, "DMATST", "DMACARD", 0x00000001)
{
	External (\_SB.PCI0.S28, DeviceObj)

	Scope (\_SB.PCI0.S28)
	{
		Name (_CRS, ResourceTemplate ()
		{
			/* index 0: "rx", edu request line 2 */
			FixedDMA (2, 2, Width32bit, )
			/* index 1: "tx", edu request line 1 */
			FixedDMA (1, 1, Width32bit, )
			/* index 2, 3: a second hardware queue, lines 3 and 0 */
			FixedDMA (3, 3, Width32bit, )
			FixedDMA (0, 0, Width32bit, )
		})
		Name (_DSD, Package ()
		{
			ToUUID ("daffd814-6eba-4d8c-8a91-bc9bbf4aa301"),
			Package ()
			{
				Package () { "dma-names",
					    Package () { "rx", "tx", "tx1", "rx1" } },
			}
		})
	}
}
