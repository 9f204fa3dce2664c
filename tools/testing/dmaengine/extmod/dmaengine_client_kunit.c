// SPDX-License-Identifier: GPL-2.0
/*
 * A client-side KUnit module built outside the kernel tree.
 *
 * It proves that the exported dmaengine client API is usable from an
 * external module and that requests which cannot be satisfied fail with an
 * error pointer rather than NULL or a crash. It asserts only what holds on
 * any machine, whatever controllers are present.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/dmaengine.h>
#include <linux/err.h>

/*
 * A device with no firmware node and no board-table entry gets no channel.
 * The core cannot tell "never" from "not yet" (a controller may still
 * register a matching map), so both errors are within the contract.
 */
static void request_by_name_without_description_fails(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "dma-client-nofw");
	struct dma_chan *chan;

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	chan = dma_request_chan(dev, "tx");
	KUNIT_ASSERT_TRUE(test, IS_ERR(chan));
	KUNIT_EXPECT_TRUE(test, PTR_ERR(chan) == -ENODEV ||
			  PTR_ERR(chan) == -EPROBE_DEFER);
}

/*
 * No controller in the test machine offers XOR with P+Q; with no controller
 * at all the core asks the caller to retry later instead.
 */
static void request_by_mask_nobody_offers_fails(struct kunit *test)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_PQ, mask);
	chan = dma_request_chan_by_mask(&mask);
	KUNIT_ASSERT_TRUE(test, IS_ERR(chan));
	KUNIT_EXPECT_TRUE(test, PTR_ERR(chan) == -ENODEV ||
			  PTR_ERR(chan) == -EPROBE_DEFER);
}

static void slave_caps_of_no_channel_is_einval(struct kunit *test)
{
	struct dma_slave_caps caps;

	KUNIT_EXPECT_EQ(test, dma_get_slave_caps(NULL, &caps), -EINVAL);
}

static struct kunit_case dmaengine_client_cases[] = {
	KUNIT_CASE(request_by_name_without_description_fails),
	KUNIT_CASE(request_by_mask_nobody_offers_fails),
	KUNIT_CASE(slave_caps_of_no_channel_is_einval),
	{}
};

static struct kunit_suite dmaengine_client_suite = {
	.name = "dmaengine_external_client",
	.test_cases = dmaengine_client_cases,
};

kunit_test_suite(dmaengine_client_suite);

MODULE_DESCRIPTION("dmaengine client API checks from an external module");
MODULE_LICENSE("GPL");
