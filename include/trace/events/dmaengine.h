/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the dmaengine core: a channel's life (request, release)
 * and a transfer's (submit, issue_pending, completion, terminate).
 *
 * Channels are named by their sysfs name (dmaXchanY) so events can be
 * matched to /sys/class/dma. The submit, issue_pending and terminate events
 * fire from inline helpers in <linux/dmaengine.h> through out-of-line
 * functions, and only when enabled (tracepoint_enabled()), so a kernel
 * with tracing compiled in pays one static branch per call when they are
 * off.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM dmaengine

#if !defined(_TRACE_DMAENGINE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_DMAENGINE_H

#include <linux/dmaengine.h>
#include <linux/tracepoint.h>

TRACE_EVENT(dmaengine_chan_request,
	    TP_PROTO(struct dma_chan *chan, const char *client,
		     const char *name),
	    TP_ARGS(chan, client, name),
	    TP_STRUCT__entry(__string(chan, chan->dev ? dma_chan_name(chan) : "-")
			     __string(client, client ?: "-")
			     __string(name, name ?: "-")),
	    TP_fast_assign(__assign_str(chan);
			   __assign_str(client);
			   __assign_str(name);),
	    TP_printk("%s client=%s name=%s", __get_str(chan),
		      __get_str(client), __get_str(name))
);

DECLARE_EVENT_CLASS(dmaengine_chan_event,
		    TP_PROTO(struct dma_chan *chan),
		    TP_ARGS(chan),
		    TP_STRUCT__entry(__string(chan, chan->dev ? dma_chan_name(chan) : "-")),
		    TP_fast_assign(__assign_str(chan);),
		    TP_printk("%s", __get_str(chan))
);

DEFINE_EVENT(dmaengine_chan_event, dmaengine_chan_release,
	     TP_PROTO(struct dma_chan *chan),
	     TP_ARGS(chan)
);

DEFINE_EVENT(dmaengine_chan_event, dmaengine_issue_pending,
	     TP_PROTO(struct dma_chan *chan),
	     TP_ARGS(chan)
);

/* No length: only the provider knows it, and submit asks it nothing. */
TRACE_EVENT(dmaengine_submit,
	    TP_PROTO(struct dma_chan *chan, dma_cookie_t cookie),
	    TP_ARGS(chan, cookie),
	    TP_STRUCT__entry(__string(chan, chan->dev ? dma_chan_name(chan) : "-")
			     __field(dma_cookie_t, cookie)),
	    TP_fast_assign(__assign_str(chan);
			   __entry->cookie = cookie;),
	    TP_printk("%s cookie=%d", __get_str(chan), __entry->cookie)
);

TRACE_EVENT(dmaengine_complete,
	    TP_PROTO(struct dma_chan *chan, dma_cookie_t cookie,
		     enum dmaengine_tx_result result, u32 residue),
	    TP_ARGS(chan, cookie, result, residue),
	    TP_STRUCT__entry(__string(chan, chan->dev ? dma_chan_name(chan) : "-")
			     __field(dma_cookie_t, cookie)
			     __field(int, result)
			     __field(u32, residue)),
	    TP_fast_assign(__assign_str(chan);
			   __entry->cookie = cookie;
			   __entry->result = result;
			   __entry->residue = residue;),
	    TP_printk("%s cookie=%d result=%s residue=%u", __get_str(chan),
		      __entry->cookie,
		      __print_symbolic(__entry->result,
				       { DMA_TRANS_NOERROR, "ok" },
				       { DMA_TRANS_READ_FAILED, "read-failed" },
				       { DMA_TRANS_WRITE_FAILED, "write-failed" },
				       { DMA_TRANS_ABORTED, "aborted" }),
		      __entry->residue)
);

TRACE_EVENT(dmaengine_terminate,
	    TP_PROTO(struct dma_chan *chan, bool sync, int ret),
	    TP_ARGS(chan, sync, ret),
	    TP_STRUCT__entry(__string(chan, chan->dev ? dma_chan_name(chan) : "-")
			     __field(bool, sync)
			     __field(int, ret)),
	    TP_fast_assign(__assign_str(chan);
			   __entry->sync = sync;
			   __entry->ret = ret;),
	    TP_printk("%s %s ret=%d", __get_str(chan),
		      __entry->sync ? "sync" : "async", __entry->ret)
);

#endif /* _TRACE_DMAENGINE_H */

#include <trace/define_trace.h>
