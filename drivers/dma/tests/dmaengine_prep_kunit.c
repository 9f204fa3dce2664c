// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: the dmaengine_prep_* wrappers. Each one either returns a
 * descriptor bound to the channel, ready to submit, or NULL: when the
 * channel lacks the operation, when there is no channel, or when the
 * provider refuses the arguments.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dmaengine_test_provider.h"

#define TLEN	4096
#define TBUS	0x40000000

struct prep_kind {
	const char *name;
	struct dma_async_tx_descriptor *(*prep)(struct dma_chan *chan,
						unsigned long flags);
	bool needs_slave;
};

static struct dma_async_tx_descriptor *prep_single(struct dma_chan *chan,
						   unsigned long flags)
{
	return dmaengine_prep_slave_single(chan, 0x1000, TLEN, DMA_MEM_TO_DEV,
					   flags);
}

/* Three entries of TLEN / 4, TLEN / 4 and TLEN / 2 bytes. */
static struct dma_async_tx_descriptor *prep_sg(struct dma_chan *chan,
					       unsigned long flags)
{
	static const unsigned int lens[] = { TLEN / 4, TLEN / 4, TLEN / 2 };
	struct scatterlist sgl[ARRAY_SIZE(lens)];
	unsigned int i;

	sg_init_table(sgl, ARRAY_SIZE(lens));
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		sg_dma_address(&sgl[i]) = 0x1000 * (i + 1);
		sg_dma_len(&sgl[i]) = lens[i];
	}
	return dmaengine_prep_slave_sg(chan, sgl, ARRAY_SIZE(lens),
				       DMA_DEV_TO_MEM, flags);
}

static struct dma_async_tx_descriptor *prep_vec(struct dma_chan *chan,
						unsigned long flags)
{
	const struct dma_vec vecs[] = {
		{ .addr = 0x1000, .len = TLEN / 2 },
		{ .addr = 0x3000, .len = TLEN / 2 },
	};

	return dmaengine_prep_peripheral_dma_vec(chan, vecs, ARRAY_SIZE(vecs),
						 DMA_MEM_TO_DEV, flags);
}

static struct dma_async_tx_descriptor *prep_cyclic(struct dma_chan *chan,
						   unsigned long flags)
{
	return dmaengine_prep_dma_cyclic(chan, 0x1000, TLEN, TLEN / 4,
					 DMA_DEV_TO_MEM, flags);
}

/* Two frames of one TLEN / 2 chunk. */
static struct dma_async_tx_descriptor *prep_xt(struct dma_chan *chan,
					       unsigned long flags)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_interleaved_template *xt;

	xt = kzalloc(struct_size(xt, sgl, 1), GFP_KERNEL);
	if (!xt)
		return NULL;
	xt->src_start = 0x1000;
	xt->dst_start = TBUS;
	xt->dir = DMA_MEM_TO_DEV;
	xt->src_inc = true;
	xt->numf = 2;
	xt->frame_size = 1;
	xt->sgl[0].size = TLEN / 2;
	tx = dmaengine_prep_interleaved_dma(chan, xt, flags);
	kfree(xt);
	return tx;
}

static struct dma_async_tx_descriptor *prep_memcpy(struct dma_chan *chan,
						   unsigned long flags)
{
	return dmaengine_prep_dma_memcpy(chan, 0x2000, 0x1000, TLEN, flags);
}

static struct dma_async_tx_descriptor *prep_memset(struct dma_chan *chan,
						   unsigned long flags)
{
	return dmaengine_prep_dma_memset(chan, 0x2000, 0xa5, TLEN, flags);
}

static const struct prep_kind prep_kinds[] = {
	{ "slave_single", prep_single, true },
	{ "slave_sg", prep_sg, true },
	{ "peripheral_dma_vec", prep_vec, true },
	{ "dma_cyclic", prep_cyclic, true },
	{ "interleaved_dma", prep_xt, true },
	{ "dma_memset", prep_memset, true },
	{ "dma_memcpy", prep_memcpy, false },
};

static void prep_kind_desc(const struct prep_kind *k, char *desc)
{
	strscpy(desc, k->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(prep_kind, prep_kinds, prep_kind_desc);

/* The wrappers a memcpy-only channel does not offer. */
static const void *missing_gen_params(const void *prev, char *desc)
{
	const struct prep_kind *k = prep_kind_gen_params(prev, desc);

	while (k && !k->needs_slave)
		k = prep_kind_gen_params(k, desc);
	return k;
}

static struct dma_chan *tdma_one(struct kunit *test, unsigned int features)
{
	return tdma_request(test, tdma_create(test, 1, features, NULL, 0));
}

KUNIT_DEFINE_ACTION_WRAPPER(terminate_action, dmaengine_terminate_sync,
			    struct dma_chan *);

static void prep_returns_a_submittable_descriptor(struct kunit *test)
{
	const struct prep_kind *k = test->param_value;
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state state;
	dma_cookie_t cookie;

	tx = k->prep(chan, DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, terminate_action,
							chan), 0);
	KUNIT_EXPECT_PTR_EQ(test, tx->chan, chan);
	KUNIT_EXPECT_TRUE(test, tx->flags & DMA_PREP_INTERRUPT);
	cookie = dmaengine_submit(tx);
	KUNIT_EXPECT_GT(test, cookie, 0);
	/* Submitted, not issued: pending with nothing transferred. */
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &state),
			DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, state.residue, TLEN);
}

static void prep_without_capability_returns_null(struct kunit *test)
{
	const struct prep_kind *k = test->param_value;

	KUNIT_EXPECT_NULL(test, k->prep(tdma_one(test, TDMA_MEMCPY_ONLY), 0));
}

static void prep_on_null_channel_returns_null(struct kunit *test)
{
	const struct prep_kind *k = test->param_value;

	KUNIT_EXPECT_NULL(test, k->prep(NULL, 0));
}

static const enum dma_transfer_direction bad_dirs[] = {
	DMA_MEM_TO_MEM, DMA_DEV_TO_DEV, DMA_TRANS_NONE,
};

static void dir_desc(const enum dma_transfer_direction *d, char *desc)
{
	strscpy(desc, dmaengine_get_direction_text(*d), KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_dir, bad_dirs, dir_desc);

static void prep_slave_refuses_unadvertised_direction(struct kunit *test)
{
	const enum dma_transfer_direction *dir = test->param_value;
	struct dma_chan *chan = tdma_one(test, 0);

	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_single(chan, 0x1000, TLEN,
							    *dir, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_cyclic(chan, 0x1000, TLEN,
							  TLEN / 4, *dir, 0));
}

static void prep_zero_length_returns_null(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);

	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(chan, 0x2000, 0x1000,
							  0, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memset(chan, 0x2000, 0, 0,
							  0));
}

static void prep_cyclic_refuses_partial_period(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);

	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_cyclic(chan, 0x1000, TLEN,
							  TLEN / 3,
							  DMA_DEV_TO_MEM, 0));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_cyclic(chan, 0x1000, TLEN, 0,
							  DMA_DEV_TO_MEM, 0));
}

/* DMA_PREP_REPEAT needs DMA_REPEAT in the mask; the wrapper checks it. */
static void prep_interleaved_repeat_needs_capability(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);

	KUNIT_EXPECT_FALSE(test, dma_has_cap(DMA_REPEAT,
					     chan->device->cap_mask));
	KUNIT_EXPECT_NULL(test, prep_xt(chan, DMA_PREP_REPEAT));
}

static void prep_ack_flag_is_kept(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_async_tx_descriptor *acked, *unacked;

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, terminate_action,
							chan), 0);
	acked = prep_memcpy(chan, DMA_CTRL_ACK);
	unacked = prep_memcpy(chan, 0);
	KUNIT_ASSERT_NOT_NULL(test, acked);
	KUNIT_ASSERT_NOT_NULL(test, unacked);
	KUNIT_EXPECT_TRUE(test, async_tx_test_ack(acked));
	KUNIT_EXPECT_FALSE(test, async_tx_test_ack(unacked));
	async_tx_ack(unacked);
	KUNIT_EXPECT_TRUE(test, async_tx_test_ack(unacked));
	dmaengine_submit(acked);
	dmaengine_submit(unacked);
}

/* Maps a test-managed buffer for the controller; unmapped by the caller. */
static dma_addr_t map_buf(struct kunit *test, struct dma_chan *chan,
			  void **buf)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	dma_addr_t addr;

	*buf = kunit_kzalloc(test, TLEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *buf);
	addr = dma_map_single(dev, *buf, TLEN, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, addr));
	return addr;
}

static void run_one(struct kunit *test, struct dma_chan *chan,
		    struct dma_async_tx_descriptor *tx)
{
	struct tdma_rec *rec = tdma_rec_new(test, 1);

	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, rec, 0, false);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rec));
}

static void memcpy_moves_the_bytes(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_MOVES_DATA);
	struct device *dev = dmaengine_get_dma_device(chan);
	dma_addr_t src, dst;
	u8 *s, *d;
	int i;

	src = map_buf(test, chan, (void **)&s);
	dst = map_buf(test, chan, (void **)&d);
	dma_sync_single_for_cpu(dev, src, TLEN, DMA_BIDIRECTIONAL);
	for (i = 0; i < TLEN; i++)
		s[i] = i * 7;
	dma_sync_single_for_device(dev, src, TLEN, DMA_BIDIRECTIONAL);
	run_one(test, chan, dmaengine_prep_dma_memcpy(chan, dst, src, TLEN,
						      DMA_PREP_INTERRUPT));
	dma_unmap_single(dev, src, TLEN, DMA_BIDIRECTIONAL);
	dma_unmap_single(dev, dst, TLEN, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_MEMEQ(test, d, s, TLEN);
}

static void memset_fills_the_buffer(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_MOVES_DATA);
	struct device *dev = dmaengine_get_dma_device(chan);
	dma_addr_t dst;
	u8 *d, *want;

	want = kunit_kmalloc(test, TLEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	memset(want, 0x5a, TLEN);
	dst = map_buf(test, chan, (void **)&d);
	run_one(test, chan, dmaengine_prep_dma_memset(chan, dst, 0x5a, TLEN,
						      DMA_PREP_INTERRUPT));
	dma_unmap_single(dev, dst, TLEN, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_MEMEQ(test, d, want, TLEN);
}

static void cyclic_calls_back_every_period(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct tdma_rec *rec = tdma_rec_new(test, 3);
	struct dma_async_tx_descriptor *tx;
	unsigned int n;

	tx = prep_cyclic(chan, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tdma_set_cb(tx, rec, 0, false);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(chan);
	/* A cyclic transfer has no end: three periods prove it repeats. */
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rec));
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	n = tdma_rec_count(rec);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(rec), n);
}

static struct kunit_case dmaengine_prep_cases[] = {
	KUNIT_CASE_PARAM(prep_returns_a_submittable_descriptor,
			 prep_kind_gen_params),
	KUNIT_CASE_PARAM(prep_without_capability_returns_null,
			 missing_gen_params),
	KUNIT_CASE_PARAM(prep_on_null_channel_returns_null,
			 prep_kind_gen_params),
	KUNIT_CASE_PARAM(prep_slave_refuses_unadvertised_direction,
			 bad_dir_gen_params),
	KUNIT_CASE(prep_zero_length_returns_null),
	KUNIT_CASE(prep_cyclic_refuses_partial_period),
	KUNIT_CASE(prep_interleaved_repeat_needs_capability),
	KUNIT_CASE(prep_ack_flag_is_kept),
	KUNIT_CASE(memcpy_moves_the_bytes),
	KUNIT_CASE(memset_fills_the_buffer),
	KUNIT_CASE(cyclic_calls_back_every_period),
	{}
};

static struct kunit_suite dmaengine_prep_suite = {
	.name = "dmaengine_prep",
	.test_cases = dmaengine_prep_cases,
};

kunit_test_suite(dmaengine_prep_suite);
