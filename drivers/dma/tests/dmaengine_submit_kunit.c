// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: submission and completion. Cookies grow with each submit,
 * nothing starts before dma_async_issue_pending, every callback runs once
 * and in submission order, and tx_status and the result report what the
 * transfer did.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>

#include "dmaengine_test_provider.h"

#define TLEN	4096
#define QUIET_MS 20

struct tdma_fixture {
	struct tdma_dev *td;
	struct dma_chan *chan;
	struct tdma_chan *tc;
	struct tdma_rec *rec;
};

static struct tdma_fixture *fix(struct kunit *test)
{
	return test->priv;
}

static int submit_init(struct kunit *test)
{
	struct tdma_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->td = tdma_create(test, 1, TDMA_REUSE, NULL, 0);
	f->chan = tdma_request(test, f->td);
	f->tc = to_tdma_chan(f->chan);
	f->rec = tdma_rec_new(test, 0);
	test->priv = f;
	return 0;
}

/* Submits @n memcpy descriptors into slots 0..n-1 and issues them. */
static void submit_n(struct kunit *test, unsigned int n)
{
	struct tdma_fixture *f = fix(test);
	unsigned int i;

	tdma_rec_arm(f->rec, n);
	for (i = 0; i < n; i++)
		tdma_submit_memcpy(test, f->chan, f->rec, i, TLEN);
	dma_async_issue_pending(f->chan);
}

static void cookies_increase_with_each_submit(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	unsigned int i;

	submit_n(test, 8);
	for (i = 1; i < 8; i++)
		KUNIT_EXPECT_GT(test, f->rec->slots[i].cookie,
				f->rec->slots[i - 1].cookie);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
}

static void nothing_runs_before_issue_pending(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	dma_cookie_t cookie;

	tdma_rec_arm(f->rec, 1);
	cookie = tdma_submit_memcpy(test, f->chan, f->rec, 0, TLEN);
	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(f->rec), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(f->chan, cookie, NULL),
			DMA_IN_PROGRESS);
	dma_async_issue_pending(f->chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
}

static void callbacks_run_in_submission_order(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	unsigned int i;

	submit_n(test, 16);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, f->rec->order[i], i);
}

static void each_callback_runs_exactly_once(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	unsigned int i;

	submit_n(test, 12);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(f->rec), 12);
	for (i = 0; i < 12; i++)
		KUNIT_EXPECT_EQ(test, f->rec->slots[i].calls, 1);
}

static void issue_pending_in_batches_keeps_order(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	unsigned int i;

	tdma_rec_arm(f->rec, 9);
	for (i = 0; i < 9; i++) {
		tdma_submit_memcpy(test, f->chan, f->rec, i, TLEN);
		if (i % 3 == 2)
			dma_async_issue_pending(f->chan);
	}
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	for (i = 0; i < 9; i++)
		KUNIT_EXPECT_EQ(test, f->rec->order[i], i);
}

static void callback_result_reports_success(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct tdma_slot *s = &f->rec->slots[0];

	submit_n(test, 1);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_TRUE(test, s->result_seen);
	KUNIT_EXPECT_EQ(test, s->result.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, s->result.residue, 0);
}

static void plain_callback_runs_without_result(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct dma_async_tx_descriptor *tx;

	tdma_rec_arm(f->rec, 1);
	tx = dmaengine_prep_dma_memcpy(f->chan, 0x2000, 0x1000, TLEN,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, f->rec, 0, false);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(f->chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_EQ(test, f->rec->slots[0].calls, 1);
	KUNIT_EXPECT_FALSE(test, f->rec->slots[0].result_seen);
}

/* With both set, callback_result wins and the plain callback never runs. */
static void callback_result_takes_precedence(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct dma_async_tx_descriptor *tx;

	tdma_rec_arm(f->rec, 1);
	tx = dmaengine_prep_dma_memcpy(f->chan, 0x2000, 0x1000, TLEN,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, f->rec, 0, false);
	tdma_set_cb(tx, f->rec, 0, true);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(f->chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, f->rec->slots[0].calls, 1);
	KUNIT_EXPECT_TRUE(test, f->rec->slots[0].result_seen);
}

static void failed_transfer_reports_error_and_residue(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct tdma_slot *s = &f->rec->slots[0];

	tdma_fail_next(f->tc);
	submit_n(test, 1);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_EQ(test, s->result.result, DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, s->result.residue, TLEN);
}

static void failure_does_not_stop_later_transfers(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);

	tdma_rec_arm(f->rec, 2);
	tdma_fail_next(f->tc);
	tdma_submit_memcpy(test, f->chan, f->rec, 0, TLEN);
	tdma_submit_memcpy(test, f->chan, f->rec, 1, TLEN);
	dma_async_issue_pending(f->chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_NE(test, f->rec->slots[0].result.result,
			DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, f->rec->slots[1].result.result,
			DMA_TRANS_NOERROR);
}

static void transfer_without_callback_completes(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	tx = dmaengine_prep_dma_memcpy(f->chan, 0x2000, 0x1000, TLEN, 0);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = dmaengine_submit(tx);
	KUNIT_EXPECT_EQ(test, dma_sync_wait(f->chan, cookie), DMA_COMPLETE);
}

static void tx_status_complete_after_callback(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	dma_cookie_t last, used;
	struct dma_tx_state st;

	submit_n(test, 2);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(f->chan,
						  f->rec->slots[1].cookie, &st),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, st.residue, 0);
	KUNIT_EXPECT_GE(test, st.last, f->rec->slots[1].cookie);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(f->chan,
						       f->rec->slots[0].cookie,
						       &last, &used),
			DMA_COMPLETE);
	KUNIT_EXPECT_GE(test, used, f->rec->slots[1].cookie);
	KUNIT_EXPECT_GE(test, last, f->rec->slots[1].cookie);
}

static void tx_status_without_state_is_allowed(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	dma_cookie_t cookie;

	tdma_hold(f->tc, true);
	cookie = tdma_submit_memcpy(test, f->chan, f->rec, 0, TLEN);
	dma_async_issue_pending(f->chan);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(f->chan, cookie, NULL),
			DMA_IN_PROGRESS);
	tdma_rec_arm(f->rec, 1);
	tdma_hold(f->tc, false);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(f->chan, cookie, NULL),
			DMA_COMPLETE);
}

static void residue_shrinks_as_the_transfer_advances(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct dma_tx_state st;
	dma_cookie_t cookie;
	u32 prev = TLEN + 1;
	int i;

	tdma_hold(f->tc, true);
	tdma_rec_arm(f->rec, 1);
	cookie = tdma_submit_memcpy(test, f->chan, f->rec, 0, TLEN);
	dma_async_issue_pending(f->chan);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, dmaengine_tx_status(f->chan, cookie, &st),
				DMA_IN_PROGRESS);
		KUNIT_EXPECT_LT(test, st.residue, prev);
		KUNIT_EXPECT_EQ(test, st.residue, TLEN - i * TLEN / 4);
		prev = st.residue;
		KUNIT_ASSERT_TRUE(test, tdma_step(f->tc, TLEN / 4));
	}
	KUNIT_ASSERT_TRUE(test, tdma_step(f->tc, TLEN / 4));
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(f->chan, cookie, &st),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, st.residue, 0);
}

static void queued_cookie_reports_full_residue(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct dma_tx_state st;
	dma_cookie_t second;

	tdma_hold(f->tc, true);
	tdma_submit_memcpy(test, f->chan, f->rec, 0, TLEN);
	second = tdma_submit_memcpy(test, f->chan, f->rec, 1, 2 * TLEN);
	dma_async_issue_pending(f->chan);
	KUNIT_ASSERT_TRUE(test, tdma_step(f->tc, TLEN / 2));
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(f->chan, second, &st),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, st.residue, 2 * TLEN);
	tdma_rec_arm(f->rec, 2);
	tdma_hold(f->tc, false);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
}

static void sync_wait_issues_and_waits(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	dma_cookie_t cookie;

	tdma_rec_arm(f->rec, 1);
	cookie = tdma_submit_memcpy(test, f->chan, f->rec, 0, TLEN);
	/* No explicit issue_pending: dma_sync_wait does it. */
	KUNIT_EXPECT_EQ(test, dma_sync_wait(f->chan, cookie), DMA_COMPLETE);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(f->rec));
}

static void wait_for_async_tx_on_reusable_descriptor(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(f->chan, 0x2000, 0x1000, TLEN, 0);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	/* Reuse keeps the descriptor alive for the wait to read. */
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	KUNIT_EXPECT_EQ(test, dma_wait_for_async_tx(tx), DMA_COMPLETE);
	/* Completion is reported before the descriptor is idle again. */
	dmaengine_synchronize(f->chan);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
}

static void issue_pending_with_nothing_submitted(struct kunit *test)
{
	struct tdma_fixture *f = fix(test);
	unsigned int before = tdma_issue_calls(f->tc);

	dma_async_issue_pending(f->chan);
	KUNIT_EXPECT_EQ(test, tdma_issue_calls(f->tc), before + 1);
	msleep(QUIET_MS);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(f->rec), 0);
}

struct cookie_case {
	const char *name;
	dma_cookie_t cookie, last_complete, last_used;
	enum dma_status want;
};

static const struct cookie_case cookie_cases[] = {
	{ "done", 5, 7, 9, DMA_COMPLETE },
	{ "pending", 8, 7, 9, DMA_IN_PROGRESS },
	{ "last-done", 7, 7, 9, DMA_COMPLETE },
	{ "wrapped-done", 2, 3, 1, DMA_COMPLETE },
	{ "wrapped-pending", 1, 100, 5, DMA_IN_PROGRESS },
	{ "idle-channel", 4, 9, 9, DMA_COMPLETE },
	{ "newer-than-used", 10, 7, 9, DMA_COMPLETE },
	{ "pending-at-int-max", INT_MAX, INT_MAX - 1, INT_MAX, DMA_IN_PROGRESS },
	{ "wrapped-pending-high", INT_MAX, INT_MAX - 2, 2, DMA_IN_PROGRESS },
	{ "wrapped-done-at-int-max", INT_MAX, INT_MAX, 2, DMA_COMPLETE },
	{ "wrapped-done-low", 3, INT_MAX - 2, 2, DMA_COMPLETE },
	/* Error cookies from a failed submit: what the two-case test says. */
	{ "error-cookie", -EBUSY, 7, 9, DMA_COMPLETE },
	{ "wrapped-error-cookie", -EBUSY, INT_MAX - 2, 2, DMA_IN_PROGRESS },
};

static void cookie_case_desc(const struct cookie_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cookie, cookie_cases, cookie_case_desc);

/* dma_async_is_complete must cope with cookies that wrapped around. */
static void is_complete_compares_cookies(struct kunit *test)
{
	const struct cookie_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, dma_async_is_complete(c->cookie,
						    c->last_complete,
						    c->last_used), c->want);
}

static struct kunit_case dmaengine_submit_cases[] = {
	KUNIT_CASE(cookies_increase_with_each_submit),
	KUNIT_CASE(nothing_runs_before_issue_pending),
	KUNIT_CASE(callbacks_run_in_submission_order),
	KUNIT_CASE(each_callback_runs_exactly_once),
	KUNIT_CASE(issue_pending_in_batches_keeps_order),
	KUNIT_CASE(callback_result_reports_success),
	KUNIT_CASE(plain_callback_runs_without_result),
	KUNIT_CASE(callback_result_takes_precedence),
	KUNIT_CASE(failed_transfer_reports_error_and_residue),
	KUNIT_CASE(failure_does_not_stop_later_transfers),
	KUNIT_CASE(transfer_without_callback_completes),
	KUNIT_CASE(tx_status_complete_after_callback),
	KUNIT_CASE(tx_status_without_state_is_allowed),
	KUNIT_CASE(residue_shrinks_as_the_transfer_advances),
	KUNIT_CASE(queued_cookie_reports_full_residue),
	KUNIT_CASE(sync_wait_issues_and_waits),
	KUNIT_CASE(wait_for_async_tx_on_reusable_descriptor),
	KUNIT_CASE(issue_pending_with_nothing_submitted),
	KUNIT_CASE_PARAM(is_complete_compares_cookies, cookie_gen_params),
	{}
};

static struct kunit_suite dmaengine_submit_suite = {
	.name = "dmaengine_submit",
	.init = submit_init,
	.test_cases = dmaengine_submit_cases,
};

kunit_test_suite(dmaengine_submit_suite);
