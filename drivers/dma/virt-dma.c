// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual channels: the out-of-line half of the helpers in virt-dma.h.
 *
 * Locking: vc->lock protects the channel's five descriptor lists, each
 * descriptor's list node and vc->cyclic. It is taken with interrupts
 * disabled because providers complete descriptors from hard interrupt
 * context.
 *
 * Contexts: vchan_tx_submit() runs wherever the client submits (any
 * context). The completion tasklet runs in softirq context and calls the
 * client's callbacks and the provider's desc_free() with vc->lock
 * released. vchan_tx_desc_free() runs in the client's context.
 *
 * Nothing here allocates memory: submit, issue and completion only move
 * descriptors between lists through their embedded node.
 */

#include <linux/device.h>
#include <linux/dmaengine.h>
#include <linux/module.h>
#include <linux/spinlock.h>

#include "virt-dma.h"

static struct virt_dma_desc *tx_to_vdesc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct virt_dma_desc, tx);
}

/**
 * vchan_tx_submit() - the tx_submit callback of every virtual descriptor
 * @tx: a descriptor built by vchan_tx_prep()
 *
 * Assigns the next cookie and queues the descriptor behind every earlier
 * submission; it is not started before the client calls
 * dma_async_issue_pending().
 *
 * Context: any; takes vc->lock.
 * Return: the new cookie, or -EINVAL when the misuse checker
 * (CONFIG_DMA_ENGINE_DEBUG_MISUSE) refuses the submission.
 */
dma_cookie_t vchan_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct virt_dma_chan *vc = to_virt_chan(tx->chan);
	struct virt_dma_desc *vd = tx_to_vdesc(tx);
	unsigned long irqflags;
	dma_cookie_t cookie;

	cookie = dmaengine_debug_submit(tx);
	if (cookie)
		return cookie;

	spin_lock_irqsave(&vc->lock, irqflags);
	cookie = dma_cookie_assign(tx);
	list_move_tail(&vd->node, &vc->desc_submitted);
	spin_unlock_irqrestore(&vc->lock, irqflags);

	dev_dbg(vc->chan.device->dev, "chan %d: cookie %d submitted\n",
		vc->chan.chan_id, cookie);
	return cookie;
}
EXPORT_SYMBOL_GPL(vchan_tx_submit);

/* Whether @vd sits idle on the allocated list. Called with vc->lock held. */
static bool vchan_desc_is_idle(struct virt_dma_chan *vc,
			       struct virt_dma_desc *vd)
{
	struct virt_dma_desc *idle;

	list_for_each_entry(idle, &vc->desc_allocated, node) {
		if (idle == vd)
			return true;
	}
	return false;
}

/**
 * vchan_tx_desc_free() - the desc_free callback of every virtual descriptor
 * @tx: a reusable descriptor the client no longer wants
 *
 * The core only lets reusable (DMA_CTRL_REUSE) descriptors through
 * dmaengine_desc_free(). A descriptor still queued or running cannot be
 * freed under the provider's feet, so only an idle one is accepted.
 *
 * Context: any; takes vc->lock.
 * Return: 0 when freed, -EBUSY when the descriptor is submitted, issued or
 * waiting for its callback.
 */
int vchan_tx_desc_free(struct dma_async_tx_descriptor *tx)
{
	struct virt_dma_chan *vc = to_virt_chan(tx->chan);
	struct virt_dma_desc *vd = tx_to_vdesc(tx);
	unsigned long irqflags;
	bool idle;

	spin_lock_irqsave(&vc->lock, irqflags);
	idle = vchan_desc_is_idle(vc, vd);
	if (idle)
		list_del(&vd->node);
	spin_unlock_irqrestore(&vc->lock, irqflags);

	if (!idle) {
		dev_dbg(vc->chan.device->dev,
			"chan %d: cookie %d still in flight, not freed\n",
			vc->chan.chan_id, tx->cookie);
		return -EBUSY;
	}

	dmaengine_debug_free(tx);
	vc->desc_free(vd);
	return 0;
}
EXPORT_SYMBOL_GPL(vchan_tx_desc_free);

/**
 * vchan_find_desc() - look up an issued descriptor by cookie
 * @vc: the channel
 * @cookie: the cookie dmaengine_submit() returned
 *
 * Providers use this in tx_status to compute the residue of a descriptor
 * that has not started yet. Only the issued list is searched.
 *
 * Context: vc->lock held.
 * Return: the descriptor, or NULL when no issued descriptor has @cookie.
 */
struct virt_dma_desc *vchan_find_desc(struct virt_dma_chan *vc,
				      dma_cookie_t cookie)
{
	struct virt_dma_desc *vd;

	lockdep_assert_held(&vc->lock);

	list_for_each_entry(vd, &vc->desc_issued, node) {
		if (vd->tx.cookie == cookie)
			return vd;
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(vchan_find_desc);

/**
 * vchan_dma_desc_free_list() - retire every descriptor on a private list
 * @vc: the channel the descriptors belong to
 * @head: a list gathered by vchan_get_all_descriptors() or similar
 *
 * Each descriptor is handed to vchan_vdesc_fini(), so reusable ones
 * return to the channel and the others are freed; @head is left empty. No
 * callback is invoked.
 *
 * Context: any; vc->lock not held.
 */
void vchan_dma_desc_free_list(struct virt_dma_chan *vc, struct list_head *head)
{
	struct virt_dma_desc *vd, *next;
	LIST_HEAD(doomed);

	/*
	 * Off @head first, in one step: @head may belong to the provider's
	 * channel structure, and must not be left pointing at descriptors
	 * freed below. (A provider that adds to @head while this runs must
	 * still keep the two apart itself; this does not make that safe.)
	 * The private list then goes whole, so no entry is unlinked on its
	 * own: each is freed, or re-linked onto desc_allocated if reusable.
	 */
	list_splice_init(head, &doomed);
	list_for_each_entry_safe(vd, next, &doomed, node)
		vchan_vdesc_fini(vd);
}
EXPORT_SYMBOL_GPL(vchan_dma_desc_free_list);

/*
 * The tasklet. One trip under the lock takes both the owed period callback
 * of a cyclic descriptor (taken there so that vchan_terminate_vdesc() can
 * cancel it) and the completed descriptors, in one go; the callbacks then
 * run in completion order with the lock released, so a callback may submit
 * and issue on this channel.
 *
 * The period callback runs on copies of the descriptor's callback and
 * result: once the lock is dropped, terminate_all on another CPU may free
 * the cyclic descriptor (vchan_get_all_descriptors() takes the terminated
 * list too), so it is not touched again. Completed descriptors need no
 * copy: they are on @done, where terminate cannot reach them.
 */
static void vchan_complete(struct tasklet_struct *task)
{
	struct virt_dma_chan *vc = from_tasklet(vc, task, task);
	struct dmaengine_desc_callback period_cb, cb;
	struct dmaengine_result period_result;
	struct virt_dma_desc *vd, *next;
	bool period_owed;
	LIST_HEAD(done);

	spin_lock_irq(&vc->lock);
	vd = vc->cyclic;
	period_owed = vd;
	if (period_owed) {
		vc->cyclic = NULL;
		dmaengine_desc_get_callback(&vd->tx, &period_cb);
		period_result = vd->tx_result;
	}
	list_splice_tail_init(&vc->desc_completed, &done);
	spin_unlock_irq(&vc->lock);

	if (period_owed)
		dmaengine_desc_callback_invoke(&period_cb, &period_result);

	/*
	 * Unlinked one by one, unlike in vchan_dma_desc_free_list(): the
	 * callback runs while @vd is still ours, and a client that wrongly
	 * resubmits it from there must meet a poisoned node, not corrupt
	 * @done.
	 */
	list_for_each_entry_safe(vd, next, &done, node) {
		list_del(&vd->node);
		dmaengine_desc_get_callback(&vd->tx, &cb);
		dmaengine_desc_callback_invoke(&cb, &vd->tx_result);
		vchan_vdesc_fini(vd);
	}
}

/**
 * vchan_init() - set up a virtual channel and add it to its device
 * @vc: the channel, embedded in the provider's channel structure
 * @dmadev: the device the channel belongs to, not yet registered
 *
 * The provider sets @vc->desc_free before the first descriptor is retired.
 *
 * Context: process, before dma_async_device_register().
 */
void vchan_init(struct virt_dma_chan *vc, struct dma_device *dmadev)
{
	struct list_head *const lists[] = {
		&vc->desc_allocated, &vc->desc_submitted, &vc->desc_issued,
		&vc->desc_completed, &vc->desc_terminated,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lists); i++)
		INIT_LIST_HEAD(lists[i]);
	vc->cyclic = NULL;
	spin_lock_init(&vc->lock);
	tasklet_setup(&vc->task, vchan_complete);

	/* The core finds the channel on this list at registration. */
	vc->chan.device = dmadev;
	dma_cookie_init(&vc->chan);
	list_add_tail(&vc->chan.device_node, &dmadev->channels);
}
EXPORT_SYMBOL_GPL(vchan_init);

MODULE_DESCRIPTION("Virtual DMA channel helpers for dmaengine providers");
MODULE_LICENSE("GPL");
