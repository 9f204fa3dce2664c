// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine core: DMA devices and their channels coming and going.
 *
 * Lifetime. A registered dma_device holds one reference (device->ref) for
 * being registered, and one more while any of its channels has clients.
 * When both are gone the device is put on a list of released devices; the
 * thread that dropped the last reference runs its device_release() once it
 * has dropped dmaengine_lock (dmaengine_unlock()), after the core's last
 * access to the device and its channels, so the provider may free the
 * structure right there. Unregistering takes
 * the device off the device list at once, so nobody is handed a channel of
 * a device that is going away, while clients that still hold one keep a
 * valid chan->device until they release it.
 *
 * Module references. A channel with clients pins its provider's module: one
 * module reference per client reference, so the provider cannot be unloaded
 * under a client.
 */

#define pr_fmt(fmt) "dmaengine: " fmt

#include <linux/device.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/stddef.h>

#include "dmaengine.h"
#include "dmaengine-core.h"

/* What it protects is listed in dmaengine-core.h. */
DEFINE_MUTEX(dmaengine_lock);
LIST_HEAD(dmaengine_devices);

/* Balance of dmaengine_get() over dmaengine_put() calls. */
long dmaengine_public_users;

/* Gives each registered device its number: the X of dmaXchanY. */
static DEFINE_IDA(dmaengine_device_ids);

void dmaengine_private_get(struct dma_device *device)
{
	lockdep_assert_held(&dmaengine_lock);
	dma_cap_set(DMA_PRIVATE, device->cap_mask);
	device->privatecnt++;
}

void dmaengine_private_put(struct dma_device *device)
{
	lockdep_assert_held(&dmaengine_lock);
	if (--device->privatecnt == 0)
		dma_cap_clear(DMA_PRIVATE, device->cap_mask);
}

/*
 * Takes a device off the device list; safe to call again. RCU readers
 * (dma_issue_pending_all()) may still be on the node, so it is reused as
 * "not listed" only after a grace period.
 */
void dmaengine_device_delist(struct dma_device *device)
{
	lockdep_assert_held(&dmaengine_lock);
	/* A node never linked (zeroed memory) is not listed either. */
	if (!device->global_node.next || list_empty(&device->global_node))
		return;
	list_del_rcu(&device->global_node);
	dmaengine_map_index_remove(device);
	synchronize_rcu();
	INIT_LIST_HEAD(&device->global_node);
}

/*
 * Devices whose last reference is gone, waiting for dmaengine_unlock() to
 * call their device_release(). Linked by global_node, which is free once a
 * device is delisted. Protected by dmaengine_lock.
 */
static LIST_HEAD(dmaengine_released);

static void dmaengine_device_release(struct kref *ref)
{
	struct dma_device *device = container_of(ref, struct dma_device, ref);

	dmaengine_device_delist(device);
	dmaengine_rebalance();
	/*
	 * device_release() is the provider's code: keep its module until it
	 * has run. The caller holds a reference to it (a client's) or runs
	 * in it (unregistration), so taking one more cannot fail.
	 */
	__module_get(device->owner);
	list_add_tail(&device->global_node, &dmaengine_released);
}

/**
 * dmaengine_unlock() - drop dmaengine_lock, then release what became free
 *
 * Every path that may drop a device's last reference unlocks with this
 * instead of mutex_unlock(): the device_release() of each device released
 * meanwhile then runs in the caller's process context, without the lock.
 */
void dmaengine_unlock(void)
{
	struct dma_device *device, *next;
	struct module *owner;
	LIST_HEAD(released);

	lockdep_assert_held(&dmaengine_lock);
	list_splice_init(&dmaengine_released, &released);
	mutex_unlock(&dmaengine_lock);

	list_for_each_entry_safe(device, next, &released, global_node) {
		owner = device->owner;
		/* Reads as "not listed" should the provider register it again. */
		INIT_LIST_HEAD(&device->global_node);
		if (device->device_release)
			device->device_release(device);
		module_put(owner);
	}
}

void dmaengine_device_put(struct dma_device *device)
{
	lockdep_assert_held(&dmaengine_lock);
	kref_put(&device->ref, dmaengine_device_release);
}

static struct module *dmaengine_chan_owner(struct dma_chan *chan)
{
	return chan->device->owner;
}

/*
 * The first client of a channel pins the provider's module and device and
 * has the provider allocate the channel's resources; later clients only
 * add a reference. Public channels are then topped up to one reference per
 * dmaengine_get() user. Returns -ENODEV when the provider is going away.
 */
int dmaengine_chan_get(struct dma_chan *chan)
{
	struct dma_device *device = chan->device;
	struct module *owner = dmaengine_chan_owner(chan);
	int ret;

	lockdep_assert_held(&dmaengine_lock);
	if (!chan->local)
		return -ENOENT;		/* unregistered */
	if (chan->client_count) {
		__module_get(owner);
		chan->client_count++;
		return 0;
	}

	if (!try_module_get(owner))
		return -ENODEV;
	if (!kref_get_unless_zero(&device->ref)) {
		module_put(owner);
		return -ENODEV;
	}
	if (device->device_alloc_chan_resources) {
		ret = device->device_alloc_chan_resources(chan);
		if (ret < 0) {
			dmaengine_device_put(device);
			module_put(owner);
			return ret;
		}
	}
	chan->client_count = 1;

	if (dma_has_cap(DMA_PRIVATE, device->cap_mask))
		return 0;
	while (chan->client_count < dmaengine_public_users) {
		__module_get(owner);
		chan->client_count++;
	}
	return 0;
}

/*
 * Drops one client reference. The last one waits for the channel to go
 * quiet, frees its resources and the route through a request router, and
 * drops the device reference, which may queue the device for its
 * device_release() at dmaengine_unlock(): the caller must not touch @chan
 * after unlocking unless it holds another reference.
 */
void dmaengine_chan_put(struct dma_chan *chan)
{
	struct dma_device *device = chan->device;
	struct module *owner = dmaengine_chan_owner(chan);

	lockdep_assert_held(&dmaengine_lock);
	if (!chan->client_count)
		return;

	if (--chan->client_count == 0 && device->device_free_chan_resources) {
		dmaengine_synchronize(chan);
		device->device_free_chan_resources(chan);
	}
	if (chan->router) {
		if (chan->router->route_free)
			chan->router->route_free(chan->router->dev,
						 chan->route_data);
		chan->router = NULL;
		chan->route_data = NULL;
	}
	if (!chan->client_count && !chan->local && chan->dev) {
		/* Unregistered while held: its class device waited for us. */
		put_device(&chan->dev->device);
		chan->dev = NULL;
	}
	if (!chan->client_count)
		dmaengine_device_put(device);
	module_put(owner);
}

/* ------------------------------------------------------------ validation */

struct dmaengine_cap_op {
	enum dma_transaction_type cap;
	const char *cap_name;
	size_t op;
	const char *op_name;
};

#define DMAENGINE_CAP_OP(_cap, _op) \
	{ _cap, #_cap, offsetof(struct dma_device, _op), #_op }

/* Each capability a device advertises needs the callback that serves it. */
static const struct dmaengine_cap_op dmaengine_cap_ops[] = {
	DMAENGINE_CAP_OP(DMA_MEMCPY, device_prep_dma_memcpy),
	DMAENGINE_CAP_OP(DMA_XOR, device_prep_dma_xor),
	DMAENGINE_CAP_OP(DMA_XOR_VAL, device_prep_dma_xor_val),
	DMAENGINE_CAP_OP(DMA_PQ, device_prep_dma_pq),
	DMAENGINE_CAP_OP(DMA_PQ_VAL, device_prep_dma_pq_val),
	DMAENGINE_CAP_OP(DMA_MEMSET, device_prep_dma_memset),
	DMAENGINE_CAP_OP(DMA_INTERRUPT, device_prep_dma_interrupt),
	DMAENGINE_CAP_OP(DMA_CYCLIC, device_prep_dma_cyclic),
	DMAENGINE_CAP_OP(DMA_INTERLEAVE, device_prep_interleaved_dma),
};

static bool dmaengine_has_op(const struct dma_device *device, size_t op)
{
	return *(void * const *)((const char *)device + op);
}

static int dmaengine_validate(struct dma_device *device)
{
	const struct dmaengine_cap_op *c;

	if (!device->dev) {
		pr_err("a dma_device without a struct device (->dev) cannot register\n");
		return -EIO;
	}
	for (c = dmaengine_cap_ops; c < dmaengine_cap_ops +
	     ARRAY_SIZE(dmaengine_cap_ops); c++) {
		if (dma_has_cap(c->cap, device->cap_mask) &&
		    !dmaengine_has_op(device, c->op)) {
			dev_err(device->dev, "refused: advertises %s without %s\n",
				c->cap_name, c->op_name);
			return -EIO;
		}
	}
	if (!device->device_tx_status) {
		dev_err(device->dev, "refused: device_tx_status is missing\n");
		return -EIO;
	}
	if (!device->device_issue_pending) {
		dev_err(device->dev, "refused: device_issue_pending is missing\n");
		return -EIO;
	}
	if (!device->device_release)
		dev_dbg(device->dev,
			"no device_release: unbinding while channels are held is unsafe\n");
	return 0;
}

/*
 * A device whose channels can do every operation async_tx may chain never
 * forces a channel switch; async_tx uses DMA_ASYNC_TX to know.
 */
static bool dmaengine_serves_all_async_tx(struct dma_device *device)
{
	static const struct {
		bool wanted;
		enum dma_transaction_type cap;
	} needs[] = {
		{ IS_ENABLED(CONFIG_ASYNC_TX_DMA), DMA_INTERRUPT },
		{ IS_ENABLED(CONFIG_ASYNC_MEMCPY), DMA_MEMCPY },
		{ IS_ENABLED(CONFIG_ASYNC_XOR), DMA_XOR },
		{ IS_ENABLED(CONFIG_ASYNC_XOR) &&
		  !IS_ENABLED(CONFIG_ASYNC_TX_DISABLE_XOR_VAL_DMA), DMA_XOR_VAL },
		{ IS_ENABLED(CONFIG_ASYNC_PQ), DMA_PQ },
		{ IS_ENABLED(CONFIG_ASYNC_PQ) &&
		  !IS_ENABLED(CONFIG_ASYNC_TX_DISABLE_PQ_VAL_DMA), DMA_PQ_VAL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(needs); i++)
		if (needs[i].wanted && !dma_has_cap(needs[i].cap, device->cap_mask))
			return false;
	return true;
}

/* -------------------------------------------------------------- channels */

static int dmaengine_chan_register(struct dma_device *device,
				   struct dma_chan *chan, const char *name)
{
	int ret;

	chan->local = alloc_percpu(typeof(*chan->local));
	if (!chan->local)
		return -ENOMEM;

	ret = ida_alloc(&device->chan_ida, GFP_KERNEL);
	if (ret < 0) {
		dev_err(device->dev, "no channel number left: %d\n", ret);
		goto free_local;
	}
	chan->chan_id = ret;

	ret = dmaengine_chan_sysfs_add(device, chan, name);
	if (ret)
		goto free_id;

	mutex_lock(&dmaengine_lock);
	chan->client_count = 0;
	device->chancnt++;
	mutex_unlock(&dmaengine_lock);
	return 0;

free_id:
	ida_free(&device->chan_ida, chan->chan_id);
free_local:
	free_percpu(chan->local);
	chan->local = NULL;
	return ret;
}

/*
 * Marks a channel dead (chan->local NULL: it can no longer be taken) and
 * takes it out of sysfs. A client that still holds it keeps chan->dev
 * until it lets go; see dmaengine_chan_put(). The references of
 * dmaengine_get() users on a public channel go now: those users find
 * channels through the public table, which no longer names this one, and
 * could not give them back once the provider takes the channel off its
 * list.
 */
static void dmaengine_chan_unregister(struct dma_device *device,
				      struct dma_chan *chan)
{
	struct dma_chan_percpu __percpu *local = chan->local;
	struct dma_chan_dev *chan_dev;

	if (!local)
		return;

	mutex_lock(&dmaengine_lock);
	/*
	 * A holder may release the channel, and drop the reference chan->dev
	 * stands for, as soon as the lock is dropped: sysfs removal works on
	 * a reference of its own.
	 */
	chan_dev = chan->dev;
	get_device(&chan_dev->device);
	chan_dev->chan = NULL;
	dmaengine_client_unlink(chan);
	chan->local = NULL;	/* neither taken nor in the public table now */
	if (!dma_has_cap(DMA_PRIVATE, device->cap_mask)) {
		dmaengine_rebalance();
		while (chan->client_count)
			dmaengine_chan_put(chan);
	}
	if (chan->client_count && !device->device_release)
		dev_err(device->dev,
			"%s unregistered while %d client(s) hold it and no device_release\n",
			dma_chan_name(chan), chan->client_count);
	device->chancnt--;
	dmaengine_unlock();

	ida_free(&device->chan_ida, chan->chan_id);
	dmaengine_chan_sysfs_remove(chan, chan_dev);
	free_percpu(local);
}

/**
 * dma_async_device_channel_register() - add a channel to a registered device
 * @device: the device, already registered
 * @chan: the new channel; the caller has already put it on
 *	@device->channels and set chan->device
 * @name: its sysfs name, or NULL for the usual dmaXchanY
 *
 * For controllers whose channels come and go at run time. Process context.
 *
 * Return: 0; -EINVAL for a NULL argument; -EEXIST for a channel that is
 * registered already (6.12 registers it again, leaking the first class
 * device); or another negative errno with nothing registered.
 */
int dma_async_device_channel_register(struct dma_device *device,
				      struct dma_chan *chan, const char *name)
{
	int ret;

	if (!device || !chan)
		return -EINVAL;
	if (chan->local) {
		dev_err(device->dev, "refused: %s is registered already\n",
			dma_chan_name(chan));
		return -EEXIST;
	}
	ret = dmaengine_chan_register(device, chan, name);
	if (ret)
		return ret;

	mutex_lock(&dmaengine_lock);
	dmaengine_rebalance();
	mutex_unlock(&dmaengine_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(dma_async_device_channel_register);

/**
 * dma_async_device_channel_unregister() - remove one channel of a device
 * @device: its device
 * @chan: the channel; the caller takes it off @device->channels afterwards
 *
 * The channel disappears from sysfs and can no longer be requested. A client
 * that still holds it keeps a valid structure until it releases it, provided
 * the provider frees channel memory from device_release() only. Process
 * context.
 */
void dma_async_device_channel_unregister(struct dma_device *device,
					 struct dma_chan *chan)
{
	if (!device || !chan)
		return;
	dmaengine_chan_unregister(device, chan);

	mutex_lock(&dmaengine_lock);
	dmaengine_rebalance();
	dmaengine_unlock();
}
EXPORT_SYMBOL_GPL(dma_async_device_channel_unregister);

/* ---------------------------------------------------------------- devices */

/* Public channels are shared: every dmaengine_get() user holds each one. */
static int dmaengine_grant_public_users(struct dma_device *device)
{
	struct dma_chan *chan, *failed;

	if (!dmaengine_public_users || dma_has_cap(DMA_PRIVATE, device->cap_mask))
		return 0;
	list_for_each_entry(chan, &device->channels, device_node)
		if (dmaengine_chan_get(chan) == -ENODEV)
			goto undo;
	return 0;

undo:
	failed = chan;
	list_for_each_entry(chan, &device->channels, device_node) {
		if (chan == failed)
			break;
		while (chan->client_count)
			dmaengine_chan_put(chan);
	}
	return -ENODEV;
}

/* Whether @device is on the device list, i.e. registered and not leaving. */
static bool dmaengine_device_listed(struct dma_device *device)
{
	struct dma_device *listed;
	bool found = false;

	mutex_lock(&dmaengine_lock);
	list_for_each_entry(listed, &dmaengine_devices, global_node) {
		if (listed == device) {
			found = true;
			break;
		}
	}
	mutex_unlock(&dmaengine_lock);
	return found;
}

/**
 * dma_async_device_register() - make a DMA controller's channels available
 * @device: the controller, with ->dev, its capability mask, its callbacks
 *	and its list of channels (each with ->device set) filled in
 *
 * Checks that every advertised capability has the callback serving it and
 * that the mandatory callbacks (device_tx_status, device_issue_pending) are
 * there, naming what is missing in the log. Then numbers the device and its
 * channels, creates /sys/class/dma/dmaXchanY and the debugfs directory and
 * lists the device for channel requests. After success the structure may
 * be freed only from ->device_release(), which runs after
 * dma_async_device_unregister() once no client holds a channel, in process
 * context without the core's locks; it may free the structure directly.
 *
 * A device that is already registered is refused with -EEXIST and left as
 * it is (6.12 registers it again, which links it into its device list
 * twice).
 *
 * Context: process context; takes dmaengine_lock.
 * Return: 0, -ENODEV for a NULL @device, -EIO for an incomplete device,
 * -EEXIST for a registered one, or another negative errno; on error nothing
 * stays registered.
 */
int dma_async_device_register(struct dma_device *device)
{
	struct dma_chan *chan;
	int ret;

	if (!device)
		return -ENODEV;
	ret = dmaengine_validate(device);
	if (ret)
		return ret;
	if (dmaengine_device_listed(device)) {
		dev_err(device->dev, "refused: already registered as dma%d\n",
			device->dev_id);
		return -EEXIST;
	}

	device->owner = device->dev->driver ? device->dev->driver->owner : NULL;
	kref_init(&device->ref);
	if (dmaengine_serves_all_async_tx(device))
		dma_cap_set(DMA_ASYNC_TX, device->cap_mask);

	ret = ida_alloc(&dmaengine_device_ids, GFP_KERNEL);
	if (ret < 0)
		return ret;
	device->dev_id = ret;
	ida_init(&device->chan_ida);

	list_for_each_entry(chan, &device->channels, device_node) {
		ret = dmaengine_chan_register(device, chan, NULL);
		if (ret)
			goto unwind;
	}

	mutex_lock(&dmaengine_lock);
	ret = dmaengine_grant_public_users(device);
	if (ret) {
		mutex_unlock(&dmaengine_lock);
		goto unwind;
	}
	list_add_tail_rcu(&device->global_node, &dmaengine_devices);
	dmaengine_map_index_add(device);
	if (dma_has_cap(DMA_PRIVATE, device->cap_mask))
		device->privatecnt++;
	dmaengine_rebalance();
	mutex_unlock(&dmaengine_lock);

	dmaengine_debugfs_add(device);
	return 0;

unwind:
	list_for_each_entry(chan, &device->channels, device_node)
		dmaengine_chan_unregister(device, chan);
	ida_destroy(&device->chan_ida);
	ida_free(&dmaengine_device_ids, device->dev_id);
	/* Never registered: dma_async_device_unregister() now refuses it. */
	refcount_set(&device->ref.refcount, 0);
	return ret;
}
EXPORT_SYMBOL(dma_async_device_register);

/**
 * dma_async_device_unregister() - withdraw a DMA controller
 * @device: a device dma_async_device_register() accepted
 *
 * The device's channels leave sysfs and can no longer be requested, at once.
 * Clients still holding a channel may keep using the structure until they
 * call dma_release_channel(); ->device_release() runs after the last of
 * them, or before this function returns when there is none, in either case
 * without dmaengine_lock held and after the core's last access to @device.
 *
 * A NULL @device, and one that holds no reference (never registered, its
 * registration refused, or already released), is logged and left alone:
 * 6.12 would give back a device number it does not own and underflow the
 * reference count.
 *
 * Context: process context; takes dmaengine_lock.
 */
void dma_async_device_unregister(struct dma_device *device)
{
	struct dma_chan *chan, *next;

	if (!device)
		return;
	if (!kref_read(&device->ref)) {
		pr_err("%s: unregistered but not registered; ignored\n",
		       device->dev ? dev_name(device->dev) : "dma_device");
		return;
	}
	dmaengine_debugfs_remove(device);
	list_for_each_entry_safe(chan, next, &device->channels, device_node)
		dmaengine_chan_unregister(device, chan);

	mutex_lock(&dmaengine_lock);
	dmaengine_device_delist(device);
	/* Keeps the public channel table away from what is left of it. */
	dma_cap_set(DMA_PRIVATE, device->cap_mask);
	dmaengine_rebalance();
	ida_free(&dmaengine_device_ids, device->dev_id);
	dmaengine_device_put(device);
	dmaengine_unlock();
}
EXPORT_SYMBOL(dma_async_device_unregister);

static void dmaengine_devm_unregister(void *device)
{
	dma_async_device_unregister(device);
}

/**
 * dmaenginem_async_device_register() - dma_async_device_register(), undone
 *	when the provider's driver unbinds
 * @device: as for dma_async_device_register(); device->dev is the device
 *	whose unbinding unregisters it
 *
 * Return: 0 or a negative errno, with nothing registered.
 */
int dmaenginem_async_device_register(struct dma_device *device)
{
	int ret;

	ret = dma_async_device_register(device);
	if (ret)
		return ret;
	return devm_add_action_or_reset(device->dev, dmaengine_devm_unregister,
					device);
}
EXPORT_SYMBOL(dmaenginem_async_device_register);

static int __init dmaengine_core_init(void)
{
	int ret;

	ret = dmaengine_public_init();
	if (ret)
		return ret;
	ret = dmaengine_unmap_init();
	if (ret)
		return ret;
	return dmaengine_sysfs_init();
}
arch_initcall(dmaengine_core_init);
