// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine core: the misuse checker (CONFIG_DMA_ENGINE_DEBUG_MISUSE).
 *
 * Follows every descriptor of a virt-dma channel through prep, submit,
 * completion and free, and reports in one line, naming the channel and
 * the descriptor, when a client or provider breaks the rules:
 *   - a descriptor submitted twice (without DMA_CTRL_REUSE),
 *   - a descriptor submitted after its channel was terminated,
 *   - a descriptor submitted after it was freed,
 *   - a completion or callback for a descriptor already freed,
 *   - issue_pending on a channel no client holds.
 * Submissions it reports are refused (the client gets -EINVAL as its
 * cookie) and completions of freed descriptors are dropped, so the report
 * is not followed by list corruption.
 *
 * The record of a descriptor is keyed by its address and never reads the
 * descriptor itself once it is freed; records of freed descriptors are
 * kept, oldest dropped first, so that a late completion can be recognised.
 * dmaengine_debug_lock (a spinlock taken with interrupts off: hooks run in
 * any context, some with the channel lock held) protects the table.
 */

#define pr_fmt(fmt) "dmaengine: " fmt

#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "dmaengine.h"

#define DMAENGINE_DEBUG_FREED_KEPT	1024

enum dmaengine_debug_state {
	DMAENGINE_DESC_PREPARED,
	DMAENGINE_DESC_SUBMITTED,
	DMAENGINE_DESC_COMPLETED,
	DMAENGINE_DESC_FREED,
};

/**
 * struct dmaengine_debug_desc - what the checker knows of one descriptor
 * @hnode: link in dmaengine_debug_table, keyed by @tx
 * @freed: link in dmaengine_debug_freed once @state is FREED
 * @tx: the descriptor's address; only compared, never read after free
 * @chan: "dmaXchanY" at prep time
 * @state: where it is in its life
 * @terminated: its channel was terminated while it was prepared or queued
 */
struct dmaengine_debug_desc {
	struct hlist_node hnode;
	struct list_head freed;
	const void *tx;
	char chan[24];
	enum dmaengine_debug_state state;
	bool terminated;
};

static DEFINE_SPINLOCK(dmaengine_debug_lock);
static DEFINE_HASHTABLE(dmaengine_debug_table, 10);
static LIST_HEAD(dmaengine_debug_freed);
static unsigned int dmaengine_debug_nr_freed;
static atomic_long_t dmaengine_debug_reports[DMAENGINE_MISUSE_KINDS];

static const char *const dmaengine_misuse_text[DMAENGINE_MISUSE_KINDS] = {
	[DMAENGINE_MISUSE_SUBMIT_TWICE] = "submitted twice",
	[DMAENGINE_MISUSE_SUBMIT_AFTER_TERMINATE] =
		"submitted after its channel was terminated",
	[DMAENGINE_MISUSE_SUBMIT_AFTER_FREE] = "submitted after it was freed",
	[DMAENGINE_MISUSE_COMPLETE_AFTER_FREE] =
		"completed (callback due) after it was freed",
	[DMAENGINE_MISUSE_ISSUE_RELEASED] =
		"issue_pending on a channel no client holds",
};

/* Channels of an unregistered device have no name (nor a chan->dev). */
static const char *dmaengine_debug_chan_name(struct dma_chan *chan)
{
	return chan->dev ? dma_chan_name(chan) : "(unregistered channel)";
}

static void dmaengine_misuse(enum dmaengine_misuse kind, const char *chan,
			     const void *tx)
{
	atomic_long_inc(&dmaengine_debug_reports[kind]);
	if (tx)
		pr_err_ratelimited("misuse: %s: descriptor %p %s\n", chan, tx,
				   dmaengine_misuse_text[kind]);
	else
		pr_err_ratelimited("misuse: %s: %s\n", chan,
				   dmaengine_misuse_text[kind]);
}

/**
 * dmaengine_misuse_reports() - how many misuses of a kind were reported
 * @kind: the kind
 *
 * For tests of the checker.
 *
 * Return: the count since boot.
 */
unsigned long dmaengine_misuse_reports(enum dmaengine_misuse kind)
{
	if (kind >= DMAENGINE_MISUSE_KINDS)
		return 0;
	return atomic_long_read(&dmaengine_debug_reports[kind]);
}
EXPORT_SYMBOL_GPL(dmaengine_misuse_reports);

static struct dmaengine_debug_desc *dmaengine_debug_find(const void *tx)
{
	struct dmaengine_debug_desc *d;

	hash_for_each_possible(dmaengine_debug_table, d, hnode, (unsigned long)tx)
		if (d->tx == tx)
			return d;
	return NULL;
}

static void dmaengine_debug_unfree(struct dmaengine_debug_desc *d)
{
	if (d->state != DMAENGINE_DESC_FREED)
		return;
	list_del(&d->freed);
	dmaengine_debug_nr_freed--;
}

/**
 * dmaengine_debug_prep() - a descriptor was built by a provider, or a
 *	reusable one is ready for another submission
 * @tx: the descriptor
 *
 * Context: any. Without memory for a record, the descriptor is not
 * followed.
 */
void dmaengine_debug_prep(struct dma_async_tx_descriptor *tx)
{
	struct dmaengine_debug_desc *d, *fresh = NULL;
	unsigned long flags;

	spin_lock_irqsave(&dmaengine_debug_lock, flags);
	d = dmaengine_debug_find(tx);
	if (!d) {
		/* New address: a record is allocated once, outside the lock. */
		spin_unlock_irqrestore(&dmaengine_debug_lock, flags);
		fresh = kzalloc(sizeof(*fresh), GFP_ATOMIC);
		if (!fresh)
			return;
		spin_lock_irqsave(&dmaengine_debug_lock, flags);
		d = dmaengine_debug_find(tx);
		if (!d) {
			d = fresh;
			fresh = NULL;
			d->tx = tx;
			d->state = DMAENGINE_DESC_PREPARED;
			hash_add(dmaengine_debug_table, &d->hnode,
				 (unsigned long)tx);
		}
	}
	dmaengine_debug_unfree(d);
	strscpy(d->chan, dmaengine_debug_chan_name(tx->chan), sizeof(d->chan));
	d->state = DMAENGINE_DESC_PREPARED;
	d->terminated = false;
	spin_unlock_irqrestore(&dmaengine_debug_lock, flags);
	kfree(fresh);
}
EXPORT_SYMBOL_GPL(dmaengine_debug_prep);

/**
 * dmaengine_debug_submit() - a descriptor is being submitted
 * @tx: the descriptor
 *
 * Context: any.
 * Return: 0 to go on, -EINVAL to refuse the submission (reported).
 */
int dmaengine_debug_submit(struct dma_async_tx_descriptor *tx)
{
	enum dmaengine_misuse kind = DMAENGINE_MISUSE_KINDS;
	struct dmaengine_debug_desc *d;
	unsigned long flags;
	char chan[24] = "";

	spin_lock_irqsave(&dmaengine_debug_lock, flags);
	d = dmaengine_debug_find(tx);
	if (!d)
		goto out;
	strscpy(chan, d->chan, sizeof(chan));
	if (d->terminated)
		kind = DMAENGINE_MISUSE_SUBMIT_AFTER_TERMINATE;
	else if (d->state == DMAENGINE_DESC_FREED)
		kind = DMAENGINE_MISUSE_SUBMIT_AFTER_FREE;
	else if (d->state == DMAENGINE_DESC_SUBMITTED ||
		 (d->state == DMAENGINE_DESC_COMPLETED &&
		  !dmaengine_desc_test_reuse(tx)))
		kind = DMAENGINE_MISUSE_SUBMIT_TWICE;
	else
		d->state = DMAENGINE_DESC_SUBMITTED;
out:
	spin_unlock_irqrestore(&dmaengine_debug_lock, flags);

	if (kind == DMAENGINE_MISUSE_KINDS)
		return 0;
	dmaengine_misuse(kind, chan, tx);
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(dmaengine_debug_submit);

/**
 * dmaengine_debug_complete() - a provider completes a descriptor
 * @tx: the descriptor; not read when it is known to be freed
 *
 * Context: any.
 * Return: true to go on, false when @tx was freed (reported): the caller
 * must then leave it alone.
 */
bool dmaengine_debug_complete(struct dma_async_tx_descriptor *tx)
{
	struct dmaengine_debug_desc *d;
	unsigned long flags;
	char chan[24] = "";
	bool freed = false;

	spin_lock_irqsave(&dmaengine_debug_lock, flags);
	d = dmaengine_debug_find(tx);
	if (d && d->state == DMAENGINE_DESC_FREED) {
		freed = true;
		strscpy(chan, d->chan, sizeof(chan));
	} else if (d) {
		d->state = DMAENGINE_DESC_COMPLETED;
	}
	spin_unlock_irqrestore(&dmaengine_debug_lock, flags);

	if (freed)
		dmaengine_misuse(DMAENGINE_MISUSE_COMPLETE_AFTER_FREE, chan, tx);
	return !freed;
}
EXPORT_SYMBOL_GPL(dmaengine_debug_complete);

/**
 * dmaengine_debug_free() - a descriptor is about to be freed
 * @tx: the descriptor
 *
 * Context: any.
 */
void dmaengine_debug_free(struct dma_async_tx_descriptor *tx)
{
	struct dmaengine_debug_desc *d, *oldest = NULL;
	unsigned long flags;

	spin_lock_irqsave(&dmaengine_debug_lock, flags);
	d = dmaengine_debug_find(tx);
	if (d && d->state != DMAENGINE_DESC_FREED) {
		d->state = DMAENGINE_DESC_FREED;
		list_add_tail(&d->freed, &dmaengine_debug_freed);
		if (++dmaengine_debug_nr_freed > DMAENGINE_DEBUG_FREED_KEPT) {
			oldest = list_first_entry(&dmaengine_debug_freed,
						  struct dmaengine_debug_desc,
						  freed);
			list_del(&oldest->freed);
			hash_del(&oldest->hnode);
			dmaengine_debug_nr_freed--;
		}
	}
	spin_unlock_irqrestore(&dmaengine_debug_lock, flags);
	kfree(oldest);
}
EXPORT_SYMBOL_GPL(dmaengine_debug_free);

/**
 * dmaengine_debug_terminate() - a channel drops everything it had queued
 * @chan: the channel
 *
 * Context: any.
 */
void dmaengine_debug_terminate(struct dma_chan *chan)
{
	const char *name = dmaengine_debug_chan_name(chan);
	struct dmaengine_debug_desc *d;
	unsigned long flags;
	unsigned int bkt;

	spin_lock_irqsave(&dmaengine_debug_lock, flags);
	hash_for_each(dmaengine_debug_table, bkt, d, hnode)
		if (d->state <= DMAENGINE_DESC_SUBMITTED &&
		    !strcmp(d->chan, name))
			d->terminated = true;
	spin_unlock_irqrestore(&dmaengine_debug_lock, flags);
}
EXPORT_SYMBOL_GPL(dmaengine_debug_terminate);

/**
 * dmaengine_debug_issue() - issue_pending reached a provider
 * @chan: the channel
 *
 * Context: any.
 */
void dmaengine_debug_issue(struct dma_chan *chan)
{
	/* Only registered channels (chan->local set) have clients to count. */
	if (chan->local && !READ_ONCE(chan->client_count))
		dmaengine_misuse(DMAENGINE_MISUSE_ISSUE_RELEASED,
				 dma_chan_name(chan), NULL);
}
EXPORT_SYMBOL_GPL(dmaengine_debug_issue);
