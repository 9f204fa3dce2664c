// SPDX-License-Identifier: GPL-2.0
/*
 * Contract under concurrency: submissions from several threads on one
 * channel get distinct cookies and complete in cookie order; a terminate
 * racing with completions still leaves no callback behind; channels do not
 * wait for one another.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>
#include <linux/workqueue.h>

#include "dmaengine_test_provider.h"

#define TLEN		4096
#define PER_THREAD	24
#define ROUNDS		16
#define PER_ROUND	8

struct submitter {
	struct work_struct work;
	struct dma_chan *chan;
	struct tdma_rec *rec;
	unsigned int first;
	unsigned int failures;
};

/* Runs in a kworker; failures are counted, the case checks them. */
static void submit_work(struct work_struct *work)
{
	struct submitter *s = container_of(work, struct submitter, work);
	struct dma_async_tx_descriptor *tx;
	unsigned int i;

	for (i = s->first; i < s->first + PER_THREAD; i++) {
		tx = dmaengine_prep_dma_memcpy(s->chan, 0x2000, 0x1000, TLEN,
					       DMA_PREP_INTERRUPT);
		if (!tx) {
			s->failures++;
			continue;
		}
		tdma_set_cb(tx, s->rec, i, true);
		s->rec->slots[i].cookie = dmaengine_submit(tx);
		if (s->rec->slots[i].cookie < 0)
			s->failures++;
		dma_async_issue_pending(s->chan);
	}
}

static void two_threads_submit_on_one_channel(struct kunit *test)
{
	struct dma_chan *chan = tdma_request(test, tdma_create(test, 1, 0,
							       NULL, 0));
	struct tdma_rec *rec = tdma_rec_new(test, 2 * PER_THREAD);
	struct submitter *s;
	dma_cookie_t prev = 0, c;
	unsigned int i;

	s = kunit_kcalloc(test, 2, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < 2; i++) {
		s[i].chan = chan;
		s[i].rec = rec;
		s[i].first = i * PER_THREAD;
		INIT_WORK(&s[i].work, submit_work);
	}
	queue_work(system_unbound_wq, &s[0].work);
	queue_work(system_unbound_wq, &s[1].work);
	flush_work(&s[0].work);
	flush_work(&s[1].work);
	KUNIT_EXPECT_EQ(test, s[0].failures + s[1].failures, 0);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(rec));

	for (i = 0; i < 2 * PER_THREAD; i++) {
		KUNIT_EXPECT_EQ(test, rec->slots[i].calls, 1);
		c = rec->slots[rec->order[i]].cookie;
		KUNIT_EXPECT_GT(test, c, prev);
		prev = c;
	}
	for (i = 1; i < PER_THREAD; i++)
		KUNIT_EXPECT_GT(test, rec->slots[PER_THREAD + i].cookie,
				rec->slots[PER_THREAD + i - 1].cookie);
}

static void one_round_of_racing_terminate(struct kunit *test,
					  struct dma_chan *chan,
					  unsigned int round)
{
	struct tdma_rec *rec = tdma_rec_new(test, 0);
	unsigned int i, seen;

	for (i = 0; i < PER_ROUND; i++)
		tdma_submit_memcpy(test, chan, rec, i, TLEN);
	dma_async_issue_pending(chan);
	/* Vary the moment of the terminate against the engine. */
	udelay(round * 37);
	KUNIT_ASSERT_EQ(test, dmaengine_terminate_sync(chan), 0);
	seen = tdma_rec_count(rec);
	msleep(20);
	KUNIT_EXPECT_EQ_MSG(test, tdma_rec_count(rec), seen, "round %u", round);
	for (i = 0; i < PER_ROUND; i++)
		KUNIT_EXPECT_LE(test, rec->slots[i].calls, 1);
	/* What completed did so in order: a prefix of the submissions. */
	for (i = 0; i < seen; i++)
		KUNIT_EXPECT_EQ(test, rec->order[i], i);
}

static void completion_racing_terminate(struct kunit *test)
{
	struct dma_chan *chan = tdma_request(test, tdma_create(test, 1, 0,
							       NULL, 0));
	unsigned int round;

	for (round = 0; round < ROUNDS; round++)
		one_round_of_racing_terminate(test, chan, round);
}

static void held_channel_does_not_block_another(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct dma_chan *a = tdma_request(test, td);
	struct dma_chan *b = tdma_request(test, td);
	struct tdma_rec *ra = tdma_rec_new(test, 1);
	struct tdma_rec *rb = tdma_rec_new(test, 1);

	tdma_hold(to_tdma_chan(a), true);
	tdma_submit_memcpy(test, a, ra, 0, TLEN);
	tdma_submit_memcpy(test, b, rb, 0, TLEN);
	dma_async_issue_pending(a);
	dma_async_issue_pending(b);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rb));
	KUNIT_EXPECT_EQ(test, tdma_rec_count(ra), 0);
	tdma_hold(to_tdma_chan(a), false);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(ra));
}

struct chainer {
	struct dma_chan *chan;
	struct tdma_rec *rec;
	int submitted;
};

/* Runs in the provider's completion context and queues the next transfer. */
static void chain_cb(void *param)
{
	struct chainer *ch = param;
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(ch->chan, 0x2000, 0x1000, TLEN,
				       DMA_PREP_INTERRUPT);
	if (!tx)
		return;
	tdma_set_cb(tx, ch->rec, 0, true);
	ch->submitted = dmaengine_submit(tx);
	dma_async_issue_pending(ch->chan);
}

static void callback_may_submit_more_work(struct kunit *test)
{
	struct dma_chan *chan = tdma_request(test, tdma_create(test, 1, 0,
							       NULL, 0));
	struct chainer *ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	struct dma_async_tx_descriptor *tx;

	KUNIT_ASSERT_NOT_NULL(test, ch);
	ch->chan = chan;
	ch->rec = tdma_rec_new(test, 1);
	tx = dmaengine_prep_dma_memcpy(chan, 0x2000, 0x1000, TLEN,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback = chain_cb;
	tx->callback_param = ch;
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(ch->rec));
	KUNIT_EXPECT_GT(test, ch->submitted, 0);
}

static struct kunit_case dmaengine_concurrency_cases[] = {
	KUNIT_CASE(two_threads_submit_on_one_channel),
	KUNIT_CASE(completion_racing_terminate),
	KUNIT_CASE(held_channel_does_not_block_another),
	KUNIT_CASE(callback_may_submit_more_work),
	{}
};

static struct kunit_suite dmaengine_concurrency_suite = {
	.name = "dmaengine_concurrency",
	.test_cases = dmaengine_concurrency_cases,
};

kunit_test_suite(dmaengine_concurrency_suite);
