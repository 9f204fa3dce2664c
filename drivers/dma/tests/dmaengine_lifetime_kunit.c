// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: the provider side of a controller's life. Registration refuses
 * an inconsistent device; device_release runs once, after unregistration
 * and after the last client let go; channels can be added and removed
 * while the device is registered.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>

#include "../dmaengine.h"
#include "dmaengine_test_provider.h"

#define TLEN	4096

static bool released(struct tdma_dev *td)
{
	return wait_for_completion_timeout(&td->released,
					   msecs_to_jiffies(TDMA_WAIT_MS));
}

static struct dma_chan *request_index(struct tdma_dev *td, unsigned int i)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	return dma_request_channel(mask, tdma_filter, (void *)(uintptr_t)i);
}

static void unregister_idle_device_releases_it(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);

	KUNIT_EXPECT_FALSE(test, completion_done(&td->released));
	tdma_unregister(test, td);
	KUNIT_EXPECT_TRUE(test, released(td));
}

static void unregister_while_held_defers_release(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *chan = tdma_request(test, td);

	tdma_unregister(test, td);
	msleep(20);
	KUNIT_EXPECT_FALSE(test, completion_done(&td->released));
	/* The holder may still stop its channel safely. */
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	tdma_put_chan(test, chan);
	KUNIT_EXPECT_TRUE(test, released(td));
	KUNIT_EXPECT_EQ(test, td->chans[0].free_calls, 1);
}

/*
 * Upstream's core keeps an unregistered device listed until its last
 * channel is released and goes on handing out its other channels; ours
 * delists it at once.
 */
static void unregistered_device_hands_out_nothing(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct dma_chan *held = tdma_track(test, request_index(td, 0));
	struct dma_chan *chan;

#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "upstream's core hands out channels of an unregistered device");
#endif
	tdma_unregister(test, td);
	chan = request_index(td, 1);
	KUNIT_EXPECT_NULL(test, chan);
	if (chan)
		dma_release_channel(chan);
	tdma_put_chan(test, held);
	KUNIT_EXPECT_TRUE(test, released(td));
}

static void hot_removed_channel_is_not_handed_out(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct dma_chan *gone = &td->chans[1].vc.chan;
	struct dma_chan *chan;

	dma_async_device_channel_unregister(&td->dma, gone);
	/* Taking it off the device list is the provider's job. */
	list_del(&gone->device_node);
	chan = request_index(td, 1);
	KUNIT_EXPECT_NULL(test, chan);
	if (chan)
		dma_release_channel(chan);
	tdma_track(test, request_index(td, 0));
}

static void hot_removal_leaves_other_channels_working(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct tdma_rec *rec = tdma_rec_new(test, 1);
	struct dma_chan *chan;

	chan = tdma_track(test, request_index(td, 0));
	dma_async_device_channel_unregister(&td->dma, &td->chans[1].vc.chan);
	list_del(&td->chans[1].vc.chan.device_node);
	tdma_submit_memcpy(test, chan, rec, 0, TLEN);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rec));
}

static void hot_added_channel_can_be_requested(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *added = &td->chans[1].vc.chan;
	struct dma_chan *chan;

	list_add_tail(&added->device_node, &td->dma.channels);
	KUNIT_ASSERT_EQ(test, dma_async_device_channel_register(&td->dma,
								added, NULL),
			0);
	KUNIT_EXPECT_NE(test, added->chan_id, td->chans[0].vc.chan.chan_id);
	chan = tdma_track(test, request_index(td, 1));
	KUNIT_EXPECT_PTR_EQ(test, chan, added);
}

static void hot_added_channel_takes_given_name(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *added = &td->chans[1].vc.chan;
	char name[32];

	snprintf(name, sizeof(name), "tdma%d-extra", td->dma.dev_id);
	list_add_tail(&added->device_node, &td->dma.channels);
	KUNIT_ASSERT_EQ(test, dma_async_device_channel_register(&td->dma,
								added, name),
			0);
	KUNIT_EXPECT_STREQ(test, dma_chan_name(added), name);
}

/* A device that registration must refuse; it never reaches the core. */
static struct tdma_dev *unregistrable(struct kunit *test)
{
	return tdma_alloc(test, 1, 0, NULL, 0);
}

static void register_refuses_capability_without_operation(struct kunit *test)
{
	struct tdma_dev *td = unregistrable(test);

	td->dma.device_prep_dma_memset = NULL;
	KUNIT_EXPECT_LT(test, dma_async_device_register(&td->dma), 0);
}

static void register_refuses_missing_tx_status(struct kunit *test)
{
	struct tdma_dev *td = unregistrable(test);

	td->dma.device_tx_status = NULL;
	KUNIT_EXPECT_LT(test, dma_async_device_register(&td->dma), 0);
}

static void register_refuses_missing_issue_pending(struct kunit *test)
{
	struct tdma_dev *td = unregistrable(test);

	td->dma.device_issue_pending = NULL;
	KUNIT_EXPECT_LT(test, dma_async_device_register(&td->dma), 0);
}

static void register_refuses_device_without_dev(struct kunit *test)
{
	struct tdma_dev *td = unregistrable(test);

	td->dma.dev = NULL;
	KUNIT_EXPECT_LT(test, dma_async_device_register(&td->dma), 0);
	KUNIT_EXPECT_LT(test, dma_async_device_register(NULL), 0);
}

static void refused_device_can_register_once_fixed(struct kunit *test)
{
	struct tdma_dev *td = unregistrable(test);
	void (*issue)(struct dma_chan *chan) = td->dma.device_issue_pending;
	struct dma_chan *chan;

	td->dma.device_issue_pending = NULL;
	KUNIT_ASSERT_LT(test, dma_async_device_register(&td->dma), 0);
	td->dma.device_issue_pending = issue;
	KUNIT_ASSERT_EQ(test, dma_async_device_register(&td->dma), 0);
	td->registered = true;
	chan = tdma_track(test, request_index(td, 0));
	KUNIT_EXPECT_PTR_EQ(test, chan, &td->chans[0].vc.chan);
	tdma_put_chan(test, chan);
	dma_async_device_unregister(&td->dma);
	KUNIT_EXPECT_TRUE(test, released(td));
}

static void managed_register_undone_with_device(struct kunit *test)
{
	struct tdma_dev *td = tdma_alloc(test, 1, 0, NULL, 0);

	KUNIT_ASSERT_EQ(test, dmaenginem_async_device_register(&td->dma), 0);
	td->registered = true;
	kunit_device_unregister(test, td->dma.dev);
	KUNIT_EXPECT_TRUE(test, released(td));
}

static void release_waits_for_unregister(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);

	tdma_put_chan(test, tdma_request(test, td));
	tdma_track(test, request_index(td, 0));
	KUNIT_EXPECT_FALSE(test, completion_done(&td->released));
	KUNIT_EXPECT_EQ(test, td->chans[0].alloc_calls, 2);
}

static struct kunit_case dmaengine_lifetime_cases[] = {
	KUNIT_CASE(unregister_idle_device_releases_it),
	KUNIT_CASE(unregister_while_held_defers_release),
	KUNIT_CASE(unregistered_device_hands_out_nothing),
	KUNIT_CASE(hot_removed_channel_is_not_handed_out),
	KUNIT_CASE(hot_removal_leaves_other_channels_working),
	KUNIT_CASE(hot_added_channel_can_be_requested),
	KUNIT_CASE(hot_added_channel_takes_given_name),
	KUNIT_CASE(register_refuses_capability_without_operation),
	KUNIT_CASE(register_refuses_missing_tx_status),
	KUNIT_CASE(register_refuses_missing_issue_pending),
	KUNIT_CASE(register_refuses_device_without_dev),
	KUNIT_CASE(refused_device_can_register_once_fixed),
	KUNIT_CASE(managed_register_undone_with_device),
	KUNIT_CASE(release_waits_for_unregister),
	{}
};

static struct kunit_suite dmaengine_lifetime_suite = {
	.name = "dmaengine_lifetime",
	.test_cases = dmaengine_lifetime_cases,
};

kunit_test_suite(dmaengine_lifetime_suite);
