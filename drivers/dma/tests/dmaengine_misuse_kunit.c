// SPDX-License-Identifier: GPL-2.0
/*
 * The misuse checker of our core (CONFIG_DMA_ENGINE_DEBUG_MISUSE): each
 * kind of misuse is reported once and the harmful step refused, and a
 * correct client is never reported. Misuses that would touch freed memory
 * for real are played on a descriptor the test owns, through the checker's
 * hooks, so that the run stays KASAN-clean; the others go through the
 * public API and a software provider. Skips without the checker and on
 * upstream's core, which has none.
 */

#include <kunit/test.h>
#include <linux/dmaengine.h>

#include "dmaengine_test_provider.h"
#include "../dmaengine.h"

#define TLEN	256

#if IS_ENABLED(CONFIG_DMA_ENGINE_DEBUG_MISUSE) && defined(_DRIVERS_DMA_DMAENGINE_H)

struct misuse_fixture {
	struct tdma_dev *td;
	struct dma_chan *chan;
	struct tdma_rec *rec;
	unsigned long before[DMAENGINE_MISUSE_KINDS];
};

static int misuse_init(struct kunit *test)
{
	struct misuse_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	unsigned int k;

	if (!f)
		return -ENOMEM;
	f->td = tdma_create(test, 1, TDMA_REUSE, NULL, 0);
	f->chan = tdma_request(test, f->td);
	f->rec = tdma_rec_new(test, 0);
	for (k = 0; k < DMAENGINE_MISUSE_KINDS; k++)
		f->before[k] = dmaengine_misuse_reports(k);
	test->priv = f;
	return 0;
}

/* Reports of @kind since the case began. */
static unsigned long reported(struct kunit *test, enum dmaengine_misuse kind)
{
	struct misuse_fixture *f = test->priv;

	return dmaengine_misuse_reports(kind) - f->before[kind];
}

static unsigned long reported_total(struct kunit *test)
{
	unsigned long sum = 0;
	unsigned int k;

	for (k = 0; k < DMAENGINE_MISUSE_KINDS; k++)
		sum += reported(test, k);
	return sum;
}

static struct dma_async_tx_descriptor *prep(struct kunit *test,
					    unsigned int slot)
{
	struct misuse_fixture *f = test->priv;
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(f->chan, 0x1000, 0x2000, TLEN,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, f->rec, slot, true);
	return tx;
}

static void correct_client_is_not_reported(struct kunit *test)
{
	struct misuse_fixture *f = test->priv;
	struct dma_async_tx_descriptor *tx;

	tdma_rec_arm(f->rec, 2);
	KUNIT_EXPECT_GT(test, dmaengine_submit(prep(test, 0)), 0);
	tx = prep(test, 1);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	KUNIT_EXPECT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(f->chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));

	/* A reusable descriptor goes round again, after a terminate too. */
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(f->chan), 0);
	tdma_rec_arm(f->rec, 3);
	KUNIT_EXPECT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(f->chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
	KUNIT_EXPECT_EQ(test, reported_total(test), 0UL);
}

static void submit_twice_is_refused(struct kunit *test)
{
	struct misuse_fixture *f = test->priv;
	struct dma_async_tx_descriptor *tx = prep(test, 0);

	tdma_rec_arm(f->rec, 1);
	KUNIT_EXPECT_GT(test, dmaengine_submit(tx), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_submit(tx), -EINVAL);
	KUNIT_EXPECT_EQ(test, reported(test, DMAENGINE_MISUSE_SUBMIT_TWICE), 1UL);

	dma_async_issue_pending(f->chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_EQ(test, f->rec->slots[0].calls, 1U);
	KUNIT_EXPECT_EQ(test, reported_total(test), 1UL);
}

static void issue_on_released_channel_is_reported(struct kunit *test)
{
	struct misuse_fixture *f = test->priv;

	tdma_put_chan(test, f->chan);
	dma_async_issue_pending(f->chan);
	KUNIT_EXPECT_EQ(test, reported(test, DMAENGINE_MISUSE_ISSUE_RELEASED),
			1UL);
}

/*
 * The next cases play the provider's part on a descriptor owned by the
 * test: prep, free and completion hooks are what virt-dma calls.
 */
static struct dma_async_tx_descriptor *fake_desc(struct kunit *test)
{
	struct misuse_fixture *f = test->priv;
	struct dma_async_tx_descriptor *tx;

	tx = kunit_kzalloc(test, sizeof(*tx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	dma_async_tx_descriptor_init(tx, f->chan);
	dmaengine_debug_prep(tx);
	return tx;
}

static void submit_after_terminate_is_refused(struct kunit *test)
{
	struct misuse_fixture *f = test->priv;
	struct dma_async_tx_descriptor *tx = fake_desc(test);

	dmaengine_debug_terminate(f->chan);
	KUNIT_EXPECT_EQ(test, dmaengine_debug_submit(tx), -EINVAL);
	KUNIT_EXPECT_EQ(test,
			reported(test, DMAENGINE_MISUSE_SUBMIT_AFTER_TERMINATE),
			1UL);
	dmaengine_debug_free(tx);
}

static void submit_after_free_is_refused(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx = fake_desc(test);

	dmaengine_debug_free(tx);
	KUNIT_EXPECT_EQ(test, dmaengine_debug_submit(tx), -EINVAL);
	KUNIT_EXPECT_EQ(test, reported(test, DMAENGINE_MISUSE_SUBMIT_AFTER_FREE),
			1UL);
}

static void completion_after_free_is_dropped(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx = fake_desc(test);

	KUNIT_EXPECT_EQ(test, dmaengine_debug_submit(tx), 0);
	KUNIT_EXPECT_TRUE(test, dmaengine_debug_complete(tx));
	dmaengine_debug_free(tx);
	KUNIT_EXPECT_FALSE(test, dmaengine_debug_complete(tx));
	KUNIT_EXPECT_EQ(test,
			reported(test, DMAENGINE_MISUSE_COMPLETE_AFTER_FREE),
			1UL);
}

static void freed_address_reused_by_new_prep_is_clean(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx = fake_desc(test);

	dmaengine_debug_free(tx);
	dmaengine_debug_prep(tx);
	KUNIT_EXPECT_EQ(test, dmaengine_debug_submit(tx), 0);
	KUNIT_EXPECT_TRUE(test, dmaengine_debug_complete(tx));
	dmaengine_debug_free(tx);
	KUNIT_EXPECT_EQ(test, reported_total(test), 0UL);
}

static struct kunit_case misuse_cases[] = {
	KUNIT_CASE(correct_client_is_not_reported),
	KUNIT_CASE(submit_twice_is_refused),
	KUNIT_CASE(issue_on_released_channel_is_reported),
	KUNIT_CASE(submit_after_terminate_is_refused),
	KUNIT_CASE(submit_after_free_is_refused),
	KUNIT_CASE(completion_after_free_is_dropped),
	KUNIT_CASE(freed_address_reused_by_new_prep_is_clean),
	{}
};

#else

static int misuse_init(struct kunit *test)
{
	return 0;
}

static void misuse_checker_absent(struct kunit *test)
{
	kunit_skip(test, "no misuse checker: upstream core or CONFIG_DMA_ENGINE_DEBUG_MISUSE=n");
}

static struct kunit_case misuse_cases[] = {
	KUNIT_CASE(misuse_checker_absent),
	{}
};

#endif

static struct kunit_suite misuse_suite = {
	.name = "dmaengine_misuse",
	.init = misuse_init,
	.test_cases = misuse_cases,
};

kunit_test_suite(misuse_suite);
