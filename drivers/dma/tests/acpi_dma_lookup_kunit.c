// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit checks of ACPI DMA channel lookup against real firmware tables.
 *
 * The guest boots with the scenario's SSDT and CSRT (see
 * tools/testing/dmaengine/acpi/): two test controllers, each owning a range
 * of request lines, and two clients naming channels through FixedDMA
 * resources, one with a _DSD "dma-names" list and one relying on the
 * tx/rx convention, and one whose "dma-names" lacks "tx" and "rx" (which
 * then fall back to that convention). Each client asks the core for a channel by name, as a
 * driver does in probe, and the case checks which controller, channel and
 * request line it got.
 *
 * The scenario loads this module twice: first with expect_controllers=0,
 * before the controllers' driver is loaded, when every lookup of a
 * described channel must ask the client to retry later; then with the
 * controllers bound.
 */

#include <kunit/test.h>
#include <linux/acpi.h>
#include <linux/acpi_dma.h>
#include <linux/dmaengine.h>
#include <linux/module.h>

#include "acpi_dma_test.h"

static bool expect_controllers = true;
module_param(expect_controllers, bool, 0444);
MODULE_PARM_DESC(expect_controllers,
		 "Whether the test controllers' driver is loaded (default: yes)");

struct acpi_lookup_case {
	const char *desc;
	const char *client_uid;
	const char *name;
	const char *controller_hid;
	int chan_id;
	int slave_id;
};

static const struct acpi_lookup_case acpi_lookup_cases[] = {
	{ "dsd tx is B line 20 chan 3", "1", "tx", "DMAT0002", 3, 20 - 16 },
	{ "dsd rx is A line 5 chan 1", "1", "rx", "DMAT0001", 1, 5 },
	{ "convention tx is A line 6 chan 2", "2", "tx", "DMAT0001", 2, 6 },
	{ "convention rx is B line 17 chan 0", "2", "rx", "DMAT0002", 0, 17 - 16 },
	{ "fallback tx is A line 7 chan 3", "3", "tx", "DMAT0001", 3, 7 },
	{ "fallback rx is B line 18 chan 1", "3", "rx", "DMAT0002", 1, 18 - 16 },
};

static void acpi_lookup_case_desc(const struct acpi_lookup_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(acpi_lookup, acpi_lookup_cases, acpi_lookup_case_desc);

KUNIT_DEFINE_ACTION_WRAPPER(put_device_action, put_device, struct device *);
KUNIT_DEFINE_ACTION_WRAPPER(release_chan_action, dma_release_channel,
			    struct dma_chan *);

/* The platform device Linux made for the ACPI device with these IDs. */
static struct device *acpi_test_device(struct kunit *test, const char *hid,
				       const char *uid)
{
	struct acpi_device *adev;
	struct device *dev;

	adev = acpi_dev_get_first_match_dev(hid, uid, -1);
	KUNIT_ASSERT_NOT_NULL_MSG(test, adev,
				  "no ACPI device %s (uid %s): SSDT not loaded?",
				  hid, uid ?: "any");
	dev = get_device(acpi_get_first_physical_node(adev));
	acpi_dev_put(adev);
	KUNIT_ASSERT_NOT_NULL_MSG(test, dev, "%s has no physical device", hid);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_device_action,
							dev), 0);
	return dev;
}

static struct dma_chan *request_held(struct kunit *test, struct device *dev,
				     const char *name)
{
	struct dma_chan *chan = dma_request_chan(dev, name);

	if (!IS_ERR(chan))
		KUNIT_ASSERT_EQ(test,
				kunit_add_action_or_reset(test,
							  release_chan_action,
							  chan), 0);
	return chan;
}

static void named_channel_lands_on_described_controller(struct kunit *test)
{
	const struct acpi_lookup_case *c = test->param_value;
	struct device *client, *controller;
	struct dma_chan *chan;

	client = acpi_test_device(test, "DMAT0100", c->client_uid);
	chan = request_held(test, client, c->name);
	if (!expect_controllers) {
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(chan), -EPROBE_DEFER);
		return;
	}

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(chan), "request failed: %ld",
			       PTR_ERR(chan));
	controller = acpi_test_device(test, c->controller_hid, NULL);
	KUNIT_EXPECT_PTR_EQ(test, chan->device->dev, controller);
	KUNIT_ASSERT_STREQ(test, chan->device->dev->driver->name,
			   ACPI_DMA_TEST_DRIVER);
	KUNIT_EXPECT_EQ(test, chan->chan_id, c->chan_id);
	KUNIT_EXPECT_EQ(test, to_acpi_dma_test_chan(chan)->slave_id,
			c->slave_id);
}

/*
 * A held channel is not handed to a second request for the same name; the
 * owning controller's xlate gives nothing, which means "retry later".
 */
static void held_channel_is_not_handed_out_twice(struct kunit *test)
{
	static const char * const names[] = { "rx", "tx" };	/* A, then B */
	struct device *client = acpi_test_device(test, "DMAT0100", "1");
	int i;

	if (!expect_controllers)
		kunit_skip(test, "needs the controllers");

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		struct dma_chan *first = request_held(test, client, names[i]);

		KUNIT_ASSERT_FALSE(test, IS_ERR(first));
		KUNIT_EXPECT_EQ_MSG(test,
				    PTR_ERR_OR_ZERO(request_held(test, client,
								 names[i])),
				    -EPROBE_DEFER, "second \"%s\"", names[i]);
	}
}

/* A name neither in _DSD nor tx/rx is not a channel, whatever is loaded. */
static void unknown_name_is_enodev(struct kunit *test)
{
	static const char * const uids[] = { "1", "2", "3" };
	int i;

	for (i = 0; i < ARRAY_SIZE(uids); i++) {
		struct device *client = acpi_test_device(test, "DMAT0100",
							 uids[i]);

		KUNIT_EXPECT_EQ_MSG(test,
				    PTR_ERR_OR_ZERO(request_held(test, client,
								 "video")),
				    -ENODEV, "client uid %s", uids[i]);
	}
}

/* Asking for a FixedDMA resource the client does not have. */
static void index_past_resources_is_enodev(struct kunit *test)
{
	struct device *client = acpi_test_device(test, "DMAT0100", "2");
	struct dma_chan *chan;

	chan = acpi_dma_request_slave_chan_by_index(client, 2);
	if (!IS_ERR(chan))
		dma_release_channel(chan);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(chan), -ENODEV);
}

/* By index, the _DSD order is irrelevant: index 1 is the second FixedDMA. */
static void by_index_ignores_names(struct kunit *test)
{
	struct device *client = acpi_test_device(test, "DMAT0100", "1");
	struct dma_chan *chan;

	if (!expect_controllers)
		kunit_skip(test, "needs the controllers");

	chan = acpi_dma_request_slave_chan_by_index(client, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	KUNIT_EXPECT_EQ(test, chan->chan_id, 3);
	KUNIT_EXPECT_EQ(test, to_acpi_dma_test_chan(chan)->slave_id, 4);
	dma_release_channel(chan);
}

static struct kunit_case acpi_dma_lookup_cases[] = {
	KUNIT_CASE_PARAM(named_channel_lands_on_described_controller,
			 acpi_lookup_gen_params),
	KUNIT_CASE(held_channel_is_not_handed_out_twice),
	KUNIT_CASE(unknown_name_is_enodev),
	KUNIT_CASE(index_past_resources_is_enodev),
	KUNIT_CASE(by_index_ignores_names),
	{}
};

static struct kunit_suite acpi_dma_lookup_suite = {
	.name = "acpi_dma_lookup",
	.test_cases = acpi_dma_lookup_cases,
};

kunit_test_suite(acpi_dma_lookup_suite);

MODULE_DESCRIPTION("KUnit checks of ACPI DMA channel lookup");
MODULE_LICENSE("GPL");
