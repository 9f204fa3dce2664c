/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for DMA engine providers. Clients never include this file; it is
 * the providers' half of the contract: cookie bookkeeping, residue
 * reporting and calling the client back.
 *
 * Cookies: each channel hands out increasing cookies from DMA_MIN_COOKIE
 * upwards and wraps back to DMA_MIN_COOKIE after INT_MAX, so a cookie is
 * never zero or negative (those values mean "no cookie" or an error).
 * chan->cookie is the last cookie handed out and chan->completed_cookie
 * the last one completed.
 *
 * Locking: the provider serializes dma_cookie_assign() and
 * dma_cookie_complete() on a channel with its own channel lock (for
 * virt-dma providers, vc->lock). dma_cookie_status() takes no lock: it
 * reads both counters once each, in an order that keeps the pair
 * consistent against a concurrent writer.
 *
 * Contexts: all helpers here may be called from any context, including
 * hard interrupt handlers. The client callbacks that
 * dmaengine_desc_callback_invoke() runs are called in whatever context
 * the provider calls it from, normally a tasklet, and must not sleep.
 */
#ifndef _DRIVERS_DMA_DMAENGINE_H
#define _DRIVERS_DMA_DMAENGINE_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/debugfs.h>
#include <linux/dmaengine.h>
#include <linux/limits.h>
#include <linux/printk.h>
#include <linux/tracepoint-defs.h>

/**
 * dma_cookie_init() - start a channel's cookie sequence
 * @chan: the channel, before any descriptor is submitted on it
 *
 * Both counters start at DMA_MIN_COOKIE, so the first cookie handed out
 * is DMA_MIN_COOKIE + 1 and a status query for any older cookie reports
 * completion.
 */
static inline void dma_cookie_init(struct dma_chan *chan)
{
	WRITE_ONCE(chan->cookie, DMA_MIN_COOKIE);
	WRITE_ONCE(chan->completed_cookie, DMA_MIN_COOKIE);
}

/**
 * dma_cookie_assign() - give a descriptor the channel's next cookie
 * @tx: the descriptor being submitted
 *
 * Context: any; the caller holds the lock that serializes submission on
 * the channel.
 * Return: the cookie, also stored in @tx->cookie; always positive.
 */
static inline dma_cookie_t dma_cookie_assign(struct dma_async_tx_descriptor *tx)
{
	struct dma_chan *chan = tx->chan;
	dma_cookie_t next;

	next = chan->cookie == INT_MAX ? DMA_MIN_COOKIE : chan->cookie + 1;
	tx->cookie = next;
	WRITE_ONCE(chan->cookie, next);
	return next;
}

/**
 * dma_cookie_complete() - record that a descriptor has finished
 * @tx: the descriptor; its cookie must still be in flight
 *
 * Advances the channel's completed cookie to @tx's and clears @tx->cookie,
 * so completing the same descriptor twice is caught: the second call finds
 * no cookie, reports the provider bug and changes nothing.
 *
 * Context: any; the caller holds the provider's channel lock.
 */
static inline void dma_cookie_complete(struct dma_async_tx_descriptor *tx)
{
	if (unlikely(tx->cookie < DMA_MIN_COOKIE)) {
		pr_err_ratelimited("dmaengine: chan %d: completing a descriptor without a cookie (%d)\n",
				   tx->chan->chan_id, tx->cookie);
		return;
	}
	WRITE_ONCE(tx->chan->completed_cookie, tx->cookie);
	tx->cookie = 0;
}

/**
 * dma_cookie_status() - where a cookie stands on its channel
 * @chan: the channel
 * @cookie: a cookie returned by dmaengine_submit() on @chan
 * @state: filled with both counters and a zero residue; may be NULL
 *
 * The completed counter is read before the issued one: the issued counter
 * never falls behind the completed one, so the pair read this way is one
 * that existed, even while the provider submits and completes on another
 * CPU.
 *
 * Context: any; takes no lock.
 * Return: DMA_COMPLETE or DMA_IN_PROGRESS. Providers refine the latter
 * (paused, error) themselves.
 */
static inline enum dma_status dma_cookie_status(struct dma_chan *chan,
						dma_cookie_t cookie,
						struct dma_tx_state *state)
{
	dma_cookie_t completed, used;

	completed = READ_ONCE(chan->completed_cookie);
	/* The provider's lock orders each assign before its complete. */
	smp_rmb();
	used = READ_ONCE(chan->cookie);

	if (state) {
		state->last = completed;
		state->used = used;
		state->residue = 0;
		state->in_flight_bytes = 0;
	}
	return dma_async_is_complete(cookie, completed, used);
}

/**
 * dma_set_residue() - report the bytes a transfer has still to move
 * @state: the client's state, or NULL when it did not ask
 * @residue: bytes left
 */
static inline void dma_set_residue(struct dma_tx_state *state, u32 residue)
{
	if (state)
		state->residue = residue;
}

/**
 * dma_set_in_flight_bytes() - report bytes read but not yet written
 * @state: the client's state, or NULL when it did not ask
 * @in_flight_bytes: bytes held inside the engine
 */
static inline void dma_set_in_flight_bytes(struct dma_tx_state *state,
					   u32 in_flight_bytes)
{
	if (state)
		state->in_flight_bytes = in_flight_bytes;
}

/**
 * struct dmaengine_desc_callback - a snapshot of a descriptor's callback
 * @callback: the plain callback, or NULL
 * @callback_result: the callback that also receives the result, or NULL;
 *	preferred over @callback when both are set
 * @callback_param: the client's argument for either
 *
 * Providers copy the callback out of a descriptor while they still own it,
 * so the descriptor can be recycled before the client is called.
 */
struct dmaengine_desc_callback {
	dma_async_tx_callback callback;
	dma_async_tx_callback_result callback_result;
	void *callback_param;
};

/**
 * dmaengine_desc_get_callback() - take a snapshot of a descriptor's callback
 * @tx: the descriptor
 * @cb: receives the snapshot
 */
static inline void
dmaengine_desc_get_callback(struct dma_async_tx_descriptor *tx,
			    struct dmaengine_desc_callback *cb)
{
	*cb = (struct dmaengine_desc_callback){
		.callback = tx->callback,
		.callback_result = tx->callback_result,
		.callback_param = tx->callback_param,
	};
}

/**
 * dmaengine_desc_callback_valid() - whether a snapshot has anything to call
 * @cb: the snapshot
 *
 * Return: true when either callback is set.
 */
static inline bool
dmaengine_desc_callback_valid(struct dmaengine_desc_callback *cb)
{
	return cb->callback_result || cb->callback;
}

/**
 * dmaengine_desc_callback_invoke() - call the client back
 * @cb: the snapshot taken with dmaengine_desc_get_callback()
 * @result: how the transfer ended; NULL means it succeeded with nothing
 *	left over
 *
 * Calls @cb->callback_result with the result when set, otherwise
 * @cb->callback, otherwise nothing.
 *
 * Context: the provider's choice, normally a tasklet; never with a lock
 * held that the client's callback might need to submit new work.
 */
static inline void
dmaengine_desc_callback_invoke(struct dmaengine_desc_callback *cb,
			       const struct dmaengine_result *result)
{
	static const struct dmaengine_result success = {
		.result = DMA_TRANS_NOERROR,
	};

	if (cb->callback_result) {
		cb->callback_result(cb->callback_param,
				    result ? result : &success);
		return;
	}
	if (cb->callback)
		cb->callback(cb->callback_param);
}

/**
 * dmaengine_desc_get_callback_invoke() - snapshot and call in one step
 * @tx: the descriptor
 * @result: how the transfer ended, or NULL for plain success
 *
 * For providers that need not drop a lock or recycle @tx between taking
 * the snapshot and calling the client.
 */
static inline void
dmaengine_desc_get_callback_invoke(struct dma_async_tx_descriptor *tx,
				   const struct dmaengine_result *result)
{
	struct dmaengine_desc_callback snapshot;

	dmaengine_desc_get_callback(tx, &snapshot);
	dmaengine_desc_callback_invoke(&snapshot, result);
}

struct dma_chan *dma_get_slave_channel(struct dma_chan *chan);
struct dma_chan *dma_get_any_slave_channel(struct dma_device *device);

/**
 * dmaengine_get_debugfs_root() - the debugfs directory of a DMA device
 * @dma_dev: a registered device
 *
 * Providers add their own files under it.
 *
 * Return: the directory, or NULL when debugfs is not built in.
 */
static inline struct dentry *
dmaengine_get_debugfs_root(struct dma_device *dma_dev)
{
#ifdef CONFIG_DEBUG_FS
	return dma_dev->dbg_dev_root;
#else
	return NULL;
#endif
}

/**
 * enum dmaengine_misuse - what CONFIG_DMA_ENGINE_DEBUG_MISUSE reports
 * @DMAENGINE_MISUSE_SUBMIT_TWICE: a non-reusable descriptor submitted again
 * @DMAENGINE_MISUSE_SUBMIT_AFTER_TERMINATE: submitted after a terminate
 *	dropped it
 * @DMAENGINE_MISUSE_SUBMIT_AFTER_FREE: submitted after it was freed
 * @DMAENGINE_MISUSE_COMPLETE_AFTER_FREE: completed by its provider after
 *	it was freed
 * @DMAENGINE_MISUSE_ISSUE_RELEASED: issue_pending on an unheld channel
 * @DMAENGINE_MISUSE_KINDS: number of kinds
 */
enum dmaengine_misuse {
	DMAENGINE_MISUSE_SUBMIT_TWICE,
	DMAENGINE_MISUSE_SUBMIT_AFTER_TERMINATE,
	DMAENGINE_MISUSE_SUBMIT_AFTER_FREE,
	DMAENGINE_MISUSE_COMPLETE_AFTER_FREE,
	DMAENGINE_MISUSE_ISSUE_RELEASED,
	DMAENGINE_MISUSE_KINDS,
};

/*
 * Hooks of the misuse checker (drivers/dma/dmaengine-debug.c), called by
 * virt-dma at each step of a descriptor's life. Without the option they
 * compile to nothing.
 */
#ifdef CONFIG_DMA_ENGINE_DEBUG_MISUSE
void dmaengine_debug_prep(struct dma_async_tx_descriptor *tx);
int dmaengine_debug_submit(struct dma_async_tx_descriptor *tx);
bool dmaengine_debug_complete(struct dma_async_tx_descriptor *tx);
void dmaengine_debug_free(struct dma_async_tx_descriptor *tx);
void dmaengine_debug_terminate(struct dma_chan *chan);
void dmaengine_debug_issue(struct dma_chan *chan);
unsigned long dmaengine_misuse_reports(enum dmaengine_misuse kind);
#else
static inline void dmaengine_debug_prep(struct dma_async_tx_descriptor *tx) { }
static inline int dmaengine_debug_submit(struct dma_async_tx_descriptor *tx)
{
	return 0;
}

static inline bool dmaengine_debug_complete(struct dma_async_tx_descriptor *tx)
{
	return true;
}

static inline void dmaengine_debug_free(struct dma_async_tx_descriptor *tx) { }
static inline void dmaengine_debug_terminate(struct dma_chan *chan) { }
static inline void dmaengine_debug_issue(struct dma_chan *chan) { }
#endif

/*
 * The completion tracepoint, for providers' completion paths: one static
 * branch when the event is off.
 */
DECLARE_TRACEPOINT(dmaengine_complete);
void __dmaengine_trace_complete(struct dma_async_tx_descriptor *tx,
				const struct dmaengine_result *result);

static inline void dmaengine_trace_complete(struct dma_async_tx_descriptor *tx,
					    const struct dmaengine_result *result)
{
	if (tracepoint_enabled(dmaengine_complete))
		__dmaengine_trace_complete(tx, result);
}

#endif /* _DRIVERS_DMA_DMAENGINE_H */
