// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: what a client can learn about a channel before using it
 * (dma_get_slave_caps) and how it configures one (dmaengine_slave_config).
 */

#include <kunit/test.h>
#include <linux/dmaengine.h>

#include "dmaengine_test_provider.h"

static struct dma_chan *tdma_one(struct kunit *test, unsigned int features)
{
	return tdma_request(test, tdma_create(test, 1, features, NULL, 0));
}

static void slave_caps_mirror_the_device(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_device *dma = chan->device;
	struct dma_slave_caps caps;

	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.directions, dma->directions);
	KUNIT_EXPECT_EQ(test, caps.src_addr_widths, dma->src_addr_widths);
	KUNIT_EXPECT_EQ(test, caps.dst_addr_widths, dma->dst_addr_widths);
	KUNIT_EXPECT_EQ(test, caps.max_burst, dma->max_burst);
	KUNIT_EXPECT_EQ(test, caps.residue_granularity,
			DMA_RESIDUE_GRANULARITY_BURST);
}

struct control_caps_case {
	const char *desc;
	unsigned int features;
	bool pause;
	bool terminate;
};

static const struct control_caps_case control_caps_cases[] = {
	{ "all operations", 0, true, true },
	{ "without pause", TDMA_NO_PAUSE, false, true },
	{ "without terminate", TDMA_NO_TERMINATE, true, false },
};

static void control_caps_desc(const struct control_caps_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(control_caps, control_caps_cases, control_caps_desc);

/* Pause and resume are reported as a pair; terminate on its own. */
static void slave_caps_report_control_operations(struct kunit *test)
{
	const struct control_caps_case *c = test->param_value;
	struct dma_slave_caps caps;

	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(tdma_one(test, c->features),
						 &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.cmd_pause, c->pause);
	KUNIT_EXPECT_EQ(test, caps.cmd_resume, c->pause);
	KUNIT_EXPECT_EQ(test, caps.cmd_terminate, c->terminate);
}

static const bool reuse_params[] = { false, true };

static void reuse_desc(const bool *p, char *desc)
{
	strscpy(desc, *p ? "reuse" : "no-reuse", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(reuse, reuse_params, reuse_desc);

static void slave_caps_report_descriptor_reuse(struct kunit *test)
{
	const bool *reuse = test->param_value;
	struct dma_slave_caps caps;
	struct dma_chan *chan;

	chan = tdma_one(test, *reuse ? TDMA_REUSE : 0);
	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.descriptor_reuse, *reuse);
}

static void slave_caps_of_memcpy_only_channel_is_enxio(struct kunit *test)
{
	struct dma_slave_caps caps;

	KUNIT_EXPECT_EQ(test, dma_get_slave_caps(tdma_one(test,
							  TDMA_MEMCPY_ONLY),
						 &caps), -ENXIO);
}

static void slave_caps_null_arguments_are_einval(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_slave_caps caps;

	KUNIT_EXPECT_EQ(test, dma_get_slave_caps(NULL, &caps), -EINVAL);
	KUNIT_EXPECT_EQ(test, dma_get_slave_caps(chan, NULL), -EINVAL);
}

static const enum dma_slave_buswidth good_widths[] = {
	DMA_SLAVE_BUSWIDTH_1_BYTE, DMA_SLAVE_BUSWIDTH_2_BYTES,
	DMA_SLAVE_BUSWIDTH_4_BYTES,
};

static const enum dma_slave_buswidth bad_widths[] = {
	DMA_SLAVE_BUSWIDTH_8_BYTES, DMA_SLAVE_BUSWIDTH_16_BYTES,
	DMA_SLAVE_BUSWIDTH_64_BYTES,
};

static void width_desc(const enum dma_slave_buswidth *w, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u-bytes", *w);
}

KUNIT_ARRAY_PARAM(good_width, good_widths, width_desc);
KUNIT_ARRAY_PARAM(bad_width, bad_widths, width_desc);

static void slave_config_accepts_advertised_width(struct kunit *test)
{
	const enum dma_slave_buswidth *w = test->param_value;
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_slave_config cfg = {
		.direction = DMA_MEM_TO_DEV,
		.dst_addr = 0x40000000,
		.dst_addr_width = *w,
		.dst_maxburst = 4,
	};
	struct dma_slave_caps caps;

	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	KUNIT_EXPECT_TRUE(test, caps.dst_addr_widths & BIT(*w));
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	KUNIT_EXPECT_EQ(test, to_tdma_chan(chan)->cfg.dst_addr_width, *w);
}

static void slave_config_refuses_unsupported_width(struct kunit *test)
{
	const enum dma_slave_buswidth *w = test->param_value;
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_slave_config cfg = {
		.direction = DMA_DEV_TO_MEM,
		.src_addr = 0x40000000,
		.src_addr_width = *w,
	};
	struct dma_slave_caps caps;

	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	KUNIT_EXPECT_FALSE(test, caps.src_addr_widths & BIT(*w));
	KUNIT_EXPECT_LT(test, dmaengine_slave_config(chan, &cfg), 0);
}

static void slave_config_refuses_burst_beyond_max(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_slave_config cfg = {
		.direction = DMA_MEM_TO_DEV,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
	};
	struct dma_slave_caps caps;

	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	cfg.dst_maxburst = caps.max_burst + 1;
	KUNIT_EXPECT_LT(test, dmaengine_slave_config(chan, &cfg), 0);
	cfg.dst_maxburst = caps.max_burst;
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
}

static void slave_config_without_callback_is_enosys(struct kunit *test)
{
	struct dma_slave_config cfg = {
		.direction = DMA_MEM_TO_DEV,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
	};

	struct dma_chan *chan = tdma_one(test, TDMA_NO_CONFIG);

	KUNIT_EXPECT_STREQ(test, tdma_errname(dmaengine_slave_config(chan,
								     &cfg)),
			   "-ENOSYS");
}

static void metadata_modes_are_reported(struct kunit *test)
{
	struct dma_chan *with = tdma_one(test, TDMA_METADATA);
	bool client, engine;

	client = dmaengine_is_metadata_mode_supported(with,
						      DESC_METADATA_CLIENT);
	engine = dmaengine_is_metadata_mode_supported(with,
						      DESC_METADATA_ENGINE);
	KUNIT_EXPECT_TRUE(test, client);
	KUNIT_EXPECT_TRUE(test, engine);
}

static void metadata_modes_absent_by_default(struct kunit *test)
{
	struct dma_chan *without = tdma_one(test, 0);
	bool client, engine;

	client = dmaengine_is_metadata_mode_supported(without,
						      DESC_METADATA_CLIENT);
	engine = dmaengine_is_metadata_mode_supported(without,
						      DESC_METADATA_ENGINE);
	KUNIT_EXPECT_FALSE(test, client);
	KUNIT_EXPECT_FALSE(test, engine);
}

static void capability_mask_is_visible_to_clients(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_MEMCPY_ONLY);

	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_MEMCPY,
					    chan->device->cap_mask));
	KUNIT_EXPECT_FALSE(test, dma_has_cap(DMA_SLAVE,
					     chan->device->cap_mask));
	KUNIT_EXPECT_FALSE(test, dma_has_cap(DMA_CYCLIC,
					     chan->device->cap_mask));
}

static struct kunit_case dmaengine_caps_cases[] = {
	KUNIT_CASE(slave_caps_mirror_the_device),
	KUNIT_CASE_PARAM(slave_caps_report_control_operations,
			 control_caps_gen_params),
	KUNIT_CASE_PARAM(slave_caps_report_descriptor_reuse, reuse_gen_params),
	KUNIT_CASE(slave_caps_of_memcpy_only_channel_is_enxio),
	KUNIT_CASE(slave_caps_null_arguments_are_einval),
	KUNIT_CASE_PARAM(slave_config_accepts_advertised_width,
			 good_width_gen_params),
	KUNIT_CASE_PARAM(slave_config_refuses_unsupported_width,
			 bad_width_gen_params),
	KUNIT_CASE(slave_config_refuses_burst_beyond_max),
	KUNIT_CASE(slave_config_without_callback_is_enosys),
	KUNIT_CASE(metadata_modes_are_reported),
	KUNIT_CASE(metadata_modes_absent_by_default),
	KUNIT_CASE(capability_mask_is_visible_to_clients),
	{}
};

static struct kunit_suite dmaengine_caps_suite = {
	.name = "dmaengine_caps",
	.test_cases = dmaengine_caps_cases,
};

kunit_test_suite(dmaengine_caps_suite);
