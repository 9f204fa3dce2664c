// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoints of our core (include/trace/events/dmaengine.h): each
 * step of a channel's and a transfer's life fires its event once, with the
 * right channel, cookie, result and residue, and calls nothing more of the
 * provider than the untraced operation does. Probes are attached by the
 * test itself. Skips on upstream's core, which has no such events.
 *
 * Locking: probes run in the caller's context (the completion one in the
 * provider's tasklet) and only bump counters under trace_lock.
 */

#include <kunit/test.h>
#include <linux/dmaengine.h>
#include <linux/spinlock.h>

#include "../dmaengine.h"
#include "dmaengine_test_provider.h"

/* Our provider header comes with our core, and with its events. */
#if defined(_DRIVERS_DMA_DMAENGINE_H) && IS_ENABLED(CONFIG_TRACEPOINTS)
#include <trace/events/dmaengine.h>

#define TLEN	512

/**
 * struct trace_log - what the probes saw
 * @lock: protects the rest
 * @chan: the channel under test; events of other channels are ignored
 * @requests: request events
 * @releases: release events
 * @submits: submit events
 * @issues: issue_pending events
 * @completes: completion events
 * @terminates: terminate events
 * @cookie: cookie of the last submit
 * @done_cookie: cookie of the last completion
 * @result: result of the last completion
 * @residue: residue of the last completion
 */
struct trace_log {
	spinlock_t lock;	/* see above */
	struct dma_chan *chan;
	unsigned int requests, releases, submits, issues, completes, terminates;
	dma_cookie_t cookie;
	dma_cookie_t done_cookie;
	int result;
	u32 residue;
};

static struct trace_log tlog;

static void trace_count(unsigned int *counter, struct dma_chan *chan)
{
	unsigned long flags;

	spin_lock_irqsave(&tlog.lock, flags);
	if (chan == tlog.chan)
		(*counter)++;
	spin_unlock_irqrestore(&tlog.lock, flags);
}

static void on_request(void *data, struct dma_chan *chan, const char *client,
		       const char *name)
{
	trace_count(&tlog.requests, chan);
}

static void on_release(void *data, struct dma_chan *chan)
{
	trace_count(&tlog.releases, chan);
}

static void on_issue(void *data, struct dma_chan *chan)
{
	trace_count(&tlog.issues, chan);
}

static void on_terminate(void *data, struct dma_chan *chan, bool sync, int ret)
{
	trace_count(&tlog.terminates, chan);
}

static void on_submit(void *data, struct dma_chan *chan, dma_cookie_t cookie)
{
	unsigned long flags;

	spin_lock_irqsave(&tlog.lock, flags);
	if (chan == tlog.chan) {
		tlog.submits++;
		tlog.cookie = cookie;
	}
	spin_unlock_irqrestore(&tlog.lock, flags);
}

static void on_complete(void *data, struct dma_chan *chan, dma_cookie_t cookie,
			enum dmaengine_tx_result result, u32 residue)
{
	unsigned long flags;

	spin_lock_irqsave(&tlog.lock, flags);
	if (chan == tlog.chan) {
		tlog.completes++;
		tlog.done_cookie = cookie;
		tlog.result = result;
		tlog.residue = residue;
	}
	spin_unlock_irqrestore(&tlog.lock, flags);
}

static void trace_exit(struct kunit *test)
{
	unregister_trace_dmaengine_chan_request(on_request, NULL);
	unregister_trace_dmaengine_chan_release(on_release, NULL);
	unregister_trace_dmaengine_submit(on_submit, NULL);
	unregister_trace_dmaengine_issue_pending(on_issue, NULL);
	unregister_trace_dmaengine_complete(on_complete, NULL);
	unregister_trace_dmaengine_terminate(on_terminate, NULL);
	tracepoint_synchronize_unregister();
}

static int trace_init(struct kunit *test)
{
	memset(&tlog, 0, sizeof(tlog));
	spin_lock_init(&tlog.lock);
	if (register_trace_dmaengine_chan_request(on_request, NULL) ||
	    register_trace_dmaengine_chan_release(on_release, NULL) ||
	    register_trace_dmaengine_submit(on_submit, NULL) ||
	    register_trace_dmaengine_issue_pending(on_issue, NULL) ||
	    register_trace_dmaengine_complete(on_complete, NULL) ||
	    register_trace_dmaengine_terminate(on_terminate, NULL)) {
		trace_exit(test);
		return -ENOMEM;
	}
	return 0;
}

/* A channel taken by mask; the probes follow it from now on. */
static struct dma_chan *traced_chan(struct kunit *test, unsigned int features)
{
	struct tdma_dev *td = tdma_create(test, 1, features, NULL, 0);
	struct dma_chan *chan = tdma_request(test, td);

	spin_lock_irq(&tlog.lock);
	tlog.chan = chan;
	spin_unlock_irq(&tlog.lock);
	return chan;
}

static void transfer_events_carry_cookie_and_result(struct kunit *test)
{
	struct dma_chan *chan = traced_chan(test, 0);
	struct tdma_rec *rec = tdma_rec_new(test, 1);
	dma_cookie_t cookie;

	cookie = tdma_submit_memcpy(test, chan, rec, 0, TLEN);
	KUNIT_EXPECT_EQ(test, tlog.submits, 1U);
	KUNIT_EXPECT_EQ(test, tlog.cookie, cookie);

	dma_async_issue_pending(chan);
	KUNIT_EXPECT_EQ(test, tlog.issues, 1U);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(rec));
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ(test, tlog.completes, 1U);
	KUNIT_EXPECT_EQ(test, tlog.done_cookie, cookie);
	KUNIT_EXPECT_EQ(test, tlog.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, tlog.residue, 0U);
}

/*
 * The provider's tx_status, wrapped: counts the calls made while the case
 * is inside dmaengine_submit(). Upstream's dmaengine_submit() calls nothing
 * but tx_submit, and providers rely on it: ioat, fsldma and mv_xor reap
 * finished descriptors and run their callbacks from tx_status, which would
 * then run inside submit, where a client may hold the lock its callback
 * takes (8250_dma submits under the port lock its callback takes).
 */
static enum dma_status (*tdma_tx_status)(struct dma_chan *chan,
					 dma_cookie_t cookie,
					 struct dma_tx_state *state);
static bool in_submit;
static atomic_t status_in_submit;

static enum dma_status counting_tx_status(struct dma_chan *chan,
					  dma_cookie_t cookie,
					  struct dma_tx_state *state)
{
	if (READ_ONCE(in_submit))
		atomic_inc(&status_in_submit);
	return tdma_tx_status(chan, cookie, state);
}

static void traced_submit_leaves_tx_status_alone(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *chan = tdma_request(test, td);
	struct tdma_rec *rec = tdma_rec_new(test, 1);
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	spin_lock_irq(&tlog.lock);
	tlog.chan = chan;
	spin_unlock_irq(&tlog.lock);
	atomic_set(&status_in_submit, 0);
	tdma_tx_status = td->dma.device_tx_status;
	td->dma.device_tx_status = counting_tx_status;

	tx = dmaengine_prep_dma_memcpy(chan, 0x2000, 0x1000, TLEN,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, rec, 0, true);
	WRITE_ONCE(in_submit, true);
	cookie = dmaengine_submit(tx);
	WRITE_ONCE(in_submit, false);
	KUNIT_ASSERT_GT(test, cookie, 0);

	/* The traced copy ran (the event fired), and asked nothing. */
	KUNIT_EXPECT_EQ(test, tlog.submits, 1U);
	KUNIT_EXPECT_EQ(test, tlog.cookie, cookie);
	KUNIT_EXPECT_EQ(test, atomic_read(&status_in_submit), 0);

	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rec));
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL),
			DMA_COMPLETE);
}

static void failed_transfer_event_reports_the_failure(struct kunit *test)
{
	struct dma_chan *chan = traced_chan(test, 0);
	struct tdma_rec *rec = tdma_rec_new(test, 1);

	tdma_fail_next(to_tdma_chan(chan));
	tdma_submit_memcpy(test, chan, rec, 0, TLEN);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(rec));
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ(test, tlog.completes, 1U);
	KUNIT_EXPECT_NE(test, tlog.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, tlog.residue, (u32)TLEN);
}

static void terminate_fires_its_event(struct kunit *test)
{
	struct dma_chan *chan = traced_chan(test, 0);

	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(chan), 0);
	KUNIT_EXPECT_EQ(test, tlog.terminates, 1U);
}

static void request_and_release_fire_once_each(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	spin_lock_irq(&tlog.lock);
	tlog.chan = &td->chans[0].vc.chan;
	spin_unlock_irq(&tlog.lock);

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, tdma_filter_any, td);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_PTR_EQ(test, chan, tlog.chan);
	KUNIT_EXPECT_EQ(test, tlog.requests, 1U);
	dma_release_channel(chan);
	KUNIT_EXPECT_EQ(test, tlog.releases, 1U);
}

static struct kunit_case trace_cases[] = {
	KUNIT_CASE(transfer_events_carry_cookie_and_result),
	KUNIT_CASE(traced_submit_leaves_tx_status_alone),
	KUNIT_CASE(failed_transfer_event_reports_the_failure),
	KUNIT_CASE(terminate_fires_its_event),
	KUNIT_CASE(request_and_release_fire_once_each),
	{}
};

#else

static int trace_init(struct kunit *test)
{
	return 0;
}

static void trace_exit(struct kunit *test)
{
}

static void no_tracepoints(struct kunit *test)
{
	kunit_skip(test, "no dmaengine tracepoints: upstream core or CONFIG_TRACEPOINTS=n");
}

static struct kunit_case trace_cases[] = {
	KUNIT_CASE(no_tracepoints),
	{}
};

#endif

static struct kunit_suite trace_suite = {
	.name = "dmaengine_trace",
	.init = trace_init,
	.exit = trace_exit,
	.test_cases = trace_cases,
};

kunit_test_suite(trace_suite);
