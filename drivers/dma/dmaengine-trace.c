// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine core: tracepoints.
 *
 * The events are defined in include/trace/events/dmaengine.h and
 * instantiated here. Channel request and release fire from the core; the
 * transfer events fire from <linux/dmaengine.h>'s inline helpers and from
 * the provider helpers, through the exported functions below, which the
 * callers only reach when the event is enabled.
 */

#include <linux/export.h>

#include "dmaengine.h"

#include "dmaengine-core.h"

#define CREATE_TRACE_POINTS
#include <trace/events/dmaengine.h>

void dmaengine_trace_request(struct dma_chan *chan, struct device *client,
			     const char *name)
{
	trace_dmaengine_chan_request(chan, client ? dev_name(client) : NULL,
				     name);
}

void dmaengine_trace_release(struct dma_chan *chan)
{
	trace_dmaengine_chan_release(chan);
}

/**
 * __dmaengine_trace_complete() - emit the completion event
 * @tx: the completed descriptor
 * @result: its outcome; NULL counts as success with nothing left over
 *
 * Called through dmaengine_trace_complete() only while the event is on.
 */
void __dmaengine_trace_complete(struct dma_async_tx_descriptor *tx,
				const struct dmaengine_result *result)
{
	trace_dmaengine_complete(tx->chan, tx->cookie,
				 result ? result->result : DMA_TRANS_NOERROR,
				 result ? result->residue : 0);
}
EXPORT_SYMBOL_GPL(__dmaengine_trace_complete);

#ifdef CONFIG_TRACEPOINTS
/*
 * The inline helpers of <linux/dmaengine.h> test these events' static keys
 * from modules too.
 */
EXPORT_TRACEPOINT_SYMBOL_GPL(dmaengine_submit);
EXPORT_TRACEPOINT_SYMBOL_GPL(dmaengine_issue_pending);
EXPORT_TRACEPOINT_SYMBOL_GPL(dmaengine_terminate);
EXPORT_TRACEPOINT_SYMBOL_GPL(dmaengine_complete);

/**
 * __dmaengine_submit_traced() - dmaengine_submit() with the submit event
 * @desc: the descriptor
 *
 * Calls the provider's tx_submit and nothing else of the provider, as the
 * untraced path does: in particular not tx_status, which some providers
 * use to reap completions and run client callbacks, and which would then
 * run in the submitter's context under whatever locks it holds.
 *
 * Return: what the provider's tx_submit returned.
 */
dma_cookie_t __dmaengine_submit_traced(struct dma_async_tx_descriptor *desc)
{
	/* Read first: once submitted, @desc may complete and be freed. */
	struct dma_chan *chan = desc->chan;
	dma_cookie_t cookie = desc->tx_submit(desc);

	trace_dmaengine_submit(chan, cookie);
	return cookie;
}
EXPORT_SYMBOL_GPL(__dmaengine_submit_traced);

/**
 * __dmaengine_issue_pending_traced() - dma_async_issue_pending() with
 *	the issue_pending event
 * @chan: the channel
 */
void __dmaengine_issue_pending_traced(struct dma_chan *chan)
{
	trace_dmaengine_issue_pending(chan);
	chan->device->device_issue_pending(chan);
}
EXPORT_SYMBOL_GPL(__dmaengine_issue_pending_traced);

/**
 * __dmaengine_terminate_traced() - dmaengine_terminate_async() (or the
 *	deprecated dmaengine_terminate_all()) with the terminate event
 * @chan: the channel
 * @none: returned when the provider cannot terminate
 *
 * Return: what the provider returned, or @none.
 */
int __dmaengine_terminate_traced(struct dma_chan *chan, int none)
{
	int ret = __dmaengine_terminate(chan, none);

	trace_dmaengine_terminate(chan, false, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(__dmaengine_terminate_traced);

/**
 * __dmaengine_terminate_sync_traced() - dmaengine_terminate_sync() with
 *	its two terminate events: the provider's answer, then (on success)
 *	the end of the callbacks
 * @chan: the channel
 *
 * Return: as dmaengine_terminate_sync().
 */
int __dmaengine_terminate_sync_traced(struct dma_chan *chan)
{
	int ret = __dmaengine_terminate_traced(chan, -EINVAL);

	if (ret)
		return ret;
	dmaengine_synchronize(chan);
	trace_dmaengine_terminate(chan, true, 0);
	return 0;
}
EXPORT_SYMBOL_GPL(__dmaengine_terminate_sync_traced);
#endif
