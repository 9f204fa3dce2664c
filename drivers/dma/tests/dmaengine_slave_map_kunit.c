// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: board tables (struct dma_slave_map). Several registered devices
 * with tables coexist; a request by (device name, channel name) lands on
 * the first registered device whose table names the pair and whose filter
 * accepts a free channel; a filter's refusal passes the request on; a
 * device's lines leave with it; a large number of lines spread over many
 * devices is searched correctly.
 */

#include <kunit/test.h>
#include <linux/dmaengine.h>

#include "dmaengine_test_provider.h"

/* Include guard of our core's drivers/dma/dmaengine.h; upstream's differs. */
#ifdef _DRIVERS_DMA_DMAENGINE_H
#define OURS_CORE	true
#else
#define OURS_CORE	false
#endif

#define MANY_DEVICES	16
#define MANY_LINES	256
#define NAME_LEN	64

/* A name that lives as long as the case. */
static char *case_name(struct kunit *test, const char *fmt, unsigned int a,
		       unsigned int b)
{
	char *name = kunit_kzalloc(test, NAME_LEN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, name);
	snprintf(name, NAME_LEN, fmt, a, b);
	return name;
}

/* dev_name() of the client device tdma_client_dev() registers. */
static const char *client_name(struct kunit *test)
{
	char *name = kunit_kzalloc(test, strlen(test->name) + 8, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, name);
	sprintf(name, "%s.client", test->name);
	return name;
}

/* A table of one line for the case's client. */
static struct dma_slave_map *one_line(struct kunit *test, const char *slave,
				      unsigned int index)
{
	struct dma_slave_map *map = kunit_kzalloc(test, sizeof(*map),
						  GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, map);
	map->devname = client_name(test);
	map->slave = slave;
	map->param = (void *)(uintptr_t)index;
	return map;
}

static struct dma_chan *chan_of(struct tdma_dev *td, unsigned int index)
{
	return &td->chans[index].vc.chan;
}

static void devices_serve_their_own_names(struct kunit *test)
{
	struct tdma_dev *a = tdma_create(test, 2, 0, one_line(test, "tx", 1), 1);
	struct tdma_dev *b = tdma_create(test, 2, 0, one_line(test, "rx", 0), 1);
	struct device *client = tdma_client_dev(test);

	KUNIT_EXPECT_PTR_EQ(test, tdma_track(test, dma_request_chan(client, "tx")),
			    chan_of(a, 1));
	KUNIT_EXPECT_PTR_EQ(test, tdma_track(test, dma_request_chan(client, "rx")),
			    chan_of(b, 0));
}

static void refusing_filter_passes_the_request_on(struct kunit *test)
{
	/* Index 7 is no channel of a: its filter refuses every channel. */
	tdma_create(test, 2, 0, one_line(test, "tx", 7), 1);
	struct tdma_dev *b = tdma_create(test, 2, 0, one_line(test, "tx", 0), 1);
	struct device *client = tdma_client_dev(test);

	KUNIT_EXPECT_PTR_EQ(test, tdma_track(test, dma_request_chan(client, "tx")),
			    chan_of(b, 0));
}

static void same_name_first_registered_wins_then_next(struct kunit *test)
{
	struct tdma_dev *a = tdma_create(test, 2, 0, one_line(test, "tx", 0), 1);
	struct tdma_dev *b = tdma_create(test, 2, 0, one_line(test, "tx", 0), 1);
	struct device *client = tdma_client_dev(test);
	struct dma_chan *third;

	KUNIT_EXPECT_PTR_EQ(test, tdma_track(test, dma_request_chan(client, "tx")),
			    chan_of(a, 0));
	KUNIT_EXPECT_PTR_EQ(test, tdma_track(test, dma_request_chan(client, "tx")),
			    chan_of(b, 0));
	third = dma_request_chan(client, "tx");
	KUNIT_EXPECT_TRUE(test, IS_ERR(third));
	if (!IS_ERR(third))
		dma_release_channel(third);
}

static void lines_leave_with_their_device(struct kunit *test)
{
	struct tdma_dev *a = tdma_create(test, 2, 0, one_line(test, "tx", 0), 1);
	struct device *client = tdma_client_dev(test);
	struct dma_chan *chan;

	tdma_unregister(test, a);
	chan = dma_request_chan(client, "tx");
	KUNIT_EXPECT_TRUE(test, IS_ERR(chan));
	if (!IS_ERR(chan))
		dma_release_channel(chan);
}

/*
 * A provider going away answers -ENODEV when its channel is taken: the
 * core drops the device from the search and asks the next one with the
 * pair. The leaving device has several lines in the pair's bucket (its own
 * duplicates, only the first of which counts), so a search that went on
 * walking its freed lines would be caught by KASAN.
 */
static void leaving_provider_passes_the_request_on(struct kunit *test)
{
	const char *client_dev = client_name(test);
	struct dma_slave_map *lines;
	struct tdma_dev *leaving, *b;
	struct device *client;
	unsigned int i;

	/*
	 * Upstream's core takes the device off its list here and again when
	 * it unregisters at the end of the case, which corrupts that list.
	 */
	if (!OURS_CORE)
		kunit_skip(test, "upstream's core deletes the leaving device from its list twice");

	lines = kunit_kcalloc(test, 3, sizeof(*lines), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, lines);
	for (i = 0; i < 3; i++) {
		lines[i].devname = client_dev;
		lines[i].slave = "tx";
		lines[i].param = (void *)(uintptr_t)i;
	}
	leaving = tdma_create(test, 3, TDMA_ALLOC_ENODEV, lines, 3);
	b = tdma_create(test, 2, 0, one_line(test, "tx", 1), 1);
	client = tdma_client_dev(test);

	KUNIT_EXPECT_PTR_EQ(test, tdma_track(test, dma_request_chan(client, "tx")),
			    chan_of(b, 1));
	KUNIT_EXPECT_EQ(test, leaving->chans[0].alloc_calls, 1);

	/* Gone from the search: b's only line is busy, so the retry defers. */
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(dma_request_chan(client, "tx")),
			-EPROBE_DEFER);
	KUNIT_EXPECT_EQ(test, leaving->chans[0].alloc_calls, 1);
}

/* MANY_LINES lines "d<device>l<line>" per device, each naming channel 1. */
static struct dma_slave_map *many_lines(struct kunit *test, unsigned int dev)
{
	const char *client = client_name(test);
	struct dma_slave_map *map;
	unsigned int i;

	map = kunit_kcalloc(test, MANY_LINES, sizeof(*map), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map);
	for (i = 0; i < MANY_LINES; i++) {
		map[i].devname = client;
		map[i].slave = case_name(test, "d%ul%u", dev, i);
		map[i].param = (void *)(uintptr_t)1;
	}
	return map;
}

static void many_lines_over_many_devices(struct kunit *test)
{
	struct tdma_dev *td[MANY_DEVICES];
	struct device *client;
	unsigned int i;

	for (i = 0; i < MANY_DEVICES; i++)
		td[i] = tdma_create(test, 2, 0, many_lines(test, i), MANY_LINES);
	client = tdma_client_dev(test);

	for (i = 0; i < MANY_DEVICES; i += 5) {
		char *name = case_name(test, "d%ul%u", i, (i * 37) % MANY_LINES);
		struct dma_chan *chan = dma_request_chan(client, name);

		KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(chan), "%s: %ld", name,
				       PTR_ERR(chan));
		tdma_track(test, chan);
		KUNIT_EXPECT_PTR_EQ(test, chan, chan_of(td[i], 1));
	}
}

static struct kunit_case slave_map_cases[] = {
	KUNIT_CASE(devices_serve_their_own_names),
	KUNIT_CASE(refusing_filter_passes_the_request_on),
	KUNIT_CASE(same_name_first_registered_wins_then_next),
	KUNIT_CASE(lines_leave_with_their_device),
	KUNIT_CASE(leaving_provider_passes_the_request_on),
	KUNIT_CASE(many_lines_over_many_devices),
	{}
};

static struct kunit_suite slave_map_suite = {
	.name = "dmaengine_slave_map",
	.test_cases = slave_map_cases,
};

kunit_test_suite(slave_map_suite);
