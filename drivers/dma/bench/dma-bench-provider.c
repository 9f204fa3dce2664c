// SPDX-License-Identifier: GPL-2.0
/*
 * Software DMA controller for the dmaengine benchmark.
 *
 * Only the provider API is used (dma_device, virt-dma, the cookie helpers
 * of drivers/dma/dmaengine.h), so the same code runs on whichever core the
 * kernel carries. A memcpy descriptor moves no data: it completes as soon
 * as it is issued, and its callback runs from the virt-dma tasklet.
 *
 * Contexts: prep, tx_status and issue_pending run in the caller's context,
 * with vc.lock taken inside; callbacks run in softirq (the tasklet);
 * terminate_all, synchronize and the chan resource hooks run in process
 * context.
 */

#include <linux/slab.h>

#include "../dmaengine.h"
#include "dma-bench.h"

static struct bench_chan *to_bench_chan(struct dma_chan *chan)
{
	return container_of(chan, struct bench_chan, vc.chan);
}

static void bench_desc_free(struct virt_dma_desc *vd)
{
	struct bench_chan *bc = to_bench_chan(vd->tx.chan);
	unsigned long flags;

	spin_lock_irqsave(&bc->pool_lock, flags);
	list_add(&vd->node, &bc->free_list);
	spin_unlock_irqrestore(&bc->pool_lock, flags);
}

static struct bench_desc *bench_desc_get(struct bench_chan *bc)
{
	struct bench_desc *d;
	unsigned long flags;

	spin_lock_irqsave(&bc->pool_lock, flags);
	d = list_first_entry_or_null(&bc->free_list, struct bench_desc,
				     vd.node);
	if (d)
		list_del(&d->vd.node);
	spin_unlock_irqrestore(&bc->pool_lock, flags);
	if (d)
		memset(d, 0, sizeof(*d));
	return d;
}

static struct dma_async_tx_descriptor *
bench_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		  size_t len, unsigned long flags)
{
	struct bench_chan *bc = to_bench_chan(chan);
	struct bench_desc *d;

	if (!len)
		return NULL;
	d = bench_desc_get(bc);
	if (!d)
		return NULL;
	d->len = len;
	return vchan_tx_prep(&bc->vc, &d->vd, flags);
}

/* Completes everything issued unless stalled; caller holds vc.lock. */
static void bench_complete_issued(struct bench_chan *bc)
{
	struct virt_dma_desc *vd;

	while (!bc->stalled && (vd = vchan_next_desc(&bc->vc))) {
		list_del(&vd->node);
		vd->tx_result.result = DMA_TRANS_NOERROR;
		vd->tx_result.residue = 0;
		vchan_cookie_complete(vd);
	}
}

static void bench_issue_pending(struct dma_chan *chan)
{
	struct bench_chan *bc = to_bench_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&bc->vc.lock, flags);
	if (vchan_issue_pending(&bc->vc))
		bench_complete_issued(bc);
	spin_unlock_irqrestore(&bc->vc.lock, flags);
}

static enum dma_status bench_tx_status(struct dma_chan *chan,
				       dma_cookie_t cookie,
				       struct dma_tx_state *state)
{
	struct bench_chan *bc = to_bench_chan(chan);
	struct virt_dma_desc *vd;
	enum dma_status status;
	unsigned long flags;

	status = dma_cookie_status(chan, cookie, state);
	if (status == DMA_COMPLETE || !state)
		return status;
	spin_lock_irqsave(&bc->vc.lock, flags);
	vd = vchan_find_desc(&bc->vc, cookie);
	if (vd)
		dma_set_residue(state,
				container_of(vd, struct bench_desc, vd)->len);
	spin_unlock_irqrestore(&bc->vc.lock, flags);
	return status;
}

static int bench_terminate_all(struct dma_chan *chan)
{
	struct bench_chan *bc = to_bench_chan(chan);
	struct virt_dma_desc *vd;
	unsigned long flags;
	LIST_HEAD(head);

	spin_lock_irqsave(&bc->vc.lock, flags);
	/* The head stands for the transfer the engine would be running. */
	vd = vchan_next_desc(&bc->vc);
	if (vd) {
		list_del(&vd->node);
		vchan_terminate_vdesc(vd);
	}
	vchan_get_all_descriptors(&bc->vc, &head);
	spin_unlock_irqrestore(&bc->vc.lock, flags);
	vchan_dma_desc_free_list(&bc->vc, &head);
	return 0;
}

static void bench_synchronize(struct dma_chan *chan)
{
	vchan_synchronize(&to_bench_chan(chan)->vc);
}

static void bench_free_chan_resources(struct dma_chan *chan)
{
	vchan_free_chan_resources(&to_bench_chan(chan)->vc);
}

static void bench_release(struct dma_device *dma)
{
	complete(&container_of(dma, struct bench_dev, dma)->released);
}

/**
 * bench_filter() - filter for one given channel
 * @chan: candidate channel
 * @param: the wanted &struct dma_chan
 *
 * Return: true if @chan is @param.
 */
bool bench_filter(struct dma_chan *chan, void *param)
{
	return chan == param;
}

/**
 * bench_chan_stall() - keep issued descriptors issued, or let them complete
 * @chan: a bench channel
 * @stalled: true to stall; false completes what is issued
 */
void bench_chan_stall(struct dma_chan *chan, bool stalled)
{
	struct bench_chan *bc = to_bench_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&bc->vc.lock, flags);
	bc->stalled = stalled;
	bench_complete_issued(bc);
	spin_unlock_irqrestore(&bc->vc.lock, flags);
}

static int bench_chan_init(struct bench_chan *bc, struct dma_device *dma,
			   unsigned int nr_descs)
{
	unsigned int i;

	spin_lock_init(&bc->pool_lock);
	INIT_LIST_HEAD(&bc->free_list);
	bc->vc.desc_free = bench_desc_free;
	vchan_init(&bc->vc, dma);
	if (!nr_descs)
		return 0;
	bc->pool = kcalloc(nr_descs, sizeof(*bc->pool), GFP_KERNEL);
	if (!bc->pool)
		return -ENOMEM;
	for (i = 0; i < nr_descs; i++)
		list_add_tail(&bc->pool[i].vd.node, &bc->free_list);
	return 0;
}

/**
 * bench_dev_alloc() - build a bench controller, not yet registered
 * @dev: the device it belongs to; it must be bound to a driver
 * @nr_chans: number of channels, at least 1
 * @nr_descs: descriptors each channel can have prepared at once
 *
 * Return: the controller, or NULL without memory.
 */
struct bench_dev *bench_dev_alloc(struct device *dev, unsigned int nr_chans,
				  unsigned int nr_descs)
{
	struct bench_dev *bd;
	struct dma_device *dma;
	unsigned int i;

	bd = kzalloc(struct_size(bd, chans, nr_chans), GFP_KERNEL);
	if (!bd)
		return NULL;
	bd->nr_chans = nr_chans;
	init_completion(&bd->released);
	dma = &bd->dma;
	dma->dev = dev;
	INIT_LIST_HEAD(&dma->channels);
	dma_cap_set(DMA_MEMCPY, dma->cap_mask);
	/* Slave-map requests ask for DMA_SLAVE; no slave prep is needed. */
	dma_cap_set(DMA_SLAVE, dma->cap_mask);
	dma_cap_set(DMA_PRIVATE, dma->cap_mask);
	dma->directions = BIT(DMA_MEM_TO_MEM) | BIT(DMA_MEM_TO_DEV) |
			  BIT(DMA_DEV_TO_MEM);
	dma->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	dma->device_prep_dma_memcpy = bench_prep_memcpy;
	dma->device_issue_pending = bench_issue_pending;
	dma->device_tx_status = bench_tx_status;
	dma->device_terminate_all = bench_terminate_all;
	dma->device_synchronize = bench_synchronize;
	dma->device_free_chan_resources = bench_free_chan_resources;
	dma->device_release = bench_release;
	dma->filter.fn = bench_filter;
	for (i = 0; i < nr_chans; i++) {
		if (bench_chan_init(&bd->chans[i], dma, nr_descs)) {
			bench_dev_destroy(bd);
			return NULL;
		}
	}
	return bd;
}

/**
 * bench_dev_register() - hand a bench controller to the core
 * @bd: from bench_dev_alloc()
 * @map: slave map whose params are channels of @bd, or NULL; it must
 *	outlive the registration
 * @mapcnt: entries in @map
 *
 * Return: 0 or the core's error.
 */
int bench_dev_register(struct bench_dev *bd, const struct dma_slave_map *map,
		       int mapcnt)
{
	int ret;

	bd->dma.filter.map = map;
	bd->dma.filter.mapcnt = mapcnt;
	ret = dma_async_device_register(&bd->dma);
	bd->registered = !ret;
	return ret;
}

/**
 * bench_dev_destroy() - unregister a bench controller and free it
 * @bd: the controller, registered or not; its channels must all have been
 *	released
 *
 * Waits for device_release, which the core calls once it lets go.
 */
void bench_dev_destroy(struct bench_dev *bd)
{
	unsigned int i;

	if (bd->registered) {
		dma_async_device_unregister(&bd->dma);
		wait_for_completion(&bd->released);
	}
	for (i = 0; i < bd->nr_chans; i++) {
		tasklet_kill(&bd->chans[i].vc.task);
		kfree(bd->chans[i].pool);
	}
	kfree(bd);
}
