// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the provider helpers in drivers/dma/dmaengine.h: the
 * cookie sequence, status queries, residue reporting and the callback
 * snapshot.
 *
 * The tests use a bare struct dma_chan on the test's stack; nothing is
 * registered, nothing is shared, so no lock is needed. Callbacks are
 * called synchronously in the test's own (process) context. A case that
 * checks our addition over upstream's helpers skips against upstream's
 * header.
 */

#include <kunit/test.h>
#include <linux/dmaengine.h>
#include <linux/limits.h>

#include "../dmaengine.h"

struct helper_calls {
	int plain;
	int with_result;
	struct dmaengine_result seen;
};

static void helper_plain_cb(void *param)
{
	struct helper_calls *calls = param;

	calls->plain++;
}

static void helper_result_cb(void *param, const struct dmaengine_result *r)
{
	struct helper_calls *calls = param;

	calls->with_result++;
	calls->seen = *r;
}

static void helper_tx_init(struct dma_async_tx_descriptor *tx,
			   struct dma_chan *chan)
{
	memset(tx, 0, sizeof(*tx));
	tx->chan = chan;
}

static void cookie_sequence_starts_above_min(struct kunit *test)
{
	struct dma_async_tx_descriptor tx;
	struct dma_chan chan = {};
	dma_cookie_t first, second;

	dma_cookie_init(&chan);
	helper_tx_init(&tx, &chan);
	first = dma_cookie_assign(&tx);
	second = dma_cookie_assign(&tx);

	KUNIT_EXPECT_EQ(test, first, DMA_MIN_COOKIE + 1);
	KUNIT_EXPECT_EQ(test, second, first + 1);
	KUNIT_EXPECT_EQ(test, tx.cookie, second);
	KUNIT_EXPECT_EQ(test, chan.cookie, second);
}

static void cookie_wraps_to_min(struct kunit *test)
{
	struct dma_async_tx_descriptor tx;
	struct dma_chan chan = {};

	dma_cookie_init(&chan);
	chan.cookie = INT_MAX;
	chan.completed_cookie = INT_MAX;
	helper_tx_init(&tx, &chan);

	KUNIT_EXPECT_EQ(test, dma_cookie_assign(&tx), DMA_MIN_COOKIE);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, DMA_MIN_COOKIE, NULL),
			DMA_IN_PROGRESS);
	dma_cookie_complete(&tx);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, DMA_MIN_COOKIE, NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, INT_MAX, NULL),
			DMA_COMPLETE);
}

static void cookie_status_tracks_completion(struct kunit *test)
{
	struct dma_async_tx_descriptor a, b;
	struct dma_tx_state state;
	struct dma_chan chan = {};
	dma_cookie_t ca, cb;

	dma_cookie_init(&chan);
	helper_tx_init(&a, &chan);
	helper_tx_init(&b, &chan);
	ca = dma_cookie_assign(&a);
	cb = dma_cookie_assign(&b);

	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, ca, &state),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, state.used, cb);
	KUNIT_EXPECT_EQ(test, state.last, DMA_MIN_COOKIE);

	dma_cookie_complete(&a);
	KUNIT_EXPECT_EQ(test, a.cookie, 0);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, ca, &state),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, dma_cookie_status(&chan, cb, &state),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, state.last, ca);
	KUNIT_EXPECT_EQ(test, state.residue, 0U);
}

static void cookie_double_complete_changes_nothing(struct kunit *test)
{
	struct dma_async_tx_descriptor a, b;
	struct dma_chan chan = {};

#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "upstream's dma_cookie_complete() BUG()s on a second completion");
#endif
	dma_cookie_init(&chan);
	helper_tx_init(&a, &chan);
	helper_tx_init(&b, &chan);
	dma_cookie_assign(&a);
	dma_cookie_assign(&b);
	dma_cookie_complete(&b);
	KUNIT_EXPECT_EQ(test, chan.completed_cookie, chan.cookie);

	/* @b has no cookie any more: the second completion is refused. */
	dma_cookie_complete(&b);
	KUNIT_EXPECT_EQ(test, chan.completed_cookie, chan.cookie);
}

static void residue_setters_accept_null(struct kunit *test)
{
	struct dma_tx_state state = {};

	dma_set_residue(NULL, 5);
	dma_set_in_flight_bytes(NULL, 5);
	dma_set_residue(&state, 42);
	dma_set_in_flight_bytes(&state, 7);
	KUNIT_EXPECT_EQ(test, state.residue, 42U);
	KUNIT_EXPECT_EQ(test, state.in_flight_bytes, 7U);
}

static void callback_result_preferred(struct kunit *test)
{
	struct dmaengine_result r = { .result = DMA_TRANS_ABORTED,
				      .residue = 12 };
	struct dma_async_tx_descriptor tx = {};
	struct dmaengine_desc_callback cb;
	struct helper_calls calls = {};

	tx.callback = helper_plain_cb;
	tx.callback_result = helper_result_cb;
	tx.callback_param = &calls;
	dmaengine_desc_get_callback(&tx, &cb);
	KUNIT_EXPECT_TRUE(test, dmaengine_desc_callback_valid(&cb));

	dmaengine_desc_callback_invoke(&cb, &r);
	KUNIT_EXPECT_EQ(test, calls.with_result, 1);
	KUNIT_EXPECT_EQ(test, calls.plain, 0);
	KUNIT_EXPECT_EQ(test, calls.seen.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_EQ(test, calls.seen.residue, 12U);
}

static void callback_null_result_means_success(struct kunit *test)
{
	struct dma_async_tx_descriptor tx = {};
	struct helper_calls calls = {
		.seen = { .result = DMA_TRANS_ABORTED, .residue = 9 },
	};

	tx.callback_result = helper_result_cb;
	tx.callback_param = &calls;
	dmaengine_desc_get_callback_invoke(&tx, NULL);
	KUNIT_EXPECT_EQ(test, calls.with_result, 1);
	KUNIT_EXPECT_EQ(test, calls.seen.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, calls.seen.residue, 0U);
}

static void callback_plain_and_none(struct kunit *test)
{
	struct dma_async_tx_descriptor tx = {};
	struct dmaengine_desc_callback cb;
	struct helper_calls calls = {};

	dmaengine_desc_get_callback(&tx, &cb);
	KUNIT_EXPECT_FALSE(test, dmaengine_desc_callback_valid(&cb));
	dmaengine_desc_callback_invoke(&cb, NULL);

	tx.callback = helper_plain_cb;
	tx.callback_param = &calls;
	dmaengine_desc_get_callback(&tx, &cb);
	/* The snapshot is independent of the descriptor from now on. */
	tx.callback = NULL;
	dmaengine_desc_callback_invoke(&cb, NULL);
	KUNIT_EXPECT_EQ(test, calls.plain, 1);
	KUNIT_EXPECT_EQ(test, calls.with_result, 0);
}

static struct kunit_case provider_helper_cases[] = {
	KUNIT_CASE(cookie_sequence_starts_above_min),
	KUNIT_CASE(cookie_wraps_to_min),
	KUNIT_CASE(cookie_status_tracks_completion),
	KUNIT_CASE(cookie_double_complete_changes_nothing),
	KUNIT_CASE(residue_setters_accept_null),
	KUNIT_CASE(callback_result_preferred),
	KUNIT_CASE(callback_null_result_means_success),
	KUNIT_CASE(callback_plain_and_none),
	{}
};

static struct kunit_suite provider_helper_suite = {
	.name = "dma_provider_helpers",
	.test_cases = provider_helper_cases,
};

kunit_test_suite(provider_helper_suite);

MODULE_DESCRIPTION("KUnit tests of the dmaengine provider helpers");
MODULE_LICENSE("GPL");
