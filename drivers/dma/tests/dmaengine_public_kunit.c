// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: public (non-private) channels, shared by every client that
 * registered interest with dmaengine_get(). Such channels are referenced
 * while interest is held, found by operation type with dma_find_channel(),
 * and flushed together by dma_issue_pending_all().
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>

#include "dmaengine_test_provider.h"

#define TLEN	4096

static void put_action(void *unused)
{
	dmaengine_put();
}

/* Registers interest in public channels until the case ends. */
static void hold_public(struct kunit *test)
{
	dmaengine_get();
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_action, NULL),
			0);
}

static struct tdma_dev *public_dev(struct kunit *test, unsigned int chans)
{
#ifndef _DRIVERS_DMA_DMAENGINE_H
	/*
	 * async_tx built in holds interest from boot, and its references pin
	 * an unregistered public device on upstream's list for as long as
	 * they last: the case's freed provider would be walked later.
	 */
	if (IS_ENABLED(CONFIG_ASYNC_TX_DMA) && IS_BUILTIN(CONFIG_ASYNC_CORE))
		kunit_skip(test, "upstream keeps a removed public device listed under async_tx");
#endif
	return tdma_create(test, chans, TDMA_PUBLIC | TDMA_MEMCPY_ONLY, NULL,
			   0);
}

/*
 * Interest may also be held by the kernel itself from boot (async_tx built
 * in with CONFIG_ASYNC_TX_DMA=y): a public device is then taken as soon as
 * it registers, and keeps its channels when this suite drops its own.
 */
static bool others_hold_public(struct kunit *test)
{
	return public_dev(test, 1)->chans[0].alloc_calls > 0;
}

static void interest_takes_public_channels(struct kunit *test)
{
	struct tdma_dev *td = public_dev(test, 2);

	hold_public(test);
	KUNIT_EXPECT_EQ(test, td->chans[0].alloc_calls, 1);
	KUNIT_EXPECT_EQ(test, td->chans[1].alloc_calls, 1);
	KUNIT_EXPECT_GE(test, td->chans[0].vc.chan.client_count, 1);
}

static void dropping_interest_gives_channels_back(struct kunit *test)
{
	unsigned int freed = others_hold_public(test) ? 0 : 1;
	struct tdma_dev *td = public_dev(test, 2);

	hold_public(test);
	kunit_release_action(test, put_action, NULL);
	KUNIT_EXPECT_EQ(test, td->chans[0].free_calls, freed);
	KUNIT_EXPECT_EQ(test, td->chans[1].free_calls, freed);
}

static void find_channel_returns_a_capable_channel(struct kunit *test)
{
	struct dma_chan *chan;

	public_dev(test, 1);
	hold_public(test);
	chan = dma_find_channel(DMA_MEMCPY);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_MEMCPY, chan->device->cap_mask));
	KUNIT_EXPECT_FALSE(test, dma_has_cap(DMA_PRIVATE,
					     chan->device->cap_mask));
}

static void find_channel_ignores_private_devices(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, TDMA_MEMCPY_ONLY, NULL, 0);
	struct dma_chan *chan;

	hold_public(test);
	chan = dma_find_channel(DMA_MEMCPY);
	if (chan)
		KUNIT_EXPECT_PTR_NE(test, chan->device, &td->dma);
	KUNIT_EXPECT_EQ(test, td->chans[0].alloc_calls, 0);
}

static void issue_pending_all_reaches_public_channels(struct kunit *test)
{
	struct tdma_dev *td = public_dev(test, 1);
	struct dma_chan *chan = &td->chans[0].vc.chan;
	struct tdma_rec *rec = tdma_rec_new(test, 1);

	hold_public(test);
	tdma_submit_memcpy(test, chan, rec, 0, TLEN);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(rec), 0);
	dma_issue_pending_all();
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rec));
}

static void issue_pending_all_skips_private_channels(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *chan = tdma_request(test, td);
	struct tdma_rec *rec = tdma_rec_new(test, 1);

	tdma_submit_memcpy(test, chan, rec, 0, TLEN);
	dma_issue_pending_all();
	msleep(20);
	KUNIT_EXPECT_EQ(test, tdma_issue_calls(&td->chans[0]), 0);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(rec), 0);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rec));
}

static void device_added_under_interest_is_taken(struct kunit *test)
{
	unsigned int freed = others_hold_public(test) ? 0 : 1;
	struct tdma_dev *td;

	dmaengine_get();
	td = public_dev(test, 1);
	KUNIT_EXPECT_EQ(test, td->chans[0].alloc_calls, 1);
	/* Interest must be dropped before the device goes away. */
	dmaengine_put();
	KUNIT_EXPECT_EQ(test, td->chans[0].free_calls, freed);
}

static void public_channel_in_use_is_not_private(struct kunit *test)
{
	struct tdma_dev *td = public_dev(test, 2);
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	hold_public(test);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, tdma_filter_any, td);
	KUNIT_EXPECT_NULL(test, chan);
	if (chan)
		dma_release_channel(chan);
}

static struct kunit_case dmaengine_public_cases[] = {
	KUNIT_CASE(interest_takes_public_channels),
	KUNIT_CASE(dropping_interest_gives_channels_back),
	KUNIT_CASE(find_channel_returns_a_capable_channel),
	KUNIT_CASE(find_channel_ignores_private_devices),
	KUNIT_CASE(issue_pending_all_reaches_public_channels),
	KUNIT_CASE(issue_pending_all_skips_private_channels),
	KUNIT_CASE(device_added_under_interest_is_taken),
	KUNIT_CASE(public_channel_in_use_is_not_private),
	{}
};

static struct kunit_suite dmaengine_public_suite = {
	.name = "dmaengine_public",
	.test_cases = dmaengine_public_cases,
};

kunit_test_suite(dmaengine_public_suite);
