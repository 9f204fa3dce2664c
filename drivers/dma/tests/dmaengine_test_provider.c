// SPDX-License-Identifier: GPL-2.0
/*
 * A software DMA controller registered by the contract suites themselves.
 *
 * It is written against the provider API only (dma_device, virt-dma, the
 * cookie helpers), so the same controller exercises whichever core the
 * kernel was built with. Transfers move no data unless asked to: the
 * engine only counts bytes, which lets a case stop a descriptor half way
 * and look at the residue.
 *
 * Contexts: prep, submit, tx_status and issue_pending run in the caller's
 * context; the engine runs from the unbound system workqueue; completion
 * callbacks
 * run from the virt-dma tasklet (softirq), as on real hardware.
 */

#include <kunit/device.h>
#include <linux/atomic.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/slab.h>

#include "../dmaengine.h"
#include "dmaengine_test_provider.h"

#define TDMA_WIDTHS	(BIT(DMA_SLAVE_BUSWIDTH_1_BYTE) | \
			 BIT(DMA_SLAVE_BUSWIDTH_2_BYTES) | \
			 BIT(DMA_SLAVE_BUSWIDTH_4_BYTES))
#define TDMA_MAX_BURST	16
#define TDMA_CYCLIC_MS	1

struct tdma_chan *to_tdma_chan(struct dma_chan *chan)
{
	return container_of(chan, struct tdma_chan, vc.chan);
}

static struct tdma_desc *to_tdma_desc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct tdma_desc, vd.tx);
}

static struct tdma_dev *to_tdma_dev(struct dma_device *dma)
{
	return container_of(dma, struct tdma_dev, dma);
}

static bool tdma_moves_data(struct tdma_chan *tc)
{
	return to_tdma_dev(tc->vc.chan.device)->features & TDMA_MOVES_DATA;
}

static void *tdma_virt(struct tdma_chan *tc, dma_addr_t addr)
{
	return phys_to_virt(dma_to_phys(tc->vc.chan.device->dev, addr));
}

/* Stands in for the bus transfer, in the engine's context. */
static void tdma_move(struct tdma_chan *tc, struct tdma_desc *d)
{
	if (!tdma_moves_data(tc) || d->dir != DMA_MEM_TO_MEM || d->period)
		return;
	if (d->is_memset)
		memset(tdma_virt(tc, d->dst), d->fill, d->len);
	else
		memcpy(tdma_virt(tc, d->dst), tdma_virt(tc, d->src), d->len);
}

/* The "device" consumes or produces metadata as the transfer ends. */
static void tdma_meta_finish(struct tdma_chan *tc, struct tdma_desc *d)
{
	void *buf = d->client_meta ? d->client_meta : d->meta;
	size_t *len = d->client_meta ? &d->client_meta_len : &d->meta_len;

	if (d->dir == DMA_MEM_TO_DEV) {
		memcpy(tc->sink_meta, buf, *len);
		tc->sink_meta_len = *len;
	} else if (d->dir == DMA_DEV_TO_MEM) {
		*len = min(*len ? *len : TDMA_META_MAX, tc->dev_meta_len);
		memcpy(buf, tc->dev_meta, *len);
	}
}

static void tdma_finish(struct tdma_chan *tc, struct tdma_desc *d)
{
	struct virt_dma_desc *vd = &d->vd;

	list_del(&vd->node);
	vd->tx_result.residue = d->len - d->done;
	if (d->fail) {
		vd->tx_result.result = DMA_TRANS_READ_FAILED;
	} else {
		tdma_move(tc, d);
		tdma_meta_finish(tc, d);
	}
	vchan_cookie_complete(vd);
}

/* Advances the head descriptor; caller holds vc.lock. */
static bool tdma_advance(struct tdma_chan *tc, size_t bytes)
{
	struct virt_dma_desc *vd = vchan_next_desc(&tc->vc);
	struct tdma_desc *d;

	if (!vd || tc->paused)
		return false;
	d = container_of(vd, struct tdma_desc, vd);
	if (d->period) {
		d->done = (d->done + d->period) % d->len;
		vchan_cyclic_callback(vd);
		return false;
	}
	if (!d->fail)
		d->done += min(bytes, d->len - d->done);
	if (d->fail || d->done == d->len)
		tdma_finish(tc, d);
	return true;
}

static bool tdma_cyclic_head(struct tdma_chan *tc)
{
	struct virt_dma_desc *vd = vchan_next_desc(&tc->vc);

	return vd && container_of(vd, struct tdma_desc, vd)->period;
}

static void tdma_work(struct work_struct *work)
{
	struct tdma_chan *tc = container_of(to_delayed_work(work),
					    struct tdma_chan, work);
	unsigned long flags;

	spin_lock_irqsave(&tc->vc.lock, flags);
	while (!tc->held && tdma_advance(tc, SIZE_MAX))
		;
	/* A cyclic transfer never ends: come back for the next period. */
	if (!tc->held && !tc->paused && tdma_cyclic_head(tc))
		queue_delayed_work(system_unbound_wq, &tc->work,
				   msecs_to_jiffies(TDMA_CYCLIC_MS));
	spin_unlock_irqrestore(&tc->vc.lock, flags);
}

/*
 * Caller holds vc.lock. The engine runs unbound, like hardware beside the
 * CPU: a client spinning in dma_sync_wait() must not be able to starve it.
 */
static void tdma_kick(struct tdma_chan *tc)
{
	if (!tc->held && !tc->paused)
		mod_delayed_work(system_unbound_wq, &tc->work, 0);
}

/**
 * tdma_hold() - stop or restart the engine of a channel
 * @tc: the channel
 * @held: true to stop; issued descriptors stay pending until released
 */
void tdma_hold(struct tdma_chan *tc, bool held)
{
	unsigned long flags;

	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->held = held;
	tdma_kick(tc);
	spin_unlock_irqrestore(&tc->vc.lock, flags);
}

/**
 * tdma_step() - move a held channel forward by hand
 * @tc: the channel
 * @bytes: how far the head descriptor advances
 *
 * Return: false if nothing was issued or the channel is paused.
 */
bool tdma_step(struct tdma_chan *tc, size_t bytes)
{
	unsigned long flags;
	bool moved;

	spin_lock_irqsave(&tc->vc.lock, flags);
	moved = tdma_advance(tc, bytes);
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	return moved;
}

/**
 * tdma_fail_next() - make the next prepared descriptor fail
 * @tc: the channel
 */
void tdma_fail_next(struct tdma_chan *tc)
{
	unsigned long flags;

	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->fail_next = true;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
}

/**
 * tdma_issue_calls() - how often device_issue_pending ran on a channel
 * @tc: the channel
 *
 * Return: the count.
 */
unsigned int tdma_issue_calls(struct tdma_chan *tc)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&tc->vc.lock, flags);
	n = tc->issue_calls;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	return n;
}

static void tdma_desc_free(struct virt_dma_desc *vd)
{
	dma_descriptor_unmap(&vd->tx);
	kfree(container_of(vd, struct tdma_desc, vd));
}

static int tdma_meta_attach(struct dma_async_tx_descriptor *tx, void *data,
			    size_t len)
{
	struct tdma_desc *d = to_tdma_desc(tx);

	if (len > TDMA_META_MAX)
		return -EINVAL;
	d->client_meta = data;
	d->client_meta_len = len;
	return 0;
}

static void *tdma_meta_get_ptr(struct dma_async_tx_descriptor *tx,
			       size_t *payload_len, size_t *max_len)
{
	struct tdma_desc *d = to_tdma_desc(tx);

	*payload_len = d->meta_len;
	*max_len = TDMA_META_MAX;
	return d->meta;
}

static int tdma_meta_set_len(struct dma_async_tx_descriptor *tx,
			     size_t payload_len)
{
	if (payload_len > TDMA_META_MAX)
		return -EINVAL;
	to_tdma_desc(tx)->meta_len = payload_len;
	return 0;
}

static struct dma_descriptor_metadata_ops tdma_meta_ops = {
	.attach = tdma_meta_attach,
	.get_ptr = tdma_meta_get_ptr,
	.set_len = tdma_meta_set_len,
};

static struct dma_async_tx_descriptor *
tdma_prep(struct dma_chan *chan, enum dma_transfer_direction dir, size_t len,
	  unsigned long flags)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	struct tdma_desc *d;
	unsigned long irqflags;

	if (!len)
		return NULL;
	d = kzalloc(sizeof(*d), GFP_NOWAIT);
	if (!d)
		return NULL;
	d->dir = dir;
	d->len = len;
	spin_lock_irqsave(&tc->vc.lock, irqflags);
	d->fail = tc->fail_next;
	tc->fail_next = false;
	spin_unlock_irqrestore(&tc->vc.lock, irqflags);
	if (to_tdma_dev(chan->device)->features & TDMA_METADATA)
		d->vd.tx.metadata_ops = &tdma_meta_ops;
	return vchan_tx_prep(&tc->vc, &d->vd, flags);
}

static bool tdma_slave_dir_ok(enum dma_transfer_direction dir)
{
	return dir == DMA_MEM_TO_DEV || dir == DMA_DEV_TO_MEM;
}

static struct dma_async_tx_descriptor *
tdma_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl,
		   unsigned int sg_len, enum dma_transfer_direction dir,
		   unsigned long flags, void *context)
{
	struct scatterlist *sg;
	size_t len = 0;
	unsigned int i;

	if (!sgl || !tdma_slave_dir_ok(dir))
		return NULL;
	for_each_sg(sgl, sg, sg_len, i)
		len += sg_dma_len(sg);
	return tdma_prep(chan, dir, len, flags);
}

static struct dma_async_tx_descriptor *
tdma_prep_dma_vec(struct dma_chan *chan, const struct dma_vec *vecs,
		  size_t nents, enum dma_transfer_direction dir,
		  unsigned long flags)
{
	size_t len = 0, i;

	if (!vecs || !tdma_slave_dir_ok(dir))
		return NULL;
	for (i = 0; i < nents; i++)
		len += vecs[i].len;
	return tdma_prep(chan, dir, len, flags);
}

static struct dma_async_tx_descriptor *
tdma_prep_cyclic(struct dma_chan *chan, dma_addr_t buf, size_t buf_len,
		 size_t period_len, enum dma_transfer_direction dir,
		 unsigned long flags)
{
	struct dma_async_tx_descriptor *tx;

	if (!tdma_slave_dir_ok(dir) || !period_len || buf_len % period_len)
		return NULL;
	tx = tdma_prep(chan, dir, buf_len, flags);
	if (tx)
		to_tdma_desc(tx)->period = period_len;
	return tx;
}

static struct dma_async_tx_descriptor *
tdma_prep_interleaved(struct dma_chan *chan,
		      struct dma_interleaved_template *xt, unsigned long flags)
{
	size_t frame = 0, i;

	if (!xt || !xt->numf || !xt->frame_size)
		return NULL;
	for (i = 0; i < xt->frame_size; i++)
		frame += xt->sgl[i].size;
	return tdma_prep(chan, xt->dir, frame * xt->numf, flags);
}

static struct dma_async_tx_descriptor *
tdma_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		 size_t len, unsigned long flags)
{
	struct dma_async_tx_descriptor *tx;

	tx = tdma_prep(chan, DMA_MEM_TO_MEM, len, flags);
	if (tx) {
		to_tdma_desc(tx)->src = src;
		to_tdma_desc(tx)->dst = dst;
	}
	return tx;
}

static struct dma_async_tx_descriptor *
tdma_prep_memset(struct dma_chan *chan, dma_addr_t dst, int value,
		 size_t len, unsigned long flags)
{
	struct dma_async_tx_descriptor *tx;

	tx = tdma_prep(chan, DMA_MEM_TO_MEM, len, flags);
	if (tx) {
		to_tdma_desc(tx)->dst = dst;
		to_tdma_desc(tx)->fill = value;
		to_tdma_desc(tx)->is_memset = true;
	}
	return tx;
}

static bool tdma_width_ok(enum dma_slave_buswidth w)
{
	return w == DMA_SLAVE_BUSWIDTH_UNDEFINED || (BIT(w) & TDMA_WIDTHS);
}

static int tdma_config(struct dma_chan *chan, struct dma_slave_config *cfg)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	unsigned long flags;

	if (!tdma_width_ok(cfg->src_addr_width) ||
	    !tdma_width_ok(cfg->dst_addr_width) ||
	    cfg->src_maxburst > TDMA_MAX_BURST ||
	    cfg->dst_maxburst > TDMA_MAX_BURST)
		return -EINVAL;
	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->cfg = *cfg;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	return 0;
}

static int tdma_pause(struct dma_chan *chan)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->paused = true;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	return 0;
}

static int tdma_resume(struct dma_chan *chan)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->paused = false;
	tdma_kick(tc);
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	return 0;
}

static int tdma_terminate_all(struct dma_chan *chan)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	struct virt_dma_desc *vd;
	unsigned long flags;
	LIST_HEAD(head);

	spin_lock_irqsave(&tc->vc.lock, flags);
	/* Also stops a pending cyclic callback for the head descriptor. */
	vd = vchan_next_desc(&tc->vc);
	if (vd) {
		list_del(&vd->node);
		vchan_terminate_vdesc(vd);
	}
	vchan_get_all_descriptors(&tc->vc, &head);
	tc->paused = false;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	vchan_dma_desc_free_list(&tc->vc, &head);
	return 0;
}

/* Waits for the engine, then for the tasklet that runs callbacks. */
static void tdma_synchronize(struct dma_chan *chan)
{
	struct tdma_chan *tc = to_tdma_chan(chan);

	flush_delayed_work(&tc->work);
	vchan_synchronize(&tc->vc);
}

/* Looks for a descriptor not yet completed; caller holds vc.lock. */
static struct tdma_desc *tdma_find(struct tdma_chan *tc, dma_cookie_t cookie)
{
	struct virt_dma_desc *vd = vchan_find_desc(&tc->vc, cookie);

	if (vd)
		return container_of(vd, struct tdma_desc, vd);
	list_for_each_entry(vd, &tc->vc.desc_submitted, node)
		if (vd->tx.cookie == cookie)
			return container_of(vd, struct tdma_desc, vd);
	return NULL;
}

static enum dma_status tdma_tx_status(struct dma_chan *chan,
				      dma_cookie_t cookie,
				      struct dma_tx_state *state)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	enum dma_status status;
	struct tdma_desc *d;
	unsigned long flags;

	status = dma_cookie_status(chan, cookie, state);
	if (status == DMA_COMPLETE)
		return status;
	spin_lock_irqsave(&tc->vc.lock, flags);
	d = tdma_find(tc, cookie);
	if (d)
		dma_set_residue(state, d->len - d->done);
	if (tc->paused)
		status = DMA_PAUSED;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	return status;
}

static void tdma_issue_pending(struct dma_chan *chan)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->issue_calls++;
	if (vchan_issue_pending(&tc->vc))
		tdma_kick(tc);
	spin_unlock_irqrestore(&tc->vc.lock, flags);
}

static int tdma_alloc_chan_resources(struct dma_chan *chan)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->alloc_calls++;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
	/* What a provider whose hardware has gone answers. */
	if (to_tdma_dev(chan->device)->features & TDMA_ALLOC_ENODEV)
		return -ENODEV;
	return 0;
}

/* The core has synchronized the channel; drop what a client left behind. */
static void tdma_free_chan_resources(struct dma_chan *chan)
{
	struct tdma_chan *tc = to_tdma_chan(chan);
	unsigned long flags;

	cancel_delayed_work_sync(&tc->work);
	vchan_free_chan_resources(&tc->vc);
	spin_lock_irqsave(&tc->vc.lock, flags);
	tc->free_calls++;
	tc->held = false;
	tc->paused = false;
	tc->fail_next = false;
	spin_unlock_irqrestore(&tc->vc.lock, flags);
}

/* Returns at once unless the core's lock is held by someone else. */
static void tdma_probe_work(struct work_struct *work)
{
	struct tdma_release_probe *p = container_of(work, typeof(*p), work);
	dma_cap_mask_t none;

	dma_cap_zero(none);
	dma_cap_set(DMA_PRIVATE, none);
	dma_cap_set(DMA_MEMCPY, none);
	dma_request_channel(none, tdma_filter_none, NULL);
	complete(&p->asked);
}

/*
 * A provider that frees its structure in device_release, as our core
 * allows: it first checks that the core is not holding its lock around
 * the call, by having another thread take it.
 */
static void tdma_release_and_free(struct tdma_dev *td)
{
	struct tdma_release_probe *p = td->probe;

	INIT_WORK(&p->work, tdma_probe_work);
	queue_work(system_unbound_wq, &p->work);
	p->core_unlocked = wait_for_completion_timeout(&p->asked,
						       msecs_to_jiffies(TDMA_WAIT_MS));
	p->ran = true;
	kfree(td);
	complete(&p->done);
}

/*
 * Runs once the core holds no reference; may sleep. The controller is not
 * freed here, unless the case asks for it (TDMA_SELF_FREE): upstream's
 * dma_release_channel() still reads the channel after dropping the last
 * device reference, so the memory is given back by tdma_free_action() when
 * the case ends.
 */
static void tdma_release(struct dma_device *dma)
{
	struct tdma_dev *td = to_tdma_dev(dma);
	unsigned int i;

	for (i = 0; i < TDMA_MAX_CHANS; i++) {
		cancel_delayed_work_sync(&td->chans[i].work);
		tasklet_kill(&td->chans[i].vc.task);
	}
	complete(&td->released);
	if (td->features & TDMA_SELF_FREE)
		tdma_release_and_free(td);
}

/* Frees a controller the core never had or has let go of; else leaks it. */
static void tdma_free_action(void *data)
{
	struct tdma_dev *td = data;

	if (!td->registered || completion_done(&td->released))
		kfree(td);
	else
		pr_err("tdma: device_release never ran, controller leaked\n");
}

/**
 * tdma_filter() - slave-map filter: the parameter is a channel index
 * @chan: candidate channel
 * @param: wanted &tdma_chan.index, cast to a pointer
 *
 * Return: true if @chan is a test channel with that index.
 */
bool tdma_filter(struct dma_chan *chan, void *param)
{
	return chan->device->device_release == tdma_release &&
	       to_tdma_chan(chan)->index == (uintptr_t)param;
}

/**
 * tdma_filter_none() - filter that refuses every channel
 * @chan: candidate channel
 * @param: unused
 *
 * Return: false.
 */
bool tdma_filter_none(struct dma_chan *chan, void *param)
{
	return false;
}

/**
 * tdma_filter_any() - filter: any channel of one test controller
 * @chan: candidate channel
 * @param: the &struct tdma_dev
 *
 * Return: true if @chan belongs to @param.
 */
bool tdma_filter_any(struct dma_chan *chan, void *param)
{
	return chan->device == &((struct tdma_dev *)param)->dma;
}

static void tdma_set_caps(struct tdma_dev *td)
{
	struct dma_device *dma = &td->dma;

	dma_cap_set(DMA_MEMCPY, dma->cap_mask);
	dma->device_prep_dma_memcpy = tdma_prep_memcpy;
	if (!(td->features & TDMA_PUBLIC))
		dma_cap_set(DMA_PRIVATE, dma->cap_mask);
	if (td->features & TDMA_MEMCPY_ONLY)
		return;
	dma_cap_set(DMA_MEMSET, dma->cap_mask);
	dma_cap_set(DMA_SLAVE, dma->cap_mask);
	dma_cap_set(DMA_CYCLIC, dma->cap_mask);
	dma_cap_set(DMA_INTERLEAVE, dma->cap_mask);
	dma->device_prep_dma_memset = tdma_prep_memset;
	dma->device_prep_slave_sg = tdma_prep_slave_sg;
	dma->device_prep_peripheral_dma_vec = tdma_prep_dma_vec;
	dma->device_prep_dma_cyclic = tdma_prep_cyclic;
	dma->device_prep_interleaved_dma = tdma_prep_interleaved;
	dma->directions = BIT(DMA_MEM_TO_DEV) | BIT(DMA_DEV_TO_MEM) |
			  BIT(DMA_MEM_TO_MEM);
	dma->src_addr_widths = TDMA_WIDTHS;
	dma->dst_addr_widths = TDMA_WIDTHS;
	dma->max_burst = TDMA_MAX_BURST;
	dma->residue_granularity = DMA_RESIDUE_GRANULARITY_BURST;
	dma->descriptor_reuse = td->features & TDMA_REUSE;
	if (td->features & TDMA_METADATA)
		dma->desc_metadata_modes = DESC_METADATA_CLIENT |
					   DESC_METADATA_ENGINE;
}

static void tdma_set_ops(struct tdma_dev *td)
{
	struct dma_device *dma = &td->dma;

	dma->device_alloc_chan_resources = tdma_alloc_chan_resources;
	dma->device_free_chan_resources = tdma_free_chan_resources;
	dma->device_tx_status = tdma_tx_status;
	dma->device_issue_pending = tdma_issue_pending;
	dma->device_synchronize = tdma_synchronize;
	dma->device_release = tdma_release;
	if (!(td->features & TDMA_NO_CONFIG))
		dma->device_config = tdma_config;
	if (!(td->features & TDMA_NO_TERMINATE))
		dma->device_terminate_all = tdma_terminate_all;
	if (!(td->features & TDMA_NO_PAUSE)) {
		dma->device_pause = tdma_pause;
		dma->device_resume = tdma_resume;
	}
}

static void tdma_init_chan(struct tdma_dev *td, unsigned int i)
{
	struct tdma_chan *tc = &td->chans[i];

	tc->index = i;
	tc->vc.desc_free = tdma_desc_free;
	INIT_DELAYED_WORK(&tc->work, tdma_work);
	vchan_init(&tc->vc, &td->dma);
}

static void tdma_unregister_action(void *data)
{
	dma_async_device_unregister(data);
}

/**
 * tdma_alloc() - build a test controller without registering it
 * @test: the case; its device goes away when the case ends
 * @nr_chans: channels put on the device list, at most %TDMA_MAX_CHANS
 * @features: &enum tdma_feature bits
 * @map: optional slave map, which must outlive the controller
 * @mapcnt: entries in @map
 *
 * It is freed when the case ends, provided the core has released it by
 * then; set &tdma_dev.registered once it is registered.
 *
 * Return: the controller; the case fails if it cannot be allocated.
 */
struct tdma_dev *tdma_alloc(struct kunit *test, unsigned int nr_chans,
			    unsigned int features,
			    const struct dma_slave_map *map, int mapcnt)
{
	static atomic_t seq = ATOMIC_INIT(0);
	struct tdma_dev *td;
	struct device *dev;
	unsigned int i;
	char *name;
	int ret;

	/* Each kunit device brings a driver of its name: keep names apart. */
	name = kunit_kzalloc(test, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	snprintf(name, 16, "tdma%d", atomic_inc_return(&seq));
	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	ret = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(64));
	KUNIT_ASSERT_EQ(test, ret, 0);

	td = kzalloc(sizeof(*td), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, td);
	if (features & TDMA_SELF_FREE) {
		/* device_release frees it; the probe tells the case. */
		td->probe = kunit_kzalloc(test, sizeof(*td->probe), GFP_KERNEL);
		if (!td->probe)
			kfree(td);
		KUNIT_ASSERT_NOT_NULL(test, td->probe);
		init_completion(&td->probe->asked);
		init_completion(&td->probe->done);
	} else {
		ret = kunit_add_action_or_reset(test, tdma_free_action, td);
		KUNIT_ASSERT_EQ(test, ret, 0);
	}
	init_completion(&td->released);
	td->features = features;
	td->nr_chans = nr_chans;
	td->dma.dev = dev;
	td->dma.filter.map = map;
	td->dma.filter.mapcnt = mapcnt;
	td->dma.filter.fn = tdma_filter;
	INIT_LIST_HEAD(&td->dma.channels);
	tdma_set_caps(td);
	tdma_set_ops(td);
	/* vchan_init() lists every channel; spares wait for a hot add. */
	for (i = 0; i < TDMA_MAX_CHANS; i++)
		tdma_init_chan(td, i);
	for (i = nr_chans; i < TDMA_MAX_CHANS; i++)
		list_del(&td->chans[i].vc.chan.device_node);
	return td;
}

/**
 * tdma_create() - register a test controller for the running case
 * @test: the case; the controller is unregistered when it ends
 * @nr_chans: channels registered with the device, at most %TDMA_MAX_CHANS
 * @features: &enum tdma_feature bits
 * @map: optional slave map, which must outlive the controller
 * @mapcnt: entries in @map
 *
 * Return: the controller; the case fails if it cannot be registered.
 */
struct tdma_dev *tdma_create(struct kunit *test, unsigned int nr_chans,
			     unsigned int features,
			     const struct dma_slave_map *map, int mapcnt)
{
	struct tdma_dev *td = tdma_alloc(test, nr_chans, features, map, mapcnt);
	int ret;

	ret = dma_async_device_register(&td->dma);
	KUNIT_ASSERT_EQ(test, ret, 0);
	tdma_registered(test, td);
	return td;
}

/**
 * tdma_registered() - adopt a controller the case has just registered
 * @test: the case; the controller is unregistered when it ends
 * @td: the controller, which dma_async_device_register() accepted
 *
 * The case fails if the unregistration cannot be scheduled.
 */
void tdma_registered(struct kunit *test, struct tdma_dev *td)
{
	int ret;

	td->registered = true;
	ret = kunit_add_action_or_reset(test, tdma_unregister_action,
					&td->dma);
	KUNIT_ASSERT_EQ(test, ret, 0);
}

/**
 * tdma_unregister() - unregister a controller before the case ends
 * @test: the case that created it
 * @td: the controller; freed as soon as the core drops its last reference
 */
void tdma_unregister(struct kunit *test, struct tdma_dev *td)
{
	kunit_release_action(test, tdma_unregister_action, &td->dma);
}

KUNIT_DEFINE_ACTION_WRAPPER(tdma_release_chan_action, dma_release_channel,
			    struct dma_chan *);

/**
 * tdma_track() - release a channel when the case ends
 * @test: the case
 * @chan: a channel the case obtained
 *
 * Return: @chan; the case fails if the release cannot be scheduled.
 */
struct dma_chan *tdma_track(struct kunit *test, struct dma_chan *chan)
{
	int ret;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, chan);
	ret = kunit_add_action_or_reset(test, tdma_release_chan_action, chan);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return chan;
}

/**
 * tdma_put_chan() - release a tracked channel now
 * @test: the case
 * @chan: a channel passed to tdma_track() or got from tdma_request()
 */
void tdma_put_chan(struct kunit *test, struct dma_chan *chan)
{
	kunit_release_action(test, tdma_release_chan_action, chan);
}

/**
 * tdma_request() - take a channel of @td by filter, released at case end
 * @test: the case
 * @td: the controller
 *
 * Return: a channel of @td; the case fails if none is free.
 */
struct dma_chan *tdma_request(struct kunit *test, struct tdma_dev *td)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	return tdma_track(test, dma_request_channel(mask, tdma_filter_any, td));
}
