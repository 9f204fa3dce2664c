// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine core: clients asking for channels, and giving them back.
 *
 * A named request, dma_request_chan(dev, name), asks the firmware first:
 * Device Tree (of-dma.c) when the device has a node, else ACPI (acpi-dma.c)
 * when it has a companion; -EPROBE_DEFER from either is final. Otherwise
 * the board tables (struct dma_slave_map) that providers registered are
 * searched, and a table naming the request decides the result; without one
 * the firmware's error stands (-ENODEV for a node or companion that names
 * no DMA: optional-DMA clients then fall back to PIO), and a device that
 * firmware does not describe at all defers. They are indexed here by (device name, channel
 * name), so a request costs the same with four entries or four thousand:
 * the index keeps, per key, every device whose map has that key, in
 * registration order, and the first of them with a free channel that its
 * filter accepts wins.
 *
 * Requests take dmaengine_lock (process context). A channel handed out is
 * exclusive: client_count is 1 and its device counts as private until the
 * channel is released.
 */

#define pr_fmt(fmt) "dmaengine: " fmt

#include <linux/acpi.h>
#include <linux/acpi_dma.h>
#include <linux/device.h>
#include <linux/jhash.h>
#include <linux/of.h>
#include <linux/of_dma.h>
#include <linux/slab.h>

#include "dmaengine.h"
#include "dmaengine-core.h"

#define DMAENGINE_MAP_BUCKETS	1024

/**
 * struct dmaengine_map_entry - one dma_slave_map line of one device
 * @node: link in its hash bucket, in registration order
 * @hash: hash of (map->devname, map->slave)
 * @device: the device whose filter interprets @map->param
 * @map: the line, owned by the provider for as long as @device is listed
 */
struct dmaengine_map_entry {
	struct list_head node;
	u32 hash;
	struct dma_device *device;
	const struct dma_slave_map *map;
};

/**
 * struct dmaengine_map_block - the index entries of one device
 * @node: link in dmaengine_map_blocks
 * @device: the device
 * @count: entries in @entries
 * @entries: one per line of device->filter.map
 */
struct dmaengine_map_block {
	struct list_head node;
	struct dma_device *device;
	unsigned int count;
	struct dmaengine_map_entry entries[] __counted_by(count);
};

/* The index; dmaengine_lock protects both. */
static struct list_head dmaengine_map_buckets[DMAENGINE_MAP_BUCKETS];
static LIST_HEAD(dmaengine_map_blocks);

static u32 dmaengine_map_hash(const char *devname, const char *slave)
{
	return jhash(slave, strlen(slave),
		     jhash(devname, strlen(devname), 0));
}

static struct list_head *dmaengine_map_bucket(u32 hash)
{
	struct list_head *bucket = &dmaengine_map_buckets[hash %
						DMAENGINE_MAP_BUCKETS];

	/* Zeroed static storage: set up on first use, under the lock. */
	if (!bucket->next)
		INIT_LIST_HEAD(bucket);
	return bucket;
}

/*
 * Indexes a device's board table as it is listed. Without memory the device
 * is still listed; its map then simply cannot be found, which is logged.
 */
void dmaengine_map_index_add(struct dma_device *device)
{
	unsigned int i, count = device->filter.mapcnt;
	struct dmaengine_map_block *block;

	lockdep_assert_held(&dmaengine_lock);
	if (!count || !device->filter.map)
		return;
	block = kzalloc(struct_size(block, entries, count), GFP_KERNEL);
	if (!block) {
		dev_err(device->dev, "no memory to index its %u slave map entries\n",
			count);
		return;
	}
	block->device = device;
	block->count = count;
	/*
	 * All lines go in under one hold of the lock, so within a bucket a
	 * device's entries are contiguous: dmaengine_request_by_map() relies
	 * on it to step past a device whose block is freed under it.
	 */
	for (i = 0; i < count; i++) {
		struct dmaengine_map_entry *e = &block->entries[i];
		const struct dma_slave_map *map = &device->filter.map[i];

		if (!map->devname || !map->slave) {
			INIT_LIST_HEAD(&e->node);
			continue;
		}
		e->device = device;
		e->map = map;
		e->hash = dmaengine_map_hash(map->devname, map->slave);
		list_add_tail(&e->node, dmaengine_map_bucket(e->hash));
	}
	list_add_tail(&block->node, &dmaengine_map_blocks);
}

void dmaengine_map_index_remove(struct dma_device *device)
{
	struct dmaengine_map_block *block;
	unsigned int i;

	lockdep_assert_held(&dmaengine_lock);
	list_for_each_entry(block, &dmaengine_map_blocks, node) {
		if (block->device != device)
			continue;
		for (i = 0; i < block->count; i++)
			list_del(&block->entries[i].node);
		list_del(&block->node);
		kfree(block);
		return;
	}
}

/* ------------------------------------------------------ channel choice */

static void dmaengine_slave_mask(dma_cap_mask_t *mask)
{
	dma_cap_zero(*mask);
	dma_cap_set(DMA_SLAVE, *mask);
}

static bool dmaengine_has_caps(struct dma_device *device,
			       const dma_cap_mask_t *want)
{
	return bitmap_subset(want->bits, device->cap_mask.bits,
			     DMA_TX_TYPE_END);
}

/*
 * A free channel of @device that has @mask and that @fn accepts. A public
 * device with several channels is given out whole or not at all: once one
 * of its channels serves dmaengine_get() users, none goes private.
 */
static struct dma_chan *dmaengine_free_chan(struct dma_device *device,
					    const dma_cap_mask_t *mask,
					    dma_filter_fn fn, void *fn_param)
{
	struct dma_chan *chan;

	if (mask && !dmaengine_has_caps(device, mask)) {
		dev_dbg(device->dev, "lacks a requested capability\n");
		return NULL;
	}
	if (device->chancnt > 1 && !dma_has_cap(DMA_PRIVATE, device->cap_mask))
		list_for_each_entry(chan, &device->channels, device_node)
			if (chan->client_count)
				return NULL;

	list_for_each_entry(chan, &device->channels, device_node) {
		if (!chan->local || chan->client_count)
			continue;
		if (fn && !fn(chan, fn_param)) {
			dev_dbg(device->dev, "%s: refused by the filter\n",
				dma_chan_name(chan));
			continue;
		}
		return chan;
	}
	return NULL;
}

/* Makes @chan the caller's, exclusively. */
static int dmaengine_take(struct dma_chan *chan)
{
	struct dma_device *device = chan->device;
	int ret;

	dmaengine_private_get(device);
	ret = dmaengine_chan_get(chan);
	if (!ret)
		return 0;

	dev_dbg(device->dev, "%s: cannot be taken: %d\n", dma_chan_name(chan),
		ret);
	dmaengine_private_put(device);
	if (ret == -ENODEV)
		dmaengine_device_delist(device);	/* its module is leaving */
	return ret;
}

/*
 * A channel of @device, taken; ERR_PTR(-EPROBE_DEFER) when none is free
 * (one may be released later), or the error taking it gave.
 */
static struct dma_chan *dmaengine_take_from(struct dma_device *device,
					    const dma_cap_mask_t *mask,
					    dma_filter_fn fn, void *fn_param)
{
	struct dma_chan *chan = dmaengine_free_chan(device, mask, fn, fn_param);
	int ret;

	if (!chan)
		return ERR_PTR(-EPROBE_DEFER);
	ret = dmaengine_take(chan);
	return ret ? ERR_PTR(ret) : chan;
}

/**
 * dma_get_slave_channel() - take one particular channel
 * @chan: the channel, typically found by a firmware xlate callback
 *
 * Process context.
 *
 * Return: @chan, now the caller's, or NULL when it is already in use or
 * cannot be taken.
 */
struct dma_chan *dma_get_slave_channel(struct dma_chan *chan)
{
	if (!chan)
		return NULL;

	mutex_lock(&dmaengine_lock);
	if (chan->client_count || !chan->local || dmaengine_take(chan))
		chan = NULL;
	mutex_unlock(&dmaengine_lock);
	return chan;
}
EXPORT_SYMBOL_GPL(dma_get_slave_channel);

/**
 * dma_get_any_slave_channel() - take any free slave channel of one device
 * @device: the device
 *
 * Process context.
 *
 * Return: the channel, or NULL when none is free.
 */
struct dma_chan *dma_get_any_slave_channel(struct dma_device *device)
{
	struct dma_chan *chan;
	dma_cap_mask_t slave;

	if (!device)
		return NULL;
	dmaengine_slave_mask(&slave);
	mutex_lock(&dmaengine_lock);
	chan = dmaengine_take_from(device, &slave, NULL, NULL);
	mutex_unlock(&dmaengine_lock);
	return IS_ERR(chan) ? NULL : chan;
}
EXPORT_SYMBOL_GPL(dma_get_any_slave_channel);

/**
 * __dma_request_channel() - take the first channel that fits
 * @mask: capabilities it must have, or NULL for any
 * @fn: optional filter, called under dmaengine_lock for each free channel;
 *	it must not sleep long nor call back into dmaengine
 * @fn_param: passed to @fn
 * @np: when set, only devices whose Device Tree node it is, or that have
 *	none, are looked at
 *
 * Process context.
 *
 * Return: the channel, now the caller's, or NULL.
 */
struct dma_chan *__dma_request_channel(const dma_cap_mask_t *mask,
				       dma_filter_fn fn, void *fn_param,
				       struct device_node *np)
{
	struct dma_device *device, *next;
	struct dma_chan *chan = NULL;

	mutex_lock(&dmaengine_lock);
	list_for_each_entry_safe(device, next, &dmaengine_devices, global_node) {
		if (np && device->dev->of_node && np != device->dev->of_node)
			continue;
		chan = dmaengine_take_from(device, mask, fn, fn_param);
		if (!IS_ERR(chan))
			break;
		chan = NULL;
	}
	mutex_unlock(&dmaengine_lock);

	pr_debug("channel request by mask: %s\n",
		 chan ? dma_chan_name(chan) : "nothing fits");
	if (chan)
		dmaengine_trace_request(chan, NULL, NULL);
	return chan;
}
EXPORT_SYMBOL_GPL(__dma_request_channel);

/* The first entry after @e in @bucket that belongs to another device. */
static struct dmaengine_map_entry *
dmaengine_map_next_device(struct dmaengine_map_entry *e,
			  struct list_head *bucket)
{
	struct dma_device *device = e->device;

	do
		e = list_next_entry(e, node);
	while (&e->node != bucket && e->device == device);
	return e;
}

/*
 * Board tables: the first listed device that maps (@dev, @name) and has a
 * free channel its filter accepts; else the error of the last device that
 * maps the pair. NULL when no table names the pair.
 */
static struct dma_chan *dmaengine_request_by_map(struct device *dev,
						 const char *name)
{
	const char *devname = dev_name(dev);
	u32 hash = dmaengine_map_hash(devname, name);
	struct dmaengine_map_entry *e, *next;
	struct dma_chan *chan = NULL;
	struct list_head *bucket;
	dma_cap_mask_t slave;

	dmaengine_slave_mask(&slave);
	mutex_lock(&dmaengine_lock);
	bucket = dmaengine_map_bucket(hash);
	for (e = list_first_entry(bucket, typeof(*e), node); &e->node != bucket;
	     e = next) {
		/*
		 * Taking a channel of a provider that is going away delists
		 * it, which frees all its entries: a matching entry moves on
		 * to the next device's first one before the take. Skipping the
		 * rest of this device's entries is also what makes only its
		 * first matching line count.
		 */
		next = list_next_entry(e, node);
		if (e->hash != hash || strcmp(e->map->devname, devname) ||
		    strcmp(e->map->slave, name))
			continue;
		next = dmaengine_map_next_device(e, bucket);
		chan = dmaengine_take_from(e->device, &slave, e->device->filter.fn,
					   e->map->param);
		if (!IS_ERR(chan))
			break;
	}
	mutex_unlock(&dmaengine_lock);
	return chan;
}

/* Names the channel after its client, for sysfs, debugfs and tracing. */
static void dmaengine_name_for_client(struct dma_chan *chan,
				      struct device *dev, const char *name)
{
	mutex_lock(&dmaengine_lock);
#ifdef CONFIG_DEBUG_FS
	chan->dbg_client_name = kasprintf(GFP_KERNEL, "%s:%s", dev_name(dev),
					  name);
#endif
	chan->name = kasprintf(GFP_KERNEL, "dma:%s", name);
	if (chan->name) {
		chan->slave = dev;
		dmaengine_client_link(chan, dev, chan->name);
	}
	mutex_unlock(&dmaengine_lock);
}

/**
 * dma_request_chan() - take the channel a device knows by name
 * @dev: the client device
 * @name: the channel's name for it, e.g. "tx" or "rx"
 *
 * Looks in Device Tree (dmas/dma-names) when @dev has a node, else in
 * ACPI (FixedDMA and _DSD dma-names) when it has a companion, then in the
 * providers' dma_slave_map tables. The channel gets the sysfs links
 * /sys/class/dma/dmaXchanY/slave and <dev>/dma:<name>.
 * Process context; may sleep.
 *
 * Return: the channel, now the caller's; ERR_PTR(-EPROBE_DEFER) when the
 * firmware names a controller that has not registered, when a table names
 * the request but no fitting channel is free, or when neither firmware nor
 * a table describes @dev at all; otherwise the firmware lookup's error,
 * -ENODEV when its node or companion names no such channel; the error of
 * taking the channel when a table names it.
 */
struct dma_chan *dma_request_chan(struct device *dev, const char *name)
{
	struct dma_chan *chan = NULL;

	if (!dev || !name)
		return ERR_PTR(-EINVAL);

	if (dev->of_node)
		chan = of_dma_request_slave_channel(dev->of_node, name);
	if (!chan && has_acpi_companion(dev))
		chan = acpi_dma_request_slave_chan_by_name(dev, name);
	if (PTR_ERR(chan) == -EPROBE_DEFER)
		return chan;

	if (IS_ERR_OR_NULL(chan)) {
		struct dma_chan *mapped = dmaengine_request_by_map(dev, name);

		if (mapped)
			chan = mapped;
	}
	if (!chan)
		return ERR_PTR(-EPROBE_DEFER);
	if (IS_ERR(chan))
		return chan;

	dmaengine_name_for_client(chan, dev, name);
	dmaengine_trace_request(chan, dev, name);
	return chan;
}
EXPORT_SYMBOL_GPL(dma_request_chan);

/**
 * dma_request_chan_by_mask() - take any channel with some capabilities
 * @mask: the capabilities
 *
 * Process context.
 *
 * Return: the channel; ERR_PTR(-EPROBE_DEFER) while no DMA device is
 * registered at all, ERR_PTR(-ENODEV) when none fits.
 */
struct dma_chan *dma_request_chan_by_mask(const dma_cap_mask_t *mask)
{
	struct dma_chan *chan;
	bool none;

	if (!mask)
		return ERR_PTR(-ENODEV);

	chan = __dma_request_channel(mask, NULL, NULL, NULL);
	if (chan)
		return chan;
	mutex_lock(&dmaengine_lock);
	none = list_empty(&dmaengine_devices);
	mutex_unlock(&dmaengine_lock);
	return ERR_PTR(none ? -EPROBE_DEFER : -ENODEV);
}
EXPORT_SYMBOL_GPL(dma_request_chan_by_mask);

/* Undoes dmaengine_name_for_client(). Caller holds dmaengine_lock. */
static void dmaengine_unname(struct dma_chan *chan)
{
#ifdef CONFIG_DEBUG_FS
	kfree(chan->dbg_client_name);
	chan->dbg_client_name = NULL;
#endif
	if (!chan->slave)
		return;
	dmaengine_client_unlink(chan);
	kfree(chan->name);
	chan->name = NULL;
	chan->slave = NULL;
}

/**
 * dma_release_channel() - give back a channel taken by a request
 * @chan: the channel; NULL and error pointers are ignored
 *
 * Waits for the provider to finish what it was doing with the channel
 * (device_synchronize), frees the channel's resources and may run the
 * provider's device_release() when its device is already unregistered, so
 * @chan must not be used afterwards. Releasing a channel that is not held
 * is logged and ignored. Process context.
 */
void dma_release_channel(struct dma_chan *chan)
{
	struct dma_device *device;

	if (IS_ERR_OR_NULL(chan))
		return;

	mutex_lock(&dmaengine_lock);
	device = chan->device;
	if (chan->client_count != 1) {
		dev_err(device->dev, "%s released while %d clients hold it\n",
			dma_chan_name(chan), chan->client_count);
		if (!chan->client_count)
			goto out;
	}
	dmaengine_trace_release(chan);

	/* Everything that names the client goes before the last put. */
	dmaengine_unname(chan);
	dmaengine_private_put(device);
	dmaengine_chan_put(chan);
out:
	dmaengine_unlock();	/* runs device_release() if that was the last */
}
EXPORT_SYMBOL_GPL(dma_release_channel);

static void dmaengine_devm_release(void *chan)
{
	dma_release_channel(chan);
}

/**
 * devm_dma_request_chan() - dma_request_chan(), released when @dev unbinds
 * @dev: the client device
 * @name: the channel's name
 *
 * Return: as for dma_request_chan().
 */
struct dma_chan *devm_dma_request_chan(struct device *dev, const char *name)
{
	struct dma_chan *chan = dma_request_chan(dev, name);
	int ret;

	if (IS_ERR(chan))
		return chan;
	ret = devm_add_action_or_reset(dev, dmaengine_devm_release, chan);
	return ret ? ERR_PTR(ret) : chan;
}
EXPORT_SYMBOL_GPL(devm_dma_request_chan);

/**
 * dma_get_slave_caps() - what a channel can do as a slave channel
 * @chan: the channel
 * @caps: filled in from the device's generic capabilities, then refined by
 *	its device_caps() callback when it has one
 *
 * Any context (no lock is taken; the device's fields are fixed once it is
 * registered).
 *
 * Return: 0; -EINVAL for a NULL argument; -ENXIO when the channel does no
 * slave or cyclic transfers or its device does not report its directions.
 */
int dma_get_slave_caps(struct dma_chan *chan, struct dma_slave_caps *caps)
{
	struct dma_device *device;

	if (!chan || !caps)
		return -EINVAL;
	device = chan->device;
	if (!dma_has_cap(DMA_SLAVE, device->cap_mask) &&
	    !dma_has_cap(DMA_CYCLIC, device->cap_mask))
		return -ENXIO;
	if (!device->directions)
		return -ENXIO;

	*caps = (struct dma_slave_caps) {
		.src_addr_widths = device->src_addr_widths,
		.dst_addr_widths = device->dst_addr_widths,
		.directions = device->directions,
		.min_burst = device->min_burst,
		.max_burst = device->max_burst,
		.max_sg_burst = device->max_sg_burst,
		.cmd_pause = !!device->device_pause,
		.cmd_resume = !!device->device_resume,
		.cmd_terminate = !!device->device_terminate_all,
		.residue_granularity = device->residue_granularity,
		.descriptor_reuse = device->descriptor_reuse,
	};
	if (device->device_caps)
		device->device_caps(chan, caps);
	return 0;
}
EXPORT_SYMBOL_GPL(dma_get_slave_caps);
