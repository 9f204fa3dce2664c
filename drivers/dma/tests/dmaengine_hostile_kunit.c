// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile input to the core's public entry points: each row makes one call
 * with a NULL, zero, absurd or out-of-order argument and checks that it is
 * refused cleanly, with the errno Linux 6.12 gives where it defines one.
 * Every row then checks that the channel the case holds still moves data
 * (a real memcpy through the test provider) and that the controller still
 * serves requests by name.
 *
 * Rows where 6.12's core oopses, BUG()s or corrupts its lists are refused
 * by ours with an error instead; they are skipped on upstream's core,
 * which would take the whole boot down. The provider's own answers (for a
 * zero length, an unknown direction) are those of the test provider; edu's
 * ops have their own hostile suite (edu_dma_hostile).
 */

#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/overflow.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dmaengine_test_provider.h"

/* Include guard of our core's drivers/dma/dmaengine.h; upstream's differs. */
#ifdef _DRIVERS_DMA_DMAENGINE_H
#define OURS_CORE	true
#else
#define OURS_CORE	false
#endif

#define H_LEN		256
#define H_LONG_NAME	4096
#define H_HUGE_DIR	((enum dma_transfer_direction)~0U)

/**
 * struct hostile_ctx - what every row starts from
 * @td: a registered controller of two channels that moves data; its slave
 *	map gives channel 1 to the case's client as "tx"
 * @chan: channel 0, held by the case
 * @client: the client device the map names
 */
struct hostile_ctx {
	struct tdma_dev *td;
	struct dma_chan *chan;
	struct device *client;
};

/**
 * struct hostile_row - one hostile call
 * @name: what is called, with what
 * @call: makes the call and checks its answer
 * @upstream: why upstream's core cannot take the call; NULL if it can
 */
struct hostile_row {
	const char *name;
	void (*call)(struct kunit *test, struct hostile_ctx *c);
	const char *upstream;
};

/* ------------------------------------------------------------- helpers */

static struct dma_slave_map *hostile_map(struct kunit *test)
{
	struct dma_slave_map *map = kunit_kzalloc(test, sizeof(*map), GFP_KERNEL);
	size_t len = strlen(test->name) + sizeof(".client");
	char *devname = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, map);
	KUNIT_ASSERT_NOT_NULL(test, devname);
	/* dev_name() of the device tdma_client_dev() registers. */
	snprintf(devname, len, "%s.client", test->name);
	map->devname = devname;
	map->slave = "tx";
	map->param = (void *)(uintptr_t)1;
	return map;
}

static void hostile_setup(struct kunit *test, struct hostile_ctx *c)
{
	c->td = tdma_create(test, 2, TDMA_MOVES_DATA | TDMA_METADATA,
			    hostile_map(test), 1);
	c->chan = tdma_request(test, c->td);
	c->client = tdma_client_dev(test);
}

/* A request that must fail with @err; a channel it hands out goes back. */
static void expect_refused(struct kunit *test, struct dma_chan *chan, int err)
{
	KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(chan), err, "got %s, want %s",
			    IS_ERR(chan) ? tdma_errname(PTR_ERR(chan)) : "a channel",
			    tdma_errname(err));
	if (!IS_ERR_OR_NULL(chan))
		dma_release_channel(chan);
}

static dma_addr_t hostile_buf(struct kunit *test, struct device *dev, u8 **buf,
			      u8 fill)
{
	dma_addr_t addr;

	*buf = kunit_kmalloc(test, H_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *buf);
	memset(*buf, fill, H_LEN);
	addr = dma_map_single(dev, *buf, H_LEN, DMA_BIDIRECTIONAL);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, addr));
	return addr;
}

/* A real memcpy through @chan, waited for and compared. */
static void hostile_copy_works(struct kunit *test, struct dma_chan *chan)
{
	struct device *dev = dmaengine_get_dma_device(chan);
	struct tdma_rec *rec = tdma_rec_new(test, 1);
	struct dma_async_tx_descriptor *tx;
	dma_addr_t src, dst;
	u8 *s, *d;
	int i;

	src = hostile_buf(test, dev, &s, 0);
	dst = hostile_buf(test, dev, &d, 0xee);
	dma_sync_single_for_cpu(dev, src, H_LEN, DMA_BIDIRECTIONAL);
	for (i = 0; i < H_LEN; i++)
		s[i] = i ^ 0x5a;
	dma_sync_single_for_device(dev, src, H_LEN, DMA_BIDIRECTIONAL);

	tx = dmaengine_prep_dma_memcpy(chan, dst, src, H_LEN,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL_MSG(test, tx, "the channel prepares no memcpy");
	tdma_set_cb(tx, rec, 0, true);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE_MSG(test, tdma_rec_wait(rec), "the copy never completed");
	KUNIT_EXPECT_EQ(test, rec->slots[0].result.result, DMA_TRANS_NOERROR);
	dma_unmap_single(dev, src, H_LEN, DMA_BIDIRECTIONAL);
	dma_unmap_single(dev, dst, H_LEN, DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_MEMEQ(test, d, s, H_LEN);
}

/* After the row: the held channel copies, the named request still works. */
static void hostile_check(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_chan *tx;

	KUNIT_EXPECT_EQ(test, c->chan->client_count, 1);
	hostile_copy_works(test, c->chan);

	tx = dma_request_chan(c->client, "tx");
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(tx), "named request: %s",
			       tdma_errname(PTR_ERR(tx)));
	KUNIT_EXPECT_PTR_EQ(test, tx, &c->td->chans[1].vc.chan);
	hostile_copy_works(test, tx);
	dma_release_channel(tx);
}

/* A descriptor the provider would accept, not yet submitted. */
static struct dma_async_tx_descriptor *hostile_prep(struct kunit *test,
						    struct dma_chan *chan)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(chan, 0x2000, 0x1000, H_LEN, 0);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	return tx;
}

/* Another controller, built but never registered; freed when the case ends. */
static struct tdma_dev *hostile_unregistered(struct kunit *test)
{
	return tdma_alloc(test, 1, 0, NULL, 0);
}

/* ------------------------------------------------------------ requests */

static void req_null_dev(struct kunit *test, struct hostile_ctx *c)
{
	expect_refused(test, dma_request_chan(NULL, "tx"), -EINVAL);
}

static void req_null_name(struct kunit *test, struct hostile_ctx *c)
{
	expect_refused(test, dma_request_chan(c->client, NULL), -EINVAL);
}

static void req_devm_null_dev(struct kunit *test, struct hostile_ctx *c)
{
	expect_refused(test, devm_dma_request_chan(NULL, "tx"), -EINVAL);
}

/* No firmware and no table describe the name: 6.12 defers. */
static void req_empty_name(struct kunit *test, struct hostile_ctx *c)
{
	expect_refused(test, dma_request_chan(c->client, ""), -EPROBE_DEFER);
}

static void req_long_name(struct kunit *test, struct hostile_ctx *c)
{
	char *name = kunit_kmalloc(test, H_LONG_NAME, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, name);
	memset(name, 'x', H_LONG_NAME - 1);
	name[H_LONG_NAME - 1] = '\0';
	expect_refused(test, dma_request_chan(c->client, name), -EPROBE_DEFER);
}

static void req_mask_null(struct kunit *test, struct hostile_ctx *c)
{
	expect_refused(test, dma_request_chan_by_mask(NULL), -ENODEV);
}

/* No device has every capability at once (DMA_PRIVATE and DMA_ASYNC_TX...). */
static void req_mask_full(struct kunit *test, struct hostile_ctx *c)
{
	dma_cap_mask_t all;

	bitmap_fill(all.bits, DMA_TX_TYPE_END);
	expect_refused(test, dma_request_chan_by_mask(&all), -ENODEV);
}

/* 6.12: an empty mask asks for nothing, so any free channel fits. */
static void req_mask_empty(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_chan *chan;
	dma_cap_mask_t none;

	dma_cap_zero(none);
	chan = dma_request_chan_by_mask(&none);
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(chan));
	if (!IS_ERR_OR_NULL(chan))
		dma_release_channel(chan);
}

/* A NULL mask on the raw request means any capabilities: not an error. */
static void req_raw_null_mask(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_chan *chan = __dma_request_channel(NULL, tdma_filter_any,
						      c->td, NULL);

	KUNIT_EXPECT_PTR_EQ(test, chan, &c->td->chans[1].vc.chan);
	if (chan)
		dma_release_channel(chan);
}

static void req_slave_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dma_get_slave_channel(NULL));
}

static void req_slave_held(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dma_get_slave_channel(c->chan));
}

static void req_any_slave_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dma_get_any_slave_channel(NULL));
}

/* ------------------------------------------------------------- release */

static void rel_null(struct kunit *test, struct hostile_ctx *c)
{
	dma_release_channel(NULL);
}

static void rel_err_ptr(struct kunit *test, struct hostile_ctx *c)
{
	dma_release_channel(ERR_PTR(-EPROBE_DEFER));
}

/* The second release must not drop what the first one already dropped. */
static void rel_twice(struct kunit *test, struct hostile_ctx *c)
{
	unsigned int privatecnt = c->td->dma.privatecnt;
	struct dma_chan *chan = dma_request_chan(c->client, "tx");

	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	dma_release_channel(chan);
	dma_release_channel(chan);
	KUNIT_EXPECT_EQ(test, chan->client_count, 0);
	KUNIT_EXPECT_EQ(test, c->td->dma.privatecnt, privatecnt);
	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_PRIVATE, c->td->dma.cap_mask));
}

static void rel_never_taken(struct kunit *test, struct hostile_ctx *c)
{
	unsigned int privatecnt = c->td->dma.privatecnt;

	dma_release_channel(&c->td->chans[1].vc.chan);
	KUNIT_EXPECT_EQ(test, c->td->dma.privatecnt, privatecnt);
}

/* ---------------------------------------------------------- caps, config */

static void caps_null_chan(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_slave_caps caps;

	KUNIT_EXPECT_EQ(test, dma_get_slave_caps(NULL, &caps), -EINVAL);
}

static void caps_null_caps(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dma_get_slave_caps(c->chan, NULL), -EINVAL);
}

static const struct dma_slave_config hostile_good_cfg = {
	.direction = DMA_MEM_TO_DEV,
	.dst_addr = 0x1234000,
	.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
	.dst_maxburst = 4,
};

/* Configures the channel, then checks a refused @cfg left that in place. */
static void cfg_refused(struct kunit *test, struct hostile_ctx *c,
			struct dma_slave_config *cfg, int err)
{
	struct dma_slave_config good = hostile_good_cfg;
	struct tdma_chan *tc = to_tdma_chan(c->chan);

	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(c->chan, &good), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(c->chan, cfg), err);
	KUNIT_EXPECT_EQ(test, tc->cfg.dst_addr, hostile_good_cfg.dst_addr);
	KUNIT_EXPECT_EQ(test, tc->cfg.dst_addr_width,
			hostile_good_cfg.dst_addr_width);
}

static void cfg_null(struct kunit *test, struct hostile_ctx *c)
{
	cfg_refused(test, c, NULL, -EINVAL);
}

static void cfg_null_chan(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_slave_config cfg = hostile_good_cfg;

	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(NULL, &cfg), -EINVAL);
}

static void cfg_huge_width(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_slave_config cfg = hostile_good_cfg;

	/* Not ~0: the test provider tests BIT(width), which must not overflow. */
	cfg.src_addr_width = (enum dma_slave_buswidth)63;
	cfg_refused(test, c, &cfg, -EINVAL);
}

static void cfg_huge_burst(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_slave_config cfg = hostile_good_cfg;

	cfg.dst_maxburst = U32_MAX;
	cfg_refused(test, c, &cfg, -EINVAL);
}

/* ---------------------------------------------------------------- preps */

static void prep_memcpy_null_chan(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(NULL, 0x2000, 0x1000,
							  H_LEN, 0));
}

static void prep_memcpy_zero(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(c->chan, 0x2000,
							  0x1000, 0, 0));
}

static void prep_memset_null_chan(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memset(NULL, 0x2000, 0xff,
							  H_LEN, 0));
}

static void prep_memset_zero(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memset(c->chan, 0x2000, 0xff,
							  0, 0));
}

static void prep_single_null_chan(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_single(NULL, 0x1000, H_LEN,
							    DMA_MEM_TO_DEV, 0));
}

static void prep_single_zero(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_single(c->chan, 0x1000, 0,
							    DMA_MEM_TO_DEV, 0));
}

static void prep_single_huge_dir(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_single(c->chan, 0x1000,
							    H_LEN, H_HUGE_DIR,
							    0));
}

static void prep_sg_null_list(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_sg(c->chan, NULL, 1,
							DMA_DEV_TO_MEM, 0));
}

static void prep_sg_zero_entries(struct kunit *test, struct hostile_ctx *c)
{
	struct scatterlist sg;

	sg_init_table(&sg, 1);
	sg_dma_address(&sg) = 0x1000;
	sg_dma_len(&sg) = H_LEN;
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_sg(c->chan, &sg, 0,
							DMA_DEV_TO_MEM, 0));
}

static void prep_vec_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_peripheral_dma_vec(c->chan, NULL,
								  1,
								  DMA_MEM_TO_DEV,
								  0));
}

static void prep_vec_zero_entries(struct kunit *test, struct hostile_ctx *c)
{
	const struct dma_vec vec = { .addr = 0x1000, .len = H_LEN };

	KUNIT_EXPECT_NULL(test, dmaengine_prep_peripheral_dma_vec(c->chan, &vec,
								  0,
								  DMA_MEM_TO_DEV,
								  0));
}

static void prep_cyclic_zero_period(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_cyclic(c->chan, 0x1000, H_LEN,
							  0, DMA_MEM_TO_DEV,
							  0));
}

static void prep_cyclic_mem_to_mem(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_cyclic(c->chan, 0x1000, H_LEN,
							  H_LEN / 4,
							  DMA_MEM_TO_MEM, 0));
}

static void prep_xt_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_prep_interleaved_dma(c->chan, NULL, 0));
}

/* A template the provider takes, with a flag the device does not offer. */
static void prep_xt_repeat(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_interleaved_template *xt;

	xt = kunit_kzalloc(test, struct_size(xt, sgl, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, xt);
	xt->dir = DMA_MEM_TO_DEV;
	xt->src_start = 0x1000;
	xt->src_inc = true;
	xt->numf = 1;
	xt->frame_size = 1;
	xt->sgl[0].size = H_LEN;
	KUNIT_EXPECT_NULL(test, dmaengine_prep_interleaved_dma(c->chan, xt,
							       DMA_PREP_REPEAT));
}

/* ------------------------------------------- transfers, out of order */

static void xfer_status_bogus(struct kunit *test, struct hostile_ctx *c)
{
	static const dma_cookie_t bogus[] = { -EINVAL, 0, DMA_MIN_COOKIE, INT_MAX };
	struct dma_tx_state state;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bogus); i++) {
		KUNIT_EXPECT_NE(test, dmaengine_tx_status(c->chan, bogus[i], &state),
				DMA_IN_PROGRESS);
		KUNIT_EXPECT_NE(test, dmaengine_tx_status(c->chan, bogus[i], NULL),
				DMA_IN_PROGRESS);
	}
}

static void xfer_issue_nothing(struct kunit *test, struct hostile_ctx *c)
{
	dma_async_issue_pending(c->chan);
	dma_async_issue_pending(c->chan);
}

static void xfer_sync_wait_bogus(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dma_sync_wait(c->chan, INT_MAX), DMA_COMPLETE);
}

static void xfer_wait_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dma_wait_for_async_tx(NULL), DMA_COMPLETE);
}

static void xfer_terminate_idle(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(c->chan), 0);
	dmaengine_synchronize(c->chan);
}

static void xfer_resume_unpaused(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dmaengine_resume(c->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_pause(c->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_pause(c->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_resume(c->chan), 0);
}

/* Submitted, never issued, terminated: its callback never runs. */
static void xfer_terminate_unissued(struct kunit *test, struct hostile_ctx *c)
{
	struct tdma_rec *rec = tdma_rec_new(test, 1);
	struct dma_async_tx_descriptor *tx = hostile_prep(test, c->chan);

	tdma_set_cb(tx, rec, 0, false);
	KUNIT_ASSERT_GT(test, dmaengine_submit(tx), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
	dma_async_issue_pending(c->chan);
	dmaengine_synchronize(c->chan);
	KUNIT_EXPECT_EQ(test, tdma_rec_count(rec), 0);
}

/* Prepared and abandoned: terminate reclaims it. */
static void xfer_terminate_unsubmitted(struct kunit *test,
				       struct hostile_ctx *c)
{
	hostile_prep(test, c->chan);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
}

/* ---------------------------------------------------- descriptor helpers */

static void desc_attach_null(struct kunit *test, struct hostile_ctx *c)
{
	u8 meta[4] = {};

	KUNIT_EXPECT_EQ(test, dmaengine_desc_attach_metadata(NULL, meta,
							     sizeof(meta)),
			-EINVAL);
}

static void desc_get_ptr_null(struct kunit *test, struct hostile_ctx *c)
{
	size_t payload, max;
	void *ptr = dmaengine_desc_get_metadata_ptr(NULL, &payload, &max);

	KUNIT_EXPECT_EQ(test, PTR_ERR(ptr), -EINVAL);
}

static void desc_set_len_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_metadata_len(NULL, 4), -EINVAL);
}

/* A descriptor in client mode refuses the engine-mode calls. */
static void desc_modes_mixed(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_async_tx_descriptor *tx = hostile_prep(test, c->chan);
	u8 *meta = kunit_kzalloc(test, 4, GFP_KERNEL);
	size_t payload, max;
	void *ptr;

	KUNIT_ASSERT_NOT_NULL(test, meta);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_attach_metadata(tx, meta, 4), 0);
	ptr = dmaengine_desc_get_metadata_ptr(tx, &payload, &max);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ptr), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_metadata_len(tx, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
}

static void desc_attach_oversized(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_async_tx_descriptor *tx = hostile_prep(test, c->chan);
	u8 *meta = kunit_kzalloc(test, TDMA_META_MAX + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, meta);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_attach_metadata(tx, meta,
							     TDMA_META_MAX + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
}

static void desc_reuse_unoffered(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_async_tx_descriptor *tx = hostile_prep(test, c->chan);

	KUNIT_EXPECT_EQ(test, dmaengine_desc_set_reuse(tx), -EPERM);
	KUNIT_EXPECT_FALSE(test, dmaengine_desc_test_reuse(tx));
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
}

static void desc_free_unreusable(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_async_tx_descriptor *tx = hostile_prep(test, c->chan);

	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), -EPERM);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
}

static void desc_invoke_empty(struct kunit *test, struct hostile_ctx *c)
{
	struct dmaengine_desc_callback cb = {};

	KUNIT_EXPECT_FALSE(test, dmaengine_desc_callback_valid(&cb));
	dmaengine_desc_callback_invoke(&cb, NULL);
}

/* Provider side: a descriptor nothing depends on has nothing to run. */
static void desc_run_no_dependencies(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_async_tx_descriptor *tx = hostile_prep(test, c->chan);

	dma_run_dependencies(tx);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(c->chan), 0);
}

/* ------------------------------------------------------------ unmap data */

static void unmap_none(struct kunit *test, struct hostile_ctx *c)
{
	struct dmaengine_unmap_data *unmap;

	unmap = dmaengine_get_unmap_data(c->td->dma.dev, 0, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, unmap);
	dmaengine_unmap_put(unmap);
}

static void unmap_huge(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_get_unmap_data(c->td->dma.dev, INT_MAX,
							 GFP_KERNEL));
}

static void unmap_negative(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dmaengine_get_unmap_data(c->td->dma.dev, -1,
							 GFP_KERNEL));
}

static void unmap_put_null(struct kunit *test, struct hostile_ctx *c)
{
	dmaengine_unmap_put(NULL);
}

/* ------------------------------------------------------- public channels */

static void public_find_out_of_range(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_NULL(test, dma_find_channel(DMA_TX_TYPE_END));
}

static void public_issue_all(struct kunit *test, struct hostile_ctx *c)
{
	dma_issue_pending_all();
}

/*
 * Only where nothing else uses the public channels: the core cannot tell
 * whose reference an unbalanced put drops.
 */
static void public_put_unbalanced(struct kunit *test, struct hostile_ctx *c)
{
	if (IS_ENABLED(CONFIG_ASYNC_TX_DMA))
		kunit_skip(test, "async_tx may hold the public channels");
	dmaengine_put();
	dmaengine_get();
	dmaengine_put();
}

/* --------------------------------------------------------- registration */

static void reg_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dma_async_device_register(NULL), -ENODEV);
}

static void reg_no_dev(struct kunit *test, struct hostile_ctx *c)
{
	struct tdma_dev *td = hostile_unregistered(test);

	td->dma.dev = NULL;
	KUNIT_EXPECT_EQ(test, dma_async_device_register(&td->dma), -EIO);
}

static void reg_cap_without_op(struct kunit *test, struct hostile_ctx *c)
{
	struct tdma_dev *td = hostile_unregistered(test);

	dma_cap_set(DMA_MEMSET, td->dma.cap_mask);
	td->dma.device_prep_dma_memset = NULL;
	KUNIT_EXPECT_EQ(test, dma_async_device_register(&td->dma), -EIO);
}

static void reg_no_tx_status(struct kunit *test, struct hostile_ctx *c)
{
	struct tdma_dev *td = hostile_unregistered(test);

	td->dma.device_tx_status = NULL;
	KUNIT_EXPECT_EQ(test, dma_async_device_register(&td->dma), -EIO);
}

static void reg_no_issue_pending(struct kunit *test, struct hostile_ctx *c)
{
	struct tdma_dev *td = hostile_unregistered(test);

	td->dma.device_issue_pending = NULL;
	KUNIT_EXPECT_EQ(test, dma_async_device_register(&td->dma), -EIO);
}

static void reg_managed_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dmaenginem_async_device_register(NULL), -ENODEV);
}

static void unreg_null(struct kunit *test, struct hostile_ctx *c)
{
	dma_async_device_unregister(NULL);
}

static void chan_reg_null(struct kunit *test, struct hostile_ctx *c)
{
	KUNIT_EXPECT_EQ(test, dma_async_device_channel_register(NULL, NULL, NULL),
			-EINVAL);
}

static void chan_unreg_null(struct kunit *test, struct hostile_ctx *c)
{
	dma_async_device_channel_unregister(NULL, NULL);
}

/* A spare channel the controller never registered is left alone. */
static void chan_unreg_never(struct kunit *test, struct hostile_ctx *c)
{
	unsigned int chancnt = c->td->dma.chancnt;

	dma_async_device_channel_unregister(&c->td->dma,
					    &c->td->chans[TDMA_MAX_CHANS - 1].vc.chan);
	KUNIT_EXPECT_EQ(test, c->td->dma.chancnt, chancnt);
}

/* A hot-added channel added again keeps its first registration. */
static void chan_reg_twice(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_chan *spare = &c->td->chans[2].vc.chan;
	unsigned int chancnt = c->td->dma.chancnt;
	struct dma_chan_dev *dev;
	int id;

	list_add_tail(&spare->device_node, &c->td->dma.channels);
	KUNIT_ASSERT_EQ(test, dma_async_device_channel_register(&c->td->dma,
								spare, NULL), 0);
	dev = spare->dev;
	id = spare->chan_id;
	KUNIT_EXPECT_EQ(test, dma_async_device_channel_register(&c->td->dma,
								spare, NULL),
			-EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, spare->dev, dev);
	KUNIT_EXPECT_EQ(test, spare->chan_id, id);
	KUNIT_EXPECT_EQ(test, c->td->dma.chancnt, chancnt + 1);
}

/* The device stays listed once, with its number and its channels. */
static void reg_twice(struct kunit *test, struct hostile_ctx *c)
{
	struct dma_device *dma = &c->td->dma;
	unsigned int chancnt = dma->chancnt;
	struct dma_chan_dev *dev = c->chan->dev;
	int dev_id = dma->dev_id;

	KUNIT_EXPECT_EQ(test, dma_async_device_register(dma), -EEXIST);
	KUNIT_EXPECT_EQ(test, dma->dev_id, dev_id);
	KUNIT_EXPECT_EQ(test, dma->chancnt, chancnt);
	KUNIT_EXPECT_PTR_EQ(test, c->chan->dev, dev);
	KUNIT_EXPECT_EQ(test, c->chan->client_count, 1);
}

/*
 * Aimed at the live controller's number: the bogus unregister must not
 * give that number back, nor put a reference it never had.
 */
static void unreg_never(struct kunit *test, struct hostile_ctx *c)
{
	struct tdma_dev *bogus = hostile_unregistered(test);
	struct tdma_dev *other;

	bogus->dma.dev_id = c->td->dma.dev_id;
	dma_async_device_unregister(&bogus->dma);
	KUNIT_EXPECT_FALSE(test, completion_done(&bogus->released));
	other = tdma_create(test, 1, 0, NULL, 0);
	KUNIT_EXPECT_NE(test, other->dma.dev_id, c->td->dma.dev_id);
}

/* Registration refused late, then unregistered by a careless provider. */
static void unreg_after_refused(struct kunit *test, struct hostile_ctx *c)
{
	struct tdma_dev *td = hostile_unregistered(test);

	td->dma.device_issue_pending = NULL;
	KUNIT_ASSERT_EQ(test, dma_async_device_register(&td->dma), -EIO);
	td->dma.dev_id = c->td->dma.dev_id;
	dma_async_device_unregister(&td->dma);
	KUNIT_EXPECT_FALSE(test, completion_done(&td->released));
}

/* ------------------------------------------------------------- the rows */

#define UP_NULL_DEV	"upstream's core oopses on a NULL device"
#define UP_NULL_CHAN	"upstream's core oopses on a NULL channel"

/*
 * Rows that upstream's core cannot take come after the others; within
 * them, those that broke our core before it refused them come last.
 */
static const struct hostile_row hostile_rows[] = {
	{ "dma_request_chan empty name", req_empty_name },
	{ "dma_request_chan name of 4 KiB", req_long_name },
	{ "dma_request_chan_by_mask NULL mask", req_mask_null },
	{ "dma_request_chan_by_mask every capability", req_mask_full },
	{ "dma_request_chan_by_mask empty mask", req_mask_empty },
	{ "__dma_request_channel NULL mask", req_raw_null_mask },
	{ "dma_get_slave_channel held channel", req_slave_held },
	{ "dma_get_slave_caps NULL channel", caps_null_chan },
	{ "dma_get_slave_caps NULL caps", caps_null_caps },
	{ "dmaengine_slave_config width 63 bytes", cfg_huge_width },
	{ "dmaengine_slave_config burst U32_MAX", cfg_huge_burst },
	{ "prep_dma_memcpy NULL channel", prep_memcpy_null_chan },
	{ "prep_dma_memcpy 0 bytes", prep_memcpy_zero },
	{ "prep_dma_memset NULL channel", prep_memset_null_chan },
	{ "prep_dma_memset 0 bytes", prep_memset_zero },
	{ "prep_slave_single NULL channel", prep_single_null_chan },
	{ "prep_slave_single 0 bytes", prep_single_zero },
	{ "prep_slave_single direction ~0", prep_single_huge_dir },
	{ "prep_slave_sg NULL list", prep_sg_null_list },
	{ "prep_slave_sg 0 entries", prep_sg_zero_entries },
	{ "prep_peripheral_dma_vec NULL vecs", prep_vec_null },
	{ "prep_peripheral_dma_vec 0 entries", prep_vec_zero_entries },
	{ "prep_dma_cyclic period 0", prep_cyclic_zero_period },
	{ "prep_dma_cyclic MEM_TO_MEM", prep_cyclic_mem_to_mem },
	{ "prep_interleaved_dma NULL template", prep_xt_null },
	{ "prep_interleaved_dma REPEAT unoffered", prep_xt_repeat },
	{ "tx_status cookies never handed out", xfer_status_bogus },
	{ "issue_pending with nothing submitted", xfer_issue_nothing },
	{ "dma_sync_wait cookie never handed out", xfer_sync_wait_bogus },
	{ "dma_wait_for_async_tx NULL", xfer_wait_null },
	{ "terminate an idle channel, twice", xfer_terminate_idle },
	{ "resume unpaused, pause twice", xfer_resume_unpaused },
	{ "terminate before issue_pending", xfer_terminate_unissued },
	{ "terminate a prepared descriptor", xfer_terminate_unsubmitted },
	{ "desc_attach_metadata NULL", desc_attach_null },
	{ "desc_get_metadata_ptr NULL", desc_get_ptr_null },
	{ "desc_set_metadata_len NULL", desc_set_len_null },
	{ "desc metadata modes mixed", desc_modes_mixed },
	{ "desc_attach_metadata oversized", desc_attach_oversized },
	{ "desc_set_reuse unoffered", desc_reuse_unoffered },
	{ "desc_free not reusable", desc_free_unreusable },
	{ "desc_callback_invoke no callback", desc_invoke_empty },
	{ "dma_run_dependencies none", desc_run_no_dependencies },
	{ "unmap_put NULL", unmap_put_null },
	{ "issue_pending_all", public_issue_all },
	{ "device_register NULL", reg_null },
	{ "dmaenginem_async_device_register NULL", reg_managed_null },
	{ "device_register without dev", reg_no_dev },
	{ "device_register cap without op", reg_cap_without_op },
	{ "device_register without tx_status", reg_no_tx_status },
	{ "device_register without issue_pending", reg_no_issue_pending },
	{ "channel_unregister never registered", chan_unreg_never },

	{ "dma_request_chan NULL device", req_null_dev, UP_NULL_DEV },
	{ "devm_dma_request_chan NULL device", req_devm_null_dev, UP_NULL_DEV },
	{ "dma_request_chan NULL name", req_null_name,
	  "upstream's core oopses on a NULL name (strcmp in the slave map)" },
	{ "dma_get_slave_channel NULL", req_slave_null, UP_NULL_CHAN },
	{ "dma_get_any_slave_channel NULL", req_any_slave_null, UP_NULL_DEV },
	{ "dma_release_channel NULL", rel_null, UP_NULL_CHAN },
	{ "dma_release_channel ERR_PTR", rel_err_ptr, UP_NULL_CHAN },
	{ "dma_release_channel twice", rel_twice,
	  "upstream's core WARNs and underflows privatecnt" },
	{ "dma_release_channel never taken", rel_never_taken,
	  "upstream's core WARNs and underflows privatecnt" },
	{ "get_unmap_data 0 addresses", unmap_none,
	  "upstream's core BUG()s on 0 addresses" },
	{ "get_unmap_data INT_MAX addresses", unmap_huge,
	  "upstream's core BUG()s beyond its largest pool" },
	{ "get_unmap_data -1 addresses", unmap_negative,
	  "upstream's core BUG()s beyond its largest pool" },
	{ "dma_find_channel DMA_TX_TYPE_END", public_find_out_of_range,
	  "upstream's core reads past its channel table" },
	{ "dmaengine_put without dmaengine_get", public_put_unbalanced,
	  "upstream's core BUG()s on an unbalanced put" },
	{ "device_unregister NULL", unreg_null, UP_NULL_DEV },
	{ "channel_register NULL", chan_reg_null, UP_NULL_DEV },
	{ "channel_unregister NULL", chan_unreg_null, UP_NULL_DEV },
	{ "dmaengine_slave_config NULL channel", cfg_null_chan, UP_NULL_CHAN },
	{ "dmaengine_slave_config NULL config", cfg_null,
	  "upstream's core hands NULL to the provider, which oopses" },
	{ "channel_register twice", chan_reg_twice,
	  "upstream's core registers the channel's class device twice" },
	{ "device_unregister after a refused register", unreg_after_refused,
	  "upstream's core frees another device's number and underflows its refcount" },
	{ "device_unregister never registered", unreg_never,
	  "upstream's core frees another device's number and underflows its refcount" },
	{ "device_register twice", reg_twice,
	  "upstream's core lists the device twice and corrupts its device list" },
};

static void hostile_desc(const struct hostile_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hostile, hostile_rows, hostile_desc);

static void hostile_call_leaves_the_channel_working(struct kunit *test)
{
	const struct hostile_row *row = test->param_value;
	struct hostile_ctx c;

	if (row->upstream && !OURS_CORE)
		kunit_skip(test, "%s", row->upstream);
	hostile_setup(test, &c);
	row->call(test, &c);
	hostile_check(test, &c);
}

static struct kunit_case dmaengine_hostile_cases[] = {
	KUNIT_CASE_PARAM(hostile_call_leaves_the_channel_working,
			 hostile_gen_params),
	{}
};

static struct kunit_suite dmaengine_hostile_suite = {
	.name = "dmaengine_hostile",
	.test_cases = dmaengine_hostile_cases,
};

kunit_test_suite(dmaengine_hostile_suite);
