/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual channels: a software queue in front of a DMA channel.
 *
 * A provider embeds struct virt_dma_chan in its channel and struct
 * virt_dma_desc in its descriptors. The helpers here keep each descriptor
 * on exactly one of five lists, which together describe its life:
 *
 *   desc_allocated   prepared, not yet submitted (or reusable and idle)
 *   desc_submitted   submitted, cookie assigned, not yet issued
 *   desc_issued      issued; the provider may hand these to hardware
 *   desc_completed   done; waiting for the tasklet to call back
 *   desc_terminated  taken off the hardware by terminate; freed by
 *                    vchan_synchronize(), or at once when terminate then
 *                    empties the channel with vchan_get_all_descriptors()
 *
 * Locking: vc->lock (a spinlock, taken with interrupts disabled) protects
 * the five lists, every descriptor's @node and vc->cyclic. Providers
 * complete descriptors from their interrupt handler, so anyone else that
 * takes the lock must disable interrupts too.
 *
 * Contexts: vc->task is a tasklet, so client callbacks run in softirq
 * context, one at a time per channel, with vc->lock released (a callback
 * may submit and issue new work on the same channel). The provider's
 * desc_free() runs without vc->lock, from the tasklet or from the
 * process context that frees or synchronizes the channel.
 *
 * Nothing on the submit, issue_pending or completion path allocates
 * memory: descriptors move between lists by their embedded @node.
 */
#ifndef _DRIVERS_DMA_VIRT_DMA_H
#define _DRIVERS_DMA_VIRT_DMA_H

#include <linux/array_size.h>
#include <linux/dmaengine.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/spinlock.h>

#include "dmaengine.h"

/**
 * struct virt_dma_desc - a descriptor queued on a virtual channel
 * @tx: the descriptor the client sees
 * @tx_result: result and residue passed to the client's callback_result;
 *	the provider fills it in before completing the descriptor
 * @node: link on one of the channel's lists, under the channel's lock
 */
struct virt_dma_desc {
	struct dma_async_tx_descriptor tx;
	struct dmaengine_result tx_result;
	struct list_head node;
};

/**
 * struct virt_dma_chan - a DMA channel with a software descriptor queue
 * @chan: the channel the client sees
 * @task: runs completion callbacks in softirq context
 * @desc_free: the provider's destructor for one descriptor; called
 *	without @lock held
 * @lock: protects the five lists below and @cyclic
 * @desc_allocated: prepared or idle reusable descriptors
 * @desc_submitted: submitted, waiting for issue_pending
 * @desc_issued: issued, in submission order
 * @desc_completed: completed, waiting for @task to run their callbacks
 * @desc_terminated: terminated, freed by vchan_synchronize() or with the
 *	rest of the channel by vchan_get_all_descriptors()
 * @cyclic: the cyclic descriptor whose period callback @task owes, or NULL
 */
struct virt_dma_chan {
	struct dma_chan chan;
	struct tasklet_struct task;
	void (*desc_free)(struct virt_dma_desc *vd);

	spinlock_t lock; /* the lists, @cyclic; irq-safe */

	struct list_head desc_allocated;
	struct list_head desc_submitted;
	struct list_head desc_issued;
	struct list_head desc_completed;
	struct list_head desc_terminated;

	struct virt_dma_desc *cyclic;
};

/**
 * to_virt_chan() - the virtual channel that embeds a channel
 * @chan: a channel set up with vchan_init()
 *
 * Return: the enclosing virtual channel.
 */
static inline struct virt_dma_chan *to_virt_chan(struct dma_chan *chan)
{
	return container_of(chan, struct virt_dma_chan, chan);
}

void vchan_init(struct virt_dma_chan *vc, struct dma_device *dmadev);
dma_cookie_t vchan_tx_submit(struct dma_async_tx_descriptor *tx);
int vchan_tx_desc_free(struct dma_async_tx_descriptor *tx);
struct virt_dma_desc *vchan_find_desc(struct virt_dma_chan *vc,
				      dma_cookie_t cookie);
void vchan_dma_desc_free_list(struct virt_dma_chan *vc,
			      struct list_head *head);

/**
 * vchan_tx_prep() - hand a freshly built descriptor to the virtual channel
 * @vc: the channel the descriptor belongs to
 * @vd: the descriptor; the provider has filled in its own fields
 * @tx_flags: the client's DMA_PREP_* and DMA_CTRL_* flags
 *
 * Providers call this last in their prep callbacks. The descriptor is
 * parked on @vc->desc_allocated until the client submits it.
 *
 * Context: any; takes @vc->lock.
 * Return: the client-visible descriptor, ready for dmaengine_submit().
 */
static inline struct dma_async_tx_descriptor *
vchan_tx_prep(struct virt_dma_chan *vc, struct virt_dma_desc *vd,
	      unsigned long tx_flags)
{
	struct dma_async_tx_descriptor *tx = &vd->tx;
	unsigned long irqflags;

	dma_async_tx_descriptor_init(tx, &vc->chan);
	tx->flags = tx_flags;
	tx->tx_submit = vchan_tx_submit;
	tx->desc_free = vchan_tx_desc_free;
	vd->tx_result = (struct dmaengine_result){ .result = DMA_TRANS_NOERROR };

	spin_lock_irqsave(&vc->lock, irqflags);
	list_add_tail(&vd->node, &vc->desc_allocated);
	spin_unlock_irqrestore(&vc->lock, irqflags);

	dmaengine_debug_prep(tx);
	return tx;
}

/**
 * vchan_issue_pending() - move every submitted descriptor to the issued list
 * @vc: the channel
 *
 * Context: @vc->lock held.
 * Return: true when the issued list is not empty, i.e. the provider has
 * work it may start.
 */
static inline bool vchan_issue_pending(struct virt_dma_chan *vc)
{
	lockdep_assert_held(&vc->lock);

	dmaengine_debug_issue(&vc->chan);
	list_splice_tail_init(&vc->desc_submitted, &vc->desc_issued);

	return !list_empty(&vc->desc_issued);
}

/**
 * vchan_next_desc() - the oldest issued descriptor
 * @vc: the channel
 *
 * The descriptor stays on the issued list; the provider removes it with
 * list_del() when it takes it.
 *
 * Context: @vc->lock held.
 * Return: the descriptor, or NULL when nothing is issued.
 */
static inline struct virt_dma_desc *vchan_next_desc(struct virt_dma_chan *vc)
{
	lockdep_assert_held(&vc->lock);

	return list_first_entry_or_null(&vc->desc_issued, struct virt_dma_desc,
					node);
}

/**
 * vchan_cookie_complete() - mark a descriptor done and queue its callback
 * @vd: a descriptor the provider has already taken off the issued list
 *
 * The cookie is completed at once, so dmaengine_tx_status() reports
 * DMA_COMPLETE from now on; the callback runs later from the tasklet.
 *
 * Context: @vc->lock held; usually the provider's interrupt handler.
 */
static inline void vchan_cookie_complete(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc;

	/* First, before @vd is read: it may be a stale, freed pointer. */
	if (!dmaengine_debug_complete(&vd->tx))
		return;

	/* Checked before the cookie moves; no code without lockdep. */
	lockdep_assert_held(&to_virt_chan(vd->tx.chan)->lock);

	/* The provider has set vd->tx_result; the cookie is still there. */
	dmaengine_trace_complete(&vd->tx, &vd->tx_result);
	dma_cookie_complete(&vd->tx);

	/*
	 * Found only now: computed before the (rarely taken) calls above, it
	 * would have to be kept across them, in the provider's register.
	 */
	vc = to_virt_chan(vd->tx.chan);
	list_add_tail(&vd->node, &vc->desc_completed);
	dev_vdbg(vc->chan.device->dev, "chan %d: cookie %d complete\n",
		 vc->chan.chan_id, vd->tx.cookie);

	tasklet_schedule(&vc->task);
}

/**
 * vchan_cyclic_callback() - report that a cyclic descriptor ended a period
 * @vd: the cyclic descriptor; it stays where it is
 *
 * Periods that end before the tasklet runs are reported once.
 *
 * Context: @vc->lock held; usually the provider's interrupt handler.
 */
static inline void vchan_cyclic_callback(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc = to_virt_chan(vd->tx.chan);

	vc->cyclic = vd;
	tasklet_schedule(&vc->task);
}

/**
 * vchan_terminate_vdesc() - park a descriptor taken off the hardware
 * @vd: the descriptor the provider was running, already off any list
 *
 * A pending period callback of @vd is cancelled. The descriptor waits on
 * @vc->desc_terminated for vchan_synchronize(), unless the provider goes
 * on to empty the channel with vchan_get_all_descriptors() and frees it at
 * once; either is safe while the tasklet runs a period callback of @vd,
 * which works on copies taken under @vc->lock.
 *
 * Context: @vc->lock held.
 */
static inline void vchan_terminate_vdesc(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc = to_virt_chan(vd->tx.chan);

	lockdep_assert_held(&vc->lock);

	if (vc->cyclic == vd)
		vc->cyclic = NULL;	/* its owed period callback is void */
	list_add_tail(&vd->node, &vc->desc_terminated);
}

/**
 * vchan_get_all_descriptors() - empty every list of the channel into @head
 * @vc: the channel
 * @head: receives the descriptors, oldest state first
 *
 * Providers use this in terminate_all and hand @head to
 * vchan_dma_desc_free_list() once @vc->lock is dropped. The terminated
 * list goes too, including a cyclic descriptor whose period callback may
 * be running on another CPU: that callback holds no pointer into it.
 *
 * Context: @vc->lock held.
 */
static inline void vchan_get_all_descriptors(struct virt_dma_chan *vc,
					     struct list_head *head)
{
	lockdep_assert_held(&vc->lock);

	dmaengine_debug_terminate(&vc->chan);
	/*
	 * Oldest state first. Completed ones lose their callback: the client
	 * asked to stop. Written out rather than looped over an array: this
	 * runs on every terminate, and the loop cost a stack array per call.
	 */
	list_splice_tail_init(&vc->desc_allocated, head);
	list_splice_tail_init(&vc->desc_submitted, head);
	list_splice_tail_init(&vc->desc_issued, head);
	list_splice_tail_init(&vc->desc_completed, head);
	list_splice_tail_init(&vc->desc_terminated, head);
}

/**
 * vchan_vdesc_fini() - retire a descriptor whose life on the queue ended
 * @vd: the descriptor, off every list of its channel
 *
 * A reusable descriptor (DMA_CTRL_REUSE) goes back to the allocated list,
 * where the client may submit it again or free it with
 * dmaengine_desc_free(); any other descriptor is freed.
 *
 * Context: any; @vc->lock not held.
 */
static inline void vchan_vdesc_fini(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc = to_virt_chan(vd->tx.chan);
	unsigned long irqflags;

	if (!dmaengine_desc_test_reuse(&vd->tx)) {
		dmaengine_debug_free(&vd->tx);
		vc->desc_free(vd);
		return;
	}

	spin_lock_irqsave(&vc->lock, irqflags);
	list_add(&vd->node, &vc->desc_allocated);
	spin_unlock_irqrestore(&vc->lock, irqflags);
	dmaengine_debug_prep(&vd->tx);	/* ready to be submitted again */
}

/**
 * vchan_free_chan_resources() - free every descriptor of the channel
 * @vc: the channel, terminated and synchronized by the client
 *
 * Reusable descriptors are freed as well: their client is gone.
 *
 * Context: process; takes @vc->lock.
 */
static inline void vchan_free_chan_resources(struct virt_dma_chan *vc)
{
	struct virt_dma_desc *vd;
	unsigned long irqflags;
	LIST_HEAD(all);

	spin_lock_irqsave(&vc->lock, irqflags);
	vchan_get_all_descriptors(vc, &all);
	list_for_each_entry(vd, &all, node)
		dmaengine_desc_clear_reuse(&vd->tx);
	spin_unlock_irqrestore(&vc->lock, irqflags);

	vchan_dma_desc_free_list(vc, &all);
}

/**
 * vchan_synchronize() - wait for callbacks and free terminated descriptors
 * @vc: the channel
 *
 * Waits until a scheduled or running tasklet has finished, then frees the
 * descriptors parked by vchan_terminate_vdesc(). The caller guarantees that
 * the hardware raises no further completions while this runs.
 *
 * Context: process; may sleep.
 */
static inline void vchan_synchronize(struct virt_dma_chan *vc)
{
	unsigned long irqflags;
	LIST_HEAD(parked);

	tasklet_kill(&vc->task);

	spin_lock_irqsave(&vc->lock, irqflags);
	list_splice_tail_init(&vc->desc_terminated, &parked);
	spin_unlock_irqrestore(&vc->lock, irqflags);

	vchan_dma_desc_free_list(vc, &parked);
}

#endif /* _DRIVERS_DMA_VIRT_DMA_H */
