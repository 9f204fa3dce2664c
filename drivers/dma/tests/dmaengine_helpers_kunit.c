// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: the helpers drivers/dma/dmaengine.h gives providers. Cookie
 * helpers keep tx_status right even across a wrap; callback helpers hand a
 * result to callback_result clients; the slave-channel helpers used by
 * firmware translation take one specific or any free channel.
 */

#include <kunit/test.h>
#include <linux/dmaengine.h>

#include "../dmaengine.h"
#include "dmaengine_test_provider.h"

#define TLEN	4096

static void cookie_init_starts_everything_complete(struct kunit *test)
{
	struct dma_chan chan = {};
	struct dma_tx_state st;

	dma_cookie_init(&chan);
	KUNIT_EXPECT_EQ(test, chan.cookie, DMA_MIN_COOKIE);
	KUNIT_EXPECT_EQ(test, chan.completed_cookie, DMA_MIN_COOKIE);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, DMA_MIN_COOKIE, &st),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, st.residue, 0);
}

static void cookie_assign_then_complete(struct kunit *test)
{
	struct dma_chan chan = {};
	struct dma_async_tx_descriptor tx = { .chan = &chan };
	struct dma_tx_state st;
	dma_cookie_t c;

	dma_cookie_init(&chan);
	c = dma_cookie_assign(&tx);
	KUNIT_EXPECT_EQ(test, c, DMA_MIN_COOKIE + 1);
	KUNIT_EXPECT_EQ(test, tx.cookie, c);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, c, &st),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, st.used, c);
	dma_cookie_complete(&tx);
	KUNIT_EXPECT_EQ(test, chan.completed_cookie, c);
	KUNIT_EXPECT_EQ(test, tx.cookie, 0);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, c, &st), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, st.last, c);
}

static void cookie_assign_wraps_to_minimum(struct kunit *test)
{
	struct dma_chan chan = {};
	struct dma_async_tx_descriptor tx = { .chan = &chan };

	dma_cookie_init(&chan);
	chan.cookie = INT_MAX;
	KUNIT_EXPECT_EQ(test, dma_cookie_assign(&tx), DMA_MIN_COOKIE);
}

/* A live channel keeps completing, in order, across the cookie wrap. */
static void channel_completes_across_cookie_wrap(struct kunit *test)
{
	struct dma_chan *chan = tdma_request(test, tdma_create(test, 1, 0,
							       NULL, 0));
	struct tdma_rec *rec = tdma_rec_new(test, 3);
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&to_tdma_chan(chan)->vc.lock, flags);
	chan->cookie = INT_MAX - 1;
	chan->completed_cookie = INT_MAX - 1;
	spin_unlock_irqrestore(&to_tdma_chan(chan)->vc.lock, flags);
	for (i = 0; i < 3; i++)
		tdma_submit_memcpy(test, chan, rec, i, TLEN);
	KUNIT_EXPECT_EQ(test, rec->slots[0].cookie, INT_MAX);
	KUNIT_EXPECT_EQ(test, rec->slots[1].cookie, DMA_MIN_COOKIE);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(rec));
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, rec->order[i], i);
		KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan,
							  rec->slots[i].cookie,
							  NULL),
				DMA_COMPLETE);
	}
}

static void set_residue_tolerates_null_state(struct kunit *test)
{
	struct dma_tx_state st = {};

	dma_set_residue(NULL, 5);
	dma_set_in_flight_bytes(NULL, 5);
	dma_set_residue(&st, 7);
	dma_set_in_flight_bytes(&st, 3);
	KUNIT_EXPECT_EQ(test, st.residue, 7);
	KUNIT_EXPECT_EQ(test, st.in_flight_bytes, 3);
}

struct seen {
	unsigned int plain;
	unsigned int with_result;
	struct dmaengine_result result;
};

static void seen_plain(void *param)
{
	((struct seen *)param)->plain++;
}

static void seen_result(void *param, const struct dmaengine_result *res)
{
	struct seen *s = param;

	s->with_result++;
	s->result = *res;
}

static void callback_invoke_without_result_reports_success(struct kunit *test)
{
	struct dma_async_tx_descriptor tx = {};
	struct dmaengine_desc_callback cb;
	struct seen s = { .result.result = DMA_TRANS_ABORTED,
			  .result.residue = 99 };

	tx.callback_result = seen_result;
	tx.callback = seen_plain;
	tx.callback_param = &s;
	dmaengine_desc_get_callback(&tx, &cb);
	KUNIT_EXPECT_TRUE(test, dmaengine_desc_callback_valid(&cb));
	dmaengine_desc_callback_invoke(&cb, NULL);
	KUNIT_EXPECT_EQ(test, s.with_result, 1);
	KUNIT_EXPECT_EQ(test, s.plain, 0);
	KUNIT_EXPECT_EQ(test, s.result.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, s.result.residue, 0);
}

static void callback_invoke_passes_result(struct kunit *test)
{
	struct dma_async_tx_descriptor tx = {};
	struct dmaengine_result res = { DMA_TRANS_WRITE_FAILED, 12 };
	struct seen s = {};

	tx.callback_result = seen_result;
	tx.callback_param = &s;
	dmaengine_desc_get_callback_invoke(&tx, &res);
	KUNIT_EXPECT_EQ(test, s.result.result, DMA_TRANS_WRITE_FAILED);
	KUNIT_EXPECT_EQ(test, s.result.residue, 12);
}

static void callback_helpers_without_callback(struct kunit *test)
{
	struct dma_async_tx_descriptor tx = {};
	struct dmaengine_desc_callback cb;

	dmaengine_desc_get_callback(&tx, &cb);
	KUNIT_EXPECT_FALSE(test, dmaengine_desc_callback_valid(&cb));
	/* Nothing to call: must simply return. */
	dmaengine_desc_callback_invoke(&cb, NULL);
}

KUNIT_DEFINE_ACTION_WRAPPER(release_action, dma_release_channel,
			    struct dma_chan *);

static void get_slave_channel_takes_that_channel(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct dma_chan *want = &td->chans[1].vc.chan;
	struct dma_chan *got;

	got = dma_get_slave_channel(want);
	KUNIT_ASSERT_PTR_EQ(test, got, want);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_action,
							got), 0);
	KUNIT_EXPECT_EQ(test, td->chans[1].alloc_calls, 1);
	/* Exclusive: a second taker is refused. */
	KUNIT_EXPECT_NULL(test, dma_get_slave_channel(want));
}

static void get_any_slave_channel_takes_a_free_one(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct dma_chan *a, *b;

	a = dma_get_any_slave_channel(&td->dma);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_action,
							a), 0);
	b = dma_get_any_slave_channel(&td->dma);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, release_action,
							b), 0);
	KUNIT_EXPECT_PTR_NE(test, a, b);
	KUNIT_EXPECT_PTR_EQ(test, a->device, &td->dma);
	KUNIT_EXPECT_NULL(test, dma_get_any_slave_channel(&td->dma));
}

static struct kunit_case dmaengine_helpers_cases[] = {
	KUNIT_CASE(cookie_init_starts_everything_complete),
	KUNIT_CASE(cookie_assign_then_complete),
	KUNIT_CASE(cookie_assign_wraps_to_minimum),
	KUNIT_CASE(channel_completes_across_cookie_wrap),
	KUNIT_CASE(set_residue_tolerates_null_state),
	KUNIT_CASE(callback_invoke_without_result_reports_success),
	KUNIT_CASE(callback_invoke_passes_result),
	KUNIT_CASE(callback_helpers_without_callback),
	KUNIT_CASE(get_slave_channel_takes_that_channel),
	KUNIT_CASE(get_any_slave_channel_takes_a_free_one),
	{}
};

static struct kunit_suite dmaengine_helpers_suite = {
	.name = "dmaengine_provider_helpers",
	.test_cases = dmaengine_helpers_cases,
};

kunit_test_suite(dmaengine_helpers_suite);
