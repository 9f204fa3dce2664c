/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmacard: a PCIe memory card (QEMU ivshmem-plain, BAR2) as a block
 * device whose data move through dmaengine slave channels.
 *
 * dmacard-pci.c binds the PCI device, finds the channels and maps the card
 * for the DMA controller; dmacard-blk.c is the blk-mq data path.
 */
#ifndef _DMACARD_H
#define _DMACARD_H

#include <linux/blk-mq.h>
#include <linux/dmaengine.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>

#define DMACARD_MAX_SEGS	128
#define DMACARD_MAX_HWQ		4

/**
 * struct dmacard_window - the card's memory as one DMA controller reaches it
 * @dev: the device BAR2 is mapped for (dmaengine_get_dma_device() of the
 *	channels using it)
 * @bus: BAR2's bus address for @dev, from dma_map_resource()
 * @users: queues whose channel is on @dev; 0: the slot is free
 *
 * BAR2 is mapped once per controller device and bind of the card, not
 * once per channel: behind an IOMMU each mapping takes the BAR's whole
 * size out of the controller's I/O virtual address space, which for a
 * controller with a narrow DMA mask (edu's default 28 bits, 256 MiB)
 * holds only a few of them.
 */
struct dmacard_window {
	struct device *dev;
	dma_addr_t bus;
	unsigned int users;
};

/**
 * struct dmacard_queue - one direction's channel and what runs on it
 * @chan: the slave channel
 * @dma_dev: the device buffers are mapped for (the controller's)
 * @window: the card's memory mapped for @dma_dev, shared with the other
 *	queues whose channels are on @dma_dev
 * @card_bus: @window's bus address, the card side of every transfer
 * @lock: serializes slave_config + prep + submit on @chan (the
 *	configuration is per channel, the card address per request) and
 *	protects @inflight; taken in queue_rq and in the completion callback
 *	(the controller's tasklet)
 * @inflight: commands submitted on @chan and not completed
 * @done: commands @chan carried out (statistics)
 * @name: "tx", "rx", "tx1", "rx1", ...
 */
struct dmacard_queue {
	struct dma_chan *chan;
	struct device *dma_dev;
	struct dmacard_window *window;
	dma_addr_t card_bus;
	spinlock_t lock;	/* see above */
	struct list_head inflight;
	atomic64_t done;
	const char *name;
};

/**
 * struct dmacard_stats - counters shown in debugfs
 * @cmds: commands completed
 * @bytes: bytes they moved
 * @errors: commands failed
 * @timeouts: commands that timed out
 * @retried: commands handed back to blk-mq for a shortage (prep or
 *	slave_config refused, mapping failed), to be sent again
 * @requeued: commands sent again after their channel was terminated
 * @inflight: commands submitted and not completed
 * @lat_sum_ns: sum of completion latencies
 * @lat_max_ns: largest completion latency
 */
struct dmacard_stats {
	atomic64_t cmds;
	atomic64_t bytes;
	atomic64_t errors;
	atomic64_t timeouts;
	atomic64_t retried;
	atomic64_t requeued;
	atomic_t inflight;
	atomic64_t lat_sum_ns;
	atomic64_t lat_max_ns;
};

/**
 * struct dmacard_hwq - one hardware queue: a channel each way
 * @tx: host to card (MEM_TO_DEV), named "tx", "tx1", "tx2", ...
 * @rx: card to host (DEV_TO_MEM), named "rx", "rx1", "rx2", ...
 *
 * blk-mq hardware context N submits on hwq N only, so the queues share no
 * channel and no lock.
 */
struct dmacard_hwq {
	struct dmacard_queue tx;
	struct dmacard_queue rx;
};

/**
 * enum dmacard_lookup - where the core finds the card's channels
 * @DMACARD_BY_BOARD_TABLE: a dma_slave_map; the firmware names no DMA
 * @DMACARD_BY_DT: the node's "dmas" and "dma-names"
 * @DMACARD_BY_ACPI: FixedDMA resources of the device's ACPI object
 * @DMACARD_NO_DMA: CPU copy mode; no channels
 */
enum dmacard_lookup {
	DMACARD_BY_BOARD_TABLE,
	DMACARD_BY_DT,
	DMACARD_BY_ACPI,
	DMACARD_NO_DMA,
};

const char *dmacard_lookup_name(enum dmacard_lookup lookup);

/**
 * struct dmacard - one card
 * @pdev: its PCI device
 * @id: the N of /dev/dmacardN
 * @mem: BAR2 mapped for CPU copies
 * @mem_phys: BAR2's physical address
 * @size: bytes of card memory
 * @hwq: the hardware queues; @nr_hwq of them have channels (one without
 *	channels in CPU copy mode)
 * @nr_hwq: number of hardware queues
 * @windows: BAR2 mapped for each controller the channels are on; one
 *	per channel at most
 * @lookup: which description the channels come from
 * @cpu_copy: move data with the CPU instead of the channels
 * @tag_set: blk-mq tag set
 * @disk: the block device
 * @stats: counters
 * @debugfs: its debugfs directory
 * @dma_watch: driver core events of the controllers' bus (dmacard-pci.c)
 * @dma_lock: serialises setting @dma_gone against publishing @disk
 * @dma_gone: a controller of the channels is unbinding or gone: nothing
 *	more is mapped for its device and every request fails until the
 *	card is bound again. Set under @dma_lock, then the queue quiesced
 *	once; read in queue_rq.
 */
struct dmacard {
	struct pci_dev *pdev;
	int id;
	void __iomem *mem;
	phys_addr_t mem_phys;
	resource_size_t size;
	struct dmacard_hwq hwq[DMACARD_MAX_HWQ];
	unsigned int nr_hwq;
	struct dmacard_window windows[DMACARD_MAX_HWQ * 2];
	enum dmacard_lookup lookup;
	bool cpu_copy;
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;
	struct dmacard_stats stats;
	struct dentry *debugfs;
	struct notifier_block dma_watch;
	struct mutex dma_lock;	/* orders @dma_gone against @disk */
	bool dma_gone;
};

int dmacard_blk_add(struct dmacard *card);
void dmacard_blk_remove(struct dmacard *card);

#endif /* _DMACARD_H */
