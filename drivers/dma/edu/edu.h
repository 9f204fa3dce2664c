/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the PCI glue (edu-pci.c), the engine logic (edu-core.c)
 * and the KUnit suite.
 */
#ifndef _DMA_EDU_H
#define _DMA_EDU_H

#include <linux/dmaengine.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "../virt-dma.h"

#define EDU_MAX_SG		256	/* sg entries or cyclic periods per descriptor */
#define EDU_MAX_BURST		256
#define EDU_WIDTHS		(BIT(DMA_SLAVE_BUSWIDTH_1_BYTE) | \
				 BIT(DMA_SLAVE_BUSWIDTH_2_BYTES) | \
				 BIT(DMA_SLAVE_BUSWIDTH_4_BYTES) | \
				 BIT(DMA_SLAVE_BUSWIDTH_8_BYTES))

struct edu_dev;

/* Aborted cookie ranges a channel remembers, see edu_note_aborted(). */
#define EDU_ABORTED_RANGES	16

struct edu_aborted {
	dma_cookie_t lo;
	dma_cookie_t hi;
};

/* One contiguous copy: len bytes from bus address src to bus address dst. */
struct edu_seg {
	dma_addr_t src;
	dma_addr_t dst;
	size_t len;
};

struct edu_desc {
	struct virt_dma_desc vd;
	bool cyclic;
	size_t total;
	unsigned int nsegs;
	struct edu_seg segs[] __counted_by(nsegs);
};

/**
 * struct edu_chan - one virtual channel
 * @vc: virt-dma channel; @vc.lock protects every field below
 * @edu: the controller
 * @line: request line, as used by DT, ACPI and dma_slave_map
 * @cfg: last configuration accepted by device_config
 * @paused: no new chunk is started while set
 * @paused_residue: residue at the pause point, reported while @paused
 * @gen: bumped by terminate_all so that a chunk in flight for a
 *	terminated descriptor is recognised and dropped
 * @cur: descriptor being executed, off the virt-dma lists
 * @seg: index of the segment of @cur in progress
 * @seg_done: bytes of that segment already moved
 * @done: bytes of @cur already moved (per lap for cyclic descriptors)
 * @aborted: the last cookie ranges terminated or failed, which read as
 *	DMA_ERROR rather than complete; a ring of EDU_ABORTED_RANGES
 * @nr_aborted: ranges ever noted; the newest is at (@nr_aborted - 1)
 */
struct edu_chan {
	struct virt_dma_chan vc;
	struct edu_dev *edu;
	unsigned int line;
	struct dma_slave_config cfg;
	bool paused;
	size_t paused_residue;
	unsigned long gen;
	struct edu_desc *cur;
	unsigned int seg;
	size_t seg_done;
	size_t done;
	struct edu_aborted aborted[EDU_ABORTED_RANGES];
	unsigned int nr_aborted;
};

/**
 * struct edu_dev - one edu card's DMA controller
 * @dma: the dmaengine device; its refcount decides when this is freed
 * @dev: the PCI device's struct device
 * @regs: BAR0
 * @lock: protects the engine state below; taken before any channel's
 *	vc.lock, from process, softirq (watchdog) and hard IRQ context
 * @dying: set by removal; nothing is programmed any more
 * @busy: a transfer is programmed and not yet accounted for
 * @hop_pending: the running transfer is the first half of a hop; the
 *	second half (buffer to @hop_dst) follows it
 * @hop_dst: destination of the second half of a hop
 * @owner: channel whose chunk occupies the engine
 * @owner_gen: @owner's generation when the chunk was started
 * @chunk_len: length of the chunk in flight
 * @rr: index of the channel the scheduler looks at first
 * @drop_irqs: test hook, completion interrupts still to be ignored
 * @watchdog: fires when a transfer outlives watchdog_ms
 * @idle_wq: woken whenever the engine drops a chunk
 * @busy_ns: total time the engine has been running transfers
 * @busy_since: start of the current transfer
 * @nr_chans: number of entries in @chans
 * @chans: the virtual channels
 */
struct edu_dev {
	struct dma_device dma;
	struct device *dev;
	void __iomem *regs;
	spinlock_t lock; /* engine state, see above */
	bool dying;
	bool busy;
	bool hop_pending;
	dma_addr_t hop_dst;
	struct edu_chan *owner;
	unsigned long owner_gen;
	u32 chunk_len;
	unsigned int rr;
	unsigned int drop_irqs;
	struct timer_list watchdog;
	wait_queue_head_t idle_wq;
	u64 busy_ns;
	ktime_t busy_since;
	unsigned int nr_chans;
	struct edu_chan chans[] __counted_by(nr_chans);
};

struct edu_dev *edu_engine_alloc(struct device *dev, void __iomem *regs,
				 unsigned int nr_chans);
irqreturn_t edu_engine_irq(int irq, void *data);
void edu_engine_shutdown(struct edu_dev *edu);
void edu_engine_free(struct edu_dev *edu);
bool edu_chan_filter(struct dma_chan *chan, void *param);
struct dma_chan *edu_chan_by_line(struct edu_dev *edu, unsigned int line);

void edu_test_drop_irqs(struct dma_chan *chan, unsigned int count);
u64 edu_test_busy_ns(struct dma_chan *chan);

#endif /* _DMA_EDU_H */
