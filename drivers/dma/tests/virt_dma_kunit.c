// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the virtual channel helpers (drivers/dma/virt-dma.[ch]).
 *
 * Each test builds a small software memcpy/cyclic engine on one virtual
 * channel. The engine is not registered with the dmaengine core: the
 * client side is exercised through the inline wrappers of
 * <linux/dmaengine.h>, which only need chan->device. Its "bus addresses"
 * are kernel virtual addresses. Its "hardware" moves only when a test
 * calls vtest_hw_step(), so every ordering is deterministic; one test
 * drives it from an hrtimer to complete descriptors in hard interrupt
 * context. Cases that check our additions over upstream's helpers skip
 * when built against upstream's virt-dma.h.
 *
 * Locking: vt->vc.lock (the virtual channel's lock) also protects
 * vt->active, the descriptor the "hardware" is working on. vt->log_lock
 * protects the callback log, which callbacks fill from the completion
 * tasklet (softirq context) and tests read after dmaengine_synchronize().
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/dmaengine.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/poison.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "../virt-dma.h"

#define VTEST_LOG_LEN	32

struct vtest_desc {
	struct virt_dma_desc vd;
	void *dst;
	const void *src;
	size_t len;
	bool cyclic;
};

struct vtest_chan {
	struct dma_device ddev;
	struct virt_dma_chan vc;
	struct vtest_desc *active;
	atomic_t prepared;
	atomic_t freed;

	spinlock_t log_lock; /* log[], results[], nlog */
	int log[VTEST_LOG_LEN];
	struct dmaengine_result results[VTEST_LOG_LEN];
	unsigned int nlog;

	struct hrtimer timer;
	struct completion last_done;
	int last_token;
};

/* What a callback needs: the channel and which submission it belongs to. */
struct vtest_token {
	struct vtest_chan *vt;
	int id;
};

static struct vtest_chan *to_vtest(struct dma_chan *chan)
{
	return container_of(to_virt_chan(chan), struct vtest_chan, vc);
}

static struct vtest_desc *to_vtest_desc(struct virt_dma_desc *vd)
{
	return container_of(vd, struct vtest_desc, vd);
}

static void vtest_desc_free(struct virt_dma_desc *vd)
{
	struct vtest_chan *vt = to_vtest(vd->tx.chan);
	struct vtest_desc *d = to_vtest_desc(vd);

	atomic_inc(&vt->freed);
	/* A late reader then sees garbage even where KASAN is off. */
	memset(d, POISON_FREE, sizeof(*d));
	kfree(d);
}

static struct dma_async_tx_descriptor *
vtest_prep(struct dma_chan *chan, void *dst, const void *src, size_t len,
	   bool cyclic, unsigned long flags)
{
	struct vtest_chan *vt = to_vtest(chan);
	struct vtest_desc *d;

	d = kzalloc(sizeof(*d), GFP_NOWAIT);
	if (!d)
		return NULL;
	d->dst = dst;
	d->src = src;
	d->len = len;
	d->cyclic = cyclic;
	atomic_inc(&vt->prepared);
	return vchan_tx_prep(&vt->vc, &d->vd, flags);
}

static struct dma_async_tx_descriptor *
vtest_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		  size_t len, unsigned long flags)
{
	return vtest_prep(chan, (void *)(uintptr_t)dst,
			  (const void *)(uintptr_t)src, len, false, flags);
}

static struct dma_async_tx_descriptor *
vtest_prep_cyclic(struct dma_chan *chan, dma_addr_t buf, size_t buf_len,
		  size_t period_len, enum dma_transfer_direction dir,
		  unsigned long flags)
{
	return vtest_prep(chan, (void *)(uintptr_t)buf, NULL, buf_len, true,
			  flags);
}

static void vtest_issue_pending(struct dma_chan *chan)
{
	struct vtest_chan *vt = to_vtest(chan);
	unsigned long irqflags;

	spin_lock_irqsave(&vt->vc.lock, irqflags);
	vchan_issue_pending(&vt->vc);
	spin_unlock_irqrestore(&vt->vc.lock, irqflags);
}

static enum dma_status vtest_tx_status(struct dma_chan *chan,
				       dma_cookie_t cookie,
				       struct dma_tx_state *state)
{
	enum dma_status status = dma_cookie_status(chan, cookie, state);
	struct vtest_chan *vt = to_vtest(chan);
	struct virt_dma_desc *queued;
	unsigned long irqflags;

	if (status != DMA_IN_PROGRESS)
		return status;

	/* Only a descriptor still queued has a residue: all of it. */
	spin_lock_irqsave(&vt->vc.lock, irqflags);
	queued = vchan_find_desc(&vt->vc, cookie);
	if (queued)
		dma_set_residue(state, to_vtest_desc(queued)->len);
	spin_unlock_irqrestore(&vt->vc.lock, irqflags);
	return status;
}

static int vtest_terminate_all(struct dma_chan *chan)
{
	struct vtest_chan *vt = to_vtest(chan);
	unsigned long irqflags;
	LIST_HEAD(all);

	spin_lock_irqsave(&vt->vc.lock, irqflags);
	if (vt->active) {
		vchan_terminate_vdesc(&vt->active->vd);
		vt->active = NULL;
	}
	vchan_get_all_descriptors(&vt->vc, &all);
	spin_unlock_irqrestore(&vt->vc.lock, irqflags);

	vchan_dma_desc_free_list(&vt->vc, &all);
	return 0;
}

static void vtest_synchronize(struct dma_chan *chan)
{
	vchan_synchronize(&to_vtest(chan)->vc);
}

/*
 * One step of the "hardware", under vc.lock: start the oldest issued
 * descriptor if idle, then finish a memcpy or end one period of a cyclic
 * descriptor. Returns false when there was nothing to do.
 */
static bool vtest_hw_step_locked(struct vtest_chan *vt)
{
	struct virt_dma_desc *vd;
	struct vtest_desc *d;

	if (!vt->active) {
		vd = vchan_next_desc(&vt->vc);
		if (!vd)
			return false;
		list_del(&vd->node);
		vt->active = to_vtest_desc(vd);
	}
	d = vt->active;
	if (d->cyclic) {
		/* What a period callback_result sees: the whole buffer. */
		d->vd.tx_result.result = DMA_TRANS_NOERROR;
		d->vd.tx_result.residue = d->len;
		vchan_cyclic_callback(&d->vd);
		return true;
	}
	memcpy(d->dst, d->src, d->len);
	d->vd.tx_result.result = DMA_TRANS_NOERROR;
	d->vd.tx_result.residue = 0;
	vt->active = NULL;
	vchan_cookie_complete(&d->vd);
	return true;
}

static bool vtest_hw_step(struct vtest_chan *vt)
{
	unsigned long irqflags;
	bool moved;

	spin_lock_irqsave(&vt->vc.lock, irqflags);
	moved = vtest_hw_step_locked(vt);
	spin_unlock_irqrestore(&vt->vc.lock, irqflags);
	return moved;
}

static unsigned int vtest_hw_run(struct vtest_chan *vt)
{
	unsigned int steps = 0;

	while (vtest_hw_step(vt))
		steps++;
	return steps;
}

static void vtest_log(struct vtest_chan *vt, int id,
		      const struct dmaengine_result *result)
{
	unsigned long irqflags;

	spin_lock_irqsave(&vt->log_lock, irqflags);
	if (vt->nlog < VTEST_LOG_LEN) {
		vt->log[vt->nlog] = id;
		if (result)
			vt->results[vt->nlog] = *result;
		vt->nlog++;
	}
	spin_unlock_irqrestore(&vt->log_lock, irqflags);
}

static void vtest_callback(void *param)
{
	struct vtest_token *tok = param;

	vtest_log(tok->vt, tok->id, NULL);
	if (tok->id == tok->vt->last_token)
		complete(&tok->vt->last_done);
}

static void vtest_callback_result(void *param,
				  const struct dmaengine_result *result)
{
	struct vtest_token *tok = param;

	vtest_log(tok->vt, tok->id, result);
}

static int vtest_init(struct kunit *test)
{
	struct vtest_chan *vt;
	struct device *dev;

	dev = kunit_device_register(test, "virt-dma-test");
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	vt = kunit_kzalloc(test, sizeof(*vt), GFP_KERNEL);
	if (!vt)
		return -ENOMEM;

	vt->ddev.dev = dev;
	INIT_LIST_HEAD(&vt->ddev.channels);
	dma_cap_set(DMA_MEMCPY, vt->ddev.cap_mask);
	dma_cap_set(DMA_SLAVE, vt->ddev.cap_mask);
	dma_cap_set(DMA_CYCLIC, vt->ddev.cap_mask);
	vt->ddev.directions = BIT(DMA_MEM_TO_MEM);
	vt->ddev.descriptor_reuse = true;
	vt->ddev.device_prep_dma_memcpy = vtest_prep_memcpy;
	vt->ddev.device_prep_dma_cyclic = vtest_prep_cyclic;
	vt->ddev.device_issue_pending = vtest_issue_pending;
	vt->ddev.device_tx_status = vtest_tx_status;
	vt->ddev.device_terminate_all = vtest_terminate_all;
	vt->ddev.device_synchronize = vtest_synchronize;

	vchan_init(&vt->vc, &vt->ddev);
	vt->vc.desc_free = vtest_desc_free;
	spin_lock_init(&vt->log_lock);
	init_completion(&vt->last_done);
	vt->last_token = -1;

	test->priv = vt;
	return 0;
}

/* Every test leaves the channel empty; anything left over is a leak. */
static void vtest_exit(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;

	if (!vt)
		return;
	hrtimer_cancel(&vt->timer);
	dmaengine_terminate_sync(&vt->vc.chan);
	vchan_free_chan_resources(&vt->vc);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed),
			atomic_read(&vt->prepared));
}

/* Prepares a memcpy whose callback logs @tok; fails the test on NULL. */
static struct dma_async_tx_descriptor *
vtest_memcpy(struct kunit *test, void *dst, const void *src, size_t len,
	     struct vtest_token *tok, unsigned long flags)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(&vt->vc.chan, (uintptr_t)dst,
				       (uintptr_t)src, len, flags);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tok->vt = vt;
	tx->callback = vtest_callback;
	tx->callback_param = tok;
	return tx;
}

static void vtest_cookies_increase(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct vtest_token tok[3];
	dma_cookie_t prev = DMA_MIN_COOKIE - 1;
	char src[4] = "abc", dst[3][4];
	int i;

	for (i = 0; i < 3; i++) {
		dma_cookie_t cookie;

		tok[i].id = i;
		cookie = dmaengine_submit(vtest_memcpy(test, dst[i], src, 4,
						       &tok[i], 0));
		KUNIT_EXPECT_FALSE(test, dma_submit_error(cookie));
		KUNIT_EXPECT_GT(test, cookie, prev);
		prev = cookie;
	}
	dma_async_issue_pending(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, vtest_hw_run(vt), 3U);
	dmaengine_synchronize(&vt->vc.chan);
}

static void vtest_callbacks_once_in_order(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct vtest_token tok[5];
	char src[5][8], dst[5][8];
	dma_cookie_t last = 0;
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(src[i], sizeof(src[i]), "desc %d", i);
		memset(dst[i], 0, sizeof(dst[i]));
		tok[i].id = i;
		last = dmaengine_submit(vtest_memcpy(test, dst[i], src[i], 8,
						     &tok[i], 0));
	}
	dma_async_issue_pending(&vt->vc.chan);
	vtest_hw_run(vt);
	dmaengine_synchronize(&vt->vc.chan);

	KUNIT_ASSERT_EQ(test, vt->nlog, 5U);
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_EQ(test, vt->log[i], i);
		KUNIT_EXPECT_STREQ(test, dst[i], src[i]);
	}
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(&vt->vc.chan, last, NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 5);
}

static void vtest_nothing_runs_before_issue(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_tx_state state = {};
	struct vtest_token tok = { .id = 0 };
	char src[16] = "not yet", dst[16] = {};
	dma_cookie_t cookie;

	cookie = dmaengine_submit(vtest_memcpy(test, dst, src, 16, &tok, 0));
	KUNIT_EXPECT_FALSE(test, vtest_hw_step(vt));
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(&vt->vc.chan, cookie,
						  &state), DMA_IN_PROGRESS);

	dma_async_issue_pending(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(&vt->vc.chan, cookie,
						  &state), DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, state.residue, 16U);

	KUNIT_EXPECT_TRUE(test, vtest_hw_step(vt));
	dmaengine_synchronize(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, vt->nlog, 1U);
	KUNIT_EXPECT_STREQ(test, dst, src);
}

static void vtest_callback_result_sees_result(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct vtest_token tok = { .id = 7 };
	char src[4] = "xyz", dst[4];

	tx = vtest_memcpy(test, dst, src, 4, &tok, 0);
	tx->callback = NULL;
	tx->callback_result = vtest_callback_result;
	dmaengine_submit(tx);
	dma_async_issue_pending(&vt->vc.chan);
	vtest_hw_run(vt);
	dmaengine_synchronize(&vt->vc.chan);

	KUNIT_ASSERT_EQ(test, vt->nlog, 1U);
	KUNIT_EXPECT_EQ(test, vt->log[0], 7);
	KUNIT_EXPECT_EQ(test, vt->results[0].result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, vt->results[0].residue, 0U);
}

static void vtest_find_desc_only_issued(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct vtest_token tok[2] = { { .id = 0 }, { .id = 1 } };
	char src[4] = "abc", dst[2][4];
	dma_cookie_t first, second;
	unsigned long irqflags;

	first = dmaengine_submit(vtest_memcpy(test, dst[0], src, 4, &tok[0], 0));
	dma_async_issue_pending(&vt->vc.chan);
	second = dmaengine_submit(vtest_memcpy(test, dst[1], src, 4, &tok[1], 0));

	spin_lock_irqsave(&vt->vc.lock, irqflags);
	KUNIT_EXPECT_NOT_NULL(test, vchan_find_desc(&vt->vc, first));
	KUNIT_EXPECT_NULL(test, vchan_find_desc(&vt->vc, second));
	KUNIT_EXPECT_NULL(test, vchan_find_desc(&vt->vc, second + 100));
	spin_unlock_irqrestore(&vt->vc.lock, irqflags);

	dma_async_issue_pending(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, vtest_hw_run(vt), 2U);
	dmaengine_synchronize(&vt->vc.chan);
}

static void vtest_terminate_drops_pending(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct vtest_token tok[4];
	char src[4] = "abc", dst[4][4];
	int i;

	for (i = 0; i < 4; i++) {
		tok[i].id = i;
		dmaengine_submit(vtest_memcpy(test, dst[i], src, 4, &tok[i], 0));
	}
	dma_async_issue_pending(&vt->vc.chan);
	KUNIT_EXPECT_TRUE(test, vtest_hw_step(vt));

	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(&vt->vc.chan), 0);
	KUNIT_EXPECT_FALSE(test, vtest_hw_step(vt));
	dmaengine_synchronize(&vt->vc.chan);

	KUNIT_EXPECT_LE(test, vt->nlog, 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 4);
}

static void vtest_terminate_prepared_not_submitted(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct vtest_token tok = { .id = 0 };
	char src[4] = "abc", dst[4];

	vtest_memcpy(test, dst, src, 4, &tok, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(&vt->vc.chan), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 1);
	KUNIT_EXPECT_EQ(test, vt->nlog, 0U);
}

static void vtest_reuse_resubmits(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct vtest_token tok = { .id = 3 };
	char src[8] = "reused", dst[8];
	dma_cookie_t first, second;

	tx = vtest_memcpy(test, dst, src, 8, &tok, 0);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);

	first = dmaengine_submit(tx);
	dma_async_issue_pending(&vt->vc.chan);
	vtest_hw_run(vt);
	dmaengine_synchronize(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, vt->nlog, 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 0);

	memset(dst, 0, sizeof(dst));
	second = dmaengine_submit(tx);
	KUNIT_EXPECT_GT(test, second, first);
	dma_async_issue_pending(&vt->vc.chan);
	vtest_hw_run(vt);
	dmaengine_synchronize(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, vt->nlog, 2U);
	KUNIT_EXPECT_STREQ(test, dst, src);

	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 1);
}

static void vtest_reuse_free_refused_in_flight(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct vtest_token tok = { .id = 0 };
	char src[4] = "abc", dst[4];

#ifndef _DRIVERS_DMA_VIRT_DMA_H
	kunit_skip(test, "upstream virt-dma frees a descriptor still in flight");
#endif
	tx = vtest_memcpy(test, dst, src, 4, &tok, 0);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	dmaengine_submit(tx);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), -EBUSY);

	dma_async_issue_pending(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), -EBUSY);

	vtest_hw_run(vt);
	dmaengine_synchronize(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 1);
}

static void vtest_free_non_reusable_refused(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct vtest_token tok = { .id = 0 };
	char src[4] = "abc", dst[4];

	tx = vtest_memcpy(test, dst, src, 4, &tok, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), -EPERM);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 0);
}

static void vtest_reusable_freed_with_channel(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct vtest_token tok = { .id = 0 };
	char src[4] = "abc", dst[4];

	tx = vtest_memcpy(test, dst, src, 4, &tok, 0);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	dmaengine_submit(tx);
	dma_async_issue_pending(&vt->vc.chan);
	vtest_hw_run(vt);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(&vt->vc.chan), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 0);

	vchan_free_chan_resources(&vt->vc);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 1);
}

static void vtest_cyclic_periods_then_terminate(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct vtest_token tok = { .vt = vt, .id = 9 };
	char buf[64];
	unsigned int period;

	tx = dmaengine_prep_dma_cyclic(&vt->vc.chan, (uintptr_t)buf,
				       sizeof(buf), sizeof(buf) / 4,
				       DMA_MEM_TO_MEM, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback = vtest_callback;
	tx->callback_param = &tok;
	dmaengine_submit(tx);
	dma_async_issue_pending(&vt->vc.chan);

	for (period = 1; period <= 3; period++) {
		KUNIT_EXPECT_TRUE(test, vtest_hw_step(vt));
		dmaengine_synchronize(&vt->vc.chan);
		KUNIT_EXPECT_EQ(test, vt->nlog, period);
	}

	/* A period ends, then the client terminates before the tasklet runs. */
	local_bh_disable();
	vtest_hw_step(vt);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(&vt->vc.chan), 0);
	local_bh_enable();
	dmaengine_synchronize(&vt->vc.chan);

	KUNIT_EXPECT_EQ(test, vt->nlog, 3U);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 1);
}

/*
 * A cyclic period callback racing dmaengine_terminate_async() on another
 * CPU. The callback lets a kthread on a second CPU terminate the channel,
 * waits until the terminate has returned, and only then reads the result
 * it was given: whatever terminate may free must not be what the result
 * points into.
 */
#define VTEST_RACE_ROUNDS	16
#define VTEST_RACE_BUF		64
#define VTEST_RACE_WAIT_MS	2000

/**
 * struct vtest_race - one round of the race, shared by three contexts
 * @vt: the channel
 * @go: the callback (softirq, first CPU) lets the terminator start
 * @cb_done: the callback has read its result
 * @term_done: the terminator kthread has finished and exits
 * @terminated: set by the terminator once dmaengine_terminate_async()
 *	returned; the callback polls it
 * @term_ret: what dmaengine_terminate_async() returned
 * @calls: period callbacks so far; only the first takes part in the race
 * @seen: the result the first callback read after the terminate
 * @gave_up: the callback stopped waiting for the terminator
 *
 * The callback writes @calls, @seen and @gave_up before completing
 * @cb_done, the terminator writes @term_ret before completing
 * @term_done; the test reads them only after both.
 */
struct vtest_race {
	struct vtest_chan *vt;
	struct completion go;
	struct completion cb_done;
	struct completion term_done;
	atomic_t terminated;
	int term_ret;
	unsigned int calls;
	struct dmaengine_result seen;
	bool gave_up;
};

static void vtest_race_callback(void *param,
				const struct dmaengine_result *result)
{
	struct vtest_race *r = param;
	ktime_t deadline;

	if (r->calls++)
		return;
	complete(&r->go);
	/* Bounded: a lost terminator fails the round, it does not hang. */
	deadline = ktime_add_ms(ktime_get(), VTEST_RACE_WAIT_MS);
	while (!atomic_read_acquire(&r->terminated)) {
		if (ktime_after(ktime_get(), deadline)) {
			r->gave_up = true;
			break;
		}
		cpu_relax();
	}
	r->seen = *result;
	complete(&r->cb_done);
}

static int vtest_terminator(void *param)
{
	struct vtest_race *r = param;

	if (wait_for_completion_timeout(&r->go, 10 * HZ)) {
		r->term_ret = dmaengine_terminate_async(&r->vt->vc.chan);
		atomic_set_release(&r->terminated, 1);
	} else {
		r->term_ret = -ETIMEDOUT;
	}
	kthread_complete_and_exit(&r->term_done, 0);
}

/* The period ends in (IPI) interrupt context, so the tasklet runs there. */
static void vtest_hw_step_ipi(void *param)
{
	vtest_hw_step(param);
}

static void vtest_cyclic_callback_races_terminate(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	unsigned int irq_cpu, term_cpu, round;
	struct dma_async_tx_descriptor *tx;
	struct task_struct *terminator;
	struct vtest_race *r;
	bool bad;
	void *buf;

#ifndef _DRIVERS_DMA_VIRT_DMA_H
	/* Its vchan_complete() passes the freed descriptor's tx_result. */
	kunit_skip(test, "upstream virt-dma has this use-after-free too");
#endif
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second online CPU");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	buf = kunit_kzalloc(test, VTEST_RACE_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	irq_cpu = cpumask_first(cpu_online_mask);
	term_cpu = cpumask_next(irq_cpu, cpu_online_mask);
	KUNIT_ASSERT_LT(test, term_cpu, nr_cpu_ids);

	for (round = 0; round < VTEST_RACE_ROUNDS; round++) {
		memset(r, 0, sizeof(*r));
		r->vt = vt;
		init_completion(&r->go);
		init_completion(&r->cb_done);
		init_completion(&r->term_done);

		tx = dmaengine_prep_dma_cyclic(&vt->vc.chan, (uintptr_t)buf,
					       VTEST_RACE_BUF,
					       VTEST_RACE_BUF / 4,
					       DMA_MEM_TO_MEM,
					       DMA_PREP_INTERRUPT);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		tx->callback_result = vtest_race_callback;
		tx->callback_param = r;
		dmaengine_submit(tx);
		dma_async_issue_pending(&vt->vc.chan);

		terminator = kthread_create(vtest_terminator, r, "vtest-term");
		if (IS_ERR(terminator)) {
			dmaengine_terminate_sync(&vt->vc.chan);
			KUNIT_FAIL(test, "no terminator thread: %ld",
				   PTR_ERR(terminator));
			return;
		}
		/* From here on @r is in use until @term_done: no asserts. */
		kthread_bind(terminator, term_cpu);
		wake_up_process(terminator);
		smp_call_function_single(irq_cpu, vtest_hw_step_ipi, vt, 1);

		KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&r->cb_done,
								  10 * HZ),
				0UL);
		wait_for_completion(&r->term_done);
		dmaengine_synchronize(&vt->vc.chan);

		KUNIT_EXPECT_EQ(test, r->term_ret, 0);
		KUNIT_EXPECT_FALSE(test, r->gave_up);
		KUNIT_EXPECT_EQ(test, r->calls, 1U);
		KUNIT_EXPECT_EQ(test, r->seen.result, DMA_TRANS_NOERROR);
		KUNIT_EXPECT_EQ(test, r->seen.residue, (u32)VTEST_RACE_BUF);
		KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed),
				atomic_read(&vt->prepared));
		bad = r->term_ret || r->gave_up || r->calls != 1 ||
		      r->seen.result != DMA_TRANS_NOERROR ||
		      r->seen.residue != VTEST_RACE_BUF;
		if (bad) {
			kunit_info(test, "round %u of %u failed", round + 1,
				   VTEST_RACE_ROUNDS);
			break;
		}
	}
}

static void vtest_get_all_descriptors_empties(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct vtest_token tok[3] = { { .id = 0 }, { .id = 1 }, { .id = 2 } };
	char src[4] = "abc", dst[3][4];
	struct virt_dma_desc *vd;
	unsigned long irqflags;
	unsigned int found = 0;
	LIST_HEAD(all);

	vtest_memcpy(test, dst[0], src, 4, &tok[0], 0);
	dmaengine_submit(vtest_memcpy(test, dst[1], src, 4, &tok[1], 0));
	dmaengine_submit(vtest_memcpy(test, dst[2], src, 4, &tok[2], 0));
	dma_async_issue_pending(&vt->vc.chan);
	dmaengine_submit(vtest_memcpy(test, dst[0], src, 4, &tok[0], 0));

	spin_lock_irqsave(&vt->vc.lock, irqflags);
	vchan_get_all_descriptors(&vt->vc, &all);
	KUNIT_EXPECT_TRUE(test, list_empty(&vt->vc.desc_allocated));
	KUNIT_EXPECT_TRUE(test, list_empty(&vt->vc.desc_submitted));
	KUNIT_EXPECT_TRUE(test, list_empty(&vt->vc.desc_issued));
	spin_unlock_irqrestore(&vt->vc.lock, irqflags);

	list_for_each_entry(vd, &all, node)
		found++;
	KUNIT_EXPECT_EQ(test, found, 4U);
	vchan_dma_desc_free_list(&vt->vc, &all);
	KUNIT_EXPECT_EQ(test, atomic_read(&vt->freed), 4);
	KUNIT_EXPECT_EQ(test, vt->nlog, 0U);
}

static enum hrtimer_restart vtest_timer_fires(struct hrtimer *timer)
{
	struct vtest_chan *vt = container_of(timer, struct vtest_chan, timer);

	vtest_hw_run(vt);
	return HRTIMER_NORESTART;
}

static void vtest_complete_from_hardirq(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct vtest_token tok[3];
	char src[4] = "irq", dst[3][4];
	int i;

	for (i = 0; i < 3; i++) {
		tok[i].id = i;
		dmaengine_submit(vtest_memcpy(test, dst[i], src, 4, &tok[i], 0));
	}
	vt->last_token = 2;
	dma_async_issue_pending(&vt->vc.chan);
	hrtimer_start(&vt->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);

	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&vt->last_done,
							  10 * HZ), 0UL);
	dmaengine_synchronize(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, vt->nlog, 3U);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_STREQ(test, dst[i], src);
}

static int vtest_init_timer(struct kunit *test)
{
	struct vtest_chan *vt;
	int ret;

	ret = vtest_init(test);
	if (ret)
		return ret;
	vt = test->priv;
	hrtimer_init(&vt->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	vt->timer.function = vtest_timer_fires;
	return 0;
}

/* A callback that submits and issues the next descriptor itself. */
struct vtest_chain {
	struct vtest_token tok;
	char src[4];
	char dst[4];
	dma_cookie_t next_cookie;
};

static void vtest_chain_callback(void *param)
{
	struct vtest_chain *chain = param;
	struct vtest_chan *vt = chain->tok.vt;
	struct dma_async_tx_descriptor *tx;

	vtest_log(vt, chain->tok.id, NULL);
	if (chain->next_cookie)
		return;
	tx = dmaengine_prep_dma_memcpy(&vt->vc.chan, (uintptr_t)chain->dst,
				       (uintptr_t)chain->src, 4, 0);
	if (!tx)
		return;
	chain->next_cookie = dmaengine_submit(tx);
	dma_async_issue_pending(&vt->vc.chan);
}

static void vtest_callback_resubmits(struct kunit *test)
{
	struct vtest_chan *vt = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct vtest_chain *chain;

	chain = kunit_kzalloc(test, sizeof(*chain), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, chain);
	chain->tok.vt = vt;
	strscpy(chain->src, "chn", sizeof(chain->src));

	tx = dmaengine_prep_dma_memcpy(&vt->vc.chan, (uintptr_t)chain->dst,
				       (uintptr_t)chain->src, 4, 0);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback = vtest_chain_callback;
	tx->callback_param = chain;
	dmaengine_submit(tx);
	dma_async_issue_pending(&vt->vc.chan);
	/*
	 * One step only: the callback may run between two steps of a longer
	 * run, and that run would then carry out the resubmission too.
	 */
	KUNIT_ASSERT_TRUE(test, vtest_hw_step(vt));
	dmaengine_synchronize(&vt->vc.chan);

	KUNIT_ASSERT_GT(test, chain->next_cookie, 0);
	KUNIT_EXPECT_EQ(test, vtest_hw_run(vt), 1U);
	dmaengine_synchronize(&vt->vc.chan);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(&vt->vc.chan,
						  chain->next_cookie, NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, vt->nlog, 1U);
	KUNIT_EXPECT_STREQ(test, chain->dst, chain->src);
}

static struct kunit_case virt_dma_cases[] = {
	KUNIT_CASE(vtest_cookies_increase),
	KUNIT_CASE(vtest_callbacks_once_in_order),
	KUNIT_CASE(vtest_nothing_runs_before_issue),
	KUNIT_CASE(vtest_callback_result_sees_result),
	KUNIT_CASE(vtest_find_desc_only_issued),
	KUNIT_CASE(vtest_terminate_drops_pending),
	KUNIT_CASE(vtest_terminate_prepared_not_submitted),
	KUNIT_CASE(vtest_reuse_resubmits),
	KUNIT_CASE(vtest_reuse_free_refused_in_flight),
	KUNIT_CASE(vtest_free_non_reusable_refused),
	KUNIT_CASE(vtest_reusable_freed_with_channel),
	KUNIT_CASE(vtest_cyclic_periods_then_terminate),
	KUNIT_CASE(vtest_cyclic_callback_races_terminate),
	KUNIT_CASE(vtest_get_all_descriptors_empties),
	KUNIT_CASE(vtest_callback_resubmits),
	{}
};

static struct kunit_suite virt_dma_suite = {
	.name = "dma_virt_dma",
	.init = vtest_init_timer,
	.exit = vtest_exit,
	.test_cases = virt_dma_cases,
};

static struct kunit_case virt_dma_irq_cases[] = {
	KUNIT_CASE(vtest_complete_from_hardirq),
	{}
};

static struct kunit_suite virt_dma_irq_suite = {
	.name = "dma_virt_dma_hardirq",
	.init = vtest_init_timer,
	.exit = vtest_exit,
	.test_cases = virt_dma_irq_cases,
};

kunit_test_suites(&virt_dma_suite, &virt_dma_irq_suite);

MODULE_DESCRIPTION("KUnit tests of the dmaengine virtual channel helpers");
MODULE_LICENSE("GPL");
