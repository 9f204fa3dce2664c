/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's software DMA controller: a provider that completes every
 * descriptor inside device_issue_pending, so that a figure times the core
 * and virt-dma rather than a transfer.
 */
#ifndef _DMA_BENCH_H
#define _DMA_BENCH_H

#include <linux/completion.h>
#include <linux/dmaengine.h>
#include <linux/list.h>
#include <linux/spinlock.h>

#include "../virt-dma.h"

/**
 * struct bench_desc - one memcpy of a bench channel
 * @vd: virt-dma descriptor; on &bench_chan.free_list while not handed out
 * @len: bytes the client asked for; the residue until completion
 */
struct bench_desc {
	struct virt_dma_desc vd;
	size_t len;
};

/**
 * struct bench_chan - one channel of a bench controller
 * @vc: virt-dma channel; vc.lock protects its descriptor lists and @stalled
 * @stalled: issued descriptors stay issued instead of completing, which
 *	keeps the channel busy for the terminate figure
 * @pool_lock: protects @free_list; prep takes it in the client's context,
 *	desc_free in the tasklet's or the terminating client's
 * @free_list: descriptors of @pool ready for prep
 * @pool: the channel's descriptors, allocated once so that the figures
 *	time the core rather than the slab allocator; prep fails when all
 *	are out
 */
struct bench_chan {
	struct virt_dma_chan vc;
	bool stalled;
	spinlock_t pool_lock;	/* see the kernel-doc above */
	struct list_head free_list;
	struct bench_desc *pool;
};

/**
 * struct bench_dev - a bench controller
 * @dma: the provider-side device
 * @released: completed by device_release, once the core holds no reference
 * @registered: the core accepted @dma
 * @nr_chans: entries in @chans
 * @chans: the channels
 */
struct bench_dev {
	struct dma_device dma;
	struct completion released;
	bool registered;
	unsigned int nr_chans;
	struct bench_chan chans[] __counted_by(nr_chans);
};

struct bench_dev *bench_dev_alloc(struct device *dev, unsigned int nr_chans,
				  unsigned int nr_descs);
int bench_dev_register(struct bench_dev *bd, const struct dma_slave_map *map,
		       int mapcnt);
void bench_dev_destroy(struct bench_dev *bd);
bool bench_filter(struct dma_chan *chan, void *param);
void bench_chan_stall(struct dma_chan *chan, bool stalled);

#endif /* _DMA_BENCH_H */
