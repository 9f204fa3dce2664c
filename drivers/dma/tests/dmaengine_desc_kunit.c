// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: what travels with a descriptor. Reusable descriptors can be
 * submitted again and freed only by the client; metadata attached by the
 * client or written through the engine's buffer reaches the other side;
 * unmap data is released with the descriptor; dependent descriptors are
 * submitted by dma_run_dependencies.
 */

#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/mm.h>

#include "dmaengine_test_provider.h"

#define TLEN	4096

static struct dma_chan *tdma_one(struct kunit *test, unsigned int features)
{
	return tdma_request(test, tdma_create(test, 1, features, NULL, 0));
}

static struct dma_async_tx_descriptor *memcpy_tx(struct kunit *test,
						 struct dma_chan *chan)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(chan, 0x2000, 0x1000, TLEN,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	return tx;
}

static struct dma_async_tx_descriptor *slave_tx(struct kunit *test,
						struct dma_chan *chan,
						enum dma_transfer_direction dir)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_slave_single(chan, 0x1000, TLEN, dir,
					 DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	return tx;
}

/* Submits @tx, reporting to slot @i, and waits for its callback. */
static void run(struct kunit *test, struct tdma_rec *rec,
		struct dma_async_tx_descriptor *tx, unsigned int i)
{
	tdma_rec_arm(rec, tdma_rec_count(rec) + 1);
	tdma_set_cb(tx, rec, i, true);
	rec->slots[i].cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GT(test, rec->slots[i].cookie, 0);
	dma_async_issue_pending(tx->chan);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(rec));
}

static void reuse_flag_set_and_cleared(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;

	tx = memcpy_tx(test, tdma_one(test, TDMA_REUSE));
	KUNIT_EXPECT_FALSE(test, dmaengine_desc_test_reuse(tx));
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	KUNIT_EXPECT_TRUE(test, dmaengine_desc_test_reuse(tx));
	dmaengine_desc_clear_reuse(tx);
	KUNIT_EXPECT_FALSE(test, dmaengine_desc_test_reuse(tx));
}

static void reuse_refused_without_capability(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx = memcpy_tx(test, tdma_one(test, 0));

	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_reuse(tx), -EPERM);
	KUNIT_EXPECT_FALSE(test, dmaengine_desc_test_reuse(tx));
}

/* Reuse is a slave capability; a memcpy-only channel reports none. */
static void reuse_refused_without_slave_caps(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;

	tx = memcpy_tx(test, tdma_one(test, TDMA_MEMCPY_ONLY));
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_reuse(tx), -ENXIO);
}

static void reused_descriptor_runs_again(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_REUSE);
	struct dma_async_tx_descriptor *tx = memcpy_tx(test, chan);
	struct tdma_rec *rec = tdma_rec_new(test, 0);

	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	run(test, rec, tx, 0);
	/* The descriptor is idle again only once callbacks are done. */
	dmaengine_synchronize(chan);
	run(test, rec, tx, 1);
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_GT(test, rec->slots[1].cookie, rec->slots[0].cookie);
	KUNIT_EXPECT_EQ(test, rec->slots[0].calls, 1);
	KUNIT_EXPECT_EQ(test, rec->slots[1].calls, 1);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
}

static void desc_free_refuses_non_reusable(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx = memcpy_tx(test, tdma_one(test, 0));

	/* The descriptor stays with the channel, which frees it on release. */
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), -EPERM);
}

static const u8 meta_pattern[] = { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02 };

static void metadata_client_mode_reaches_device(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_METADATA);
	struct dma_async_tx_descriptor *tx = slave_tx(test, chan,
						      DMA_MEM_TO_DEV);
	struct tdma_chan *tc = to_tdma_chan(chan);
	u8 *meta = kunit_kmalloc(test, sizeof(meta_pattern), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, meta);
	memcpy(meta, meta_pattern, sizeof(meta_pattern));
	ret = dmaengine_desc_attach_metadata(tx, meta, sizeof(meta_pattern));
	KUNIT_ASSERT_EQ(test, ret, 0);
	run(test, tdma_rec_new(test, 0), tx, 0);
	KUNIT_EXPECT_EQ(test, tc->sink_meta_len, sizeof(meta_pattern));
	KUNIT_EXPECT_MEMEQ(test, tc->sink_meta, meta_pattern,
			   sizeof(meta_pattern));
}

static void metadata_client_mode_comes_back(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_METADATA);
	struct dma_async_tx_descriptor *tx = slave_tx(test, chan,
						      DMA_DEV_TO_MEM);
	struct tdma_chan *tc = to_tdma_chan(chan);
	u8 *buf = kunit_kzalloc(test, TDMA_META_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(tc->dev_meta, meta_pattern, sizeof(meta_pattern));
	tc->dev_meta_len = sizeof(meta_pattern);
	KUNIT_ASSERT_EQ(test,
			dmaengine_desc_attach_metadata(tx, buf, TDMA_META_MAX),
			0);
	run(test, tdma_rec_new(test, 0), tx, 0);
	KUNIT_EXPECT_MEMEQ(test, buf, meta_pattern, sizeof(meta_pattern));
}

static void metadata_engine_mode_reaches_device(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_METADATA);
	struct dma_async_tx_descriptor *tx = slave_tx(test, chan,
						      DMA_MEM_TO_DEV);
	struct tdma_chan *tc = to_tdma_chan(chan);
	size_t payload, max;
	u8 *ptr;
	int ret;

	ptr = dmaengine_desc_get_metadata_ptr(tx, &payload, &max);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ptr));
	KUNIT_ASSERT_GE(test, max, sizeof(meta_pattern));
	memcpy(ptr, meta_pattern, sizeof(meta_pattern));
	ret = dmaengine_desc_set_metadata_len(tx, sizeof(meta_pattern));
	KUNIT_ASSERT_EQ(test, ret, 0);
	run(test, tdma_rec_new(test, 0), tx, 0);
	KUNIT_EXPECT_EQ(test, tc->sink_meta_len, sizeof(meta_pattern));
	KUNIT_EXPECT_MEMEQ(test, tc->sink_meta, meta_pattern,
			   sizeof(meta_pattern));
}

struct meta_reader {
	struct dma_async_tx_descriptor *tx;
	u8 got[TDMA_META_MAX];
	size_t len;
	bool ok;
	struct completion done;
};

/* Engine-mode metadata is only valid until the callback returns. */
static void read_meta_cb(void *param)
{
	struct meta_reader *r = param;
	size_t max;
	u8 *ptr;

	ptr = dmaengine_desc_get_metadata_ptr(r->tx, &r->len, &max);
	r->ok = !IS_ERR_OR_NULL(ptr) && r->len <= sizeof(r->got);
	if (r->ok)
		memcpy(r->got, ptr, r->len);
	complete(&r->done);
}

static void metadata_engine_mode_read_in_callback(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_METADATA);
	struct tdma_chan *tc = to_tdma_chan(chan);
	struct meta_reader *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned long wait = msecs_to_jiffies(TDMA_WAIT_MS);

	KUNIT_ASSERT_NOT_NULL(test, r);
	init_completion(&r->done);
	memcpy(tc->dev_meta, meta_pattern, sizeof(meta_pattern));
	tc->dev_meta_len = sizeof(meta_pattern);
	r->tx = slave_tx(test, chan, DMA_DEV_TO_MEM);
	r->tx->callback = read_meta_cb;
	r->tx->callback_param = r;
	KUNIT_ASSERT_GT(test, dmaengine_submit(r->tx), 0);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&r->done, wait));
	KUNIT_EXPECT_TRUE(test, r->ok);
	KUNIT_EXPECT_EQ(test, r->len, sizeof(meta_pattern));
	KUNIT_EXPECT_MEMEQ(test, r->got, meta_pattern, sizeof(meta_pattern));
}

static long meta_ptr_err(struct dma_async_tx_descriptor *tx)
{
	size_t payload, max;

	return PTR_ERR(dmaengine_desc_get_metadata_ptr(tx, &payload, &max));
}

static void metadata_modes_cannot_be_mixed(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_METADATA);
	struct dma_async_tx_descriptor *client, *engine;
	u8 buf[4] = {};
	int ret;

	client = slave_tx(test, chan, DMA_MEM_TO_DEV);
	ret = dmaengine_desc_attach_metadata(client, buf, sizeof(buf));
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, meta_ptr_err(client), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_metadata_len(client, 2),
			-EINVAL);

	engine = slave_tx(test, chan, DMA_MEM_TO_DEV);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_metadata_len(engine, 2), 0);
	ret = dmaengine_desc_attach_metadata(engine, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
}

static void metadata_unsupported_is_enotsupp(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct dma_async_tx_descriptor *tx = slave_tx(test, chan,
						      DMA_MEM_TO_DEV);
	u8 buf[4] = {};
	int ret;

	ret = dmaengine_desc_attach_metadata(tx, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, ret, -ENOTSUPP);
	KUNIT_EXPECT_EQ(test, meta_ptr_err(tx), -ENOTSUPP);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_metadata_len(tx, 2),
			-ENOTSUPP);
}

static void metadata_null_descriptor_is_einval(struct kunit *test)
{
	u8 buf[4] = {};
	int ret;

	ret = dmaengine_desc_attach_metadata(NULL, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_EQ(test, meta_ptr_err(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_metadata_len(NULL, 2),
			-EINVAL);
}

static void metadata_length_beyond_max_refused(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, TDMA_METADATA);
	struct dma_async_tx_descriptor *tx = slave_tx(test, chan,
						      DMA_MEM_TO_DEV);
	size_t payload, max;
	void *ptr;

	ptr = dmaengine_desc_get_metadata_ptr(tx, &payload, &max);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(ptr));
	KUNIT_EXPECT_LT(test, dmaengine_desc_set_metadata_len(tx, max + 1), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_metadata_len(tx, max), 0);
}

static void unmap_data_starts_with_one_reference(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct device *dev = dmaengine_get_dma_device(chan);
	struct dmaengine_unmap_data *unmap;

	unmap = dmaengine_get_unmap_data(dev, 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, unmap);
	KUNIT_EXPECT_EQ(test, kref_read(&unmap->kref), 1);
	KUNIT_EXPECT_PTR_EQ(test, unmap->dev, dev);
	KUNIT_EXPECT_GE(test, unmap->map_cnt, 2);
	KUNIT_EXPECT_EQ(test, unmap->to_cnt, 0);
	KUNIT_EXPECT_EQ(test, unmap->from_cnt, 0);
	KUNIT_EXPECT_EQ(test, unmap->bidi_cnt, 0);
	dmaengine_unmap_put(unmap);
}

KUNIT_DEFINE_ACTION_WRAPPER(free_page_action, __free_page, struct page *);

/*
 * The descriptor holds a reference on its unmap data and drops it once
 * finished; the last put unmaps the page, which DMA-API debugging and
 * kmemleak would report otherwise.
 */
static void unmap_data_released_with_descriptor(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct device *dev = dmaengine_get_dma_device(chan);
	struct dma_async_tx_descriptor *tx = memcpy_tx(test, chan);
	struct dmaengine_unmap_data *unmap;
	struct page *page = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_page_action,
							page), 0);
	unmap = dmaengine_get_unmap_data(dev, 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, unmap);
	unmap->addr[0] = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, unmap->addr[0])) {
		dmaengine_unmap_put(unmap);
		KUNIT_FAIL(test, "cannot map a page");
		return;
	}
	unmap->to_cnt = 1;
	unmap->len = PAGE_SIZE;
	dma_set_unmap(tx, unmap);
	KUNIT_EXPECT_EQ(test, kref_read(&unmap->kref), 2);
	run(test, tdma_rec_new(test, 0), tx, 0);
	dmaengine_synchronize(chan);
	KUNIT_EXPECT_EQ(test, kref_read(&unmap->kref), 1);
	dmaengine_unmap_put(unmap);
}

static void run_dependencies_submits_the_dependent(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct tdma_chan *tc = to_tdma_chan(chan);
	struct tdma_rec *rec = tdma_rec_new(test, 2);
	struct dma_async_tx_descriptor *parent, *dep;

	parent = memcpy_tx(test, chan);
	dep = memcpy_tx(test, chan);
	tdma_set_cb(parent, rec, 0, true);
	tdma_set_cb(dep, rec, 1, true);
	txd_chain(parent, dep);
	tdma_hold(tc, true);
	rec->slots[0].cookie = dmaengine_submit(parent);
	dma_async_issue_pending(chan);

	dma_run_dependencies(parent);
	KUNIT_EXPECT_NULL(test, txd_next(parent));
	KUNIT_EXPECT_GT(test, dep->cookie, rec->slots[0].cookie);
	tdma_hold(tc, false);
	KUNIT_ASSERT_TRUE(test, tdma_rec_wait(rec));
	KUNIT_EXPECT_EQ(test, rec->order[0], 0);
	KUNIT_EXPECT_EQ(test, rec->order[1], 1);
}

static void run_dependencies_without_dependent_is_noop(struct kunit *test)
{
	struct dma_chan *chan = tdma_one(test, 0);
	struct tdma_chan *tc = to_tdma_chan(chan);
	struct dma_async_tx_descriptor *tx = memcpy_tx(test, chan);
	unsigned int calls;

	tdma_hold(tc, true);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	calls = tdma_issue_calls(tc);
	dma_run_dependencies(tx);
	KUNIT_EXPECT_EQ(test, tdma_issue_calls(tc), calls);
}

static struct kunit_case dmaengine_desc_cases[] = {
	KUNIT_CASE(reuse_flag_set_and_cleared),
	KUNIT_CASE(reuse_refused_without_capability),
	KUNIT_CASE(reuse_refused_without_slave_caps),
	KUNIT_CASE(reused_descriptor_runs_again),
	KUNIT_CASE(desc_free_refuses_non_reusable),
	KUNIT_CASE(metadata_client_mode_reaches_device),
	KUNIT_CASE(metadata_client_mode_comes_back),
	KUNIT_CASE(metadata_engine_mode_reaches_device),
	KUNIT_CASE(metadata_engine_mode_read_in_callback),
	KUNIT_CASE(metadata_modes_cannot_be_mixed),
	KUNIT_CASE(metadata_unsupported_is_enotsupp),
	KUNIT_CASE(metadata_null_descriptor_is_einval),
	KUNIT_CASE(metadata_length_beyond_max_refused),
	KUNIT_CASE(unmap_data_starts_with_one_reference),
	KUNIT_CASE(unmap_data_released_with_descriptor),
	KUNIT_CASE(run_dependencies_submits_the_dependent),
	KUNIT_CASE(run_dependencies_without_dependent_is_noop),
	{}
};

static struct kunit_suite dmaengine_desc_suite = {
	.name = "dmaengine_desc",
	.test_cases = dmaengine_desc_cases,
};

kunit_test_suite(dmaengine_desc_suite);
