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
