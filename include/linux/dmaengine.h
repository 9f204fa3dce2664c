/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dmaengine API: how a driver that needs data moved (a client) uses the
 * channels of a DMA controller, and what the controller's driver (a
 * provider) fills in to offer them.
 *
 * A client takes a channel (dma_request_chan()), configures it for its
 * peripheral (dmaengine_slave_config()), prepares a descriptor
 * (dmaengine_prep_*()), submits it (dmaengine_submit()) and starts the
 * queue (dma_async_issue_pending()); it learns of completion through the
 * descriptor's callback or dmaengine_tx_status(). A provider describes its
 * controller in a struct dma_device, each channel in a struct dma_chan, and
 * registers the device with dma_async_device_register().
 *
 * The guides are Documentation/driver-api/dmaengine/client.rst and
 * provider.rst. Provider-only helpers live in drivers/dma/dmaengine.h and
 * drivers/dma/virt-dma.h.
 */
#ifndef LINUX_DMAENGINE_H
#define LINUX_DMAENGINE_H

#include <linux/bitmap.h>
#include <linux/bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/tracepoint-defs.h>
#include <linux/types.h>
#include <linux/uio.h>
#include <asm/page.h>

struct dma_chan;
struct dma_device;

/* ------------------------------------------------------------ cookies */

/**
 * typedef dma_cookie_t - a ticket for one submitted descriptor
 *
 * Cookies of a channel grow with each submission, starting above
 * %DMA_MIN_COOKIE; a negative value is an errno from a failed submit.
 */
typedef s32 dma_cookie_t;
#define DMA_MIN_COOKIE	1

/**
 * dma_submit_error() - whether dmaengine_submit() failed
 * @cookie: what it returned
 *
 * Return: the negative errno carried by @cookie, or 0 for a valid cookie.
 */
static inline int dma_submit_error(dma_cookie_t cookie)
{
	if (cookie >= 0)
		return 0;
	return cookie;
}

/**
 * enum dma_status - where a transfer is
 * @DMA_COMPLETE: done
 * @DMA_IN_PROGRESS: queued or running
 * @DMA_PAUSED: its channel is paused
 * @DMA_ERROR: it failed
 * @DMA_OUT_OF_ORDER: the channel completes out of order and cannot tell
 *	about this cookie from the last completed one
 */
enum dma_status {
	DMA_COMPLETE,
	DMA_IN_PROGRESS,
	DMA_PAUSED,
	DMA_ERROR,
	DMA_OUT_OF_ORDER,
};

/**
 * struct dma_tx_state - what a status query reports besides the status
 * @last: last cookie completed on the channel
 * @used: last cookie handed out on the channel
 * @residue: bytes of the queried transfer not yet moved, at the channel's
 *	&enum dma_residue_granularity
 * @in_flight_bytes: bytes the controller has read but not yet written,
 *	for providers that can tell
 */
struct dma_tx_state {
	dma_cookie_t last;
	dma_cookie_t used;
	u32 residue;
	u32 in_flight_bytes;
};

/**
 * dma_set_tx_state() - fill in a status query's answer
 * @st: the caller's state, or NULL when it did not ask for one
 * @last: last completed cookie
 * @used: last cookie handed out
 * @residue: bytes left
 */
static inline void dma_set_tx_state(struct dma_tx_state *st, dma_cookie_t last,
				    dma_cookie_t used, u32 residue)
{
	if (!st)
		return;
	st->residue = residue;
	st->used = used;
	st->last = last;
}

/**
 * dma_async_is_complete() - whether a cookie is done, from two counters
 * @cookie: the cookie asked about
 * @last_complete: last completed cookie of its channel
 * @last_used: last cookie handed out on its channel
 *
 * Cookies wrap around, so "done" means outside the window of cookies
 * handed out but not completed: (@last_complete, @last_used].
 *
 * The window is tested as one unsigned distance from @last_complete, so
 * a wrapped window needs no second case: after INT_MAX it runs through
 * the negative values and 0, which no cookie takes, before reaching
 * DMA_MIN_COOKIE. For every input, including negative error cookies, the
 * answer is the one the two-case comparison gives.
 *
 * Return: %DMA_COMPLETE or %DMA_IN_PROGRESS.
 */
static inline enum dma_status dma_async_is_complete(dma_cookie_t cookie,
						    dma_cookie_t last_complete,
						    dma_cookie_t last_used)
{
	u32 pos = (u32)cookie - (u32)last_complete - 1;
	u32 len = (u32)last_used - (u32)last_complete;

	if (pos >= len)
		return DMA_COMPLETE;
	return DMA_IN_PROGRESS;
}

/* ------------------------------------------------------- capabilities */

/**
 * enum dma_transaction_type - what a device can do, bit numbers of
 *	&dma_cap_mask_t
 * @DMA_MEMCPY: memory to memory copy
 * @DMA_XOR: xor of several sources (RAID 5)
 * @DMA_PQ: P and Q syndromes (RAID 6)
 * @DMA_XOR_VAL: check that sources xor to zero
 * @DMA_PQ_VAL: check P and Q syndromes
 * @DMA_MEMSET: fill memory with a value
 * @DMA_MEMSET_SG: fill a scatterlist with a value
 * @DMA_INTERRUPT: a descriptor that only raises a completion
 * @DMA_PRIVATE: channels go to clients that request them, never to the
 *	shared pool of dmaengine_get()
 * @DMA_ASYNC_TX: set by the core on devices that do every operation
 *	async_tx may chain
 * @DMA_SLAVE: transfers between memory and a peripheral
 * @DMA_CYCLIC: ring-buffer transfers that repeat until terminated
 * @DMA_INTERLEAVE: transfers described by &struct dma_interleaved_template
 * @DMA_COMPLETION_NO_ORDER: descriptors may complete out of order
 * @DMA_REPEAT: a transfer may repeat until the next one is queued
 *	(%DMA_PREP_REPEAT)
 * @DMA_LOAD_EOT: a queued transfer may replace a repeating one at its end
 *	(%DMA_PREP_LOAD_EOT)
 * @DMA_TX_TYPE_END: number of bits; not a capability
 */
enum dma_transaction_type {
	DMA_MEMCPY,
	DMA_XOR,
	DMA_PQ,
	DMA_XOR_VAL,
	DMA_PQ_VAL,
	DMA_MEMSET,
	DMA_MEMSET_SG,
	DMA_INTERRUPT,
	DMA_PRIVATE,
	DMA_ASYNC_TX,
	DMA_SLAVE,
	DMA_CYCLIC,
	DMA_INTERLEAVE,
	DMA_COMPLETION_NO_ORDER,
	DMA_REPEAT,
	DMA_LOAD_EOT,
/* last entry */
	DMA_TX_TYPE_END,
};

/**
 * typedef dma_cap_mask_t - a set of &enum dma_transaction_type bits
 */
typedef struct { DECLARE_BITMAP(bits, DMA_TX_TYPE_END); } dma_cap_mask_t;

static inline void __dma_cap_set(enum dma_transaction_type tx_type,
				 dma_cap_mask_t *dstp)
{
	set_bit(tx_type, dstp->bits);
}

static inline void __dma_cap_clear(enum dma_transaction_type tx_type,
				   dma_cap_mask_t *dstp)
{
	clear_bit(tx_type, dstp->bits);
}

static inline void __dma_cap_zero(dma_cap_mask_t *dstp)
{
	bitmap_zero(dstp->bits, DMA_TX_TYPE_END);
}

static inline int __dma_has_cap(enum dma_transaction_type tx_type,
				dma_cap_mask_t *srcp)
{
	return test_bit(tx_type, srcp->bits);
}

/* The mask arguments are lvalues of type dma_cap_mask_t, not pointers. */
#define dma_cap_set(tx, mask)	__dma_cap_set((tx), &(mask))
#define dma_cap_clear(tx, mask)	__dma_cap_clear((tx), &(mask))
#define dma_cap_zero(mask)	__dma_cap_zero(&(mask))
#define dma_has_cap(tx, mask)	__dma_has_cap((tx), &(mask))
#define for_each_dma_cap_mask(cap, mask) \
	for_each_set_bit(cap, mask.bits, DMA_TX_TYPE_END)

/* ------------------------------------------------ describing transfers */

/**
 * enum dma_transfer_direction - which ends of a transfer are memory
 * @DMA_MEM_TO_MEM: both
 * @DMA_MEM_TO_DEV: memory to a peripheral
 * @DMA_DEV_TO_MEM: a peripheral to memory
 * @DMA_DEV_TO_DEV: peripheral to peripheral
 * @DMA_TRANS_NONE: none given
 */
enum dma_transfer_direction {
	DMA_MEM_TO_MEM,
	DMA_MEM_TO_DEV,
	DMA_DEV_TO_MEM,
	DMA_DEV_TO_DEV,
	DMA_TRANS_NONE,
};

/**
 * is_slave_direction() - whether a direction involves a peripheral
 * @direction: the direction
 *
 * Return: true for %DMA_MEM_TO_DEV, %DMA_DEV_TO_MEM and %DMA_DEV_TO_DEV.
 */
static inline bool is_slave_direction(enum dma_transfer_direction direction)
{
	switch (direction) {
	case DMA_MEM_TO_DEV:
	case DMA_DEV_TO_MEM:
	case DMA_DEV_TO_DEV:
		return true;
	default:
		return false;
	}
}

/**
 * dmaengine_get_direction_text() - a direction's name, for messages
 * @dir: the direction
 *
 * Return: "MEM_TO_DEV" and the like, or "invalid".
 */
static inline char *
dmaengine_get_direction_text(enum dma_transfer_direction dir)
{
	static char *const names[] = {
		[DMA_MEM_TO_MEM] = "MEM_TO_MEM",
		[DMA_MEM_TO_DEV] = "MEM_TO_DEV",
		[DMA_DEV_TO_MEM] = "DEV_TO_MEM",
		[DMA_DEV_TO_DEV] = "DEV_TO_DEV",
	};

	if ((unsigned int)dir >= ARRAY_SIZE(names))
		return "invalid";
	return names[dir];
}

/**
 * struct data_chunk - one chunk of each frame of an interleaved transfer
 * @size: bytes in the chunk
 * @icg: gap in bytes after the chunk, on both sides unless @dst_icg or
 *	@src_icg says otherwise
 * @dst_icg: gap after the chunk on the destination side, when not 0
 * @src_icg: gap after the chunk on the source side, when not 0
 */
struct data_chunk {
	size_t size;
	size_t icg;
	size_t dst_icg;
	size_t src_icg;
};

/**
 * struct dma_interleaved_template - a transfer of @numf frames, each made
 *	of the same @frame_size chunks
 * @src_start: bus address of the first source byte
 * @dst_start: bus address of the first destination byte
 * @dir: direction
 * @src_inc: the source address advances (false: a fixed address)
 * @dst_inc: the destination address advances
 * @src_sgl: the chunk gaps apply to the source side
 * @dst_sgl: the chunk gaps apply to the destination side
 * @numf: number of frames
 * @frame_size: chunks per frame, the length of @sgl
 * @sgl: the chunks of a frame
 */
struct dma_interleaved_template {
	dma_addr_t src_start;
	dma_addr_t dst_start;
	enum dma_transfer_direction dir;
	bool src_inc;
	bool dst_inc;
	bool src_sgl;
	bool dst_sgl;
	size_t numf;
	size_t frame_size;
	struct data_chunk sgl[];
};

/* The gap that applies after a chunk on one side of a transfer. */
static inline size_t dmaengine_get_icg(bool inc, bool sgl, size_t icg,
				       size_t dir_icg)
{
	if (!inc)
		return 0;
	if (dir_icg)
		return dir_icg;
	return sgl ? icg : 0;
}

/**
 * dmaengine_get_dst_icg() - destination-side gap after a chunk
 * @xt: the transfer
 * @chunk: one of its chunks
 *
 * Return: the gap in bytes.
 */
static inline size_t dmaengine_get_dst_icg(struct dma_interleaved_template *xt,
					   struct data_chunk *chunk)
{
	return dmaengine_get_icg(xt->dst_inc, xt->dst_sgl, chunk->icg,
				 chunk->dst_icg);
}

/**
 * dmaengine_get_src_icg() - source-side gap after a chunk
 * @xt: the transfer
 * @chunk: one of its chunks
 *
 * Return: the gap in bytes.
 */
static inline size_t dmaengine_get_src_icg(struct dma_interleaved_template *xt,
					   struct data_chunk *chunk)
{
	return dmaengine_get_icg(xt->src_inc, xt->src_sgl, chunk->icg,
				 chunk->src_icg);
}

/**
 * struct dma_vec - one contiguous piece of memory, by bus address
 * @addr: its start
 * @len: its length in bytes
 */
struct dma_vec {
	dma_addr_t addr;
	size_t len;
};

/**
 * enum dma_ctrl_flags - flags of a prep call and of a descriptor
 * @DMA_PREP_INTERRUPT: call the descriptor's callback when it completes
 * @DMA_CTRL_ACK: the client will not chain anything to the descriptor;
 *	the provider may recycle it once complete
 * @DMA_PREP_PQ_DISABLE_P: do not compute P
 * @DMA_PREP_PQ_DISABLE_Q: do not compute Q
 * @DMA_PREP_CONTINUE: continue a previous P/Q computation
 * @DMA_PREP_FENCE: later dependent operations must see this one's results
 * @DMA_CTRL_REUSE: the descriptor survives completion and may be submitted
 *	again (see dmaengine_desc_set_reuse())
 * @DMA_PREP_CMD: the data are commands for the peripheral
 * @DMA_PREP_REPEAT: repeat the transfer until another one is queued
 *	(%DMA_REPEAT)
 * @DMA_PREP_LOAD_EOT: start this transfer when the repeating one ends its
 *	current pass (%DMA_LOAD_EOT)
 */
enum dma_ctrl_flags {
	DMA_PREP_INTERRUPT = (1 << 0),
	DMA_CTRL_ACK = (1 << 1),
	DMA_PREP_PQ_DISABLE_P = (1 << 2),
	DMA_PREP_PQ_DISABLE_Q = (1 << 3),
	DMA_PREP_CONTINUE = (1 << 4),
	DMA_PREP_FENCE = (1 << 5),
	DMA_CTRL_REUSE = (1 << 6),
	DMA_PREP_CMD = (1 << 7),
	DMA_PREP_REPEAT = (1 << 8),
	DMA_PREP_LOAD_EOT = (1 << 9),
};

/**
 * enum sum_check_bits - bit numbers of &enum sum_check_flags
 * @SUM_CHECK_P: P (xor) check
 * @SUM_CHECK_Q: Q check
 */
enum sum_check_bits {
	SUM_CHECK_P = 0,
	SUM_CHECK_Q = 1,
};

/**
 * enum sum_check_flags - results of a validation operation; a set bit
 *	means that check failed
 * @SUM_CHECK_P_RESULT: P did not match
 * @SUM_CHECK_Q_RESULT: Q did not match
 */
enum sum_check_flags {
	SUM_CHECK_P_RESULT = (1 << SUM_CHECK_P),
	SUM_CHECK_Q_RESULT = (1 << SUM_CHECK_Q),
};

/**
 * enum dma_slave_buswidth - width of one access on the peripheral side
 * @DMA_SLAVE_BUSWIDTH_UNDEFINED: not given
 * @DMA_SLAVE_BUSWIDTH_1_BYTE: 1 byte
 * @DMA_SLAVE_BUSWIDTH_2_BYTES: 2 bytes
 * @DMA_SLAVE_BUSWIDTH_3_BYTES: 3 bytes
 * @DMA_SLAVE_BUSWIDTH_4_BYTES: 4 bytes
 * @DMA_SLAVE_BUSWIDTH_8_BYTES: 8 bytes
 * @DMA_SLAVE_BUSWIDTH_16_BYTES: 16 bytes
 * @DMA_SLAVE_BUSWIDTH_32_BYTES: 32 bytes
 * @DMA_SLAVE_BUSWIDTH_64_BYTES: 64 bytes
 * @DMA_SLAVE_BUSWIDTH_128_BYTES: 128 bytes
 *
 * Each value is its width in bytes; capability masks use BIT(value).
 */
enum dma_slave_buswidth {
	DMA_SLAVE_BUSWIDTH_UNDEFINED = 0,
	DMA_SLAVE_BUSWIDTH_1_BYTE = 1,
	DMA_SLAVE_BUSWIDTH_2_BYTES = 2,
	DMA_SLAVE_BUSWIDTH_3_BYTES = 3,
	DMA_SLAVE_BUSWIDTH_4_BYTES = 4,
	DMA_SLAVE_BUSWIDTH_8_BYTES = 8,
	DMA_SLAVE_BUSWIDTH_16_BYTES = 16,
	DMA_SLAVE_BUSWIDTH_32_BYTES = 32,
	DMA_SLAVE_BUSWIDTH_64_BYTES = 64,
	DMA_SLAVE_BUSWIDTH_128_BYTES = 128,
};

/**
 * struct dma_slave_config - the peripheral side of a channel's transfers
 * @direction: deprecated: the direction now comes with each prep call
 * @src_addr: bus address the peripheral is read at (DEV_TO_MEM)
 * @dst_addr: bus address the peripheral is written at (MEM_TO_DEV)
 * @src_addr_width: access width when reading @src_addr
 * @dst_addr_width: access width when writing @dst_addr
 * @src_maxburst: accesses of @src_addr_width per burst (not bytes)
 * @dst_maxburst: accesses of @dst_addr_width per burst
 * @src_port_window_size: when not 0, the peripheral's read port is a
 *	window of this many @src_addr_width words, walked through and wrapped
 * @dst_port_window_size: the same on the write side
 * @device_fc: the peripheral, not the controller, controls the flow
 * @peripheral_config: controller-specific extra configuration
 * @peripheral_size: size of @peripheral_config
 *
 * Handed to dmaengine_slave_config(); applies to transfers prepared after
 * the call.
 */
struct dma_slave_config {
	enum dma_transfer_direction direction;
	phys_addr_t src_addr;
	phys_addr_t dst_addr;
	enum dma_slave_buswidth src_addr_width;
	enum dma_slave_buswidth dst_addr_width;
	u32 src_maxburst;
	u32 dst_maxburst;
	u32 src_port_window_size;
	u32 dst_port_window_size;
	bool device_fc;
	void *peripheral_config;
	size_t peripheral_size;
};

/**
 * enum dma_residue_granularity - how exact a channel's residue is
 * @DMA_RESIDUE_GRANULARITY_DESCRIPTOR: none: a transfer is either all to
 *	do or done; the residue of a running one is meaningless
 * @DMA_RESIDUE_GRANULARITY_SEGMENT: updated at each scatterlist segment
 *	(or period of a cyclic transfer)
 * @DMA_RESIDUE_GRANULARITY_BURST: updated at each burst
 */
enum dma_residue_granularity {
	DMA_RESIDUE_GRANULARITY_DESCRIPTOR = 0,
	DMA_RESIDUE_GRANULARITY_SEGMENT = 1,
	DMA_RESIDUE_GRANULARITY_BURST = 2,
};

/**
 * struct dma_slave_caps - what a channel can do, as dma_get_slave_caps()
 *	reports it
 * @src_addr_widths: BIT(width) for each &enum dma_slave_buswidth it reads
 * @dst_addr_widths: the same for writes
 * @directions: BIT(direction) for each &enum dma_transfer_direction
 * @min_burst: smallest burst it accepts
 * @max_burst: largest burst it accepts
 * @max_sg_burst: most scatterlist entries one descriptor may have, 0 for
 *	no limit
 * @cmd_pause: it can pause
 * @cmd_resume: it can resume
 * @cmd_terminate: it can terminate
 * @residue_granularity: how exact its residue is
 * @descriptor_reuse: descriptors may be marked reusable
 */
struct dma_slave_caps {
	u32 src_addr_widths;
	u32 dst_addr_widths;
	u32 directions;
	u32 min_burst;
	u32 max_burst;
	u32 max_sg_burst;
	bool cmd_pause;
	bool cmd_resume;
	bool cmd_terminate;
	enum dma_residue_granularity residue_granularity;
	bool descriptor_reuse;
};

/**
 * enum dmaengine_alignment - alignment a device needs, as a power of two
 * @DMAENGINE_ALIGN_1_BYTE: none
 * @DMAENGINE_ALIGN_2_BYTES: 2 bytes
 * @DMAENGINE_ALIGN_4_BYTES: 4 bytes
 * @DMAENGINE_ALIGN_8_BYTES: 8 bytes
 * @DMAENGINE_ALIGN_16_BYTES: 16 bytes
 * @DMAENGINE_ALIGN_32_BYTES: 32 bytes
 * @DMAENGINE_ALIGN_64_BYTES: 64 bytes
 * @DMAENGINE_ALIGN_128_BYTES: 128 bytes
 * @DMAENGINE_ALIGN_256_BYTES: 256 bytes
 */
enum dmaengine_alignment {
	DMAENGINE_ALIGN_1_BYTE = 0,
	DMAENGINE_ALIGN_2_BYTES = 1,
	DMAENGINE_ALIGN_4_BYTES = 2,
	DMAENGINE_ALIGN_8_BYTES = 3,
	DMAENGINE_ALIGN_16_BYTES = 4,
	DMAENGINE_ALIGN_32_BYTES = 5,
	DMAENGINE_ALIGN_64_BYTES = 6,
	DMAENGINE_ALIGN_128_BYTES = 7,
	DMAENGINE_ALIGN_256_BYTES = 8,
};

/* ---------------------------------------------- callbacks and results */

/**
 * typedef dma_filter_fn - a client's or provider's choice among channels
 * @chan: a free candidate channel
 * @filter_param: the caller's parameter (for slave maps, the map entry's)
 *
 * Called under the core's channel-list mutex; must not request or release
 * channels.
 *
 * Return: true to take @chan.
 */
typedef bool (*dma_filter_fn)(struct dma_chan *chan, void *filter_param);

/**
 * typedef dma_async_tx_callback - completion callback without a result
 * @dma_async_param: the descriptor's callback_param
 */
typedef void (*dma_async_tx_callback)(void *dma_async_param);

/**
 * enum dmaengine_tx_result - how a transfer ended
 * @DMA_TRANS_NOERROR: it moved everything
 * @DMA_TRANS_READ_FAILED: reading the source failed
 * @DMA_TRANS_WRITE_FAILED: writing the destination failed
 * @DMA_TRANS_ABORTED: it was dropped before or while running
 */
enum dmaengine_tx_result {
	DMA_TRANS_NOERROR = 0,
	DMA_TRANS_READ_FAILED,
	DMA_TRANS_WRITE_FAILED,
	DMA_TRANS_ABORTED,
};

/**
 * struct dmaengine_result - what callback_result is told
 * @result: how the transfer ended
 * @residue: bytes it did not move
 */
struct dmaengine_result {
	enum dmaengine_tx_result result;
	u32 residue;
};

/**
 * typedef dma_async_tx_callback_result - completion callback with a result
 * @dma_async_param: the descriptor's callback_param
 * @result: how it ended; valid only during the call
 */
typedef void (*dma_async_tx_callback_result)(void *dma_async_param,
				const struct dmaengine_result *result);

/* --------------------------------------------------------- descriptors */

/**
 * struct dmaengine_unmap_data - pages a provider unmaps when a
 *	memory-to-memory descriptor completes
 * @map_cnt: room in @addr
 * @to_cnt: entries of @addr mapped DMA_TO_DEVICE (they come first)
 * @from_cnt: then this many DMA_FROM_DEVICE
 * @bidi_cnt: then this many DMA_BIDIRECTIONAL
 * @dev: the device they are mapped for
 * @kref: shared by the descriptors that use the pages
 * @len: length of each mapping
 * @addr: the mappings
 */
struct dmaengine_unmap_data {
#if IS_ENABLED(CONFIG_DMA_ENGINE_RAID)
	u16 map_cnt;
#else
	u8 map_cnt;
#endif
	u8 to_cnt;
	u8 from_cnt;
	u8 bidi_cnt;
	struct device *dev;
	struct kref kref;
	size_t len;
	dma_addr_t addr[];
};

/**
 * enum dma_desc_metadata_mode - how a descriptor's metadata is handled
 * @DESC_METADATA_NONE: no metadata
 * @DESC_METADATA_CLIENT: the client owns the buffer and attaches it with
 *	dmaengine_desc_attach_metadata()
 * @DESC_METADATA_ENGINE: the provider owns the buffer; the client reaches
 *	it with dmaengine_desc_get_metadata_ptr() and, for MEM_TO_DEV, says
 *	how much it wrote with dmaengine_desc_set_metadata_len()
 */
enum dma_desc_metadata_mode {
	DESC_METADATA_NONE = 0,
	DESC_METADATA_CLIENT = BIT(0),
	DESC_METADATA_ENGINE = BIT(1),
};

struct dma_async_tx_descriptor;

/**
 * struct dma_descriptor_metadata_ops - a provider's metadata callbacks
 * @attach: client mode: take the client's buffer
 * @get_ptr: engine mode: the provider's buffer, its used and total length
 * @set_len: engine mode: how much of the buffer the client filled
 */
struct dma_descriptor_metadata_ops {
	int (*attach)(struct dma_async_tx_descriptor *desc, void *data,
		      size_t len);
	void *(*get_ptr)(struct dma_async_tx_descriptor *desc,
			 size_t *payload_len, size_t *max_len);
	int (*set_len)(struct dma_async_tx_descriptor *desc,
		       size_t payload_len);
};

/**
 * struct dma_async_tx_descriptor - one prepared transfer
 * @cookie: its ticket once submitted; -EBUSY while async_tx holds it back
 *	behind a dependency
 * @flags: &enum dma_ctrl_flags given at prep
 * @phys: bus address of the hardware descriptor, for providers
 * @chan: the channel it runs on
 * @tx_submit: queues it; set by the provider, called by dmaengine_submit()
 * @desc_free: frees a reusable descriptor; set by the provider
 * @callback: completion callback without a result
 * @callback_result: completion callback with a result; preferred
 * @callback_param: the callbacks' argument
 * @unmap: pages to unmap at completion, or NULL
 * @desc_metadata_mode: the metadata mode chosen by the first metadata call
 * @metadata_ops: the provider's metadata callbacks, or NULL
 * @next: async_tx: the descriptor waiting for this one
 * @parent: async_tx: the descriptor this one waits for
 * @lock: async_tx: protects @next and @parent
 *
 * The client owns it from prep to submit and sets the callback fields;
 * then the provider owns it. It is freed after its callback ran unless
 * %DMA_CTRL_REUSE is set. Callbacks run in the provider's completion
 * context (a tasklet for virt-dma providers), once, in submission order.
 */
struct dma_async_tx_descriptor {
	dma_cookie_t cookie;
	enum dma_ctrl_flags flags;	/* an int: packs next to the cookie */
	dma_addr_t phys;
	struct dma_chan *chan;
	dma_cookie_t (*tx_submit)(struct dma_async_tx_descriptor *tx);
	int (*desc_free)(struct dma_async_tx_descriptor *tx);
	dma_async_tx_callback callback;
	dma_async_tx_callback_result callback_result;
	void *callback_param;
	struct dmaengine_unmap_data *unmap;
	enum dma_desc_metadata_mode desc_metadata_mode;
	struct dma_descriptor_metadata_ops *metadata_ops;
#ifdef CONFIG_ASYNC_TX_ENABLE_CHANNEL_SWITCH
	struct dma_async_tx_descriptor *next;
	struct dma_async_tx_descriptor *parent;
	spinlock_t lock;	/* @next and @parent */
#endif
};

#ifdef CONFIG_DMA_ENGINE
struct dmaengine_unmap_data *
dmaengine_get_unmap_data(struct device *dev, int nr, gfp_t flags);
void dmaengine_unmap_put(struct dmaengine_unmap_data *unmap);

/**
 * dma_set_unmap() - make a descriptor share unmap data
 * @tx: the descriptor
 * @unmap: the data; the descriptor takes a reference
 */
static inline void dma_set_unmap(struct dma_async_tx_descriptor *tx,
				 struct dmaengine_unmap_data *unmap)
{
	kref_get(&unmap->kref);
	tx->unmap = unmap;
}
#else
static inline struct dmaengine_unmap_data *
dmaengine_get_unmap_data(struct device *dev, int nr, gfp_t flags)
{
	return NULL;
}

static inline void dmaengine_unmap_put(struct dmaengine_unmap_data *unmap) { }
static inline void dma_set_unmap(struct dma_async_tx_descriptor *tx,
				 struct dmaengine_unmap_data *unmap) { }
#endif

/**
 * dma_descriptor_unmap() - drop a completed descriptor's unmap data
 * @tx: the descriptor
 */
static inline void dma_descriptor_unmap(struct dma_async_tx_descriptor *tx)
{
	struct dmaengine_unmap_data *unmap = tx->unmap;

	if (unmap) {
		tx->unmap = NULL;
		dmaengine_unmap_put(unmap);
	}
}

/*
 * async_tx dependency chains: a descriptor may wait for a parent on another
 * channel. Without channel switching no chain exists and these do nothing.
 */
#ifdef CONFIG_ASYNC_TX_ENABLE_CHANNEL_SWITCH
static inline void txd_lock(struct dma_async_tx_descriptor *txd)
{
	spin_lock_bh(&txd->lock);
}

static inline void txd_unlock(struct dma_async_tx_descriptor *txd)
{
	spin_unlock_bh(&txd->lock);
}

static inline void txd_chain(struct dma_async_tx_descriptor *txd,
			     struct dma_async_tx_descriptor *next)
{
	next->parent = txd;
	txd->next = next;
}

static inline void txd_clear_parent(struct dma_async_tx_descriptor *txd)
{
	txd->parent = NULL;
}

static inline void txd_clear_next(struct dma_async_tx_descriptor *txd)
{
	txd->next = NULL;
}

static inline struct dma_async_tx_descriptor *
txd_parent(struct dma_async_tx_descriptor *txd)
{
	return txd->parent;
}

static inline struct dma_async_tx_descriptor *
txd_next(struct dma_async_tx_descriptor *txd)
{
	return txd->next;
}
#else
static inline void txd_lock(struct dma_async_tx_descriptor *txd) { }
static inline void txd_unlock(struct dma_async_tx_descriptor *txd) { }

/*
 * Chaining needs CONFIG_ASYNC_TX_ENABLE_CHANNEL_SWITCH; async_tx never
 * calls it otherwise.
 */
static inline void txd_chain(struct dma_async_tx_descriptor *txd,
			     struct dma_async_tx_descriptor *next)
{
	WARN_ON_ONCE(1);
}

static inline void txd_clear_parent(struct dma_async_tx_descriptor *txd) { }
static inline void txd_clear_next(struct dma_async_tx_descriptor *txd) { }

static inline struct dma_async_tx_descriptor *
txd_parent(struct dma_async_tx_descriptor *txd)
{
	return NULL;
}

static inline struct dma_async_tx_descriptor *
txd_next(struct dma_async_tx_descriptor *txd)
{
	return NULL;
}
#endif

static inline bool dmaengine_desc_flag(struct dma_async_tx_descriptor *tx,
				       enum dma_ctrl_flags flag)
{
	return (tx->flags & flag) == flag;
}

/**
 * async_tx_ack() - nothing will be chained to this descriptor any more
 * @tx: the descriptor
 */
static inline void async_tx_ack(struct dma_async_tx_descriptor *tx)
{
	tx->flags |= DMA_CTRL_ACK;
}

/**
 * async_tx_clear_ack() - undo async_tx_ack()
 * @tx: the descriptor
 */
static inline void async_tx_clear_ack(struct dma_async_tx_descriptor *tx)
{
	tx->flags &= ~DMA_CTRL_ACK;
}

/**
 * async_tx_test_ack() - whether a descriptor is acked
 * @tx: the descriptor
 *
 * Return: true when %DMA_CTRL_ACK is set.
 */
static inline bool async_tx_test_ack(struct dma_async_tx_descriptor *tx)
{
	return dmaengine_desc_flag(tx, DMA_CTRL_ACK);
}

/**
 * dmaengine_desc_clear_reuse() - let a descriptor be freed at completion
 * @tx: the descriptor
 */
static inline void dmaengine_desc_clear_reuse(struct dma_async_tx_descriptor *tx)
{
	tx->flags &= ~DMA_CTRL_REUSE;
}

/**
 * dmaengine_desc_test_reuse() - whether a descriptor is reusable
 * @tx: the descriptor
 *
 * Return: true when %DMA_CTRL_REUSE is set.
 */
static inline bool dmaengine_desc_test_reuse(struct dma_async_tx_descriptor *tx)
{
	return dmaengine_desc_flag(tx, DMA_CTRL_REUSE);
}

/**
 * dmaengine_desc_free() - free a reusable descriptor the client is done with
 * @desc: the descriptor, not in flight
 *
 * Return: 0, -EPERM for a descriptor that is not reusable (the provider
 * frees those itself), or the provider's error (-EBUSY while in flight,
 * with our virt-dma).
 */
static inline int dmaengine_desc_free(struct dma_async_tx_descriptor *desc)
{
	if (!dmaengine_desc_test_reuse(desc))
		return -EPERM;
	return desc->desc_free(desc);
}

/* ------------------------------------------------------------ channels */

/**
 * struct dma_chan_percpu - per-CPU counters of a channel, in sysfs
 * @memcpy_count: memcpy operations
 * @bytes_transferred: bytes they moved
 */
struct dma_chan_percpu {
	unsigned long memcpy_count;
	unsigned long bytes_transferred;
};

/**
 * struct dma_router - a request router between clients and a controller
 * @dev: the router's device
 * @route_free: undoes the route it set up for a channel when the channel
 *	is released
 */
struct dma_router {
	struct device *dev;
	void (*route_free)(struct device *dev, void *route_data);
};

/**
 * struct dma_chan - one channel of a DMA device
 * @device: the device it belongs to
 * @slave: the client device that requested it by name, or NULL
 * @cookie: last cookie handed out (provider helpers keep it)
 * @completed_cookie: last cookie completed
 * @chan_id: its number within the device, the Y of dmaXchanY
 * @dev: its sysfs class device
 * @name: "dma:<name>" when requested by name, the client's sysfs link
 * @dbg_client_name: "<client>:<name>" for the debugfs summary
 * @device_node: link in the device's channel list
 * @local: per-CPU counters; NULL while the channel is not registered
 * @client_count: references held by clients
 * @table_count: CPUs the public channel table gives it to
 * @router: the request router it was routed through, or NULL
 * @route_data: that router's data for the route
 * @private: the client's or provider's own data
 *
 * The provider embeds it and fills in @device; the core owns the fields
 * from @chan_id to @route_data and protects them with its mutex.
 */
struct dma_chan {
	struct dma_device *device;
	struct device *slave;
	dma_cookie_t cookie;
	dma_cookie_t completed_cookie;

	/* sysfs */
	int chan_id;
	struct dma_chan_dev *dev;
	const char *name;
#ifdef CONFIG_DEBUG_FS
	char *dbg_client_name;
#endif

	struct list_head device_node;
	struct dma_chan_percpu __percpu *local;
	int client_count;
	int table_count;

	/* request routing */
	struct dma_router *router;
	void *route_data;

	void *private;
};

/**
 * struct dma_chan_dev - a channel's device in class "dma"
 * @chan: the channel; NULL once it is unregistered
 * @device: the class device, /sys/class/dma/dmaXchanY
 * @dev_id: the X of that name
 * @chan_dma_dev: @device, not the controller's device, is what buffers
 *	are mapped for (dmaengine_get_dma_device())
 */
struct dma_chan_dev {
	struct dma_chan *chan;
	struct device device;
	int dev_id;
	bool chan_dma_dev;
};

/**
 * dma_chan_name() - a registered channel's sysfs name
 * @chan: the channel
 *
 * Return: "dmaXchanY", or the name its provider gave it.
 */
static inline const char *dma_chan_name(struct dma_chan *chan)
{
	return dev_name(&chan->dev->device);
}

/* ------------------------------------------------------------- devices */

/**
 * struct dma_slave_map - one line of a board's channel table
 * @devname: dev_name() of the client device
 * @slave: the channel's name for that client ("tx", "rx", ...)
 * @param: what the device's filter gets to recognise the channel
 */
struct dma_slave_map {
	const char *devname;
	const char *slave;
	void *param;
};

/**
 * struct dma_filter - a device's board table for named requests
 * @fn: picks a channel given a map line's @param
 * @mapcnt: lines in @map
 * @map: the lines
 */
struct dma_filter {
	dma_filter_fn fn;
	int mapcnt;
	const struct dma_slave_map *map;
};

/* Set in dma_device.max_pq when the device can continue a P/Q operation. */
#define DMA_HAS_PQ_CONTINUE BIT(15)

/**
 * struct dma_device - a DMA controller, as its provider describes it
 * @ref: the core's references; @device_release runs when they are gone
 * @chancnt: registered channels (kept by the core)
 * @privatecnt: requests that made the device private (kept by the core)
 * @channels: its channels, linked through dma_chan.device_node
 * @global_node: link in the core's device list
 * @filter: board table for requests by name
 * @cap_mask: &enum dma_transaction_type bits it supports
 * @desc_metadata_modes: metadata modes its descriptors support
 * @max_xor: most xor sources per operation
 * @max_pq: most P/Q sources per operation, with %DMA_HAS_PQ_CONTINUE
 * @copy_align: memcpy alignment
 * @xor_align: xor alignment
 * @pq_align: P/Q alignment
 * @fill_align: memset alignment
 * @dev_id: the X of dmaXchanY (kept by the core)
 * @dev: the controller's struct device
 * @owner: its driver's module, pinned while channels are held
 * @chan_ida: channel numbers (kept by the core)
 * @src_addr_widths: peripheral read widths, BIT(&enum dma_slave_buswidth)
 * @dst_addr_widths: peripheral write widths
 * @directions: BIT(&enum dma_transfer_direction) of what it can do
 * @min_burst: smallest burst
 * @max_burst: largest burst
 * @max_sg_burst: most scatterlist entries per descriptor, 0 for no limit
 * @descriptor_reuse: descriptors can be reusable
 * @residue_granularity: how exact its residue is
 * @device_alloc_chan_resources: set up a channel for its first client;
 *	process context; returns descriptors allocated or an errno
 * @device_router_config: configure a route through a request router
 * @device_free_chan_resources: undo it after the last client; process
 *	context
 * @device_prep_dma_memcpy: prepare a memcpy
 * @device_prep_dma_xor: prepare an xor
 * @device_prep_dma_xor_val: prepare an xor check
 * @device_prep_dma_pq: prepare a P/Q computation
 * @device_prep_dma_pq_val: prepare a P/Q check
 * @device_prep_dma_memset: prepare a memset
 * @device_prep_dma_memset_sg: prepare a memset of a scatterlist
 * @device_prep_dma_interrupt: prepare a descriptor that only interrupts
 * @device_prep_peripheral_dma_vec: prepare a slave transfer from an array
 *	of &struct dma_vec
 * @device_prep_slave_sg: prepare a slave transfer from a scatterlist
 * @device_prep_dma_cyclic: prepare a cyclic transfer
 * @device_prep_interleaved_dma: prepare an interleaved transfer
 * @device_prep_dma_imm_data: prepare a write of an 8-byte value
 * @device_caps: correct dma_get_slave_caps() for one channel
 * @device_config: take a &struct dma_slave_config
 * @device_pause: hold a channel's transfers without losing data
 * @device_resume: undo @device_pause
 * @device_terminate_all: drop everything queued or running on a channel;
 *	any context, must not wait for callbacks
 * @device_synchronize: wait until no callback of a channel runs any more;
 *	process context
 * @device_tx_status: status and residue of a cookie; any context
 * @device_issue_pending: start what was submitted; any context
 * @device_release: free the device once the core holds no reference
 * @dbg_summary_show: replaces the device's part of the debugfs summary
 * @dbg_dev_root: the device's debugfs directory (set by the core)
 *
 * Every prep callback may be called from any context and allocates with
 * GFP_NOWAIT; it returns NULL for what it cannot do.
 */
struct dma_device {
	struct kref ref;
	unsigned int chancnt;
	unsigned int privatecnt;
	struct list_head channels;
	struct list_head global_node;
	struct dma_filter filter;
	dma_cap_mask_t cap_mask;
	enum dma_desc_metadata_mode desc_metadata_modes;
	unsigned short max_xor;
	unsigned short max_pq;
	enum dmaengine_alignment copy_align;
	enum dmaengine_alignment xor_align;
	enum dmaengine_alignment pq_align;
	enum dmaengine_alignment fill_align;

	int dev_id;
	struct device *dev;
	struct module *owner;
	struct ida chan_ida;

	u32 src_addr_widths;
	u32 dst_addr_widths;
	u32 directions;
	u32 min_burst;
	u32 max_burst;
	u32 max_sg_burst;
	bool descriptor_reuse;
	enum dma_residue_granularity residue_granularity;

	int (*device_alloc_chan_resources)(struct dma_chan *chan);
	int (*device_router_config)(struct dma_chan *chan);
	void (*device_free_chan_resources)(struct dma_chan *chan);

	struct dma_async_tx_descriptor *
		(*device_prep_dma_memcpy)(struct dma_chan *chan, dma_addr_t dst,
					  dma_addr_t src, size_t len,
					  unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_xor)(struct dma_chan *chan, dma_addr_t dst,
				       dma_addr_t *src, unsigned int src_cnt,
				       size_t len, unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_xor_val)(struct dma_chan *chan,
					   dma_addr_t *src,
					   unsigned int src_cnt, size_t len,
					   enum sum_check_flags *result,
					   unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_pq)(struct dma_chan *chan, dma_addr_t *dst,
				      dma_addr_t *src, unsigned int src_cnt,
				      const unsigned char *scf, size_t len,
				      unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_pq_val)(struct dma_chan *chan, dma_addr_t *pq,
					  dma_addr_t *src, unsigned int src_cnt,
					  const unsigned char *scf, size_t len,
					  enum sum_check_flags *pqres,
					  unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_memset)(struct dma_chan *chan,
					  dma_addr_t dest, int value,
					  size_t len, unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_memset_sg)(struct dma_chan *chan,
					     struct scatterlist *sg,
					     unsigned int nents, int value,
					     unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_interrupt)(struct dma_chan *chan,
					     unsigned long flags);

	struct dma_async_tx_descriptor *
		(*device_prep_peripheral_dma_vec)(struct dma_chan *chan,
						  const struct dma_vec *vecs,
						  size_t nents,
						  enum dma_transfer_direction direction,
						  unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_slave_sg)(struct dma_chan *chan,
					struct scatterlist *sgl,
					unsigned int sg_len,
					enum dma_transfer_direction direction,
					unsigned long flags, void *context);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_cyclic)(struct dma_chan *chan,
					  dma_addr_t buf_addr, size_t buf_len,
					  size_t period_len,
					  enum dma_transfer_direction direction,
					  unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_interleaved_dma)(struct dma_chan *chan,
					       struct dma_interleaved_template *xt,
					       unsigned long flags);
	struct dma_async_tx_descriptor *
		(*device_prep_dma_imm_data)(struct dma_chan *chan,
					    dma_addr_t dst, u64 data,
					    unsigned long flags);

	void (*device_caps)(struct dma_chan *chan, struct dma_slave_caps *caps);
	int (*device_config)(struct dma_chan *chan,
			     struct dma_slave_config *config);
	int (*device_pause)(struct dma_chan *chan);
	int (*device_resume)(struct dma_chan *chan);
	int (*device_terminate_all)(struct dma_chan *chan);
	void (*device_synchronize)(struct dma_chan *chan);

	enum dma_status (*device_tx_status)(struct dma_chan *chan,
					    dma_cookie_t cookie,
					    struct dma_tx_state *txstate);
	void (*device_issue_pending)(struct dma_chan *chan);
	void (*device_release)(struct dma_device *dev);
	void (*dbg_summary_show)(struct seq_file *s, struct dma_device *dev);
	struct dentry *dbg_dev_root;
};

/**
 * dmaengine_get_dma_device() - the device to map a channel's buffers for
 * @chan: the channel
 *
 * Return: usually the controller's device; the channel's own class device
 * for controllers whose channels have their own IOMMU context.
 */
static inline struct device *dmaengine_get_dma_device(struct dma_chan *chan)
{
	struct dma_chan_dev *cdev = chan->dev;

	return cdev->chan_dma_dev ? &cdev->device : chan->device->dev;
}

/* Whether @off1, @off2 and @len all meet an alignment of 2^@align bytes. */
static inline bool dmaengine_check_align(enum dmaengine_alignment align,
					 size_t off1, size_t off2, size_t len)
{
	size_t low_bits = (1UL << align) - 1;

	return ((off1 | off2 | len) & low_bits) == 0;
}

static inline bool is_dma_copy_aligned(struct dma_device *dev, size_t off1,
				       size_t off2, size_t len)
{
	return dmaengine_check_align(dev->copy_align, off1, off2, len);
}

static inline bool is_dma_xor_aligned(struct dma_device *dev, size_t off1,
				      size_t off2, size_t len)
{
	return dmaengine_check_align(dev->xor_align, off1, off2, len);
}

static inline bool is_dma_pq_aligned(struct dma_device *dev, size_t off1,
				     size_t off2, size_t len)
{
	return dmaengine_check_align(dev->pq_align, off1, off2, len);
}

static inline bool is_dma_fill_aligned(struct dma_device *dev, size_t off1,
				       size_t off2, size_t len)
{
	return dmaengine_check_align(dev->fill_align, off1, off2, len);
}

/* P/Q source limits, for the RAID offload drivers and async_pq. */
static inline void dma_set_maxpq(struct dma_device *dma, int maxpq,
				 int has_pq_continue)
{
	dma->max_pq = has_pq_continue ? maxpq | DMA_HAS_PQ_CONTINUE : maxpq;
}

static inline bool dmaf_continue(enum dma_ctrl_flags flags)
{
	return (flags & DMA_PREP_CONTINUE) != 0;
}

static inline bool dmaf_p_disabled_continue(enum dma_ctrl_flags flags)
{
	return dmaf_continue(flags) && (flags & DMA_PREP_PQ_DISABLE_P);
}

static inline bool dma_dev_has_pq_continue(struct dma_device *dma)
{
	return (dma->max_pq & DMA_HAS_PQ_CONTINUE) != 0;
}

static inline unsigned short dma_dev_to_maxpq(struct dma_device *dma)
{
	return dma->max_pq & ~DMA_HAS_PQ_CONTINUE;
}

/*
 * Sources available to one P/Q operation. A continued operation without
 * native support feeds the previous P and Q back as extra sources: three
 * slots (P, Q, and Q again as a multiplier), or one when P is disabled.
 */
static inline int dma_maxpq(struct dma_device *dma, enum dma_ctrl_flags flags)
{
	int max = dma_dev_to_maxpq(dma);

	if (dma_dev_has_pq_continue(dma) || !dmaf_continue(flags))
		return max;
	return dmaf_p_disabled_continue(flags) ? max - 1 : max - 3;
}

/* ---------------------------------------------------- tracing hooks */

/*
 * The submit, issue_pending and terminate tracepoints of the core
 * (include/trace/events/dmaengine.h), reached from the inline helpers below
 * only while they are enabled. Each helper hands the whole operation to
 * an out-of-line traced copy: the untraced path then keeps nothing live
 * across the provider's call and costs one patched-out branch more than
 * no tracing at all. Without tracepoints the copies are never called,
 * and not defined.
 */
dma_cookie_t __dmaengine_submit_traced(struct dma_async_tx_descriptor *desc);
void __dmaengine_issue_pending_traced(struct dma_chan *chan);
int __dmaengine_terminate_traced(struct dma_chan *chan, int none);
int __dmaengine_terminate_sync_traced(struct dma_chan *chan);
#if IS_ENABLED(CONFIG_DMA_ENGINE) && IS_ENABLED(CONFIG_TRACEPOINTS)
DECLARE_TRACEPOINT(dmaengine_submit);
DECLARE_TRACEPOINT(dmaengine_issue_pending);
DECLARE_TRACEPOINT(dmaengine_terminate);
#define dmaengine_tracing(event)	tracepoint_enabled(event)
#else
#define dmaengine_tracing(event)	(sizeof(#event) == 0)
#endif

/* ------------------------------------------------------- client calls */

/**
 * dmaengine_slave_config() - set the peripheral side of a channel
 * @chan: the channel
 * @config: the configuration; copied by the provider
 *
 * Applies to transfers prepared afterwards. A NULL @chan or @config is
 * refused here: 6.12 oopses on the first and hands the second to the
 * provider.
 *
 * Return: 0; -EINVAL for a NULL argument; -ENOSYS when the channel takes no
 * configuration; or the provider's error (-EINVAL for what it cannot do).
 */
static inline int dmaengine_slave_config(struct dma_chan *chan,
					 struct dma_slave_config *config)
{
	struct dma_device *device;

	if (!chan || !config)
		return -EINVAL;
	device = chan->device;
	if (!device->device_config)
		return -ENOSYS;
	return device->device_config(chan, config);
}

/*
 * Each prep wrapper returns NULL when the channel (or a NULL @chan) cannot
 * do the operation; the provider itself returns NULL for arguments it
 * refuses. They may be called from any context.
 */
static inline struct dma_device *dmaengine_prep_device(struct dma_chan *chan)
{
	return chan ? chan->device : NULL;
}

/**
 * dmaengine_prep_slave_sg() - prepare a transfer between a scatterlist and
 *	the peripheral
 * @chan: the channel
 * @sgl: the memory side, mapped for dmaengine_get_dma_device(@chan)
 * @sg_len: entries in @sgl (as dma_map_sg() returned)
 * @dir: %DMA_MEM_TO_DEV or %DMA_DEV_TO_MEM
 * @flags: &enum dma_ctrl_flags
 *
 * Return: the descriptor, or NULL.
 */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl,
			unsigned int sg_len, enum dma_transfer_direction dir,
			unsigned long flags)
{
	struct dma_device *device = dmaengine_prep_device(chan);

	if (!device || !device->device_prep_slave_sg)
		return NULL;
	return device->device_prep_slave_sg(chan, sgl, sg_len, dir, flags,
					    NULL);
}

/**
 * dmaengine_prep_slave_single() - prepare a transfer between one buffer
 *	and the peripheral
 * @chan: the channel
 * @buf: bus address of the buffer
 * @len: its length
 * @dir: %DMA_MEM_TO_DEV or %DMA_DEV_TO_MEM
 * @flags: &enum dma_ctrl_flags
 *
 * Return: the descriptor, or NULL.
 */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_slave_single(struct dma_chan *chan, dma_addr_t buf, size_t len,
			    enum dma_transfer_direction dir,
			    unsigned long flags)
{
	struct dma_device *device = dmaengine_prep_device(chan);
	struct scatterlist one;

	if (!device || !device->device_prep_slave_sg)
		return NULL;
	sg_init_table(&one, 1);
	sg_dma_len(&one) = len;
	sg_dma_address(&one) = buf;
	return device->device_prep_slave_sg(chan, &one, 1, dir, flags, NULL);
}

#ifdef CONFIG_RAPIDIO_DMA_ENGINE
struct rio_dma_ext;
/* A slave transfer with RapidIO addressing in @rio_ext. */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_rio_sg(struct dma_chan *chan, struct scatterlist *sgl,
		      unsigned int sg_len, enum dma_transfer_direction dir,
		      unsigned long flags, struct rio_dma_ext *rio_ext)
{
	struct dma_device *device = dmaengine_prep_device(chan);

	if (!device || !device->device_prep_slave_sg)
		return NULL;
	return device->device_prep_slave_sg(chan, sgl, sg_len, dir, flags,
					    rio_ext);
}
#endif

/**
 * dmaengine_prep_peripheral_dma_vec() - prepare a slave transfer from an
 *	array of bus address ranges
 * @chan: the channel
 * @vecs: the ranges
 * @nents: how many
 * @dir: direction
 * @flags: &enum dma_ctrl_flags
 *
 * Return: the descriptor, or NULL.
 */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_peripheral_dma_vec(struct dma_chan *chan,
				  const struct dma_vec *vecs, size_t nents,
				  enum dma_transfer_direction dir,
				  unsigned long flags)
{
	struct dma_device *device = dmaengine_prep_device(chan);

	if (!device || !device->device_prep_peripheral_dma_vec)
		return NULL;
	return device->device_prep_peripheral_dma_vec(chan, vecs, nents, dir,
						      flags);
}

/**
 * dmaengine_prep_dma_cyclic() - prepare a ring-buffer transfer
 * @chan: the channel
 * @buf_addr: bus address of the ring
 * @buf_len: its length, a multiple of @period_len
 * @period_len: bytes between two callbacks
 * @dir: %DMA_MEM_TO_DEV or %DMA_DEV_TO_MEM
 * @flags: &enum dma_ctrl_flags
 *
 * The transfer wraps around until terminated; the callback runs once per
 * completed period (periods that end close together may be reported once).
 *
 * Return: the descriptor, or NULL.
 */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_dma_cyclic(struct dma_chan *chan, dma_addr_t buf_addr,
			  size_t buf_len, size_t period_len,
			  enum dma_transfer_direction dir, unsigned long flags)
{
	struct dma_device *device = dmaengine_prep_device(chan);

	if (!device || !device->device_prep_dma_cyclic)
		return NULL;
	return device->device_prep_dma_cyclic(chan, buf_addr, buf_len,
					      period_len, dir, flags);
}

/**
 * dmaengine_prep_interleaved_dma() - prepare an interleaved transfer
 * @chan: the channel
 * @xt: the template
 * @flags: &enum dma_ctrl_flags; %DMA_PREP_REPEAT needs %DMA_REPEAT
 *
 * Return: the descriptor, or NULL.
 */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_interleaved_dma(struct dma_chan *chan,
			       struct dma_interleaved_template *xt,
			       unsigned long flags)
{
	struct dma_device *device = dmaengine_prep_device(chan);

	if (!device || !device->device_prep_interleaved_dma)
		return NULL;
	if ((flags & DMA_PREP_REPEAT) &&
	    !dma_has_cap(DMA_REPEAT, device->cap_mask))
		return NULL;
	return device->device_prep_interleaved_dma(chan, xt, flags);
}

/**
 * dmaengine_prep_dma_memset() - prepare filling memory with a byte value
 * @chan: the channel
 * @dest: bus address of the memory
 * @value: the value (its low byte)
 * @len: bytes
 * @flags: &enum dma_ctrl_flags
 *
 * Return: the descriptor, or NULL.
 */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_dma_memset(struct dma_chan *chan, dma_addr_t dest, int value,
			  size_t len, unsigned long flags)
{
	struct dma_device *device = dmaengine_prep_device(chan);

	if (!device || !device->device_prep_dma_memset)
		return NULL;
	return device->device_prep_dma_memset(chan, dest, value, len, flags);
}

/**
 * dmaengine_prep_dma_memcpy() - prepare a memory to memory copy
 * @chan: the channel
 * @dest: bus address of the destination
 * @src: bus address of the source
 * @len: bytes
 * @flags: &enum dma_ctrl_flags
 *
 * Return: the descriptor, or NULL.
 */
static inline struct dma_async_tx_descriptor *
dmaengine_prep_dma_memcpy(struct dma_chan *chan, dma_addr_t dest,
			  dma_addr_t src, size_t len, unsigned long flags)
{
	struct dma_device *device = dmaengine_prep_device(chan);

	if (!device || !device->device_prep_dma_memcpy)
		return NULL;
	return device->device_prep_dma_memcpy(chan, dest, src, len, flags);
}

/**
 * dmaengine_is_metadata_mode_supported() - whether a channel's descriptors
 *	support a metadata mode
 * @chan: the channel, or NULL
 * @mode: the mode
 *
 * Return: true when they do.
 */
static inline bool
dmaengine_is_metadata_mode_supported(struct dma_chan *chan,
				     enum dma_desc_metadata_mode mode)
{
	return chan && (chan->device->desc_metadata_modes & mode);
}

#ifdef CONFIG_DMA_ENGINE
int dmaengine_desc_attach_metadata(struct dma_async_tx_descriptor *desc,
				   void *data, size_t len);
void *dmaengine_desc_get_metadata_ptr(struct dma_async_tx_descriptor *desc,
				      size_t *payload_len, size_t *max_len);
int dmaengine_desc_set_metadata_len(struct dma_async_tx_descriptor *desc,
				    size_t payload_len);
#else
static inline int
dmaengine_desc_attach_metadata(struct dma_async_tx_descriptor *desc,
			       void *data, size_t len)
{
	return -EINVAL;
}

static inline void *
dmaengine_desc_get_metadata_ptr(struct dma_async_tx_descriptor *desc,
				size_t *payload_len, size_t *max_len)
{
	return NULL;
}

static inline int
dmaengine_desc_set_metadata_len(struct dma_async_tx_descriptor *desc,
				size_t payload_len)
{
	return -EINVAL;
}
#endif

/**
 * dmaengine_submit() - queue a prepared descriptor
 * @desc: the descriptor; the provider owns it from now on
 *
 * Nothing starts before dma_async_issue_pending(). Any context.
 *
 * Return: its cookie, or a negative errno (see dma_submit_error()).
 */
static inline dma_cookie_t dmaengine_submit(struct dma_async_tx_descriptor *desc)
{
	if (dmaengine_tracing(dmaengine_submit))
		return __dmaengine_submit_traced(desc);
	return desc->tx_submit(desc);
}

/**
 * dma_async_issue_pending() - start what was submitted on a channel
 * @chan: the channel
 *
 * Any context.
 */
static inline void dma_async_issue_pending(struct dma_chan *chan)
{
	if (dmaengine_tracing(dmaengine_issue_pending))
		__dmaengine_issue_pending_traced(chan);
	else
		chan->device->device_issue_pending(chan);
}

/**
 * dmaengine_tx_status() - where a submitted transfer is
 * @chan: its channel
 * @cookie: its cookie
 * @state: receives the residue and cookie counters, or NULL
 *
 * Any context.
 *
 * Return: its &enum dma_status.
 */
static inline enum dma_status dmaengine_tx_status(struct dma_chan *chan,
						  dma_cookie_t cookie,
						  struct dma_tx_state *state)
{
	return chan->device->device_tx_status(chan, cookie, state);
}

/**
 * dma_async_is_tx_complete() - status of a cookie, with the counters
 * @chan: the channel
 * @cookie: the cookie
 * @last: receives the last completed cookie, or NULL
 * @used: receives the last cookie handed out, or NULL
 *
 * Return: its &enum dma_status.
 */
static inline enum dma_status dma_async_is_tx_complete(struct dma_chan *chan,
						       dma_cookie_t cookie,
						       dma_cookie_t *last,
						       dma_cookie_t *used)
{
	struct dma_tx_state state;
	enum dma_status status = dmaengine_tx_status(chan, cookie, &state);

	if (used)
		*used = state.used;
	if (last)
		*last = state.last;
	return status;
}

/**
 * dmaengine_pause() - hold a channel's transfers
 * @chan: the channel
 *
 * Return: 0, -ENOSYS when it cannot pause, or the provider's error.
 */
static inline int dmaengine_pause(struct dma_chan *chan)
{
	struct dma_device *device = chan->device;

	if (!device->device_pause)
		return -ENOSYS;
	return device->device_pause(chan);
}

/**
 * dmaengine_resume() - continue a paused channel
 * @chan: the channel
 *
 * Return: 0, -ENOSYS when it cannot resume, or the provider's error.
 */
static inline int dmaengine_resume(struct dma_chan *chan)
{
	struct dma_device *device = chan->device;

	if (!device->device_resume)
		return -ENOSYS;
	return device->device_resume(chan);
}

/* Asks the provider to drop everything; @none is returned without one. */
static inline int __dmaengine_terminate(struct dma_chan *chan, int none)
{
	struct dma_device *device = chan->device;

	if (!device->device_terminate_all)
		return none;
	return device->device_terminate_all(chan);
}

static inline int dmaengine_terminate(struct dma_chan *chan, int none)
{
	if (dmaengine_tracing(dmaengine_terminate))
		return __dmaengine_terminate_traced(chan, none);
	return __dmaengine_terminate(chan, none);
}

/**
 * dmaengine_terminate_all() - deprecated: use dmaengine_terminate_sync()
 *	or dmaengine_terminate_async()
 * @chan: the channel
 *
 * Return: 0, -ENOSYS when the channel cannot terminate, or the provider's
 * error.
 */
static inline int dmaengine_terminate_all(struct dma_chan *chan)
{
	return dmaengine_terminate(chan, -ENOSYS);
}

/**
 * dmaengine_terminate_async() - drop everything queued or running
 * @chan: the channel
 *
 * Callbacks of dropped descriptors do not run, but one already running may
 * still be; call dmaengine_synchronize() before freeing what they use. Any
 * context, including a completion callback.
 *
 * Return: 0, -EINVAL when the channel cannot terminate, or the provider's
 * error.
 */
static inline int dmaengine_terminate_async(struct dma_chan *chan)
{
	return dmaengine_terminate(chan, -EINVAL);
}

/**
 * dmaengine_synchronize() - wait until no callback of a channel runs
 * @chan: the channel, terminated
 *
 * Process context; never from a callback.
 */
static inline void dmaengine_synchronize(struct dma_chan *chan)
{
	struct dma_device *device;

	might_sleep();
	/* Read after the call, so nothing is kept across it. */
	device = chan->device;
	if (device->device_synchronize)
		device->device_synchronize(chan);
}

static inline int __dmaengine_terminate_sync(struct dma_chan *chan)
{
	int ret = __dmaengine_terminate(chan, -EINVAL);

	if (!ret)
		dmaengine_synchronize(chan);
	return ret;
}

/**
 * dmaengine_terminate_sync() - drop everything and wait for callbacks
 * @chan: the channel
 *
 * After it returns no callback of the channel runs. Process context;
 * never from a callback.
 *
 * Return: as dmaengine_terminate_async().
 */
static inline int dmaengine_terminate_sync(struct dma_chan *chan)
{
	if (dmaengine_tracing(dmaengine_terminate))
		return __dmaengine_terminate_sync_traced(chan);
	return __dmaengine_terminate_sync(chan);
}

/* --------------------------------------------------- the core's API */

#ifdef CONFIG_DMA_ENGINE
void dmaengine_get(void);
void dmaengine_put(void);
struct dma_chan *dma_find_channel(enum dma_transaction_type tx_type);
void dma_issue_pending_all(void);
enum dma_status dma_sync_wait(struct dma_chan *chan, dma_cookie_t cookie);
enum dma_status dma_wait_for_async_tx(struct dma_async_tx_descriptor *tx);
struct dma_chan *__dma_request_channel(const dma_cap_mask_t *mask,
				       dma_filter_fn fn, void *fn_param,
				       struct device_node *np);
struct dma_chan *dma_request_chan(struct device *dev, const char *name);
struct dma_chan *dma_request_chan_by_mask(const dma_cap_mask_t *mask);
struct dma_chan *devm_dma_request_chan(struct device *dev, const char *name);
void dma_release_channel(struct dma_chan *chan);
int dma_get_slave_caps(struct dma_chan *chan, struct dma_slave_caps *caps);
#else
static inline void dmaengine_get(void) { }
static inline void dmaengine_put(void) { }

static inline struct dma_chan *
dma_find_channel(enum dma_transaction_type tx_type)
{
	return NULL;
}

static inline void dma_issue_pending_all(void) { }

static inline enum dma_status dma_sync_wait(struct dma_chan *chan,
					    dma_cookie_t cookie)
{
	return DMA_COMPLETE;
}

static inline enum dma_status
dma_wait_for_async_tx(struct dma_async_tx_descriptor *tx)
{
	return DMA_COMPLETE;
}

static inline struct dma_chan *
__dma_request_channel(const dma_cap_mask_t *mask, dma_filter_fn fn,
		      void *fn_param, struct device_node *np)
{
	return NULL;
}

static inline struct dma_chan *dma_request_chan(struct device *dev,
						const char *name)
{
	return ERR_PTR(-ENODEV);
}

static inline struct dma_chan *
dma_request_chan_by_mask(const dma_cap_mask_t *mask)
{
	return ERR_PTR(-ENODEV);
}

static inline struct dma_chan *devm_dma_request_chan(struct device *dev,
						     const char *name)
{
	return ERR_PTR(-ENODEV);
}

static inline void dma_release_channel(struct dma_chan *chan) { }

static inline int dma_get_slave_caps(struct dma_chan *chan,
				     struct dma_slave_caps *caps)
{
	return -ENXIO;
}
#endif

/*
 * async_tx's view of the public channels: with channel switching it asks
 * for the operation; without, for a channel that does everything.
 */
#ifdef CONFIG_ASYNC_TX_DMA
#define async_dmaengine_get()	dmaengine_get()
#define async_dmaengine_put()	dmaengine_put()
#ifdef CONFIG_ASYNC_TX_ENABLE_CHANNEL_SWITCH
#define async_dma_find_channel(type) dma_find_channel(type)
#else
#define async_dma_find_channel(type) dma_find_channel(DMA_ASYNC_TX)
#endif
#else
static inline void async_dmaengine_get(void) { }
static inline void async_dmaengine_put(void) { }

static inline struct dma_chan *
async_dma_find_channel(enum dma_transaction_type type)
{
	return NULL;
}
#endif

/**
 * dmaengine_desc_set_reuse() - keep a descriptor after completion
 * @tx: a prepared descriptor
 *
 * It may then be submitted again after it completed, and must be freed
 * with dmaengine_desc_free().
 *
 * Return: 0; -EPERM when its channel does not reuse descriptors; the error
 * of dma_get_slave_caps().
 */
static inline int dmaengine_desc_set_reuse(struct dma_async_tx_descriptor *tx)
{
	struct dma_slave_caps caps;
	int ret = dma_get_slave_caps(tx->chan, &caps);

	if (ret)
		return ret;
	if (!caps.descriptor_reuse)
		return -EPERM;
	tx->flags |= DMA_CTRL_REUSE;
	return 0;
}

/**
 * dma_request_channel() - take the first channel that fits
 * @mask: a &dma_cap_mask_t lvalue
 * @x: optional &dma_filter_fn
 * @y: its parameter
 */
#define dma_request_channel(mask, x, y) \
	__dma_request_channel(&(mask), x, y, NULL)

/**
 * dma_request_slave_channel() - deprecated: dma_request_chan() without the
 *	error code
 * @dev: the client device
 * @name: the channel's name
 *
 * Return: the channel, or NULL.
 */
static inline struct dma_chan * __deprecated
dma_request_slave_channel(struct device *dev, const char *name)
{
	struct dma_chan *chan = dma_request_chan(dev, name);

	if (IS_ERR(chan))
		return NULL;
	return chan;
}

/**
 * dma_request_slave_channel_compat() - by name, else by filter
 * @mask: capabilities for the filter path
 * @fn: the filter, or NULL for no fallback
 * @fn_param: its parameter, or NULL for no fallback
 * @dev: the client device
 * @name: the channel's name
 *
 * Return: the channel, or NULL.
 */
static inline struct dma_chan *
dma_request_slave_channel_compat(const dma_cap_mask_t mask, dma_filter_fn fn,
				 void *fn_param, struct device *dev,
				 const char *name)
{
	struct dma_chan *chan = dma_request_slave_channel(dev, name);

	if (chan || !fn || !fn_param)
		return chan;
	return __dma_request_channel(&mask, fn, fn_param, NULL);
}

/* ------------------------------------------------------ provider calls */

void dma_async_tx_descriptor_init(struct dma_async_tx_descriptor *tx,
				  struct dma_chan *chan);
int dma_async_device_register(struct dma_device *device);
int dmaenginem_async_device_register(struct dma_device *device);
void dma_async_device_unregister(struct dma_device *device);
int dma_async_device_channel_register(struct dma_device *device,
				      struct dma_chan *chan,
				      const char *name);
void dma_async_device_channel_unregister(struct dma_device *device,
					 struct dma_chan *chan);
void dma_run_dependencies(struct dma_async_tx_descriptor *tx);

#endif /* LINUX_DMAENGINE_H */
