// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: how clients obtain and give back channels.
 *
 * Channels are requested by capability mask, by filter, and by name through
 * a provider's slave map; each path must hand out a channel of the right
 * controller exactly once, and give it back for reuse on release.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dmaengine.h>
#include <linux/string.h>

#include "dmaengine_test_provider.h"

static const char * const tdma_names[] = { "rx", "tx", "stuck" };

/*
 * Builds a slave map for the case's client device: "rx" is channel 0, "tx"
 * channel 1, and "stuck" points at an index no channel has.
 */
static struct dma_slave_map *tdma_map(struct kunit *test, const char *client)
{
	struct dma_slave_map *map;
	char *devname;
	unsigned int i;

	map = kunit_kcalloc(test, ARRAY_SIZE(tdma_names), sizeof(*map),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map);
	devname = kunit_kzalloc(test, strlen(test->name) + 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, devname);
	sprintf(devname, "%s.%s", test->name, client);
	for (i = 0; i < ARRAY_SIZE(tdma_names); i++) {
		map[i].devname = devname;
		map[i].slave = tdma_names[i];
		map[i].param = (void *)(uintptr_t)(i == 2 ? 7 : i);
	}
	return map;
}

/* A controller with a slave map, then the client device it describes. */
static struct tdma_dev *tdma_mapped(struct kunit *test, struct device **client)
{
	struct dma_slave_map *map = tdma_map(test, "client");
	struct tdma_dev *td;

	td = tdma_create(test, 2, 0, map, ARRAY_SIZE(tdma_names));
	*client = tdma_client_dev(test);
	return td;
}

static void tdma_mask_unusual(dma_cap_mask_t *mask)
{
	/* No other controller in the test machine offers this combination. */
	dma_cap_zero(*mask);
	dma_cap_set(DMA_MEMSET, *mask);
	dma_cap_set(DMA_INTERLEAVE, *mask);
	dma_cap_set(DMA_CYCLIC, *mask);
}

static void request_by_mask_gets_provider_channel(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	tdma_mask_unusual(&mask);
	chan = tdma_track(test, dma_request_chan_by_mask(&mask));
	KUNIT_EXPECT_PTR_EQ(test, chan->device, &td->dma);
	KUNIT_EXPECT_EQ(test, td->chans[0].alloc_calls, 1);
}

static void request_by_mask_unsatisfiable_is_enodev(struct kunit *test)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	/* With a controller registered "not yet" no longer applies. */
	tdma_create(test, 1, 0, NULL, 0);
	dma_cap_zero(mask);
	dma_cap_set(DMA_PQ_VAL, mask);
	dma_cap_set(DMA_XOR_VAL, mask);
	chan = dma_request_chan_by_mask(&mask);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(chan), -ENODEV);
}

static void request_by_mask_null_mask_is_enodev(struct kunit *test)
{
	tdma_create(test, 1, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(dma_request_chan_by_mask(NULL)),
			-ENODEV);
}

static void request_by_mask_busy_channel_is_not_shared(struct kunit *test)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	tdma_create(test, 1, 0, NULL, 0);
	tdma_mask_unusual(&mask);
	tdma_track(test, dma_request_chan_by_mask(&mask));
	chan = dma_request_chan_by_mask(&mask);
	KUNIT_EXPECT_TRUE(test, IS_ERR(chan));
}

static void request_by_filter_picks_the_filtered_channel(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 3, 0, NULL, 0);
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = tdma_track(test, dma_request_channel(mask, tdma_filter,
						    (void *)2));
	KUNIT_EXPECT_PTR_EQ(test, chan, &td->chans[2].vc.chan);
	KUNIT_EXPECT_EQ(test, td->chans[0].alloc_calls, 0);
}

static bool tdma_refuse(struct dma_chan *chan, void *param)
{
	unsigned int *asked = param;

	(*asked)++;
	return false;
}

static void request_by_filter_refusing_all_is_null(struct kunit *test)
{
	struct dma_chan *chan;
	unsigned int asked = 0;
	dma_cap_mask_t mask;

	tdma_create(test, 2, 0, NULL, 0);
	tdma_mask_unusual(&mask);
	chan = dma_request_channel(mask, tdma_refuse, &asked);
	KUNIT_EXPECT_NULL(test, chan);
	/* The filter was consulted for each free candidate. */
	KUNIT_EXPECT_GE(test, asked, 2);
}

static void request_hands_out_each_channel_once(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct dma_chan *a, *b, *c;
	dma_cap_mask_t mask;

	a = tdma_request(test, td);
	b = tdma_request(test, td);
	KUNIT_EXPECT_PTR_NE(test, a, b);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	c = dma_request_channel(mask, tdma_filter_any, td);
	KUNIT_EXPECT_NULL(test, c);
}

static void release_returns_channel_for_reuse(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *chan = tdma_request(test, td);
	struct dma_chan *again;

	tdma_put_chan(test, chan);
	KUNIT_EXPECT_EQ(test, td->chans[0].free_calls, 1);
	again = tdma_request(test, td);
	KUNIT_EXPECT_PTR_EQ(test, again, chan);
	KUNIT_EXPECT_EQ(test, td->chans[0].alloc_calls, 2);
}

static void request_by_name_uses_slave_map(struct kunit *test)
{
	struct device *client;
	struct tdma_dev *td = tdma_mapped(test, &client);
	struct dma_chan *rx, *tx;

	tx = tdma_track(test, dma_request_chan(client, "tx"));
	rx = tdma_track(test, dma_request_chan(client, "rx"));
	KUNIT_EXPECT_PTR_EQ(test, tx, &td->chans[1].vc.chan);
	KUNIT_EXPECT_PTR_EQ(test, rx, &td->chans[0].vc.chan);
}

/*
 * The clients here have no firmware node or companion: upstream 6.12 then
 * answers -EPROBE_DEFER whether no table names the request (its controller
 * may still load) or the tables' channels are busy or refused, and clients
 * tell "defer" from "no DMA" by this errno.
 */
static void expect_request_error(struct kunit *test, struct dma_chan *chan)
{
	KUNIT_ASSERT_TRUE(test, IS_ERR(chan));
	KUNIT_EXPECT_EQ(test, PTR_ERR(chan), -EPROBE_DEFER);
}

static void request_by_name_unknown_name_fails(struct kunit *test)
{
	struct device *client;

	tdma_mapped(test, &client);
	expect_request_error(test, dma_request_chan(client, "nonesuch"));
}

static void request_by_name_other_device_fails(struct kunit *test)
{
	struct device *client, *other;

	tdma_mapped(test, &client);
	other = kunit_device_register(test, "other");
	KUNIT_ASSERT_FALSE(test, IS_ERR(other));
	expect_request_error(test, dma_request_chan(other, "tx"));
}

static void request_by_name_busy_channel_fails(struct kunit *test)
{
	struct device *client;

	tdma_mapped(test, &client);
	tdma_track(test, dma_request_chan(client, "tx"));
	expect_request_error(test, dma_request_chan(client, "tx"));
}

static void request_by_name_filter_refusal_fails(struct kunit *test)
{
	struct device *client;

	tdma_mapped(test, &client);
	expect_request_error(test, dma_request_chan(client, "stuck"));
}

static void request_by_name_without_any_description_fails(struct kunit *test)
{
	tdma_create(test, 1, 0, NULL, 0);
	expect_request_error(test, dma_request_chan(tdma_client_dev(test),
						    "tx"));
}

static void devm_request_is_released_with_the_device(struct kunit *test)
{
	struct device *client;
	struct tdma_dev *td = tdma_mapped(test, &client);
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	chan = devm_dma_request_chan(client, "tx");
	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	KUNIT_EXPECT_PTR_EQ(test, chan, &td->chans[1].vc.chan);
	KUNIT_EXPECT_EQ(test, td->chans[1].free_calls, 0);

	kunit_device_unregister(test, client);
	KUNIT_EXPECT_EQ(test, td->chans[1].free_calls, 1);
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = tdma_track(test, dma_request_channel(mask, tdma_filter,
						    (void *)1));
	KUNIT_EXPECT_PTR_EQ(test, chan, &td->chans[1].vc.chan);
}

static void devm_request_unknown_name_fails(struct kunit *test)
{
	struct device *client;

	tdma_mapped(test, &client);
	expect_request_error(test, devm_dma_request_chan(client, "nonesuch"));
}

static void channel_name_follows_sysfs_pattern(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct dma_chan *chan = tdma_request(test, td);
	char want[32];

	snprintf(want, sizeof(want), "dma%dchan%d", td->dma.dev_id,
		 chan->chan_id);
	KUNIT_EXPECT_STREQ(test, dma_chan_name(chan), want);
}

static void channel_ids_are_distinct(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 3, 0, NULL, 0);

	KUNIT_EXPECT_NE(test, td->chans[0].vc.chan.chan_id,
			td->chans[1].vc.chan.chan_id);
	KUNIT_EXPECT_NE(test, td->chans[1].vc.chan.chan_id,
			td->chans[2].vc.chan.chan_id);
	KUNIT_EXPECT_NE(test, td->chans[0].vc.chan.chan_id,
			td->chans[2].vc.chan.chan_id);
}

static void dma_device_of_channel_is_the_controller(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, NULL, 0);
	struct dma_chan *chan = tdma_request(test, td);

	KUNIT_EXPECT_PTR_EQ(test, dmaengine_get_dma_device(chan), td->dma.dev);
}

static struct kunit_case dmaengine_request_cases[] = {
	KUNIT_CASE(request_by_mask_gets_provider_channel),
	KUNIT_CASE(request_by_mask_unsatisfiable_is_enodev),
	KUNIT_CASE(request_by_mask_null_mask_is_enodev),
	KUNIT_CASE(request_by_mask_busy_channel_is_not_shared),
	KUNIT_CASE(request_by_filter_picks_the_filtered_channel),
	KUNIT_CASE(request_by_filter_refusing_all_is_null),
	KUNIT_CASE(request_hands_out_each_channel_once),
	KUNIT_CASE(release_returns_channel_for_reuse),
	KUNIT_CASE(request_by_name_uses_slave_map),
	KUNIT_CASE(request_by_name_unknown_name_fails),
	KUNIT_CASE(request_by_name_other_device_fails),
	KUNIT_CASE(request_by_name_busy_channel_fails),
	KUNIT_CASE(request_by_name_filter_refusal_fails),
	KUNIT_CASE(request_by_name_without_any_description_fails),
	KUNIT_CASE(devm_request_is_released_with_the_device),
	KUNIT_CASE(devm_request_unknown_name_fails),
	KUNIT_CASE(channel_name_follows_sysfs_pattern),
	KUNIT_CASE(channel_ids_are_distinct),
	KUNIT_CASE(dma_device_of_channel_is_the_controller),
	{}
};

static struct kunit_suite dmaengine_request_suite = {
	.name = "dmaengine_request",
	.test_cases = dmaengine_request_cases,
};

kunit_test_suite(dmaengine_request_suite);
