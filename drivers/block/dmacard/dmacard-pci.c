// SPDX-License-Identifier: GPL-2.0
/*
 * dmacard: PCI glue. Binds QEMU's ivshmem-plain card (1af4:1110), takes the
 * "tx" and "rx" slave channels that the platform names for it (Device
 * Tree, ACPI or a dma_slave_map board table, in the core's order), and
 * "tx1"/"rx1", ... for further hardware queues when offered, and maps
 * the card's memory (BAR2) once for each controller behind them. The
 * controller may come later: the probe defers until it does, so module
 * load order does not matter (see dmacard_queue_get()).
 */

#include <linux/acpi.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/property.h>

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
static enum dmacard_lookup dmacard_lookup_path(struct device *dev)
{
	if (dev->of_node && of_property_present(dev->of_node, "dmas"))
		return DMACARD_BY_DT;
	if (dmacard_acpi_describes_dma(dev))
		return DMACARD_BY_ACPI;
	return DMACARD_BY_BOARD_TABLE;
}

/* As the stats file and the probe's log line show it. */
const char *dmacard_lookup_name(enum dmacard_lookup lookup)
{
	static const char * const names[] = {
		[DMACARD_BY_BOARD_TABLE] = "slave map",
		[DMACARD_BY_DT] = "device tree",
		[DMACARD_BY_ACPI] = "acpi",
		[DMACARD_NO_DMA] = "none (cpu_copy)",
	};

	static_assert(ARRAY_SIZE(names) == DMACARD_NO_DMA + 1);
	return names[lookup];
}

/*
 * What the queue getters return for a further hardware queue that is not
 * there: positive, so no errno a lookup passes back can be taken for it.
 */
#define DMACARD_NO_QUEUE	1

/* Channel names of each hardware queue, in the order they are looked for. */
static const char * const dmacard_chan_names[DMACARD_MAX_HWQ][2] = {
	{ "tx", "rx" }, { "tx1", "rx1" }, { "tx2", "rx2" }, { "tx3", "rx3" },
};

/*
 * Points @q at BAR2 as its controller device reaches it, mapping BAR2 for
 * that device if no other queue has. Probe context, like
 * dmacard_window_put(): the card's windows change only there.
 */
static int dmacard_window_get(struct dmacard *card, struct dmacard_queue *q)
{
	struct dmacard_window *w, *spare = NULL;

	for (w = card->windows; w < card->windows + ARRAY_SIZE(card->windows);
	     w++) {
		if (w->users && w->dev == q->dma_dev)
			goto found;
		if (!w->users && !spare)
			spare = w;
	}
	/* One window per channel at most: there is always a free one. */
	w = spare;
	w->bus = dma_map_resource(q->dma_dev, card->mem_phys, card->size,
				  DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(q->dma_dev, w->bus))
		return -EIO;
	w->dev = q->dma_dev;
found:
	w->users++;
	q->window = w;
	q->card_bus = w->bus;
	return 0;
}

/* Drops @q's use of its window; the last user unmaps BAR2. */
static void dmacard_window_put(struct dmacard *card, struct dmacard_queue *q)
{
	struct dmacard_window *w = q->window;

	q->window = NULL;
	if (--w->users)
		return;
	dma_unmap_resource(w->dev, w->bus, card->size, DMA_BIDIRECTIONAL, 0);
	w->dev = NULL;
}

/*
 * Takes channel @name for @q. With @quiet (a further hardware queue that a
 * board table may or may not offer) a failed request is no error:
 * DMACARD_NO_QUEUE and a debug line.
 */
static int dmacard_queue_get(struct dmacard *card, struct dmacard_queue *q,
			     const char *name, bool quiet)
{
	struct device *dev = &card->pdev->dev;
	struct dma_chan *chan;

	chan = dma_request_chan(dev, name);
	if (IS_ERR(chan) && quiet) {
		dev_dbg(dev, "no \"%s\" DMA channel: %pe\n", name, chan);
		return DMACARD_NO_QUEUE;
	}
	/*
	 * The card's own decision about its load order. When the firmware
	 * says nothing about its DMA (q35 gives every slot an ACPI object
	 * that names none), the channels can only come from a controller's
	 * board table, and a controller that is not loaded yet has no table
	 * registered: the core then answers -ENODEV, as Linux 6.12's does
	 * for a device with a firmware node. That is "not yet", not "never"
	 * (the card is useless without DMA unless told to copy with the CPU),
	 * so the probe defers, saying why; it runs again whenever another
	 * driver binds, the controller included. A core that defers by
	 * itself there gets the same message.
	 */
	if (card->lookup == DMACARD_BY_BOARD_TABLE &&
	    (PTR_ERR(chan) == -ENODEV || PTR_ERR(chan) == -EPROBE_DEFER))
		return dev_err_probe(dev, -EPROBE_DEFER,
				     "no \"%s\" DMA channel yet: no firmware description and no board table names it; waiting for its DMA controller (or load with cpu_copy=1)\n",
				     name);
	if (IS_ERR(chan))
		return dev_err_probe(dev, PTR_ERR(chan),
				     "no \"%s\" DMA channel\n", name);

	q->dma_dev = dmaengine_get_dma_device(chan);
	if (dmacard_window_get(card, q)) {
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
	dmacard_window_put(card, q);
	dma_release_channel(q->chan);
	q->chan = NULL;
}

/*
 * Whether the description the card's channels come from names @name.
 * Firmware lists its names; a board table can only be asked.
 */
static bool dmacard_offers(struct dmacard *card, const char *name)
{
	if (card->lookup == DMACARD_BY_BOARD_TABLE)
		return true;
	return device_property_match_string(&card->pdev->dev, "dma-names",
					    name) >= 0;
}

/*
 * Both channels of hardware queue @i, or neither. The first queue is
 * required. A further one is DMACARD_NO_QUEUE when the firmware does not
 * name both of its channels; when it does, a failure to get them is a real
 * error (a deferral included) and fails the probe, as it would for the
 * first. Only a board table, which cannot be read ahead, is asked quietly.
 */
static int dmacard_hwq_get(struct dmacard *card, unsigned int i)
{
	const char * const *names = dmacard_chan_names[i];
	struct dmacard_hwq *hwq = &card->hwq[i];
	bool quiet = false;
	int ret;

	if (i) {
		bool tx = dmacard_offers(card, names[0]);
		bool rx = dmacard_offers(card, names[1]);

		if (tx != rx)
			dev_warn(&card->pdev->dev,
				 "DMA channel \"%s\" named without \"%s\": queue %u not used\n",
				 tx ? names[0] : names[1],
				 tx ? names[1] : names[0], i);
		if (!tx || !rx)
			return DMACARD_NO_QUEUE;
		quiet = card->lookup == DMACARD_BY_BOARD_TABLE;
	}
	ret = dmacard_queue_get(card, &hwq->tx, names[0], quiet);
	if (ret)
		return ret;
	ret = dmacard_queue_get(card, &hwq->rx, names[1], quiet);
	if (ret)
		dmacard_queue_put(card, &hwq->tx);
	return ret;
}

static void dmacard_queues_put(struct dmacard *card)
{
	unsigned int i;

	for (i = 0; i < DMACARD_MAX_HWQ; i++) {
		dmacard_queue_put(card, &card->hwq[i].rx);
		dmacard_queue_put(card, &card->hwq[i].tx);
	}
}

/*
 * "tx"/"rx" are needed; "tx1"/"rx1" and on add hardware queues, no more
 * of them than CPUs (blk-mq would leave the rest without a CPU mapped).
 */
static int dmacard_queues_get(struct dmacard *card)
{
	unsigned int max_hwq = min_t(unsigned int, DMACARD_MAX_HWQ, nr_cpu_ids);
	unsigned int i;
	int ret;

	card->lookup = dmacard_lookup_path(&card->pdev->dev);
	for (i = 0; i < max_hwq; i++) {
		ret = dmacard_hwq_get(card, i);
		if (ret == DMACARD_NO_QUEUE)
			break;
		if (ret) {
			dmacard_queues_put(card);
			return ret;
		}
	}
	card->nr_hwq = i;
	return 0;
}

static bool dmacard_uses(struct dmacard *card, struct device *dev)
{
	unsigned int i;

	for (i = 0; i < card->nr_hwq; i++)
		if (card->hwq[i].tx.dma_dev == dev ||
		    card->hwq[i].rx.dma_dev == dev)
			return true;
	return false;
}

/*
 * Nothing may be mapped for a controller's device once it is leaving
 * (behind an IOMMU its translation goes with the device, and a mapping
 * made then is one the hardware must never see). Quiescing the queue
 * waits for every queue_rq in progress, so none is left between its look
 * at @dma_gone and dma_map_sg(); requests already submitted end with the
 * channel's termination. @dma_lock orders this against the disk being
 * published, so a controller lost while the disk is being added is seen
 * too. Process context.
 */
static void dmacard_dma_lost(struct dmacard *card, struct device *dev)
{
	mutex_lock(&card->dma_lock);
	if (!card->dma_gone) {
		WRITE_ONCE(card->dma_gone, true);
		if (card->disk) {
			blk_mq_quiesce_queue(card->disk->queue);
			blk_mq_unquiesce_queue(card->disk->queue);
		}
		dev_warn(&card->pdev->dev,
			 "DMA controller %s is going: I/O fails until the card is bound again\n",
			 dev_name(dev));
	}
	mutex_unlock(&card->dma_lock);
}

/*
 * A controller leaving (unbind, surprise removal) while the card holds its
 * channels: the driver core tells before the controller's remove runs, in
 * process context, with the controller's device lock held.
 */
static int dmacard_dma_event(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct dmacard *card = container_of(nb, struct dmacard, dma_watch);
	struct device *dev = data;

	if (action != BUS_NOTIFY_UNBIND_DRIVER || !dmacard_uses(card, dev))
		return NOTIFY_DONE;
	dmacard_dma_lost(card, dev);
	return NOTIFY_OK;
}

/*
 * The card's controllers are watched on the bus of its first channel's
 * device: every controller that serves one card is of one kind (edu, on
 * PCI), and a device on no bus has no driver to lose. The watch starts
 * before the disk is added, whose first reads already use the channels;
 * a controller whose unbind ran between dma_request_chan() and the
 * watch's start is found unbound under its device lock, which an unbind
 * holds from its notice to its end.
 */
static void dmacard_dma_check(struct dmacard *card, struct device *dev)
{
	bool bound;

	device_lock(dev);
	bound = device_is_bound(dev);
	device_unlock(dev);
	if (!bound)
		dmacard_dma_lost(card, dev);
}

static int dmacard_dma_watch(struct dmacard *card)
{
	const struct bus_type *bus = card->hwq[0].tx.dma_dev->bus;
	unsigned int i;
	int ret;

	if (!bus)
		return 0;
	card->dma_watch.notifier_call = dmacard_dma_event;
	ret = bus_register_notifier(bus, &card->dma_watch);
	if (ret)
		return ret;
	for (i = 0; i < card->nr_hwq; i++) {
		dmacard_dma_check(card, card->hwq[i].tx.dma_dev);
		dmacard_dma_check(card, card->hwq[i].rx.dma_dev);
	}
	return 0;
}

static void dmacard_dma_unwatch(struct dmacard *card)
{
	if (card->dma_watch.notifier_call)
		bus_unregister_notifier(card->hwq[0].tx.dma_dev->bus,
					&card->dma_watch);
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
	mutex_init(&card->dma_lock);

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
		card->lookup = DMACARD_NO_DMA;
		card->nr_hwq = 1;
	} else {
		ret = dmacard_queues_get(card);
		if (ret)
			return ret;
	}

	if (!card->cpu_copy) {
		ret = dmacard_dma_watch(card);
		if (ret)
			goto put_queues;
	}
	ret = dmacard_blk_add(card);
	if (ret)
		goto unwatch;
	pci_set_drvdata(pdev, card);
	if (card->cpu_copy)
		dev_info(dev, "%s: %llu MiB, CPU copies\n", card->disk->disk_name,
			 (unsigned long long)card->size >> 20);
	else
		dev_info(dev, "%s: %llu MiB, %u hardware queue(s), DMA tx %s rx %s, found by %s\n",
			 card->disk->disk_name,
			 (unsigned long long)card->size >> 20, card->nr_hwq,
			 dma_chan_name(card->hwq[0].tx.chan),
			 dma_chan_name(card->hwq[0].rx.chan),
			 dmacard_lookup_name(card->lookup));
	return 0;

unwatch:
	dmacard_dma_unwatch(card);
put_queues:
	dmacard_queues_put(card);
	return ret;
}

/* Process context. I/O still queued fails; the card's memory stays. */
static void dmacard_remove(struct pci_dev *pdev)
{
	struct dmacard *card = pci_get_drvdata(pdev);

	dmacard_dma_unwatch(card);
	dmacard_blk_remove(card);
	dmacard_queues_put(card);
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
