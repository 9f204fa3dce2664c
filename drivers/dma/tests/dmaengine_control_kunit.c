// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: stopping a channel. After dmaengine_terminate_sync returns, or
 * dmaengine_terminate_async followed by dmaengine_synchronize, no callback
 * of an earlier descriptor runs; a paused channel makes no progress until
 * resumed; a channel without an operation says so with an error.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>

#include "dmaengine_test_provider.h"

#define TLEN	4096
#define QUIET_MS 20

struct ctl {
	struct dma_chan *chan;
	struct tdma_chan *tc;
	struct tdma_rec *rec;
};

static struct ctl *ctl_new(struct kunit *test, unsigned int features)
{
	struct ctl *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->chan = tdma_request(test, tdma_create(test, 1, features, NULL, 0));
	c->tc = to_tdma_chan(c->chan);
	c->rec = tdma_rec_new(test, 0);
	return c;
}

static void submit_n(struct kunit *test, struct ctl *c, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		tdma_submit_memcpy(test, c->chan, c->rec, i, TLEN);
	dma_async_issue_pending(c->chan);
}

/* No callback may appear once the channel has been stopped. */
static void expect_silence(struct kunit *test, struct ctl *c, unsigned int n)
{
	unsigned int i;

	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(c->rec), n);
	for (i = 0; i < TDMA_MAX_SLOTS; i++)
		KUNIT_EXPECT_LE(test, c->rec->slots[i].calls, 1);
}

static void terminate_sync_drops_pending_work(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);

	tdma_hold(c->tc, true);
	submit_n(test, c, 4);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	tdma_hold(c->tc, false);
	expect_silence(test, c, 0);
}

static void terminate_sync_drops_submitted_not_issued(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);

	tdma_submit_memcpy(test, c->chan, c->rec, 0, TLEN);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	dma_async_issue_pending(c->chan);
	expect_silence(test, c, 0);
}

static void no_callback_after_terminate_sync_returns(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);
	unsigned int seen;

	submit_n(test, c, 32);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	seen = tdma_rec_count(c->rec);
	expect_silence(test, c, seen);
}

static void terminate_async_then_synchronize(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);
	unsigned int seen;

	submit_n(test, c, 32);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(c->chan), 0);
	dmaengine_synchronize(c->chan);
	seen = tdma_rec_count(c->rec);
	expect_silence(test, c, seen);
}

static void terminate_all_wrapper_still_works(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);

	tdma_hold(c->tc, true);
	submit_n(test, c, 2);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_all(c->chan), 0);
	dmaengine_synchronize(c->chan);
	tdma_hold(c->tc, false);
	expect_silence(test, c, 0);
}

static void terminate_idle_channel_succeeds(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);

	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
}

static void channel_works_after_terminate(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);
	dma_cookie_t before, after;

	tdma_hold(c->tc, true);
	before = tdma_submit_memcpy(test, c->chan, c->rec, 0, TLEN);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	tdma_hold(c->tc, false);
	tdma_rec_arm(c->rec, 1);
	after = tdma_submit_memcpy(test, c->chan, c->rec, 1, TLEN);
	KUNIT_EXPECT_GT(test, after, before);
	dma_async_issue_pending(c->chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(c->rec));
	KUNIT_EXPECT_EQ(test, c->rec->slots[0].calls, 0);
	KUNIT_EXPECT_EQ(test, c->rec->slots[1].calls, 1);
}

/*
 * Unlike pause, resume and slave_config, which answer -ENOSYS, Linux 6.12
 * answers -EINVAL for a missing device_terminate_all. Nothing documents
 * either code, so clients can only have come to rely on these.
 */
static void terminate_without_callback_is_einval(struct kunit *test)
{
	struct ctl *c = ctl_new(test, TDMA_NO_TERMINATE);

	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(c->chan), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), -EINVAL);
}

static void terminate_stops_cyclic_transfer(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);
	struct dma_async_tx_descriptor *tx;
	unsigned int seen;

	tx = dmaengine_prep_dma_cyclic(c->chan, 0x1000, TLEN, TLEN / 4,
				       DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, c->rec, 0, false);
	tdma_rec_arm(c->rec, 2);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(c->chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(c->rec));
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	seen = tdma_rec_count(c->rec);
	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(c->rec), seen);
}

static void pause_holds_progress_until_resume(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);
	dma_cookie_t cookie;

	KUNIT_ASSERT_EQ(test, dmaengine_pause(c->chan), 0);
	tdma_rec_arm(c->rec, 1);
	cookie = tdma_submit_memcpy(test, c->chan, c->rec, 0, TLEN);
	dma_async_issue_pending(c->chan);
	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(c->rec), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(c->chan, cookie, NULL),
			DMA_PAUSED);
	KUNIT_EXPECT_EQ(test, dmaengine_resume(c->chan), 0);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(c->rec));
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(c->chan, cookie, NULL),
			DMA_COMPLETE);
}

static void pause_keeps_residue(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);
	struct dma_tx_state st;
	dma_cookie_t cookie;

	tdma_hold(c->tc, true);
	cookie = tdma_submit_memcpy(test, c->chan, c->rec, 0, TLEN);
	dma_async_issue_pending(c->chan);
	KUNIT_ASSERT_TRUE(test, tdma_step(c->tc, TLEN / 2));
	KUNIT_ASSERT_EQ(test, dmaengine_pause(c->chan), 0);
	tdma_hold(c->tc, false);
	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(c->chan, cookie, &st),
			DMA_PAUSED);
	KUNIT_EXPECT_EQ(test, st.residue, TLEN / 2);
	tdma_rec_arm(c->rec, 1);
	KUNIT_EXPECT_EQ(test, dmaengine_resume(c->chan), 0);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(c->rec));
}

static void terminate_while_paused_drops_work(struct kunit *test)
{
	struct ctl *c = ctl_new(test, 0);

	KUNIT_ASSERT_EQ(test, dmaengine_pause(c->chan), 0);
	submit_n(test, c, 3);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	expect_silence(test, c, 0);
}

static void pause_resume_without_callbacks_is_enosys(struct kunit *test)
{
	struct ctl *c = ctl_new(test, TDMA_NO_PAUSE);
	const char *pause = tdma_errname(dmaengine_pause(c->chan));
	const char *resume = tdma_errname(dmaengine_resume(c->chan));

	KUNIT_EXPECT_STREQ(test, pause, "-ENOSYS");
	KUNIT_EXPECT_STREQ(test, resume, "-ENOSYS");
}

static struct kunit_case dmaengine_control_cases[] = {
	KUNIT_CASE(terminate_sync_drops_pending_work),
	KUNIT_CASE(terminate_sync_drops_submitted_not_issued),
	KUNIT_CASE(no_callback_after_terminate_sync_returns),
	KUNIT_CASE(terminate_async_then_synchronize),
	KUNIT_CASE(terminate_all_wrapper_still_works),
	KUNIT_CASE(terminate_idle_channel_succeeds),
	KUNIT_CASE(channel_works_after_terminate),
	KUNIT_CASE(terminate_without_callback_is_einval),
	KUNIT_CASE(terminate_stops_cyclic_transfer),
	KUNIT_CASE(pause_holds_progress_until_resume),
	KUNIT_CASE(pause_keeps_residue),
	KUNIT_CASE(terminate_while_paused_drops_work),
	KUNIT_CASE(pause_resume_without_callbacks_is_enosys),
	{}
};

static struct kunit_suite dmaengine_control_suite = {
	.name = "dmaengine_control",
	.test_cases = dmaengine_control_cases,
};

kunit_test_suite(dmaengine_control_suite);
