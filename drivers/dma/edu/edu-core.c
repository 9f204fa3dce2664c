// SPDX-License-Identifier: GPL-2.0
/*
 * Engine logic of the edu DMA controller: virtual channels multiplexed onto
 * the card's single engine.
 *
 * Scheduling: the unit of work is a chunk of at most EDU_XFER_MAX bytes.
 * When a chunk ends, the engine goes to the next channel, in round-robin
 * order, that has work and is not paused, so a long transfer on one channel
 * cannot starve the others. The next chunk is programmed from the interrupt
 * handler itself; no client callback or tasklet sits between two chunks.
 *
 * Hops: the engine only moves data between a bus address and its own
 * buffer. A chunk whose ends both lie outside the buffer window is done in
 * two transfers, source to buffer then buffer to destination, back to back
 * on the engine so that no other channel can reuse the buffer in between.
 */

#include <kunit/visibility.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../dmaengine.h"
#include "edu.h"
#include "edu-regs.h"

static unsigned int watchdog_ms = 1000;
module_param(watchdog_ms, uint, 0644);
MODULE_PARM_DESC(watchdog_ms,
		 "Fail a transfer whose interrupt has not come after this many ms (default 1000)");

/*
 * A public device's channels are all taken by dmaengine_get() users, such
 * as async_tx, leaving none for slave clients; so edu is private unless
 * asked.
 */
static bool public_memcpy;
module_param(public_memcpy, bool, 0444);
MODULE_PARM_DESC(public_memcpy,
		 "Offer the channels to public memcpy users such as async_tx, read at probe; slave clients then get none while they are there (default 0)");

static struct edu_chan *to_edu_chan(struct dma_chan *chan)
{
	return container_of(chan, struct edu_chan, vc.chan);
}

static struct edu_desc *to_edu_desc(struct virt_dma_desc *vd)
{
	return container_of(vd, struct edu_desc, vd);
}

/* Rejections are logged against the PCI device, where dyndbg finds them. */
static struct device *edu_cdev(struct dma_chan *chan)
{
	return to_edu_chan(chan)->edu->dev;
}

static bool edu_in_window(dma_addr_t addr)
{
	return addr >= EDU_BUF_BASE && addr < EDU_BUF_BASE + EDU_BUF_SIZE;
}

/*
 * Checks that [addr, addr + len) is something the engine may be pointed
 * at: either entirely inside the usable buffer window, or entirely outside
 * it and below the device's DMA mask.
 */
static bool edu_range_ok(struct edu_dev *edu, dma_addr_t addr, size_t len)
{
	dma_addr_t last;

	if (!len || check_add_overflow(addr, (dma_addr_t)(len - 1), &last))
		return false;
	if (edu_in_window(addr))
		return last < EDU_BUF_BASE + EDU_XFER_MAX;
	if (addr < EDU_BUF_BASE && last >= EDU_BUF_BASE)
		return false;
	return last <= dma_get_mask(edu->dev);
}

/* Engine ------------------------------------------------------------- */

static void edu_hw_program(struct edu_dev *edu, dma_addr_t src, dma_addr_t dst,
			   u32 len, bool to_bus)
{
	edu_hw_start(edu->regs, src, dst, len, to_bus);
	mod_timer(&edu->watchdog, jiffies + msecs_to_jiffies(watchdog_ms));
}

/* Called with edu->lock and ch->vc.lock held. */
static bool edu_chan_start_chunk(struct edu_dev *edu, struct edu_chan *ch)
{
	struct virt_dma_desc *vd;
	struct edu_seg *seg;
	dma_addr_t src, dst;
	u32 len;

	if (ch->paused)
		return false;
	if (!ch->cur) {
		vd = vchan_next_desc(&ch->vc);
		if (!vd)
			return false;
		list_del(&vd->node);
		ch->cur = to_edu_desc(vd);
		ch->seg = 0;
		ch->seg_done = 0;
		ch->done = 0;
	}

	seg = &ch->cur->segs[ch->seg];
	len = min_t(size_t, seg->len - ch->seg_done, EDU_XFER_MAX);
	src = seg->src + ch->seg_done;
	dst = seg->dst + ch->seg_done;

	edu->busy = true;
	edu->busy_since = ktime_get();
	edu->owner = ch;
	edu->owner_gen = ch->gen;
	edu->chunk_len = len;
	edu->hop_pending = !edu_in_window(src) && !edu_in_window(dst);
	if (edu->hop_pending) {
		edu->hop_dst = dst;
		edu_hw_program(edu, src, EDU_BUF_BASE, len, false);
	} else {
		edu_hw_program(edu, src, dst, len, edu_in_window(src));
	}
	return true;
}

/* Called with edu->lock held; starts the next chunk if the engine is idle. */
static void edu_schedule(struct edu_dev *edu)
{
	unsigned int i, idx;
	struct edu_chan *ch;
	bool started;

	if (edu->busy || edu->dying)
		return;
	for (i = 0; i < edu->nr_chans; i++) {
		idx = (edu->rr + i) % edu->nr_chans;
		ch = &edu->chans[idx];
		spin_lock(&ch->vc.lock);
		started = edu_chan_start_chunk(edu, ch);
		spin_unlock(&ch->vc.lock);
		if (started) {
			edu->rr = (idx + 1) % edu->nr_chans;
			return;
		}
	}
}

/*
 * Called with ch->vc.lock held: cookies @lo..@hi were aborted. Adjacent
 * ranges merge, so a terminate_all or a removal costs one entry.
 */
static void edu_note_aborted(struct edu_chan *ch, dma_cookie_t lo,
			     dma_cookie_t hi)
{
	struct edu_aborted *last;

	if (lo < DMA_MIN_COOKIE || hi < lo)
		return;
	if (ch->nr_aborted) {
		last = &ch->aborted[(ch->nr_aborted - 1) % EDU_ABORTED_RANGES];
		if (last->hi + 1 == lo) {
			last->hi = hi;
			return;
		}
	}
	last = &ch->aborted[ch->nr_aborted % EDU_ABORTED_RANGES];
	last->lo = lo;
	last->hi = hi;
	/* edu_tx_status() reads it unlocked to skip the ring while empty. */
	WRITE_ONCE(ch->nr_aborted, ch->nr_aborted + 1);
}

/* Called with ch->vc.lock held. */
static bool edu_cookie_aborted(struct edu_chan *ch, dma_cookie_t cookie)
{
	unsigned int i, n = min_t(unsigned int, ch->nr_aborted,
				  EDU_ABORTED_RANGES);

	for (i = 0; i < n; i++)
		if (cookie >= ch->aborted[i].lo && cookie <= ch->aborted[i].hi)
			return true;
	return false;
}

/* Called with ch->vc.lock held; hands @d back to virt-dma with @result. */
static void edu_desc_finish(struct edu_chan *ch, enum dmaengine_tx_result result)
{
	struct edu_desc *d = ch->cur;

	if (ch->vc.cyclic == &d->vd)
		ch->vc.cyclic = NULL;
	d->vd.tx_result.result = result;
	d->vd.tx_result.residue = d->total - ch->done;
	if (result != DMA_TRANS_NOERROR)
		edu_note_aborted(ch, d->vd.tx.cookie, d->vd.tx.cookie);
	vchan_cookie_complete(&d->vd);
	ch->cur = NULL;
}

/* Called with ch->vc.lock held, after a chunk of @len bytes went through. */
static void edu_chan_advance(struct edu_chan *ch, u32 len)
{
	struct edu_desc *d = ch->cur;

	ch->seg_done += len;
	ch->done += len;
	if (ch->seg_done < d->segs[ch->seg].len)
		return;
	ch->seg_done = 0;
	ch->seg++;
	if (d->cyclic) {
		vchan_cyclic_callback(&d->vd);
		if (ch->seg == d->nsegs) {
			ch->seg = 0;
			ch->done = 0;
		}
		return;
	}
	if (ch->seg == d->nsegs)
		edu_desc_finish(ch, DMA_TRANS_NOERROR);
}

/*
 * Called with edu->lock held when the programmed transfer is over, with
 * @ok false when the watchdog gave up on it. Accounts the chunk to its
 * channel, unless that channel was terminated meanwhile, and moves on.
 */
static void edu_transfer_done(struct edu_dev *edu, bool ok)
{
	struct edu_chan *ch = edu->owner;
	bool live;

	timer_delete(&edu->watchdog);
	spin_lock(&ch->vc.lock);
	live = ch->cur && ch->gen == edu->owner_gen;
	if (ok && live && edu->hop_pending) {
		edu->hop_pending = false;
		edu_hw_program(edu, EDU_BUF_BASE, edu->hop_dst, edu->chunk_len,
			       true);
		spin_unlock(&ch->vc.lock);
		return;
	}
	if (live && ok)
		edu_chan_advance(ch, edu->chunk_len);
	else if (live)
		edu_desc_finish(ch, DMA_TRANS_ABORTED);
	spin_unlock(&ch->vc.lock);

	edu->busy_ns += ktime_to_ns(ktime_sub(ktime_get(), edu->busy_since));
	edu->busy = false;
	edu->hop_pending = false;
	edu->owner = NULL;
	wake_up(&edu->idle_wq);
	edu_schedule(edu);
}

/**
 * edu_engine_irq() - interrupt handler of one edu card
 * @irq: interrupt number
 * @data: the &struct edu_dev
 *
 * Runs in hard IRQ context; the line may be a shared INTx.
 *
 * Return: IRQ_HANDLED if the card had raised anything, IRQ_NONE otherwise.
 */
irqreturn_t edu_engine_irq(int irq, void *data)
{
	struct edu_dev *edu = data;
	u32 status;

	status = edu_readl(edu->regs, EDU_REG_IRQ_STATUS);
	if (!status)
		return IRQ_NONE;
	/* Acknowledge first: a transfer started below may raise again. */
	edu_writel(edu->regs, EDU_REG_IRQ_ACK, status);

	spin_lock(&edu->lock);
	/*
	 * A late interrupt for a transfer the watchdog already gave up on
	 * finds either an idle engine or a newer transfer still running.
	 */
	if (!(status & EDU_IRQ_DMA) || !edu->busy || edu->dying ||
	    edu_hw_running(edu->regs))
		goto out;
	if (edu->drop_irqs) {
		edu->drop_irqs--;
		goto out;
	}
	edu_transfer_done(edu, true);
out:
	spin_unlock(&edu->lock);
	return IRQ_HANDLED;
}

/* Timer callback, softirq context. */
static void edu_watchdog(struct timer_list *t)
{
	struct edu_dev *edu = from_timer(edu, t, watchdog);
	unsigned long flags;

	spin_lock_irqsave(&edu->lock, flags);
	if (!edu->busy || edu->dying)
		goto out;
	if (edu_hw_running(edu->regs)) {
		/* Slow, not lost: the engine accepts nothing until it ends. */
		mod_timer(&edu->watchdog, jiffies + msecs_to_jiffies(watchdog_ms));
		goto out;
	}
	dev_warn(edu->dev, "DMA interrupt lost, failing the transfer\n");
	edu_writel(edu->regs, EDU_REG_IRQ_ACK, EDU_IRQ_DMA);
	edu_transfer_done(edu, false);
out:
	spin_unlock_irqrestore(&edu->lock, flags);
}

static void edu_kick(struct edu_dev *edu)
{
	unsigned long flags;

	spin_lock_irqsave(&edu->lock, flags);
	edu_schedule(edu);
	spin_unlock_irqrestore(&edu->lock, flags);
}

static bool edu_engine_owned_by(struct edu_dev *edu, struct edu_chan *ch)
{
	unsigned long flags;
	bool owned;

	spin_lock_irqsave(&edu->lock, flags);
	owned = edu->busy && edu->owner == ch;
	spin_unlock_irqrestore(&edu->lock, flags);
	return owned;
}

/* dmaengine callbacks ------------------------------------------------ */

static bool edu_width_ok(enum dma_slave_buswidth w)
{
	return w == DMA_SLAVE_BUSWIDTH_UNDEFINED ||
	       (w <= DMA_SLAVE_BUSWIDTH_8_BYTES && (EDU_WIDTHS & BIT(w)));
}

/* Process context. */
static int edu_device_config(struct dma_chan *chan,
			     struct dma_slave_config *cfg)
{
	struct edu_chan *ch = to_edu_chan(chan);
	unsigned long flags;

	if (!cfg)
		return -EINVAL;
	/* A side without a width is unused; a config using neither is void. */
	if (cfg->src_addr_width == DMA_SLAVE_BUSWIDTH_UNDEFINED &&
	    cfg->dst_addr_width == DMA_SLAVE_BUSWIDTH_UNDEFINED) {
		dev_dbg(edu_cdev(chan), "no bus width on either side\n");
		return -EINVAL;
	}
	if (!edu_width_ok(cfg->src_addr_width) ||
	    !edu_width_ok(cfg->dst_addr_width)) {
		dev_dbg(edu_cdev(chan), "unsupported bus width %u/%u\n",
			cfg->src_addr_width, cfg->dst_addr_width);
		return -EINVAL;
	}
	if (cfg->src_maxburst > EDU_MAX_BURST ||
	    cfg->dst_maxburst > EDU_MAX_BURST) {
		dev_dbg(edu_cdev(chan), "burst %u/%u above %u\n",
			cfg->src_maxburst, cfg->dst_maxburst, EDU_MAX_BURST);
		return -EINVAL;
	}
	spin_lock_irqsave(&ch->vc.lock, flags);
	ch->cfg = *cfg;
	spin_unlock_irqrestore(&ch->vc.lock, flags);
	return 0;
}

static struct edu_desc *edu_desc_alloc(unsigned int nsegs, bool cyclic)
{
	struct edu_desc *d;

	d = kzalloc(struct_size(d, segs, nsegs), GFP_NOWAIT);
	if (!d)
		return NULL;
	d->nsegs = nsegs;
	d->cyclic = cyclic;
	return d;
}

static void edu_desc_free(struct virt_dma_desc *vd)
{
	kfree(to_edu_desc(vd));
}

/* Fills @seg for a slave copy at byte @off of the device side. */
static void edu_slave_seg(struct edu_seg *seg, enum dma_transfer_direction dir,
			  dma_addr_t mem, dma_addr_t dev, size_t len)
{
	seg->len = len;
	seg->src = dir == DMA_MEM_TO_DEV ? mem : dev;
	seg->dst = dir == DMA_MEM_TO_DEV ? dev : mem;
}

/*
 * Common checks of a slave preparation; on success returns the device-side
 * base address from the channel's configuration. That side must have been
 * configured with a bus width: an address never set is 0, not a target.
 */
static bool edu_slave_check(struct edu_chan *ch, enum dma_transfer_direction dir,
			    unsigned int nents, size_t total, dma_addr_t *dev)
{
	struct device *d = ch->edu->dev;
	enum dma_slave_buswidth width;
	unsigned long flags;

	if (dir != DMA_MEM_TO_DEV && dir != DMA_DEV_TO_MEM) {
		dev_dbg(d, "direction %d not supported\n", dir);
		return false;
	}
	if (!nents || nents > EDU_MAX_SG) {
		dev_dbg(d, "%u entries, 1..%u supported\n", nents, EDU_MAX_SG);
		return false;
	}
	spin_lock_irqsave(&ch->vc.lock, flags);
	*dev = dir == DMA_MEM_TO_DEV ? ch->cfg.dst_addr : ch->cfg.src_addr;
	width = dir == DMA_MEM_TO_DEV ? ch->cfg.dst_addr_width :
					ch->cfg.src_addr_width;
	spin_unlock_irqrestore(&ch->vc.lock, flags);
	if (width == DMA_SLAVE_BUSWIDTH_UNDEFINED) {
		dev_dbg(d, "device side of %s not configured\n",
			dir == DMA_MEM_TO_DEV ? "MEM_TO_DEV" : "DEV_TO_MEM");
		return false;
	}
	if (!edu_range_ok(ch->edu, *dev, total)) {
		dev_dbg(d, "device range %pad+%zu not reachable\n", dev, total);
		return false;
	}
	return true;
}

/* Any context, as the dmaengine API allows; allocates with GFP_NOWAIT. */
static struct dma_async_tx_descriptor *
edu_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl,
		  unsigned int sg_len, enum dma_transfer_direction dir,
		  unsigned long flags, void *context)
{
	struct edu_chan *ch = to_edu_chan(chan);
	struct scatterlist *sg;
	struct edu_desc *d;
	size_t total = 0;
	dma_addr_t dev;
	unsigned int i;

	/* Nothing is walked before the list is known to be there. */
	if (!sgl || !sg_len || sg_len > EDU_MAX_SG) {
		dev_dbg(edu_cdev(chan), "sg list %p of %u entries refused\n",
			sgl, sg_len);
		return NULL;
	}
	for_each_sg(sgl, sg, sg_len, i) {
		if (!sg) {
			dev_dbg(edu_cdev(chan), "sg list ends before entry %u\n", i);
			return NULL;
		}
		if (!edu_range_ok(ch->edu, sg_dma_address(sg), sg_dma_len(sg)) ||
		    edu_in_window(sg_dma_address(sg))) {
			dev_dbg(edu_cdev(chan), "sg entry %u not reachable\n", i);
			return NULL;
		}
		if (check_add_overflow(total, (size_t)sg_dma_len(sg), &total))
			return NULL;
	}
	if (!edu_slave_check(ch, dir, sg_len, total, &dev))
		return NULL;

	d = edu_desc_alloc(sg_len, false);
	if (!d)
		return NULL;
	for_each_sg(sgl, sg, sg_len, i) {
		edu_slave_seg(&d->segs[i], dir, sg_dma_address(sg),
			      dev + d->total, sg_dma_len(sg));
		d->total += sg_dma_len(sg);
	}
	return vchan_tx_prep(&ch->vc, &d->vd, flags);
}

static struct dma_async_tx_descriptor *
edu_prep_cyclic(struct dma_chan *chan, dma_addr_t buf, size_t buf_len,
		size_t period_len, enum dma_transfer_direction dir,
		unsigned long flags)
{
	struct edu_chan *ch = to_edu_chan(chan);
	unsigned int i, periods;
	struct edu_desc *d;
	dma_addr_t dev;

	if (!period_len || buf_len % period_len ||
	    !edu_range_ok(ch->edu, buf, buf_len) || edu_in_window(buf)) {
		dev_dbg(edu_cdev(chan), "bad cyclic buffer %pad+%zu/%zu\n",
			&buf, buf_len, period_len);
		return NULL;
	}
	periods = buf_len / period_len;
	if (!edu_slave_check(ch, dir, periods, buf_len, &dev))
		return NULL;

	d = edu_desc_alloc(periods, true);
	if (!d)
		return NULL;
	for (i = 0; i < periods; i++)
		edu_slave_seg(&d->segs[i], dir, buf + i * period_len,
			      dev + i * period_len, period_len);
	d->total = buf_len;
	return vchan_tx_prep(&ch->vc, &d->vd, flags);
}

static struct dma_async_tx_descriptor *
edu_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		size_t len, unsigned long flags)
{
	struct edu_chan *ch = to_edu_chan(chan);
	struct edu_desc *d;

	/*
	 * Both ends are memory: a bus address in the window would reach the
	 * card's buffer instead, so it is refused rather than redirected.
	 */
	if (!edu_range_ok(ch->edu, src, len) || !edu_range_ok(ch->edu, dst, len) ||
	    edu_in_window(src) || edu_in_window(dst)) {
		dev_dbg(edu_cdev(chan), "bad memcpy %pad -> %pad, %zu bytes\n",
			&src, &dst, len);
		return NULL;
	}
	d = edu_desc_alloc(1, false);
	if (!d)
		return NULL;
	d->segs[0].src = src;
	d->segs[0].dst = dst;
	d->segs[0].len = len;
	d->total = len;
	return vchan_tx_prep(&ch->vc, &d->vd, flags);
}

/*
 * Called with ch->vc.lock held on a controller being removed: nothing will
 * run any more, so every issued descriptor fails now.
 */
static void edu_chan_abort_issued(struct edu_chan *ch)
{
	struct virt_dma_desc *vd;

	if (ch->cur)
		edu_desc_finish(ch, DMA_TRANS_ABORTED);
	while ((vd = vchan_next_desc(&ch->vc))) {
		list_del(&vd->node);
		ch->cur = to_edu_desc(vd);
		ch->done = 0;
		edu_desc_finish(ch, DMA_TRANS_ABORTED);
	}
}

/* Any context. */
static void edu_issue_pending(struct dma_chan *chan)
{
	struct edu_chan *ch = to_edu_chan(chan);
	struct edu_dev *edu = ch->edu;
	unsigned long flags;
	bool more;

	spin_lock_irqsave(&edu->lock, flags);
	spin_lock(&ch->vc.lock);
	more = vchan_issue_pending(&ch->vc);
	if (more && edu->dying)
		edu_chan_abort_issued(ch);
	spin_unlock(&ch->vc.lock);
	if (more)
		edu_schedule(edu);
	spin_unlock_irqrestore(&edu->lock, flags);
}

/* Called with ch->vc.lock held: size of a descriptor not started yet. */
static size_t edu_queued_total(struct edu_chan *ch, dma_cookie_t cookie)
{
	struct virt_dma_desc *vd;

	vd = vchan_find_desc(&ch->vc, cookie);
	if (vd)
		return to_edu_desc(vd)->total;
	/* vchan_find_desc() only looks at issued descriptors. */
	list_for_each_entry(vd, &ch->vc.desc_submitted, node)
		if (vd->tx.cookie == cookie)
			return to_edu_desc(vd)->total;
	return 0;
}

/* Any context. Residue is exact to the chunk, reported per segment. */
static enum dma_status edu_tx_status(struct dma_chan *chan, dma_cookie_t cookie,
				     struct dma_tx_state *state)
{
	struct edu_chan *ch = to_edu_chan(chan);
	enum dma_status ret;
	unsigned long flags;
	size_t residue = 0;

	ret = dma_cookie_status(chan, cookie, state);
	/* A channel that never aborted answers a completed cookie unlocked. */
	if (ret == DMA_COMPLETE && !READ_ONCE(ch->nr_aborted))
		return ret;
	spin_lock_irqsave(&ch->vc.lock, flags);
	if (edu_cookie_aborted(ch, cookie)) {
		spin_unlock_irqrestore(&ch->vc.lock, flags);
		return DMA_ERROR;
	}
	if (ret == DMA_COMPLETE) {
		spin_unlock_irqrestore(&ch->vc.lock, flags);
		return ret;
	}
	if (ch->cur && ch->cur->vd.tx.cookie == cookie) {
		residue = ch->cur->total - ch->done;
		if (ch->paused) {
			residue = ch->paused_residue;
			ret = DMA_PAUSED;
		}
	} else {
		residue = edu_queued_total(ch, cookie);
	}
	spin_unlock_irqrestore(&ch->vc.lock, flags);
	dma_set_residue(state, residue);
	return ret;
}

/*
 * Process or atomic context. The engine cannot stop a transfer, so the
 * chunk in flight still runs to its end; the pause point is that end,
 * fixed here, so that the residue reported from now on does not move.
 */
static void edu_set_paused(struct edu_chan *ch, bool paused)
{
	struct edu_dev *edu = ch->edu;
	struct edu_desc *d;
	unsigned long flags;
	size_t done;

	spin_lock_irqsave(&edu->lock, flags);
	spin_lock(&ch->vc.lock);
	ch->paused = paused;
	d = ch->cur;
	if (paused && d) {
		done = ch->done;
		if (edu->busy && edu->owner == ch && edu->owner_gen == ch->gen)
			done += edu->chunk_len;
		/* A lap of a cyclic transfer that ends starts the next one. */
		ch->paused_residue = d->total - done ?: (d->cyclic ? d->total : 0);
	}
	spin_unlock(&ch->vc.lock);
	spin_unlock_irqrestore(&edu->lock, flags);
}

static int edu_pause(struct dma_chan *chan)
{
	edu_set_paused(to_edu_chan(chan), true);
	return 0;
}

static int edu_resume(struct dma_chan *chan)
{
	struct edu_chan *ch = to_edu_chan(chan);

	edu_set_paused(ch, false);
	edu_kick(ch->edu);
	return 0;
}

/*
 * Any context. A chunk already on the engine runs to its end, but its
 * result is dropped (see @gen); descriptors are freed by synchronize.
 */
static int edu_terminate_all(struct dma_chan *chan)
{
	struct edu_chan *ch = to_edu_chan(chan);
	unsigned long flags;
	LIST_HEAD(head);

	spin_lock_irqsave(&ch->vc.lock, flags);
	ch->gen++;
	/*
	 * Nothing of this channel is pending any more, whatever its cookie;
	 * what was pending is remembered as aborted, not complete.
	 */
	edu_note_aborted(ch, ch->vc.chan.completed_cookie + 1,
			 ch->vc.chan.cookie);
	ch->vc.chan.completed_cookie = ch->vc.chan.cookie;
	if (ch->cur) {
		vchan_terminate_vdesc(&ch->cur->vd);
		ch->cur = NULL;
	}
	ch->paused = false;
	vchan_get_all_descriptors(&ch->vc, &head);
	spin_unlock_irqrestore(&ch->vc.lock, flags);
	vchan_dma_desc_free_list(&ch->vc, &head);
	return 0;
}

/* Process context: waits for the chunk in flight, at most one watchdog. */
static void edu_synchronize(struct dma_chan *chan)
{
	struct edu_chan *ch = to_edu_chan(chan);

	wait_event(ch->edu->idle_wq, !edu_engine_owned_by(ch->edu, ch));
	vchan_synchronize(&ch->vc);
}

/*
 * Process context. A controller being unbound stays listed until its
 * last channel is released: hand out none of its free channels.
 */
static int edu_alloc_chan_resources(struct dma_chan *chan)
{
	struct edu_dev *edu = to_edu_chan(chan)->edu;
	unsigned long flags;
	bool dying;

	spin_lock_irqsave(&edu->lock, flags);
	dying = edu->dying;
	spin_unlock_irqrestore(&edu->lock, flags);
	return dying ? -ESHUTDOWN : 0;
}

static void edu_free_chan_resources(struct dma_chan *chan)
{
	struct edu_chan *ch = to_edu_chan(chan);
	unsigned long flags;

	edu_terminate_all(chan);
	edu_synchronize(chan);
	vchan_free_chan_resources(&ch->vc);
	/* The next client configures the channel itself. */
	spin_lock_irqsave(&ch->vc.lock, flags);
	memset(&ch->cfg, 0, sizeof(ch->cfg));
	spin_unlock_irqrestore(&ch->vc.lock, flags);
}

/**
 * edu_engine_free() - free a controller
 * @edu: controller, unregistered or never registered
 */
void edu_engine_free(struct edu_dev *edu)
{
	unsigned int i;

	for (i = 0; i < edu->nr_chans; i++)
		tasklet_kill(&edu->chans[i].vc.task);
	put_device(edu->dev);
	kfree(edu);
}

/*
 * The core calls this once nothing of it refers to the controller any
 * more, without its locks held, in the process context of whoever dropped
 * the last reference: the unbinding driver or the last client releasing a
 * channel.
 */
static void edu_dma_release(struct dma_device *dma)
{
	edu_engine_free(container_of(dma, struct edu_dev, dma));
}

/**
 * edu_chan_filter() - dma_filter_fn matching one channel of one controller
 * @chan: candidate channel
 * @param: the wanted &struct edu_chan
 *
 * Return: true if @chan is the channel @param points to.
 */
bool edu_chan_filter(struct dma_chan *chan, void *param)
{
	return chan == &((struct edu_chan *)param)->vc.chan;
}

/**
 * edu_chan_by_line() - take the channel with a request line
 * @edu: controller
 * @line: request line
 *
 * Return: the channel, now owned by the caller, or NULL.
 */
struct dma_chan *edu_chan_by_line(struct edu_dev *edu, unsigned int line)
{
	if (line >= edu->nr_chans)
		return NULL;
	return dma_get_slave_channel(&edu->chans[line].vc.chan);
}

static void edu_init_caps(struct edu_dev *edu)
{
	struct dma_device *dma = &edu->dma;

	dma_cap_set(DMA_SLAVE, dma->cap_mask);
	dma_cap_set(DMA_CYCLIC, dma->cap_mask);
	dma_cap_set(DMA_MEMCPY, dma->cap_mask);
	if (!public_memcpy)
		dma_cap_set(DMA_PRIVATE, dma->cap_mask);
	dma->dev = edu->dev;
	dma->src_addr_widths = EDU_WIDTHS;
	dma->dst_addr_widths = EDU_WIDTHS;
	dma->directions = BIT(DMA_MEM_TO_DEV) | BIT(DMA_DEV_TO_MEM) |
			  BIT(DMA_MEM_TO_MEM);
	dma->max_burst = EDU_MAX_BURST;
	dma->max_sg_burst = EDU_MAX_SG;
	dma->residue_granularity = DMA_RESIDUE_GRANULARITY_SEGMENT;
	dma->device_config = edu_device_config;
	dma->device_prep_slave_sg = edu_prep_slave_sg;
	dma->device_prep_dma_cyclic = edu_prep_cyclic;
	dma->device_prep_dma_memcpy = edu_prep_memcpy;
	dma->device_issue_pending = edu_issue_pending;
	dma->device_tx_status = edu_tx_status;
	dma->device_pause = edu_pause;
	dma->device_resume = edu_resume;
	dma->device_terminate_all = edu_terminate_all;
	dma->device_synchronize = edu_synchronize;
	dma->device_alloc_chan_resources = edu_alloc_chan_resources;
	dma->device_free_chan_resources = edu_free_chan_resources;
	dma->device_release = edu_dma_release;
}

/**
 * edu_engine_alloc() - set up the engine and its channels, unregistered
 * @dev: the PCI device; a reference is held until the release callback
 * @regs: mapped BAR0
 * @nr_chans: number of virtual channels
 *
 * Not device-managed: the structure lives until the dmaengine core drops
 * its last reference, which may be after the driver is unbound.
 *
 * Return: the new controller, or NULL when out of memory.
 */
struct edu_dev *edu_engine_alloc(struct device *dev, void __iomem *regs,
				 unsigned int nr_chans)
{
	struct edu_dev *edu;
	unsigned int i;

	edu = kzalloc(struct_size(edu, chans, nr_chans), GFP_KERNEL);
	if (!edu)
		return NULL;
	edu->nr_chans = nr_chans;
	edu->dev = get_device(dev);
	edu->regs = regs;
	spin_lock_init(&edu->lock);
	init_waitqueue_head(&edu->idle_wq);
	timer_setup(&edu->watchdog, edu_watchdog, 0);
	INIT_LIST_HEAD(&edu->dma.channels);
	edu_init_caps(edu);
	for (i = 0; i < nr_chans; i++) {
		edu->chans[i].edu = edu;
		edu->chans[i].line = i;
		edu->chans[i].vc.desc_free = edu_desc_free;
		vchan_init(&edu->chans[i].vc, &edu->dma);
	}
	return edu;
}

/**
 * edu_engine_shutdown() - stop the engine for good before unbinding
 * @edu: controller
 *
 * Process context, interrupt still requested: the card may signal the
 * completion of the transfer in flight, and must have done so before the
 * vector goes (see edu_pci_remove()). Waits for that transfer, since its
 * memory may be freed as soon as its owner hears of the failure, then
 * fails every descriptor left with DMA_TRANS_ABORTED.
 */
void edu_engine_shutdown(struct edu_dev *edu)
{
	unsigned long flags, deadline;
	unsigned int i;

	spin_lock_irqsave(&edu->lock, flags);
	edu->dying = true;
	spin_unlock_irqrestore(&edu->lock, flags);
	timer_delete_sync(&edu->watchdog);

	deadline = jiffies + msecs_to_jiffies(watchdog_ms);
	while (edu_hw_running(edu->regs) && time_before(jiffies, deadline))
		msleep(20);
	edu_writel(edu->regs, EDU_REG_IRQ_ACK, EDU_IRQ_DMA);

	spin_lock_irqsave(&edu->lock, flags);
	edu->busy = false;
	edu->owner = NULL;
	spin_unlock_irqrestore(&edu->lock, flags);
	wake_up_all(&edu->idle_wq);

	for (i = 0; i < edu->nr_chans; i++) {
		spin_lock_irqsave(&edu->chans[i].vc.lock, flags);
		edu_chan_abort_issued(&edu->chans[i]);
		spin_unlock_irqrestore(&edu->chans[i].vc.lock, flags);
	}
}

/**
 * edu_test_drop_irqs() - test hook: ignore the next completion interrupts
 * @chan: any channel of the controller
 * @count: how many completion interrupts to ignore
 *
 * Simulates lost interrupts so that the watchdog can be tested.
 */
void edu_test_drop_irqs(struct dma_chan *chan, unsigned int count)
{
	struct edu_dev *edu = to_edu_chan(chan)->edu;
	unsigned long flags;

	spin_lock_irqsave(&edu->lock, flags);
	edu->drop_irqs = count;
	spin_unlock_irqrestore(&edu->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(edu_test_drop_irqs);

/**
 * edu_test_busy_ns() - test hook: time the engine has spent transferring
 * @chan: any channel of the controller
 *
 * Return: nanoseconds, summed over all finished transfers.
 */
u64 edu_test_busy_ns(struct dma_chan *chan)
{
	struct edu_dev *edu = to_edu_chan(chan)->edu;
	unsigned long flags;
	u64 ns;

	spin_lock_irqsave(&edu->lock, flags);
	ns = edu->busy_ns;
	spin_unlock_irqrestore(&edu->lock, flags);
	return ns;
}
EXPORT_SYMBOL_IF_KUNIT(edu_test_busy_ns);
