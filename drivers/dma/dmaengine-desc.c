// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine core: helpers around descriptors.
 *
 * - unmap data: a refcounted record of the pages a client mapped for a
 *   memory-to-memory operation, unmapped by the provider when the
 *   descriptor completes; allocated from mempools so that async_tx can
 *   make progress under memory pressure.
 * - descriptor metadata, in the two modes a channel may support.
 * - waiting for a cookie, and running async_tx dependency chains.
 */

#define pr_fmt(fmt) "dmaengine: " fmt

#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/mempool.h>
#include <linux/slab.h>

#include "dmaengine-core.h"

/* How long the busy-waiting helpers wait before giving up. */
#define DMAENGINE_WAIT_MS	5000

/**
 * struct dmaengine_unmap_pool - unmap records with room for @slots addresses
 * @slots: addresses per record
 * @name: slab cache name
 * @cache: the records' slab cache
 * @pool: a reserve of one record on top of @cache
 */
struct dmaengine_unmap_pool {
	unsigned int slots;
	const char *name;
	struct kmem_cache *cache;
	mempool_t *pool;
};

#define DMAENGINE_UNMAP_POOL(n) { .slots = n, .name = "dmaengine-unmap-" #n }

/* Ascending: a request is served by the first pool that is large enough. */
static struct dmaengine_unmap_pool dmaengine_unmap_pools[] = {
	DMAENGINE_UNMAP_POOL(2),
#if IS_ENABLED(CONFIG_DMA_ENGINE_RAID)
	DMAENGINE_UNMAP_POOL(16),
	DMAENGINE_UNMAP_POOL(128),
	DMAENGINE_UNMAP_POOL(256),
#endif
};

static struct dmaengine_unmap_pool *dmaengine_unmap_pool_for(int nr)
{
	unsigned int i;

	if (nr < 0)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(dmaengine_unmap_pools); i++)
		if (nr <= dmaengine_unmap_pools[i].slots)
			return &dmaengine_unmap_pools[i];
	return NULL;
}

static void dmaengine_unmap_destroy(void)
{
	struct dmaengine_unmap_pool *p;

	for (p = dmaengine_unmap_pools;
	     p < dmaengine_unmap_pools + ARRAY_SIZE(dmaengine_unmap_pools); p++) {
		mempool_destroy(p->pool);
		p->pool = NULL;
		kmem_cache_destroy(p->cache);
		p->cache = NULL;
	}
}

int __init dmaengine_unmap_init(void)
{
	struct dmaengine_unmap_pool *p;

	for (p = dmaengine_unmap_pools;
	     p < dmaengine_unmap_pools + ARRAY_SIZE(dmaengine_unmap_pools); p++) {
		p->cache = kmem_cache_create(p->name,
					     struct_size_t(struct dmaengine_unmap_data,
							   addr, p->slots),
					     0, SLAB_HWCACHE_ALIGN, NULL);
		if (p->cache)
			p->pool = mempool_create_slab_pool(1, p->cache);
		if (!p->pool) {
			pr_err("no memory for the unmap pools\n");
			dmaengine_unmap_destroy();
			return -ENOMEM;
		}
	}
	return 0;
}

static void dmaengine_unmap_range(struct device *dev, dma_addr_t *addr,
				  unsigned int count, size_t len,
				  enum dma_data_direction dir)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		/* async_tx leaves an unused P or Q destination at 0. */
		if (dir == DMA_BIDIRECTIONAL && !addr[i])
			continue;
		dma_unmap_page(dev, addr[i], len, dir);
	}
}

static void dmaengine_unmap_release(struct kref *kref)
{
	struct dmaengine_unmap_data *unmap =
		container_of(kref, struct dmaengine_unmap_data, kref);
	dma_addr_t *addr = unmap->addr;

	/* addr[] holds the to, then the from, then the bidirectional pages. */
	dmaengine_unmap_range(unmap->dev, addr, unmap->to_cnt, unmap->len,
			      DMA_TO_DEVICE);
	addr += unmap->to_cnt;
	dmaengine_unmap_range(unmap->dev, addr, unmap->from_cnt, unmap->len,
			      DMA_FROM_DEVICE);
	addr += unmap->from_cnt;
	dmaengine_unmap_range(unmap->dev, addr, unmap->bidi_cnt, unmap->len,
			      DMA_BIDIRECTIONAL);
	mempool_free(unmap, dmaengine_unmap_pool_for(unmap->map_cnt)->pool);
}

/**
 * dmaengine_unmap_put() - drop a reference to unmap data
 * @unmap: the record, or NULL
 *
 * The last reference unmaps every page it lists and frees it. Any context.
 */
void dmaengine_unmap_put(struct dmaengine_unmap_data *unmap)
{
	if (unmap)
		kref_put(&unmap->kref, dmaengine_unmap_release);
}
EXPORT_SYMBOL_GPL(dmaengine_unmap_put);

/**
 * dmaengine_get_unmap_data() - a zeroed unmap record with one reference
 * @dev: the device the pages are mapped for
 * @nr: addresses it must hold
 * @flags: allocation flags; GFP_NOWAIT is fine from atomic context
 *
 * Return: the record, or NULL without memory or when @nr is larger than the
 * largest pool (2 addresses, or 256 with CONFIG_DMA_ENGINE_RAID).
 */
struct dmaengine_unmap_data *
dmaengine_get_unmap_data(struct device *dev, int nr, gfp_t flags)
{
	struct dmaengine_unmap_pool *p = dmaengine_unmap_pool_for(nr);
	struct dmaengine_unmap_data *unmap;

	if (!p) {
		pr_debug("no unmap pool holds %d addresses\n", nr);
		return NULL;
	}
	unmap = mempool_alloc(p->pool, flags);
	if (!unmap)
		return NULL;
	memset(unmap, 0, sizeof(*unmap));
	kref_init(&unmap->kref);
	unmap->dev = dev;
	unmap->map_cnt = nr;
	return unmap;
}
EXPORT_SYMBOL(dmaengine_get_unmap_data);

/**
 * dma_async_tx_descriptor_init() - tie a new descriptor to its channel
 * @tx: the provider's descriptor
 * @chan: the channel it will run on
 *
 * Providers call it once per descriptor they build. Any context.
 */
void dma_async_tx_descriptor_init(struct dma_async_tx_descriptor *tx,
				  struct dma_chan *chan)
{
	tx->chan = chan;
#ifdef CONFIG_ASYNC_TX_ENABLE_CHANNEL_SWITCH
	spin_lock_init(&tx->lock);
#endif
}
EXPORT_SYMBOL(dma_async_tx_descriptor_init);

/*
 * A descriptor's metadata is used in one mode for its whole life: the first
 * call picks it, if the channel supports it.
 */
static int dmaengine_metadata_mode(struct dma_async_tx_descriptor *desc,
				   enum dma_desc_metadata_mode mode)
{
	if (desc->desc_metadata_mode)
		return desc->desc_metadata_mode == mode ? 0 : -EINVAL;
	if (!dmaengine_is_metadata_mode_supported(desc->chan, mode))
		return -ENOTSUPP;
	desc->desc_metadata_mode = mode;
	return 0;
}

/**
 * dmaengine_desc_attach_metadata() - hand the provider a client metadata
 *	buffer (DESC_METADATA_CLIENT mode)
 * @desc: a prepared, not yet submitted descriptor
 * @data: the buffer; the client keeps it until the descriptor completes
 * @len: its length
 *
 * Return: 0; -EINVAL for a NULL @desc or a descriptor already in engine
 * mode; -ENOTSUPP when the channel has no client mode.
 */
int dmaengine_desc_attach_metadata(struct dma_async_tx_descriptor *desc,
				   void *data, size_t len)
{
	int ret;

	if (!desc)
		return -EINVAL;
	ret = dmaengine_metadata_mode(desc, DESC_METADATA_CLIENT);
	if (ret)
		return ret;
	if (!desc->metadata_ops || !desc->metadata_ops->attach)
		return -ENOTSUPP;
	return desc->metadata_ops->attach(desc, data, len);
}
EXPORT_SYMBOL_GPL(dmaengine_desc_attach_metadata);

/**
 * dmaengine_desc_get_metadata_ptr() - the provider's metadata buffer
 *	(DESC_METADATA_ENGINE mode)
 * @desc: the descriptor
 * @payload_len: set to the bytes of metadata the device produced
 *	(DEV_TO_MEM, after completion)
 * @max_len: set to the room in the buffer
 *
 * Return: the buffer, or an ERR_PTR like dmaengine_desc_attach_metadata()'s
 * errors.
 */
void *dmaengine_desc_get_metadata_ptr(struct dma_async_tx_descriptor *desc,
				      size_t *payload_len, size_t *max_len)
{
	int ret;

	if (!desc)
		return ERR_PTR(-EINVAL);
	ret = dmaengine_metadata_mode(desc, DESC_METADATA_ENGINE);
	if (ret)
		return ERR_PTR(ret);
	if (!desc->metadata_ops || !desc->metadata_ops->get_ptr)
		return ERR_PTR(-ENOTSUPP);
	return desc->metadata_ops->get_ptr(desc, payload_len, max_len);
}
EXPORT_SYMBOL_GPL(dmaengine_desc_get_metadata_ptr);

/**
 * dmaengine_desc_set_metadata_len() - how much of the engine-mode buffer
 *	the client filled (MEM_TO_DEV, before submit)
 * @desc: the descriptor
 * @payload_len: bytes of metadata
 *
 * Return: 0 or the errors of dmaengine_desc_attach_metadata().
 */
int dmaengine_desc_set_metadata_len(struct dma_async_tx_descriptor *desc,
				    size_t payload_len)
{
	int ret;

	if (!desc)
		return -EINVAL;
	ret = dmaengine_metadata_mode(desc, DESC_METADATA_ENGINE);
	if (ret)
		return ret;
	if (!desc->metadata_ops || !desc->metadata_ops->set_len)
		return -ENOTSUPP;
	return desc->metadata_ops->set_len(desc, payload_len);
}
EXPORT_SYMBOL_GPL(dmaengine_desc_set_metadata_len);

/**
 * dma_sync_wait() - issue and busy-wait for one cookie
 * @chan: the channel
 * @cookie: what to wait for
 *
 * Spins: for async_tx's synchronous fallbacks, which may run where sleeping
 * is not allowed. Gives up after five seconds.
 *
 * Return: the cookie's final status, or %DMA_ERROR on timeout.
 */
enum dma_status dma_sync_wait(struct dma_chan *chan, dma_cookie_t cookie)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(DMAENGINE_WAIT_MS);
	enum dma_status status;

	dma_async_issue_pending(chan);
	for (;;) {
		status = dma_async_is_tx_complete(chan, cookie, NULL, NULL);
		if (status != DMA_IN_PROGRESS)
			return status;
		if (time_after_eq(jiffies, deadline)) {
			dev_err(chan->device->dev, "%s: cookie %d not done after %d ms\n",
				dma_chan_name(chan), cookie, DMAENGINE_WAIT_MS);
			return DMA_ERROR;
		}
		cpu_relax();
	}
}
EXPORT_SYMBOL(dma_sync_wait);

/**
 * dma_wait_for_async_tx() - busy-wait for an async_tx descriptor
 * @tx: the descriptor, or NULL
 *
 * Waits first for a descriptor held back by a dependency to be submitted
 * (its cookie is -EBUSY until then), then for it to complete.
 *
 * Return: %DMA_COMPLETE for NULL, else as dma_sync_wait().
 */
enum dma_status dma_wait_for_async_tx(struct dma_async_tx_descriptor *tx)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(DMAENGINE_WAIT_MS);

	if (!tx)
		return DMA_COMPLETE;
	while (tx->cookie == -EBUSY) {
		if (time_after_eq(jiffies, deadline)) {
			dev_err(tx->chan->device->dev,
				"%s: dependent descriptor never submitted\n",
				dma_chan_name(tx->chan));
			return DMA_ERROR;
		}
		cpu_relax();
	}
	return dma_sync_wait(tx->chan, tx->cookie);
}
EXPORT_SYMBOL_GPL(dma_wait_for_async_tx);

/**
 * dma_run_dependencies() - submit the descriptors that waited for @tx
 * @tx: a descriptor that just completed
 *
 * For providers, from their completion path (any context). Submits the
 * chain hanging off @tx as long as it stays on the same channel, then
 * issues it; a descriptor for another channel is left to async_tx's
 * channel-switch interrupt descriptor, which calls here again.
 */
void dma_run_dependencies(struct dma_async_tx_descriptor *tx)
{
	struct dma_async_tx_descriptor *dep, *next;
	struct dma_chan *chan;

	dep = txd_next(tx);
	if (!dep)
		return;
	chan = dep->chan;
	txd_clear_next(tx);

	for (; dep; dep = next) {
		txd_lock(dep);
		txd_clear_parent(dep);
		next = txd_next(dep);
		if (next && next->chan != chan)
			next = NULL;	/* a channel switch: stop here */
		else if (next)
			txd_clear_next(dep);
		txd_unlock(dep);
		dep->tx_submit(dep);
	}
	chan->device->device_issue_pending(chan);
}
EXPORT_SYMBOL_GPL(dma_run_dependencies);
