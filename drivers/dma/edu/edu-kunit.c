// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites of the edu DMA controller driver, run against the edu device
 * of the test machine (no mocks): data integrity, sg lists, cyclic, pause,
 * termination, several channels at once, the watchdog, bad input, the
 * engine's busy fraction and unbinding with transfers in flight.
 *
 * The test machine's command line widens the driver's reach (dma_bits) so
 * that ordinary kernel memory and the ivshmem card's BAR are addressable.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/ktime.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "edu.h"
#include "edu-regs.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define EDU_T_CHUNK_MS		200	/* a hop: two transfers of 100 ms */
#define CARD_VENDOR		0x1af4
#define CARD_DEVICE		0x1110
#define CARD_MEM_BAR		2

struct edu_t_buf {
	struct device *dev;
	u8 *cpu;
	dma_addr_t dma;
	size_t len;
};

struct edu_t_wait {
	struct completion done;
	struct dmaengine_result res;
	atomic_t calls;
	int want;
};

KUNIT_DEFINE_ACTION_WRAPPER(pci_dev_put_action, pci_dev_put, struct pci_dev *);
KUNIT_DEFINE_ACTION_WRAPPER(pci_disable_action, pci_disable_device,
			    struct pci_dev *);

static struct pci_dev *edu_t_pdev(struct kunit *test)
{
	struct pci_dev *pdev = pci_get_device(0x1234, 0x11e8, NULL);

	KUNIT_ASSERT_NOT_NULL(test, pdev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pci_dev_put_action,
							pdev), 0);
	return pdev;
}

static bool edu_t_filter(struct dma_chan *chan, void *param)
{
	return chan->device->dev == param;
}

static void edu_t_release(void *p)
{
	struct dma_chan *chan = p;

	dmaengine_terminate_sync(chan);
	dma_release_channel(chan);
}

/* A free channel of the edu card, released at the end of the test. */
static struct dma_chan *edu_t_chan(struct kunit *test)
{
	struct pci_dev *pdev = edu_t_pdev(test);
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = dma_request_channel(mask, edu_t_filter, &pdev->dev);
	KUNIT_ASSERT_NOT_NULL_MSG(test, chan, "no free edu channel");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, edu_t_release,
							chan), 0);
	return chan;
}

static void edu_t_buf_free(void *p)
{
	struct edu_t_buf *b = p;

	dma_unmap_single(b->dev, b->dma, b->len, DMA_BIDIRECTIONAL);
	kfree(b->cpu);
}

/* A DMA-mapped buffer filled with random bytes. */
static struct edu_t_buf *edu_t_buf(struct kunit *test, struct dma_chan *chan,
				   size_t len)
{
	struct edu_t_buf *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->dev = chan->device->dev;
	b->len = len;
	b->cpu = kmalloc(len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->cpu);
	get_random_bytes(b->cpu, len);
	b->dma = dma_map_single(b->dev, b->cpu, len, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(b->dev, b->dma)) {
		kfree(b->cpu);
		KUNIT_FAIL_AND_ABORT(test, "cannot map %zu bytes", len);
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, edu_t_buf_free,
							b), 0);
	return b;
}

static void edu_t_sync(struct edu_t_buf *b)
{
	dma_sync_single_for_cpu(b->dev, b->dma, b->len, DMA_BIDIRECTIONAL);
}

/* Runs in the channel's tasklet. */
static void edu_t_cb(void *param, const struct dmaengine_result *res)
{
	struct edu_t_wait *w = param;

	w->res = *res;
	if (atomic_inc_return(&w->calls) == w->want)
		complete(&w->done);
}

static struct edu_t_wait *edu_t_wait(struct kunit *test, int want)
{
	struct edu_t_wait *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	init_completion(&w->done);
	w->want = want;
	return w;
}

static dma_cookie_t edu_t_submit(struct kunit *test,
				 struct dma_async_tx_descriptor *tx,
				 struct edu_t_wait *w)
{
	dma_cookie_t cookie;

	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback_result = edu_t_cb;
	tx->callback_param = w;
	cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GE(test, cookie, 0);
	return cookie;
}

/* Waits long enough for @len bytes moved by hops, plus slack. */
static void edu_t_await(struct kunit *test, struct edu_t_wait *w, size_t len)
{
	unsigned long ms = (len / EDU_XFER_MAX + 2) * EDU_T_CHUNK_MS * 2 + 2000;

	KUNIT_ASSERT_TRUE_MSG(test, wait_for_completion_timeout(&w->done,
								msecs_to_jiffies(ms)),
			      "no callback after %lu ms", ms);
}

static void edu_t_memcpy_run(struct kunit *test, struct dma_chan *chan,
			     struct edu_t_buf *dst, size_t doff,
			     struct edu_t_buf *src, size_t soff, size_t len)
{
	struct edu_t_wait *w = edu_t_wait(test, 1);
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(chan, dst->dma + doff, src->dma + soff,
				       len, DMA_PREP_INTERRUPT);
	edu_t_submit(test, tx, w);
	dma_async_issue_pending(chan);
	edu_t_await(test, w, len);
	KUNIT_EXPECT_EQ(test, w->res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, w->res.residue, 0);
	edu_t_sync(dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst->cpu + doff, src->cpu + soff, len), 0);
}

/* Sizes around the chunk size, with odd offsets on both sides. */
static const size_t edu_t_sizes[] = {
	1, 3, EDU_XFER_MAX - 1, EDU_XFER_MAX, EDU_XFER_MAX + 1, SZ_4K,
	2 * EDU_XFER_MAX + 5, SZ_64K + 1, SZ_1M,
};

static void edu_t_size_desc(const size_t *s, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu bytes", *s);
}

KUNIT_ARRAY_PARAM(edu_t_size, edu_t_sizes, edu_t_size_desc);

/* What fits in the usable window after a 7-byte offset. */
static const size_t edu_t_window_sizes[] = { 1, 3, 100, 2048, EDU_XFER_MAX - 7 };

KUNIT_ARRAY_PARAM(edu_t_window_size, edu_t_window_sizes, edu_t_size_desc);

static void memcpy_keeps_data(struct kunit *test)
{
	size_t len = *(const size_t *)test->param_value;
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *src = edu_t_buf(test, chan, len + 8);
	struct edu_t_buf *dst = edu_t_buf(test, chan, len + 8);

	edu_t_memcpy_run(test, chan, dst, 3, src, 1, len);
	/* Bytes around the destination are untouched. */
	KUNIT_EXPECT_NE(test, memcmp(dst->cpu, src->cpu, 3), 0);
}

static void edu_t_slave(struct kunit *test, struct dma_chan *chan,
			enum dma_transfer_direction dir, dma_addr_t dev,
			struct scatterlist *sgl, unsigned int n, size_t total)
{
	struct dma_slave_config cfg = {
		.src_addr = dev, .dst_addr = dev,
		.src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.src_maxburst = 16, .dst_maxburst = 16,
	};
	struct edu_t_wait *w = edu_t_wait(test, 1);

	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	edu_t_submit(test, dmaengine_prep_slave_sg(chan, sgl, n, dir,
						   DMA_PREP_INTERRUPT), w);
	dma_async_issue_pending(chan);
	edu_t_await(test, w, total);
	KUNIT_EXPECT_EQ(test, w->res.result, DMA_TRANS_NOERROR);
}

/* Memory -> card buffer -> memory, with the device side in the window. */
static void slave_roundtrip_through_window(struct kunit *test)
{
	size_t len = *(const size_t *)test->param_value;
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *a = edu_t_buf(test, chan, len + 1);
	struct edu_t_buf *b = edu_t_buf(test, chan, len + 1);
	struct scatterlist sg;

	sg_init_table(&sg, 1);
	sg_dma_address(&sg) = a->dma + 1;
	sg_dma_len(&sg) = len;
	edu_t_slave(test, chan, DMA_MEM_TO_DEV, EDU_BUF_BASE + 7, &sg, 1, len);
	sg_dma_address(&sg) = b->dma;
	edu_t_slave(test, chan, DMA_DEV_TO_MEM, EDU_BUF_BASE + 7, &sg, 1, len);
	edu_t_sync(b);
	KUNIT_EXPECT_EQ(test, memcmp(b->cpu, a->cpu + 1, len), 0);
}

/*
 * Memory -> ivshmem BAR -> memory, each way an sg list of uneven entries,
 * every chunk hopping through the card buffer.
 */
static void slave_sg_to_bar_and_back(struct kunit *test)
{
	static const size_t lens[] = { 1, 4095, 4097, 10000, 333, SZ_64K + 3 };
	struct dma_chan *chan = edu_t_chan(test);
	struct scatterlist sg[ARRAY_SIZE(lens)];
	struct edu_t_buf *a, *b;
	struct pci_dev *card;
	size_t off, total = 0;
	dma_addr_t bar;
	unsigned int i;

	card = pci_get_device(CARD_VENDOR, CARD_DEVICE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, card);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pci_dev_put_action,
							card), 0);
	/* Nothing else drives the card: make its BAR decode for the test. */
	KUNIT_ASSERT_EQ(test, pci_enable_device_mem(card), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pci_disable_action,
							card), 0);
	bar = dma_map_resource(chan->device->dev,
			       pci_resource_start(card, CARD_MEM_BAR), SZ_1M,
			       DMA_BIDIRECTIONAL, 0);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(chan->device->dev, bar));

	for (i = 0; i < ARRAY_SIZE(lens); i++)
		total += lens[i];
	a = edu_t_buf(test, chan, total + 16);
	b = edu_t_buf(test, chan, total + 16);

	sg_init_table(sg, ARRAY_SIZE(lens));
	for (i = 0, off = 0; i < ARRAY_SIZE(lens); off += lens[i] + 1, i++) {
		sg_dma_address(&sg[i]) = a->dma + off;
		sg_dma_len(&sg[i]) = lens[i];
	}
	edu_t_slave(test, chan, DMA_MEM_TO_DEV, bar + 5, sg, ARRAY_SIZE(lens),
		    total);
	sg_init_one(&sg[0], NULL, 0);
	sg_dma_address(&sg[0]) = b->dma;
	sg_dma_len(&sg[0]) = total;
	edu_t_slave(test, chan, DMA_DEV_TO_MEM, bar + 5, sg, 1, total);
	edu_t_sync(b);
	for (i = 0, off = 0, total = 0; i < ARRAY_SIZE(lens); i++) {
		KUNIT_EXPECT_EQ_MSG(test, memcmp(b->cpu + total, a->cpu + off,
						 lens[i]), 0, "entry %u", i);
		total += lens[i];
		off += lens[i] + 1;
	}
	dma_unmap_resource(chan->device->dev, bar, SZ_1M, DMA_BIDIRECTIONAL, 0);
}

static void cyclic_calls_back_every_period(struct kunit *test)
{
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *a = edu_t_buf(test, chan, 4 * 1000);
	struct dma_slave_config cfg = {
		.dst_addr = EDU_BUF_BASE,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_1_BYTE,
	};
	struct edu_t_wait *w = edu_t_wait(test, 10);
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state state;
	dma_cookie_t cookie;

	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	tx = dmaengine_prep_dma_cyclic(chan, a->dma, 4000, 1000, DMA_MEM_TO_DEV,
				       DMA_PREP_INTERRUPT);
	cookie = edu_t_submit(test, tx, w);
	dma_async_issue_pending(chan);
	edu_t_await(test, w, 10 * 1000);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &state),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_LE(test, state.residue, 4000);
	KUNIT_EXPECT_GT(test, state.residue, 0);
	KUNIT_EXPECT_EQ(test, w->res.result, DMA_TRANS_NOERROR);
	KUNIT_ASSERT_EQ(test, dmaengine_terminate_sync(chan), 0);
	/* No period callback after termination. */
	msleep(500);
	KUNIT_EXPECT_LE(test, atomic_read(&w->calls), 11);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL),
			DMA_ERROR);
}

/*
 * Pausing mid-chunk: the chunk on the engine still completes, and the
 * residue read as soon as dmaengine_pause() returns is already that
 * chunk's end; it does not move afterwards.
 */
static void pause_holds_and_resume_finishes(struct kunit *test)
{
	size_t len = 10 * EDU_XFER_MAX;
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *src = edu_t_buf(test, chan, len);
	struct edu_t_buf *dst = edu_t_buf(test, chan, len);
	struct edu_t_wait *w = edu_t_wait(test, 1);
	struct dma_tx_state s0, s1, s2;
	dma_cookie_t cookie;

	cookie = edu_t_submit(test, dmaengine_prep_dma_memcpy(chan, dst->dma,
							      src->dma, len, 0), w);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &s1),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, s1.residue, len);
	dma_async_issue_pending(chan);
	/* Half-way through the second chunk (a hop of 2 x 100 ms). */
	msleep(3 * EDU_T_CHUNK_MS / 2);
	KUNIT_ASSERT_EQ(test, dmaengine_pause(chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &s0), DMA_PAUSED);
	msleep(2 * EDU_T_CHUNK_MS);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &s1), DMA_PAUSED);
	msleep(3 * EDU_T_CHUNK_MS);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &s2), DMA_PAUSED);
	KUNIT_EXPECT_EQ(test, s0.residue, s1.residue);
	KUNIT_EXPECT_EQ(test, s1.residue, s2.residue);
	KUNIT_EXPECT_LT(test, s1.residue, len);
	KUNIT_EXPECT_GT(test, s1.residue, 0);
	KUNIT_EXPECT_EQ(test, s1.residue % EDU_XFER_MAX, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&w->calls), 0);

	KUNIT_ASSERT_EQ(test, dmaengine_resume(chan), 0);
	edu_t_await(test, w, len);
	KUNIT_EXPECT_EQ(test, w->res.result, DMA_TRANS_NOERROR);
	edu_t_sync(dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst->cpu, src->cpu, len), 0);
}

static void terminate_midstream_then_reuse(struct kunit *test)
{
	size_t len = 20 * EDU_XFER_MAX;
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *src = edu_t_buf(test, chan, len);
	struct edu_t_buf *dst = edu_t_buf(test, chan, len);
	struct edu_t_wait *w = edu_t_wait(test, 1);
	dma_cookie_t cookie;

	cookie = edu_t_submit(test, dmaengine_prep_dma_memcpy(chan, dst->dma,
							      src->dma, len, 0), w);
	dma_async_issue_pending(chan);
	msleep(3 * EDU_T_CHUNK_MS);
	KUNIT_ASSERT_EQ(test, dmaengine_terminate_sync(chan), 0);
	msleep(2 * EDU_T_CHUNK_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&w->calls), 0);
	/* Aborted is not complete, neither now nor after later successes. */
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL),
			DMA_ERROR);
	edu_t_sync(dst);
	/* Stopped between chunks: the tail was never written. */
	KUNIT_EXPECT_NE(test, memcmp(dst->cpu + len - 100, src->cpu + len - 100,
				     100), 0);

	edu_t_memcpy_run(test, chan, dst, 0, src, 0, 3 * EDU_XFER_MAX);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL),
			DMA_ERROR);
}

static void channels_share_the_engine(struct kunit *test)
{
	enum { N = 4, LEN = 5 * EDU_XFER_MAX };
	struct edu_t_buf *src[N], *dst[N];
	struct edu_t_wait *w[N];
	struct dma_chan *chan[N];
	int i;

	for (i = 0; i < N; i++) {
		chan[i] = edu_t_chan(test);
		src[i] = edu_t_buf(test, chan[i], LEN);
		dst[i] = edu_t_buf(test, chan[i], LEN);
		w[i] = edu_t_wait(test, 1);
		edu_t_submit(test, dmaengine_prep_dma_memcpy(chan[i], dst[i]->dma,
							     src[i]->dma, LEN, 0),
			     w[i]);
	}
	for (i = 0; i < N; i++)
		dma_async_issue_pending(chan[i]);
	for (i = 0; i < N; i++) {
		edu_t_await(test, w[i], N * LEN);
		KUNIT_EXPECT_EQ(test, w[i]->res.result, DMA_TRANS_NOERROR);
		edu_t_sync(dst[i]);
		KUNIT_EXPECT_EQ(test, memcmp(dst[i]->cpu, src[i]->cpu, LEN), 0);
	}
}

static void watchdog_fails_lost_interrupt(struct kunit *test)
{
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *src = edu_t_buf(test, chan, 100);
	struct edu_t_buf *dst = edu_t_buf(test, chan, 100);
	struct edu_t_wait *w = edu_t_wait(test, 1);
	dma_cookie_t cookie;

	edu_test_drop_irqs(chan, 1);
	cookie = edu_t_submit(test, dmaengine_prep_dma_memcpy(chan, dst->dma,
							      src->dma, 100, 0),
			      w);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&w->done,
							    msecs_to_jiffies(5000)));
	KUNIT_EXPECT_EQ(test, w->res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_GT(test, w->res.residue, 0);

	edu_t_memcpy_run(test, chan, dst, 0, src, 0, 100);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL),
			DMA_ERROR);
}

/*
 * A queue of memcpy descriptors keeps the engine busy: the time it spent
 * transferring over the time from issue to the last callback.
 */
static void queued_stream_keeps_engine_busy(struct kunit *test)
{
	enum { N = 16 };
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *src = edu_t_buf(test, chan, N * EDU_XFER_MAX);
	struct edu_t_buf *dst = edu_t_buf(test, chan, N * EDU_XFER_MAX);
	struct edu_t_wait *w = edu_t_wait(test, N);
	u64 busy0, busy, elapsed;
	ktime_t t0;
	int i;

	for (i = 0; i < N; i++)
		edu_t_submit(test, dmaengine_prep_dma_memcpy(chan,
							     dst->dma + i * EDU_XFER_MAX,
							     src->dma + i * EDU_XFER_MAX,
							     EDU_XFER_MAX, 0), w);
	busy0 = edu_test_busy_ns(chan);
	t0 = ktime_get();
	dma_async_issue_pending(chan);
	edu_t_await(test, w, N * EDU_XFER_MAX);
	elapsed = ktime_to_ns(ktime_sub(ktime_get(), t0));
	busy = edu_test_busy_ns(chan) - busy0;
	kunit_info(test, "engine busy %llu of %llu ns (%llu.%02llu%%)\n", busy,
		   elapsed, busy * 100 / elapsed, busy * 10000 / elapsed % 100);
	KUNIT_EXPECT_GE(test, busy * 100, elapsed * 99);
	/* Sanity of the clock: no faster than the device model allows. */
	KUNIT_EXPECT_GE(test, elapsed * 100,
			(u64)N * EDU_T_CHUNK_MS * NSEC_PER_MSEC * 99);
}

/*
 * The scenarios load edu_dma with a slave_map that gives the ivshmem card
 * "tx" on request line 1 and "rx" on line 2 (initramfs/lib.sh, load_edu).
 */
static struct dma_chan *edu_t_named(struct kunit *test, struct pci_dev *card,
				    const char *name)
{
	struct dma_chan *chan = dma_request_chan(&card->dev, name);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(chan), "%s: error %ld", name,
			       PTR_ERR(chan));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, edu_t_release,
							chan), 0);
	return chan;
}

static void slave_map_finds_the_line(struct kunit *test)
{
	struct pci_dev *pdev = edu_t_pdev(test);
	struct pci_dev *card = pci_get_device(CARD_VENDOR, CARD_DEVICE, NULL);
	struct dma_chan *chan;

	KUNIT_ASSERT_NOT_NULL(test, card);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pci_dev_put_action,
							card), 0);
	chan = dma_request_chan(&card->dev, "bogus");
	KUNIT_EXPECT_TRUE(test, IS_ERR(chan));
	if (!IS_ERR(chan))
		dma_release_channel(chan);

	chan = edu_t_named(test, card, "rx");
	KUNIT_EXPECT_PTR_EQ(test, chan->device->dev, &pdev->dev);
	KUNIT_EXPECT_EQ(test, chan->chan_id, 2);
	chan = edu_t_named(test, card, "tx");
	KUNIT_EXPECT_PTR_EQ(test, chan->device->dev, &pdev->dev);
	KUNIT_EXPECT_EQ(test, chan->chan_id, 1);
}

/*
 * Public users (async_tx calls dmaengine_get() at boot when built in) do
 * not take edu's channels unless public_memcpy=1 says so: a slave client
 * still gets one while they are there.
 */
static void public_users_leave_slave_channels(struct kunit *test)
{
	struct pci_dev *pdev = edu_t_pdev(test);
	struct dma_chan *chan, *pub;
	dma_cap_mask_t mask;

	dmaengine_get();
	pub = dma_find_channel(DMA_MEMCPY);
	if (pub)
		KUNIT_EXPECT_PTR_NE(test, pub->device->dev, &pdev->dev);
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = dma_request_channel(mask, edu_t_filter, &pdev->dev);
	dmaengine_put();
	KUNIT_ASSERT_NOT_NULL_MSG(test, chan,
				  "public users hold every edu channel");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, edu_t_release,
							chan), 0);
	KUNIT_EXPECT_EQ(test, chan->client_count, 1);
}

static void caps_describe_the_engine(struct kunit *test)
{
	struct dma_chan *chan = edu_t_chan(test);
	struct dma_slave_caps caps;

	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.src_addr_widths, EDU_WIDTHS);
	KUNIT_EXPECT_EQ(test, caps.dst_addr_widths, EDU_WIDTHS);
	KUNIT_EXPECT_TRUE(test, caps.directions & BIT(DMA_MEM_TO_DEV));
	KUNIT_EXPECT_TRUE(test, caps.directions & BIT(DMA_DEV_TO_MEM));
	KUNIT_EXPECT_EQ(test, caps.max_sg_burst, EDU_MAX_SG);
	KUNIT_EXPECT_EQ(test, caps.max_burst, EDU_MAX_BURST);
	KUNIT_EXPECT_EQ(test, caps.residue_granularity,
			DMA_RESIDUE_GRANULARITY_SEGMENT);
	KUNIT_EXPECT_TRUE(test, caps.cmd_pause);
	KUNIT_EXPECT_TRUE(test, caps.cmd_resume);
	KUNIT_EXPECT_TRUE(test, caps.cmd_terminate);
}

/* Bad input ---------------------------------------------------------- */

enum edu_t_bad {
	BAD_WIDTH_3, BAD_WIDTH_16, BAD_BURST, BAD_ZERO_LEN, BAD_ABOVE_MASK,
	BAD_DIRECTION, BAD_TOO_MANY_SG, BAD_WINDOW_END, BAD_BOTH_IN_WINDOW,
	BAD_PERIOD, BAD_MEMCPY_DST_IN_WINDOW, BAD_MEMCPY_SRC_IN_WINDOW,
	BAD_MEMCPY_INTO_WINDOW_EDGE, BAD_SG_IN_WINDOW, BAD_SG_INTO_WINDOW_EDGE,
	BAD_CYCLIC_IN_WINDOW,
};

static const char * const edu_t_bad_names[] = {
	"width 3 bytes", "width 16 bytes", "burst above max", "zero length",
	"address above DMA mask", "dev to dev", "sg list too long",
	"past usable window", "window to window", "period not dividing buffer",
	"memcpy to a bus address in the window",
	"memcpy from a bus address in the window",
	"memcpy running into the window", "sg entry in the window",
	"sg entry running into the window", "cyclic buffer in the window",
};

static const enum edu_t_bad edu_t_bads[] = {
	BAD_WIDTH_3, BAD_WIDTH_16, BAD_BURST, BAD_ZERO_LEN, BAD_ABOVE_MASK,
	BAD_DIRECTION, BAD_TOO_MANY_SG, BAD_WINDOW_END, BAD_BOTH_IN_WINDOW,
	BAD_PERIOD, BAD_MEMCPY_DST_IN_WINDOW, BAD_MEMCPY_SRC_IN_WINDOW,
	BAD_MEMCPY_INTO_WINDOW_EDGE, BAD_SG_IN_WINDOW, BAD_SG_INTO_WINDOW_EDGE,
	BAD_CYCLIC_IN_WINDOW,
};

static void edu_t_bad_desc(const enum edu_t_bad *b, char *desc)
{
	strscpy(desc, edu_t_bad_names[*b], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(edu_t_bad, edu_t_bads, edu_t_bad_desc);

static int edu_t_config(struct dma_chan *chan, enum dma_slave_buswidth w,
			u32 burst, dma_addr_t dev)
{
	struct dma_slave_config cfg = {
		.src_addr = dev, .dst_addr = dev,
		.src_addr_width = w, .dst_addr_width = w,
		.src_maxburst = burst, .dst_maxburst = burst,
	};

	return dmaengine_slave_config(chan, &cfg);
}

static void edu_t_sg_prep_fails(struct kunit *test, struct dma_chan *chan,
				dma_addr_t mem, unsigned int n, size_t len,
				enum dma_transfer_direction dir)
{
	struct scatterlist *sg = kunit_kcalloc(test, n, sizeof(*sg), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, sg);
	sg_init_table(sg, n);
	for (i = 0; i < n; i++) {
		sg_dma_address(&sg[i]) = mem;
		sg_dma_len(&sg[i]) = len;
	}
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_sg(chan, sg, n, dir, 0));
}

/*
 * A memcpy descriptor that should not have been made is submitted and
 * issued anyway, so that a driver accepting it shows what it programs.
 */
static struct dma_async_tx_descriptor *
edu_t_memcpy_prep(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		  size_t len)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(chan, dst, src, len, 0);
	if (tx)
		dmaengine_submit(tx);
	return tx;
}

static void bad_input_is_refused(struct kunit *test)
{
	enum edu_t_bad bad = *(const enum edu_t_bad *)test->param_value;
	struct dma_chan *chan = edu_t_chan(test);
	struct edu_t_buf *a = edu_t_buf(test, chan, SZ_4K);
	u64 busy0 = edu_test_busy_ns(chan);
	dma_addr_t far = DMA_BIT_MASK(63) + 1;

	switch (bad) {
	case BAD_WIDTH_3:
		KUNIT_EXPECT_EQ(test, edu_t_config(chan, 3, 1, EDU_BUF_BASE), -EINVAL);
		break;
	case BAD_WIDTH_16:
		KUNIT_EXPECT_EQ(test, edu_t_config(chan, DMA_SLAVE_BUSWIDTH_16_BYTES,
						   1, EDU_BUF_BASE), -EINVAL);
		break;
	case BAD_BURST:
		KUNIT_EXPECT_EQ(test, edu_t_config(chan, 4, EDU_MAX_BURST + 1,
						   EDU_BUF_BASE), -EINVAL);
		break;
	case BAD_ZERO_LEN:
		KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, a->dma, a->dma + 8,
								  0, 0));
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, EDU_BUF_BASE), 0);
		edu_t_sg_prep_fails(test, chan, a->dma, 1, 0, DMA_MEM_TO_DEV);
		break;
	case BAD_ABOVE_MASK:
		KUNIT_ASSERT_LT(test, dma_get_mask(chan->device->dev), far);
		KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, far, a->dma,
								  16, 0));
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, far), 0);
		edu_t_sg_prep_fails(test, chan, a->dma, 1, 16, DMA_DEV_TO_MEM);
		break;
	case BAD_DIRECTION:
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, EDU_BUF_BASE), 0);
		edu_t_sg_prep_fails(test, chan, a->dma, 1, 16, DMA_DEV_TO_DEV);
		edu_t_sg_prep_fails(test, chan, a->dma, 1, 16, DMA_MEM_TO_MEM);
		break;
	case BAD_TOO_MANY_SG:
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, EDU_BUF_BASE), 0);
		edu_t_sg_prep_fails(test, chan, a->dma, EDU_MAX_SG + 1, 1,
				    DMA_MEM_TO_DEV);
		break;
	case BAD_WINDOW_END:
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, EDU_BUF_BASE + 100), 0);
		edu_t_sg_prep_fails(test, chan, a->dma, 1, EDU_XFER_MAX - 99,
				    DMA_MEM_TO_DEV);
		break;
	case BAD_BOTH_IN_WINDOW:
		KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, EDU_BUF_BASE,
								  EDU_BUF_BASE + 2000,
								  16, 0));
		break;
	case BAD_PERIOD:
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, EDU_BUF_BASE), 0);
		KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_cyclic(chan, a->dma, 1000, 300,
								  DMA_MEM_TO_DEV, 0));
		break;
	/*
	 * A memory address that an IOMMU or the RAM layout puts in the
	 * window would reach the card's buffer instead of that memory.
	 */
	case BAD_MEMCPY_DST_IN_WINDOW:
		KUNIT_EXPECT_NULL(test, edu_t_memcpy_prep(chan, EDU_BUF_BASE + 16,
							  a->dma, 16));
		break;
	case BAD_MEMCPY_SRC_IN_WINDOW:
		KUNIT_EXPECT_NULL(test, edu_t_memcpy_prep(chan, a->dma,
							  EDU_BUF_BASE, 16));
		break;
	case BAD_MEMCPY_INTO_WINDOW_EDGE:
		KUNIT_EXPECT_NULL(test, edu_t_memcpy_prep(chan, EDU_BUF_BASE - 8,
							  a->dma, 16));
		break;
	case BAD_SG_IN_WINDOW:
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, a->dma + SZ_2K), 0);
		edu_t_sg_prep_fails(test, chan, EDU_BUF_BASE + 16, 1, 16,
				    DMA_MEM_TO_DEV);
		edu_t_sg_prep_fails(test, chan, EDU_BUF_BASE + 16, 1, 16,
				    DMA_DEV_TO_MEM);
		break;
	case BAD_SG_INTO_WINDOW_EDGE:
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, a->dma + SZ_2K), 0);
		edu_t_sg_prep_fails(test, chan, EDU_BUF_BASE - 8, 1, 16,
				    DMA_DEV_TO_MEM);
		break;
	case BAD_CYCLIC_IN_WINDOW:
		KUNIT_ASSERT_EQ(test, edu_t_config(chan, 4, 1, a->dma), 0);
		KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_cyclic(chan, EDU_BUF_BASE,
								  1000, 500,
								  DMA_DEV_TO_MEM, 0));
		break;
	}
	/* Nothing was programmed: the engine stays idle. */
	dma_async_issue_pending(chan);
	msleep(300);
	KUNIT_EXPECT_EQ(test, edu_test_busy_ns(chan), busy0);
}

static struct kunit_case edu_dma_cases[] = {
	KUNIT_CASE(public_users_leave_slave_channels),
	KUNIT_CASE(caps_describe_the_engine),
	KUNIT_CASE(slave_map_finds_the_line),
	KUNIT_CASE_PARAM(memcpy_keeps_data, edu_t_size_gen_params),
	KUNIT_CASE_PARAM(slave_roundtrip_through_window,
			 edu_t_window_size_gen_params),
	KUNIT_CASE(slave_sg_to_bar_and_back),
	KUNIT_CASE(cyclic_calls_back_every_period),
	KUNIT_CASE(pause_holds_and_resume_finishes),
	KUNIT_CASE(terminate_midstream_then_reuse),
	KUNIT_CASE(channels_share_the_engine),
	KUNIT_CASE(watchdog_fails_lost_interrupt),
	KUNIT_CASE(queued_stream_keeps_engine_busy),
	KUNIT_CASE_PARAM(bad_input_is_refused, edu_t_bad_gen_params),
	{}
};

static struct kunit_suite edu_dma_suite = {
	.name = "edu_dma",
	.test_cases = edu_dma_cases,
};

/* Device Tree lookup ------------------------------------------------- */

/*
 * The arm64 test machine's DT (tools/testing/dmaengine/dt/) gives edu's
 * slot a node with #dma-cells = <1> and the card's slot a node naming
 * edu's request lines 1 and 2 "tx" and "rx", and line 64, which edu does
 * not have, "bad-line". The card driver must not hold the channels while
 * these cases run. Machines without a DT skip them.
 */
static struct pci_dev *edu_t_dt_card(struct kunit *test)
{
	struct pci_dev *card = pci_get_device(CARD_VENDOR, CARD_DEVICE, NULL);

	KUNIT_ASSERT_NOT_NULL(test, card);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, pci_dev_put_action,
							card), 0);
	if (!dev_of_node(&card->dev))
		kunit_skip(test, "the card has no Device Tree node");
	return card;
}

static void of_dma_finds_the_lines(struct kunit *test)
{
	struct pci_dev *card = edu_t_dt_card(test);
	struct pci_dev *pdev = edu_t_pdev(test);
	struct edu_dev *edu = pci_get_drvdata(pdev);
	struct dma_chan *chan;

	KUNIT_ASSERT_NOT_NULL_MSG(test, edu, "edu_dma is not bound");
	KUNIT_EXPECT_TRUE(test, of_property_present(dev_of_node(&pdev->dev),
						    "#dma-cells"));
	chan = edu_t_named(test, card, "tx");
	KUNIT_EXPECT_PTR_EQ(test, chan, &edu->chans[1].vc.chan);
	chan = edu_t_named(test, card, "rx");
	KUNIT_EXPECT_PTR_EQ(test, chan, &edu->chans[2].vc.chan);
	/* Held lines are not handed out twice. */
	chan = dma_request_chan(&card->dev, "tx");
	KUNIT_EXPECT_TRUE(test, IS_ERR(chan));
	if (!IS_ERR(chan))
		dma_release_channel(chan);
}

static void of_dma_refuses_a_missing_line(struct kunit *test)
{
	struct pci_dev *card = edu_t_dt_card(test);
	struct edu_dev *edu = pci_get_drvdata(edu_t_pdev(test));
	struct dma_chan *chan;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL_MSG(test, edu, "edu_dma is not bound");
	KUNIT_ASSERT_LE(test, edu->nr_chans, 64);
	chan = dma_request_chan(&card->dev, "bad-line");
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(chan), -ENODEV);
	if (!IS_ERR(chan))
		dma_release_channel(chan);
	chan = dma_request_chan(&card->dev, "not-in-dt");
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(chan), -ENODEV);
	if (!IS_ERR(chan))
		dma_release_channel(chan);
	/* The failed lookups left every line free. */
	for (i = 0; i < edu->nr_chans; i++)
		KUNIT_EXPECT_EQ(test, edu->chans[i].vc.chan.client_count, 0);
}

static struct kunit_case edu_dma_of_cases[] = {
	KUNIT_CASE(of_dma_finds_the_lines),
	KUNIT_CASE(of_dma_refuses_a_missing_line),
	{}
};

static struct kunit_suite edu_dma_of_suite = {
	.name = "edu_dma_of",
	.test_cases = edu_dma_of_cases,
};

/* Hostile calls ------------------------------------------------------ */

/*
 * Each case calls one of edu's ops directly (no core wrapper in between
 * to catch anything) with NULL, zero, absurd or out-of-order arguments,
 * expects a clean refusal, and then checks that the channel still works:
 * a memcpy and a slave transfer with the configuration it had before.
 */
enum edu_t_hostile {
	H_CONFIG_NULL, H_CONFIG_NO_WIDTH, H_CONFIG_WIDTH_HUGE, H_CONFIG_BURST_MAX,
	H_SG_NULL, H_SG_LEN_ZERO, H_SG_LEN_HUGE, H_SG_WRAPS, H_SG_DIR_HUGE,
	H_SG_UNCONFIGURED, H_SG_OTHER_SIDE, H_CYCLIC_ZERO, H_CYCLIC_HUGE,
	H_CYCLIC_UNCONFIGURED, H_MEMCPY_HUGE, H_MEMCPY_WRAPS, H_STATUS_BOGUS,
	H_OUT_OF_ORDER,
};

static const char * const edu_t_hostile_names[] = {
	"config NULL", "config without any width", "config width huge",
	"config burst U32_MAX", "sg NULL", "sg_len 0", "sg_len UINT_MAX",
	"sg entry wraps", "direction huge", "slave never configured",
	"slave side not configured", "cyclic zero lengths", "cyclic huge",
	"cyclic never configured", "memcpy SIZE_MAX", "memcpy wraps",
	"status of bogus cookies", "control ops out of order",
};

static const enum edu_t_hostile edu_t_hostiles[] = {
	H_CONFIG_NULL, H_CONFIG_NO_WIDTH, H_CONFIG_WIDTH_HUGE, H_CONFIG_BURST_MAX,
	H_SG_NULL, H_SG_LEN_ZERO, H_SG_LEN_HUGE, H_SG_WRAPS, H_SG_DIR_HUGE,
	H_SG_UNCONFIGURED, H_SG_OTHER_SIDE, H_CYCLIC_ZERO, H_CYCLIC_HUGE,
	H_CYCLIC_UNCONFIGURED, H_MEMCPY_HUGE, H_MEMCPY_WRAPS, H_STATUS_BOGUS,
	H_OUT_OF_ORDER,
};

static void edu_t_hostile_desc(const enum edu_t_hostile *h, char *desc)
{
	strscpy(desc, edu_t_hostile_names[*h], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(edu_t_hostile, edu_t_hostiles, edu_t_hostile_desc);

/* MEM_TO_DEV of @len bytes into the window, as the channel is configured. */
static void edu_t_to_window(struct kunit *test, struct dma_chan *chan,
			    struct edu_t_buf *b, size_t len)
{
	struct edu_t_wait *w = edu_t_wait(test, 1);
	struct scatterlist sg;

	sg_init_table(&sg, 1);
	sg_dma_address(&sg) = b->dma;
	sg_dma_len(&sg) = len;
	edu_t_submit(test, dmaengine_prep_slave_sg(chan, &sg, 1, DMA_MEM_TO_DEV,
						   DMA_PREP_INTERRUPT), w);
	dma_async_issue_pending(chan);
	edu_t_await(test, w, len);
	KUNIT_EXPECT_EQ(test, w->res.result, DMA_TRANS_NOERROR);
}

static void hostile_calls_leave_the_channel_working(struct kunit *test)
{
	enum edu_t_hostile h = *(const enum edu_t_hostile *)test->param_value;
	struct dma_chan *chan = edu_t_chan(test);
	struct dma_device *dma = chan->device;
	struct edu_t_buf *a = edu_t_buf(test, chan, SZ_4K);
	struct edu_t_buf *b = edu_t_buf(test, chan, SZ_4K);
	struct dma_slave_config cfg = {
		.dst_addr = EDU_BUF_BASE, .dst_addr_width = 4, .dst_maxburst = 1,
	};
	enum dma_transfer_direction huge_dir = (enum dma_transfer_direction)~0U;
	struct dma_tx_state state;
	struct scatterlist sg;
	bool configured = true;

	sg_init_table(&sg, 1);
	sg_dma_address(&sg) = a->dma;
	sg_dma_len(&sg) = 64;
	/* The cases below that need no configuration run without one. */
	if (h == H_SG_UNCONFIGURED || h == H_CYCLIC_UNCONFIGURED)
		configured = false;
	else
		KUNIT_ASSERT_EQ(test, dma->device_config(chan, &cfg), 0);

	switch (h) {
	case H_CONFIG_NULL:
		KUNIT_EXPECT_EQ(test, dma->device_config(chan, NULL), -EINVAL);
		break;
	case H_CONFIG_NO_WIDTH:
		cfg.dst_addr_width = DMA_SLAVE_BUSWIDTH_UNDEFINED;
		KUNIT_EXPECT_EQ(test, dma->device_config(chan, &cfg), -EINVAL);
		cfg.dst_addr_width = 4;
		break;
	case H_CONFIG_WIDTH_HUGE:
		cfg.src_addr_width = (enum dma_slave_buswidth)~0U;
		KUNIT_EXPECT_EQ(test, dma->device_config(chan, &cfg), -EINVAL);
		break;
	case H_CONFIG_BURST_MAX:
		cfg.dst_maxburst = U32_MAX;
		KUNIT_EXPECT_EQ(test, dma->device_config(chan, &cfg), -EINVAL);
		break;
	case H_SG_NULL:
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, NULL, 1,
								  DMA_MEM_TO_DEV,
								  0, NULL));
		break;
	case H_SG_LEN_ZERO:
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, &sg, 0,
								  DMA_MEM_TO_DEV,
								  0, NULL));
		break;
	case H_SG_LEN_HUGE:
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, &sg, UINT_MAX,
								  DMA_MEM_TO_DEV,
								  0, NULL));
		break;
	case H_SG_WRAPS:
		sg_dma_address(&sg) = DMA_BIT_MASK(64) - 3;
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, &sg, 1,
								  DMA_MEM_TO_DEV,
								  0, NULL));
		break;
	case H_SG_DIR_HUGE:
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, &sg, 1,
								  huge_dir, 0,
								  NULL));
		break;
	case H_SG_UNCONFIGURED:
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, &sg, 1,
								  DMA_MEM_TO_DEV,
								  0, NULL));
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, &sg, 1,
								  DMA_DEV_TO_MEM,
								  0, NULL));
		break;
	case H_SG_OTHER_SIDE:
		/* Only the destination side is configured. */
		KUNIT_EXPECT_NULL(test, dma->device_prep_slave_sg(chan, &sg, 1,
								  DMA_DEV_TO_MEM,
								  0, NULL));
		break;
	case H_CYCLIC_ZERO:
		KUNIT_EXPECT_NULL(test, dma->device_prep_dma_cyclic(chan, a->dma, 0, 0,
								    DMA_MEM_TO_DEV,
								    0));
		KUNIT_EXPECT_NULL(test, dma->device_prep_dma_cyclic(chan, a->dma, 0, 64,
								    DMA_MEM_TO_DEV,
								    0));
		break;
	case H_CYCLIC_HUGE:
		KUNIT_EXPECT_NULL(test, dma->device_prep_dma_cyclic(chan, a->dma,
								    SIZE_MAX, 1,
								    DMA_MEM_TO_DEV,
								    0));
		KUNIT_EXPECT_NULL(test, dma->device_prep_dma_cyclic(chan, 0, 64, 64,
								    huge_dir, 0));
		break;
	case H_CYCLIC_UNCONFIGURED:
		KUNIT_EXPECT_NULL(test, dma->device_prep_dma_cyclic(chan, a->dma, 64,
								    32,
								    DMA_MEM_TO_DEV,
								    0));
		break;
	case H_MEMCPY_HUGE:
		KUNIT_EXPECT_NULL(test, dma->device_prep_dma_memcpy(chan, b->dma,
								    a->dma,
								    SIZE_MAX, 0));
		break;
	case H_MEMCPY_WRAPS:
		KUNIT_EXPECT_NULL(test, dma->device_prep_dma_memcpy(chan, b->dma,
								    DMA_BIT_MASK(64) - 3,
								    16, 0));
		break;
	case H_STATUS_BOGUS:
		/* Cookies this channel never handed out are not in progress. */
		KUNIT_EXPECT_NE(test, dma->device_tx_status(chan, -EINVAL, &state),
				DMA_IN_PROGRESS);
		KUNIT_EXPECT_NE(test, dma->device_tx_status(chan, 0, NULL),
				DMA_IN_PROGRESS);
		KUNIT_EXPECT_NE(test, dma->device_tx_status(chan, INT_MAX, &state),
				DMA_IN_PROGRESS);
		break;
	case H_OUT_OF_ORDER:
		KUNIT_EXPECT_EQ(test, dma->device_resume(chan), 0);
		dma->device_synchronize(chan);
		dma->device_issue_pending(chan);
		KUNIT_EXPECT_EQ(test, dma->device_terminate_all(chan), 0);
		KUNIT_EXPECT_EQ(test, dma->device_terminate_all(chan), 0);
		KUNIT_EXPECT_EQ(test, dma->device_pause(chan), 0);
		KUNIT_EXPECT_EQ(test, dma->device_pause(chan), 0);
		KUNIT_EXPECT_EQ(test, dma->device_resume(chan), 0);
		KUNIT_EXPECT_EQ(test, dma->device_resume(chan), 0);
		dma->device_synchronize(chan);
		break;
	}

	edu_t_memcpy_run(test, chan, b, 0, a, 0, 100);
	if (configured)
		edu_t_to_window(test, chan, a, 100);
}

static struct kunit_case edu_dma_hostile_cases[] = {
	KUNIT_CASE_PARAM(hostile_calls_leave_the_channel_working,
			 edu_t_hostile_gen_params),
	{}
};

static struct kunit_suite edu_dma_hostile_suite = {
	.name = "edu_dma_hostile",
	.test_cases = edu_dma_hostile_cases,
};

/* Unbinding ---------------------------------------------------------- */

static void unbind_fails_inflight_and_rebinds(struct kunit *test)
{
	struct pci_dev *pdev = edu_t_pdev(test);
	struct dma_chan *chan = edu_t_chan(test);
	size_t len = 8 * EDU_XFER_MAX;
	struct edu_t_buf *src = edu_t_buf(test, chan, len);
	struct edu_t_buf *dst = edu_t_buf(test, chan, len);
	struct edu_t_wait *w = edu_t_wait(test, 1);

	edu_t_submit(test, dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma,
						     len, 0), w);
	dma_async_issue_pending(chan);
	msleep(EDU_T_CHUNK_MS);

	device_release_driver(&pdev->dev);
	KUNIT_EXPECT_NULL(test, pdev->dev.driver);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&w->done,
							    msecs_to_jiffies(100)));
	KUNIT_EXPECT_EQ(test, w->res.result, DMA_TRANS_ABORTED);
	KUNIT_EXPECT_GT(test, w->res.residue, 0);

	KUNIT_ASSERT_EQ(test, device_attach(&pdev->dev), 1);
	/* A channel of the new binding works. */
	chan = edu_t_chan(test);
	src = edu_t_buf(test, chan, 5000);
	dst = edu_t_buf(test, chan, 5000);
	edu_t_memcpy_run(test, chan, dst, 0, src, 0, 5000);
}

static struct kunit_case edu_dma_unbind_cases[] = {
	KUNIT_CASE(unbind_fails_inflight_and_rebinds),
	{}
};

static struct kunit_suite edu_dma_unbind_suite = {
	.name = "edu_dma_unbind",
	.test_cases = edu_dma_unbind_cases,
};

kunit_test_suites(&edu_dma_suite, &edu_dma_of_suite, &edu_dma_hostile_suite,
		  &edu_dma_unbind_suite);

MODULE_DESCRIPTION("KUnit tests of the edu DMA controller driver");
MODULE_LICENSE("GPL");
