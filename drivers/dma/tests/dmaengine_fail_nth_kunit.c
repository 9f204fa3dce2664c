// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: dma_async_device_register() under allocation failure. With
 * fail-nth (CONFIG_FAULT_INJECTION) the n-th allocation the registration
 * makes fails, for n = 1, 2, ... until one is left unused. A failed
 * registration returns an error and leaves nothing of the controller
 * behind (no channel of it can be had); one that got over its failure is
 * whole. KASAN and KMEMLEAK judge the rest.
 *
 * failslab and fail_page_alloc count sleeping allocations only when
 * told to (ignore-gfp-wait N in debugfs): the guest's scenario
 * 58-dmaengine-register-fail-nth.sh does that and runs this suite again
 * through debugfs. The guest runs it at boot too (its debugfs files exist
 * only then). KUnit never runs again a case that skipped, so the case
 * must not skip there, and with the defaults the count is not fixed:
 * boots of one kernel counted 0, 1, 2 or 3 non-sleeping allocations.
 * With nothing counted the case checks what is left: the armed but
 * unreached failure leaves the registration whole.
 */

#include <kunit/test.h>
#include <linux/dmaengine.h>
#include <linux/sched.h>

#include "../dmaengine.h"
#include "dmaengine_test_provider.h"

#define FAIL_NTH_LIMIT	1000

#ifdef CONFIG_FAULT_INJECTION
/* Registers @td with its @n-th counted call failing; *@left: what remained. */
static int register_nth(struct kunit *test, struct tdma_dev *td,
			unsigned int n, unsigned int *left)
{
	int ret;

	WRITE_ONCE(current->fail_nth, n);
	ret = dma_async_device_register(&td->dma);
	*left = READ_ONCE(current->fail_nth);
	WRITE_ONCE(current->fail_nth, 0);
	if (!ret)
		tdma_registered(test, td);
	return ret;
}

/* Whether a channel of @td can be had (and given back). */
static bool has_channel(struct tdma_dev *td)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_channel(mask, tdma_filter_any, td);
	if (!chan)
		return false;
	dma_release_channel(chan);
	return true;
}

static void register_fails_cleanly_at_each_allocation(struct kunit *test)
{
	unsigned int n, left = 0, failed = 0, over = 0;
	struct tdma_dev *td;
	int ret;

#ifndef _DRIVERS_DMA_DMAENGINE_H
	/*
	 * Linux 6.12 kfree()s a channel's device after a failed
	 * device_register() instead of putting it, so every failure there
	 * leaks the name dev_set_name() gave it: KMEMLEAK would report
	 * upstream's leak, not the contract.
	 */
	kunit_skip(test, "upstream's core leaks a failed channel registration's device name");
#endif
	for (n = 1; n <= FAIL_NTH_LIMIT; n++) {
		td = tdma_alloc(test, 2, 0, NULL, 0);
		ret = register_nth(test, td, n, &left);
		if (left) {
			/* Past the last allocation: a clean registration. */
			KUNIT_EXPECT_EQ(test, ret, 0);
			KUNIT_EXPECT_TRUE(test, has_channel(td));
			break;
		}
		if (!ret) {
			KUNIT_EXPECT_TRUE_MSG(test, has_channel(td),
					      "over the failure at %u, but no channel",
					      n);
			tdma_unregister(test, td);
			over++;
			continue;
		}
		KUNIT_EXPECT_TRUE_MSG(test, ret < 0 && ret >= -MAX_ERRNO,
				      "failure at %u: %d is no errno", n, ret);
		KUNIT_EXPECT_FALSE_MSG(test, has_channel(td),
				       "failure at %u (%d): a channel of the failed controller was handed out",
				       n, ret);
		failed++;
	}
	KUNIT_EXPECT_NE_MSG(test, left, 0, "still failing at %u", n);
	kunit_info(test, "%u injection points: %u failed cleanly, %u got over it\n",
		   n - 1, failed, over);
}
#else
static void register_fails_cleanly_at_each_allocation(struct kunit *test)
{
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
}
#endif

static struct kunit_case dmaengine_fail_nth_cases[] = {
	KUNIT_CASE(register_fails_cleanly_at_each_allocation),
	{}
};

static struct kunit_suite dmaengine_fail_nth_suite = {
	.name = "dmaengine_fail_nth",
	.test_cases = dmaengine_fail_nth_cases,
};

kunit_test_suite(dmaengine_fail_nth_suite);
