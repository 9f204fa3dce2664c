// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit checks of the QEMU machine the DMA drivers are tested on.
 *
 * Every hardware test in this project assumes an edu DMA controller and an
 * ivshmem memory card on the PCI bus, laid out as the harness's qemu_config
 * asks. When that assumption breaks (an older QEMU, a changed command line)
 * these cases say so directly instead of letting a driver test fail in some
 * less obvious way.
 */

#include <kunit/test.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/sizes.h>

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_REG_ID		0x00
#define EDU_REG_LIVENESS	0x04
#define EDU_ID_MAGIC		0xed

#define CARD_VENDOR		0x1af4
#define CARD_DEVICE		0x1110
#define CARD_REGS_BAR		0
#define CARD_MEM_BAR		2

KUNIT_DEFINE_ACTION_WRAPPER(pci_dev_put_action, pci_dev_put, struct pci_dev *);

/* Finds the one device with these IDs; the reference is dropped at test end. */
static struct pci_dev *find_one(struct kunit *test, u16 vendor, u16 device)
{
	struct pci_dev *pdev, *other;
	int ret;

	pdev = pci_get_device(vendor, device, NULL);
	KUNIT_ASSERT_NOT_NULL_MSG(test, pdev, "no PCI device %04x:%04x",
				  vendor, device);
	ret = kunit_add_action_or_reset(test, pci_dev_put_action, pdev);
	KUNIT_ASSERT_EQ(test, ret, 0);

	other = pci_get_device(vendor, device, pdev);
	KUNIT_EXPECT_NULL_MSG(test, other, "more than one %04x:%04x",
			      vendor, device);
	pci_dev_put(other);
	return pdev;
}

static void edu_is_present_with_one_mmio_bar(struct kunit *test)
{
	struct pci_dev *pdev = find_one(test, EDU_VENDOR, EDU_DEVICE);
	unsigned long flags = pci_resource_flags(pdev, 0);

	KUNIT_EXPECT_EQ(test, pdev->revision, 0x10);
	KUNIT_EXPECT_TRUE(test, flags & IORESOURCE_MEM);
	KUNIT_EXPECT_FALSE(test, flags & IORESOURCE_PREFETCH);
	KUNIT_EXPECT_EQ(test, pci_resource_len(pdev, 0), (resource_size_t)SZ_1M);
	KUNIT_EXPECT_EQ(test, pci_resource_len(pdev, 1), 0);
	KUNIT_EXPECT_TRUE(test, pdev->pin != 0);
}

static void edu_reports_msi_capability(struct kunit *test)
{
	struct pci_dev *pdev = find_one(test, EDU_VENDOR, EDU_DEVICE);

	KUNIT_EXPECT_NE(test, pci_find_capability(pdev, PCI_CAP_ID_MSI), 0);
}

KUNIT_DEFINE_ACTION_WRAPPER(pci_disable_action, pci_disable_device,
			    struct pci_dev *);

/*
 * Reads the identification register and exercises the liveness register,
 * which answers with the bitwise inverse of what was last written. This
 * proves the BAR decodes and reaches the device model, without touching
 * the DMA engine that a bound driver may be using. Only expectations
 * between ioremap() and iounmap(), so the mapping is always released.
 */
static void edu_registers_answer(struct kunit *test)
{
	struct pci_dev *pdev = find_one(test, EDU_VENDOR, EDU_DEVICE);
	void __iomem *regs;
	u32 id;

	/* Counted: a driver bound to edu keeps the device enabled. */
	KUNIT_ASSERT_EQ(test, pci_enable_device_mem(pdev), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pci_disable_action,
							pdev), 0);

	regs = ioremap(pci_resource_start(pdev, 0), PAGE_SIZE);
	KUNIT_ASSERT_TRUE_MSG(test, !!regs, "cannot map BAR0");

	id = readl(regs + EDU_REG_ID);
	KUNIT_EXPECT_EQ(test, id & 0xff, EDU_ID_MAGIC);
	KUNIT_EXPECT_EQ(test, id >> 24, 1);

	writel(0x12345678, regs + EDU_REG_LIVENESS);
	KUNIT_EXPECT_EQ(test, readl(regs + EDU_REG_LIVENESS), ~0x12345678u);
	writel(0, regs + EDU_REG_LIVENESS);
	KUNIT_EXPECT_EQ(test, readl(regs + EDU_REG_LIVENESS), ~0u);

	iounmap(regs);
}

static void card_is_present_with_register_and_memory_bars(struct kunit *test)
{
	struct pci_dev *pdev = find_one(test, CARD_VENDOR, CARD_DEVICE);
	unsigned long mem = pci_resource_flags(pdev, CARD_MEM_BAR);

	KUNIT_EXPECT_EQ(test, pci_resource_len(pdev, CARD_REGS_BAR),
			(resource_size_t)256);
	KUNIT_EXPECT_TRUE(test, mem & IORESOURCE_MEM);
	KUNIT_EXPECT_TRUE(test, mem & IORESOURCE_MEM_64);
	KUNIT_EXPECT_TRUE(test, mem & IORESOURCE_PREFETCH);
	KUNIT_EXPECT_EQ(test, pci_resource_len(pdev, CARD_MEM_BAR),
			(resource_size_t)SZ_64M);
}

/*
 * The card's memory BAR sits above 4 GiB on q35, which is why the harness
 * widens edu's DMA mask. If this changes, the edu driver's mask parameter
 * in the test configurations can go back to its default.
 */
static void card_memory_is_above_4g(struct kunit *test)
{
	struct pci_dev *pdev = find_one(test, CARD_VENDOR, CARD_DEVICE);

	KUNIT_EXPECT_GE(test, (u64)pci_resource_start(pdev, CARD_MEM_BAR),
			(u64)SZ_4G);
}

static struct kunit_case qemu_pci_devices_cases[] = {
	KUNIT_CASE(edu_is_present_with_one_mmio_bar),
	KUNIT_CASE(edu_reports_msi_capability),
	KUNIT_CASE(edu_registers_answer),
	KUNIT_CASE(card_is_present_with_register_and_memory_bars),
	KUNIT_CASE(card_memory_is_above_4g),
	{}
};

static struct kunit_suite qemu_pci_devices_suite = {
	.name = "dma_qemu_pci_devices",
	.test_cases = qemu_pci_devices_cases,
};

kunit_test_suite(qemu_pci_devices_suite);

MODULE_DESCRIPTION("KUnit checks of the QEMU machine's DMA test devices");
MODULE_LICENSE("GPL");
