// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper for the dmacard scenarios: makes the edu controller lose its
 * next completion interrupts, through edu's KUnit-only hook, so that the
 * card's requests time out on a controller that went quiet. Writing N to
 * /sys/module/dmacard_lose_irq/parameters/count arms edu to drop the next
 * N interrupts; 0 disarms it.
 */

#include <linux/dmaengine.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "../../dma/edu/edu.h"

/* Any free channel of an edu controller: the hook acts on its engine. */
static bool dmacard_lose_irq_is_edu(struct dma_chan *chan, void *unused)
{
	const char *drv = dev_driver_string(chan->device->dev);

	return drv && !strcmp(drv, "edu_dma");
}

static int dmacard_lose_irq_set(const char *val, const struct kernel_param *kp)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;
	unsigned int count;
	int ret;

	ret = kstrtouint(val, 0, &count);
	if (ret)
		return ret;
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = dma_request_channel(mask, dmacard_lose_irq_is_edu, NULL);
	if (!chan)
		return -ENODEV;
	edu_test_drop_irqs(chan, count);
	dma_release_channel(chan);
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops dmacard_lose_irq_ops = {
	.set = dmacard_lose_irq_set,
	.get = param_get_uint,
};

static unsigned int count;
module_param_cb(count, &dmacard_lose_irq_ops, &count, 0644);
MODULE_PARM_DESC(count, "Completion interrupts edu is to ignore from now on");

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("dmacard test helper: lost edu interrupts");
MODULE_LICENSE("GPL");
