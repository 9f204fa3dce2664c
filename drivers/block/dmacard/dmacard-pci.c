// SPDX-License-Identifier: GPL-2.0
/*
 * dmacard: PCI glue. Binds QEMU's ivshmem-plain card (1af4:1110), takes the
 * "tx" and "rx" slave channels that the platform names for it (Device
 * Tree, ACPI or a dma_slave_map board table, in the core's order) and maps
 * the card's memory (BAR2) for the controller behind them. The controller
 * may come later: -EPROBE_DEFER is passed on, so module load order does not
 * matter.
 */

#include <linux/acpi.h>
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pci.h>

#include "dmacard.h"

#define DMACARD_MEM_BAR	2

static bool cpu_copy;
module_param(cpu_copy, bool, 0444);
MODULE_PARM_DESC(cpu_copy,
		 "Move data with memcpy_toio/memcpy_fromio instead of DMA (default 0)");

#ifdef CONFIG_ACPI
static int dmacard_count_fixed_dma(struct acpi_resource *res, void *count)
{
	if (res->type == ACPI_RESOURCE_TYPE_FIXED_DMA)
		(*(unsigned int *)count)++;
	return 1;	/* look, do not collect */
}

static bool dmacard_acpi_describes_dma(struct device *dev)
{
	struct acpi_device *adev = ACPI_COMPANION(dev);
	unsigned int count = 0;
	LIST_HEAD(unused);

	if (!adev || acpi_dev_get_resources(adev, &unused,
					    dmacard_count_fixed_dma, &count) < 0)
		return false;
	acpi_dev_free_resource_list(&unused);
	return count > 0;
}
#else
static bool dmacard_acpi_describes_dma(struct device *dev)
{
	return false;
}
#endif

/*
 * Which description the core uses for our channels, in its own order. A
 * firmware node that names no DMA at all (q35 gives every slot an ACPI
 * object) leaves the board tables to answer.
 */
static const char *dmacard_lookup_path(struct device *dev)
{
	if (dev->of_node && of_property_present(dev->of_node, "dmas"))
		return "device tree";
	if (dmacard_acpi_describes_dma(dev))
		return "acpi";
	return "slave map";
}

static int dmacard_queue_get(struct dmacard *card, struct dmacard_queue *q,
			     const char *name)
{
	struct device *dev = &card->pdev->dev;
	struct dma_chan *chan;

	chan = dma_request_chan(dev, name);
	/*
	 * The core answers -ENODEV when a firmware node exists but is silent
	 * about DMA; our channels then come from a board table, whose
	 * controller may simply not have probed yet.
	 */
	if (PTR_ERR(chan) == -ENODEV && !strcmp(dmacard_lookup_path(dev), "slave map"))
		chan = ERR_PTR(-EPROBE_DEFER);
	if (IS_ERR(chan))
		return dev_err_probe(dev, PTR_ERR(chan),
				     "no \"%s\" DMA channel\n", name);

	q->dma_dev = dmaengine_get_dma_device(chan);
	q->card_bus = dma_map_resource(q->dma_dev, card->mem_phys, card->size,
				       DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(q->dma_dev, q->card_bus)) {
		dev_err(dev, "\"%s\": %s cannot reach the card's memory\n",
			name, dma_chan_name(chan));
		dma_release_channel(chan);
		return -EIO;
	}
	q->chan = chan;
	q->name = name;
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->inflight);
	return 0;
}

static void dmacard_queue_put(struct dmacard *card, struct dmacard_queue *q)
{
	if (!q->chan)
		return;
	dmaengine_terminate_sync(q->chan);
	dma_unmap_resource(q->dma_dev, q->card_bus, card->size,
			   DMA_BIDIRECTIONAL, 0);
	dma_release_channel(q->chan);
	q->chan = NULL;
}

static int dmacard_queues_get(struct dmacard *card)
{
	int ret;

	ret = dmacard_queue_get(card, &card->tx, "tx");
	if (ret)
		return ret;
	ret = dmacard_queue_get(card, &card->rx, "rx");
	if (ret)
		dmacard_queue_put(card, &card->tx);
	return ret;
}

/* Process context. */
static int dmacard_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct dmacard *card;
	int ret;

	card = devm_kzalloc(dev, sizeof(*card), GFP_KERNEL);
	if (!card)
		return -ENOMEM;
	card->pdev = pdev;
	card->cpu_copy = cpu_copy;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	if (!(pci_resource_flags(pdev, DMACARD_MEM_BAR) & IORESOURCE_MEM) ||
	    !pci_resource_len(pdev, DMACARD_MEM_BAR)) {
		dev_err(dev, "BAR%d is not the card's memory\n", DMACARD_MEM_BAR);
		return -ENODEV;
	}
	card->mem = pcim_iomap_region(pdev, DMACARD_MEM_BAR, KBUILD_MODNAME);
	if (IS_ERR(card->mem))
		return PTR_ERR(card->mem);
	card->mem_phys = pci_resource_start(pdev, DMACARD_MEM_BAR);
	card->size = pci_resource_len(pdev, DMACARD_MEM_BAR);

	if (card->cpu_copy) {
		card->lookup = "none (cpu_copy)";
	} else {
		ret = dmacard_queues_get(card);
		if (ret)
			return ret;
		card->lookup = dmacard_lookup_path(dev);
	}

	ret = dmacard_blk_add(card);
	if (ret)
		goto put_queues;
	pci_set_drvdata(pdev, card);
	if (card->cpu_copy)
		dev_info(dev, "%s: %llu MiB, CPU copies\n", card->disk->disk_name,
			 (unsigned long long)card->size >> 20);
	else
		dev_info(dev, "%s: %llu MiB, DMA tx %s rx %s, found by %s\n",
			 card->disk->disk_name,
			 (unsigned long long)card->size >> 20,
			 dma_chan_name(card->tx.chan),
			 dma_chan_name(card->rx.chan), card->lookup);
	return 0;

put_queues:
	dmacard_queue_put(card, &card->rx);
	dmacard_queue_put(card, &card->tx);
	return ret;
}

/* Process context. I/O still queued fails; the card's memory stays. */
static void dmacard_remove(struct pci_dev *pdev)
{
	struct dmacard *card = pci_get_drvdata(pdev);

	dmacard_blk_remove(card);
	dmacard_queue_put(card, &card->rx);
	dmacard_queue_put(card, &card->tx);
}

static const struct pci_device_id dmacard_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x1110) },
	{ }
};
MODULE_DEVICE_TABLE(pci, dmacard_ids);

static struct pci_driver dmacard_driver = {
	.name = KBUILD_MODNAME,
	.id_table = dmacard_ids,
	.probe = dmacard_probe,
	.remove = dmacard_remove,
};
module_pci_driver(dmacard_driver);

MODULE_DESCRIPTION("PCIe memory card block device over dmaengine slave channels");
MODULE_LICENSE("GPL");
