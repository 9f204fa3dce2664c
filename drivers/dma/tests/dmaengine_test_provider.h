/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A software DMA controller for the dmaengine contract suites, and the
 * client-side helpers the suites share.
 */
#ifndef _DMAENGINE_TEST_PROVIDER_H
#define _DMAENGINE_TEST_PROVIDER_H

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/dmaengine.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "../virt-dma.h"

#define TDMA_MAX_CHANS		4
#define TDMA_META_MAX		16
#define TDMA_MAX_SLOTS		64
#define TDMA_WAIT_MS		3000

/* Shape of a test controller, chosen by each case. */
enum tdma_feature {
	TDMA_PUBLIC		= BIT(0),	/* no DMA_PRIVATE at register */
	TDMA_NO_PAUSE		= BIT(1),	/* no device_pause/resume */
	TDMA_NO_TERMINATE	= BIT(2),	/* no device_terminate_all */
	TDMA_NO_CONFIG		= BIT(3),	/* no device_config */
	TDMA_MEMCPY_ONLY	= BIT(4),	/* memcpy, nothing else */
	TDMA_METADATA		= BIT(5),	/* client and engine metadata */
	TDMA_REUSE		= BIT(6),	/* descriptor_reuse in caps */
	TDMA_MOVES_DATA		= BIT(7),	/* memcpy/memset touch memory */
	TDMA_SELF_FREE		= BIT(8),	/* device_release frees it */
	TDMA_ALLOC_ENODEV	= BIT(9),	/* alloc_chan_resources: -ENODEV */
};

/**
 * struct tdma_release_probe - what a self-freeing controller saw when the
 *	core released it (%TDMA_SELF_FREE); owned by the case, it outlives
 *	the controller
 * @work: asks the core for a channel while device_release runs
 * @asked: completed once that request has returned
 * @ran: device_release ran (and freed the controller)
 * @core_unlocked: the request returned while device_release was waiting,
 *	i.e. device_release did not run under the core's lock
 * @done: completed by device_release, just before it frees the controller
 */
struct tdma_release_probe {
	struct work_struct work;
	struct completion asked;
	bool ran;
	bool core_unlocked;
	struct completion done;
};

/**
 * struct tdma_desc - one transfer of the test controller
 * @vd: virt-dma descriptor; the channel's vc.lock protects @done and the
 *	metadata fields once the descriptor is submitted
 * @dir: transfer direction
 * @len: bytes to transfer
 * @done: bytes transferred so far; the residue is @len - @done
 * @period: period length of a cyclic transfer, 0 otherwise
 * @src: source bus address (memcpy)
 * @dst: destination bus address (memcpy, memset)
 * @fill: memset value
 * @is_memset: a memset rather than a memcpy
 * @fail: completes with %DMA_TRANS_READ_FAILED, transferring nothing
 * @meta: engine-mode metadata buffer
 * @meta_len: bytes used in @meta
 * @client_meta: client-mode metadata buffer, owned by the client
 * @client_meta_len: bytes in @client_meta
 */
struct tdma_desc {
	struct virt_dma_desc vd;
	enum dma_transfer_direction dir;
	size_t len;
	size_t done;
	size_t period;
	dma_addr_t src, dst;
	int fill;
	bool is_memset;
	bool fail;
	u8 meta[TDMA_META_MAX];
	size_t meta_len;
	void *client_meta;
	size_t client_meta_len;
};

/**
 * struct tdma_chan - one software channel
 * @vc: virt-dma channel; vc.lock protects every field below it
 * @work: the engine, run from the system workqueue; it moves issued
 *	descriptors forward unless the channel is held or paused
 * @index: position in the controller, used by the slave-map filter
 * @held: the engine does not progress (test knob)
 * @paused: set by device_pause, cleared by device_resume
 * @fail_next: the next descriptor prepared completes with an error
 * @cfg: last accepted slave configuration
 * @issue_calls: number of device_issue_pending calls
 * @alloc_calls: number of device_alloc_chan_resources calls
 * @free_calls: number of device_free_chan_resources calls
 * @dev_meta: metadata the "device" produces for DEV_TO_MEM transfers
 * @dev_meta_len: its length
 * @sink_meta: metadata the "device" received from MEM_TO_DEV transfers
 * @sink_meta_len: its length
 */
struct tdma_chan {
	struct virt_dma_chan vc;
	struct delayed_work work;
	unsigned int index;
	bool held;
	bool paused;
	bool fail_next;
	struct dma_slave_config cfg;
	unsigned int issue_calls;
	unsigned int alloc_calls;
	unsigned int free_calls;
	u8 dev_meta[TDMA_META_MAX];
	size_t dev_meta_len;
	u8 sink_meta[TDMA_META_MAX];
	size_t sink_meta_len;
};

/**
 * struct tdma_dev - a software DMA controller
 * @dma: the provider-side device
 * @chans: its channels; @nr_chans of them are registered at start
 * @nr_chans: number of channels in @chans
 * @features: &enum tdma_feature bits
 * @registered: the core has accepted the device
 * @released: completed by device_release, once the core holds no
 *	reference; the memory is freed at the end of the case and only then,
 *	unless %TDMA_SELF_FREE has device_release free it
 * @probe: with %TDMA_SELF_FREE, where device_release reports
 */
struct tdma_dev {
	struct dma_device dma;
	struct tdma_chan chans[TDMA_MAX_CHANS];
	unsigned int nr_chans;
	unsigned int features;
	bool registered;
	struct completion released;
	struct tdma_release_probe *probe;
};

struct tdma_rec;

/* A per-descriptor callback parameter. */
struct tdma_slot {
	struct tdma_rec *rec;
	dma_cookie_t cookie;
	unsigned int calls;
	struct dmaengine_result result;
	bool result_seen;
	bool in_task;
};

/**
 * struct tdma_rec - records callbacks in the order they run
 * @lock: protects @count, @order and every slot's fields written by the
 *	callback; callbacks run in softirq context (virt-dma tasklet)
 * @count: callbacks recorded so far
 * @target: @done completes when @count reaches it
 * @order: slot index of each recorded callback, in order
 * @slots: callback parameters, one per descriptor
 * @done: see @target
 */
struct tdma_rec {
	spinlock_t lock;	/* see the kernel-doc above */
	unsigned int count;
	unsigned int target;
	unsigned int order[TDMA_MAX_SLOTS];
	struct tdma_slot slots[TDMA_MAX_SLOTS];
	struct completion done;
};

struct tdma_dev *tdma_alloc(struct kunit *test, unsigned int nr_chans,
			    unsigned int features,
			    const struct dma_slave_map *map, int mapcnt);
struct tdma_dev *tdma_create(struct kunit *test, unsigned int nr_chans,
			     unsigned int features,
			     const struct dma_slave_map *map, int mapcnt);
void tdma_registered(struct kunit *test, struct tdma_dev *td);
void tdma_unregister(struct kunit *test, struct tdma_dev *td);
struct tdma_chan *to_tdma_chan(struct dma_chan *chan);
bool tdma_filter(struct dma_chan *chan, void *param);
bool tdma_filter_any(struct dma_chan *chan, void *param);
bool tdma_filter_none(struct dma_chan *chan, void *param);
void tdma_hold(struct tdma_chan *tc, bool held);
bool tdma_step(struct tdma_chan *tc, size_t bytes);
void tdma_fail_next(struct tdma_chan *tc);
unsigned int tdma_issue_calls(struct tdma_chan *tc);

struct dma_chan *tdma_request(struct kunit *test, struct tdma_dev *td);
struct dma_chan *tdma_track(struct kunit *test, struct dma_chan *chan);
void tdma_put_chan(struct kunit *test, struct dma_chan *chan);
struct device *tdma_client_dev(struct kunit *test);

struct tdma_rec *tdma_rec_new(struct kunit *test, unsigned int target);
void tdma_rec_arm(struct tdma_rec *rec, unsigned int target);
void tdma_set_cb(struct dma_async_tx_descriptor *tx, struct tdma_rec *rec,
		 unsigned int i, bool with_result);
dma_cookie_t tdma_submit_memcpy(struct kunit *test, struct dma_chan *chan,
				struct tdma_rec *rec, unsigned int i,
				size_t len);
bool tdma_rec_wait(struct tdma_rec *rec);
const char *tdma_errname(int err);
unsigned int tdma_rec_count(struct tdma_rec *rec);

#endif /* _DMAENGINE_TEST_PROVIDER_H */
