// SPDX-License-Identifier: GPL-2.0
/*
 * A DMA controller without hardware, for the ACPI channel-lookup scenario.
 *
 * It binds to the two test controllers that the scenario's SSDT declares,
 * registers each as a dma_device with four slave channels, and registers an
 * ACPI translation that hands a client the channel its FixedDMA resource
 * names. The channel keeps the request line it was handed so the test can
 * see what the core resolved. Its channels move no data: preparing a
 * transfer returns NULL, which a client must treat as "cannot".
 */

#include <linux/acpi.h>
#include <linux/acpi_dma.h>
#include <linux/dmaengine.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include "../dmaengine.h"
#include "acpi_dma_test.h"

struct acpi_dma_test_controller {
	struct dma_device dma;
	struct acpi_dma_test_chan chans[ACPI_DMA_TEST_CHANNELS];
};

/*
 * Runs under the core's ACPI controller-list lock, in the requesting
 * client's process context. dma_get_slave_channel() refuses a channel that
 * is already taken, which the caller sees as "no channel here".
 */
static struct dma_chan *acpi_dma_test_xlate(struct acpi_dma_spec *spec,
					    struct acpi_dma *adma)
{
	struct acpi_dma_test_controller *ctrl = adma->data;
	struct dma_chan *chan;

	if (spec->dev != ctrl->dma.dev || spec->chan_id < 0 ||
	    spec->chan_id >= ACPI_DMA_TEST_CHANNELS) {
		dev_dbg(ctrl->dma.dev, "no channel %d here\n", spec->chan_id);
		return NULL;
	}

	chan = dma_get_slave_channel(&ctrl->chans[spec->chan_id].base);
	if (chan)
		to_acpi_dma_test_chan(chan)->slave_id = spec->slave_id;
	return chan;
}

static struct dma_async_tx_descriptor *
acpi_dma_test_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl,
			    unsigned int sg_len,
			    enum dma_transfer_direction direction,
			    unsigned long flags, void *context)
{
	return NULL;
}

static enum dma_status acpi_dma_test_tx_status(struct dma_chan *chan,
					       dma_cookie_t cookie,
					       struct dma_tx_state *state)
{
	return dma_cookie_status(chan, cookie, state);
}

static void acpi_dma_test_issue_pending(struct dma_chan *chan)
{
}

static void acpi_dma_test_free_chan_resources(struct dma_chan *chan)
{
	to_acpi_dma_test_chan(chan)->slave_id = -1;
}

static void acpi_dma_test_init_channels(struct acpi_dma_test_controller *ctrl)
{
	int i;

	INIT_LIST_HEAD(&ctrl->dma.channels);
	for (i = 0; i < ACPI_DMA_TEST_CHANNELS; i++) {
		struct acpi_dma_test_chan *c = &ctrl->chans[i];

		c->slave_id = -1;
		c->base.device = &ctrl->dma;
		dma_cookie_init(&c->base);
		list_add_tail(&c->base.device_node, &ctrl->dma.channels);
	}
}

static int acpi_dma_test_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct acpi_dma_test_controller *ctrl;
	struct dma_device *dma;
	int ret;

	ctrl = devm_kzalloc(dev, sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return -ENOMEM;

	dma = &ctrl->dma;
	dma->dev = dev;
	dma->device_free_chan_resources = acpi_dma_test_free_chan_resources;
	dma->device_prep_slave_sg = acpi_dma_test_prep_slave_sg;
	dma->device_issue_pending = acpi_dma_test_issue_pending;
	dma->device_tx_status = acpi_dma_test_tx_status;
	/* Private: only a named request may take these channels. */
	dma_cap_set(DMA_PRIVATE, dma->cap_mask);
	dma_cap_set(DMA_SLAVE, dma->cap_mask);
	dma->directions = BIT(DMA_DEV_TO_MEM) | BIT(DMA_MEM_TO_DEV);
	dma->src_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_4_BYTES);
	dma->dst_addr_widths = dma->src_addr_widths;
	dma->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	acpi_dma_test_init_channels(ctrl);

	/* devm undoes these in reverse: ACPI lookup goes before the device. */
	ret = dmaenginem_async_device_register(dma);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register DMA device\n");

	ret = devm_acpi_dma_controller_register(dev, acpi_dma_test_xlate, ctrl);
	if (ret)
		return dev_err_probe(dev, ret,
				     "cannot register ACPI DMA translation\n");
	return 0;
}

static const struct acpi_device_id acpi_dma_test_ids[] = {
	{ "DMAT0001" },
	{ "DMAT0002" },
	{}
};
MODULE_DEVICE_TABLE(acpi, acpi_dma_test_ids);

static struct platform_driver acpi_dma_test_driver = {
	.probe = acpi_dma_test_probe,
	.driver = {
		.name = ACPI_DMA_TEST_DRIVER,
		.acpi_match_table = acpi_dma_test_ids,
	},
};
module_platform_driver(acpi_dma_test_driver);

MODULE_DESCRIPTION("Data-less DMA controller for ACPI channel-lookup tests");
MODULE_LICENSE("GPL");
