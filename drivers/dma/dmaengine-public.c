// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine core: public (shared) memory-to-memory channels.
 *
 * Devices registered without DMA_PRIVATE offer their channels to everyone
 * who called dmaengine_get() (async_tx, the network stack's offload users).
 * Such users do not request channels; they ask dma_find_channel() for one
 * per operation type, from any context, without locks. The answer comes
 * from a per-CPU table that dmaengine_rebalance() rebuilds under
 * dmaengine_lock whenever devices, channels or users come and go; each CPU
 * gets the least-shared capable channel, preferring one on its NUMA node.
 */

#define pr_fmt(fmt) "dmaengine: " fmt

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/topology.h>

#include "dmaengine-core.h"

/* One per-CPU pointer per operation type; NULL where nothing can serve. */
static struct dma_chan * __percpu *dmaengine_public_table[DMA_TX_TYPE_END];

/* Capabilities that name an operation, as opposed to a channel property. */
static bool dmaengine_is_operation(enum dma_transaction_type cap)
{
	return cap != DMA_INTERRUPT && cap != DMA_PRIVATE && cap != DMA_SLAVE;
}

int __init dmaengine_public_init(void)
{
	enum dma_transaction_type cap;

	for (cap = 0; cap < DMA_TX_TYPE_END; cap++) {
		if (!dmaengine_is_operation(cap))
			continue;
		dmaengine_public_table[cap] = alloc_percpu(struct dma_chan *);
		if (!dmaengine_public_table[cap])
			goto nomem;
	}
	return 0;

nomem:
	pr_err("no memory for the public channel table\n");
	for (cap = 0; cap < DMA_TX_TYPE_END; cap++) {
		free_percpu(dmaengine_public_table[cap]);
		dmaengine_public_table[cap] = NULL;
	}
	return -ENOMEM;
}

static bool dmaengine_is_public(struct dma_device *device)
{
	return !dma_has_cap(DMA_PRIVATE, device->cap_mask);
}

static bool dmaengine_chan_near(struct dma_chan *chan, int cpu)
{
	int node = dev_to_node(chan->device->dev);

	return node == NUMA_NO_NODE || cpumask_test_cpu(cpu, cpumask_of_node(node));
}

/* The least-used held channel that can do @cap, a near one if any. */
static struct dma_chan *dmaengine_pick(enum dma_transaction_type cap, int cpu)
{
	struct dma_chan *best = NULL, *best_near = NULL, *chan;
	struct dma_device *device;

	list_for_each_entry(device, &dmaengine_devices, global_node) {
		if (!dmaengine_is_public(device) ||
		    !dma_has_cap(cap, device->cap_mask))
			continue;
		list_for_each_entry(chan, &device->channels, device_node) {
			/* Being unregistered: still listed, no longer offered. */
			if (!chan->client_count || !chan->local)
				continue;
			if (!best || chan->table_count < best->table_count)
				best = chan;
			if (dmaengine_chan_near(chan, cpu) &&
			    (!best_near ||
			     chan->table_count < best_near->table_count))
				best_near = chan;
		}
	}
	if (best_near)
		best = best_near;
	if (best)
		best->table_count++;
	return best;
}

static void dmaengine_table_set(enum dma_transaction_type cap, int cpu,
				struct dma_chan *chan)
{
	*per_cpu_ptr(dmaengine_public_table[cap], cpu) = chan;
}

/* Rebuilds the per-CPU table from scratch. Caller holds dmaengine_lock. */
void dmaengine_rebalance(void)
{
	enum dma_transaction_type cap;
	struct dma_device *device;
	struct dma_chan *chan;
	int cpu;

	lockdep_assert_held(&dmaengine_lock);
	for (cap = 0; cap < DMA_TX_TYPE_END; cap++) {
		if (!dmaengine_public_table[cap])
			continue;
		for_each_possible_cpu(cpu)
			dmaengine_table_set(cap, cpu, NULL);
	}
	list_for_each_entry(device, &dmaengine_devices, global_node) {
		if (!dmaengine_is_public(device))
			continue;
		list_for_each_entry(chan, &device->channels, device_node)
			chan->table_count = 0;
	}
	if (!dmaengine_public_users)
		return;

	for (cap = 0; cap < DMA_TX_TYPE_END; cap++) {
		if (!dmaengine_public_table[cap])
			continue;
		for_each_online_cpu(cpu)
			dmaengine_table_set(cap, cpu, dmaengine_pick(cap, cpu));
	}
}

/**
 * dma_find_channel() - a public channel for one operation on this CPU
 * @tx_type: the operation, e.g. %DMA_MEMCPY
 *
 * Only meaningful between dmaengine_get() and dmaengine_put(). Any context;
 * lockless. The channel may be shared with other users and other CPUs.
 *
 * Return: the channel, or NULL when no public channel can do @tx_type.
 */
struct dma_chan *dma_find_channel(enum dma_transaction_type tx_type)
{
	if (tx_type >= DMA_TX_TYPE_END || !dmaengine_public_table[tx_type])
		return NULL;
	return this_cpu_read(*dmaengine_public_table[tx_type]);
}
EXPORT_SYMBOL(dma_find_channel);

/**
 * dma_issue_pending_all() - start what is queued on every public channel
 *
 * Any context; walks the device list under RCU.
 */
void dma_issue_pending_all(void)
{
	struct dma_device *device;
	struct dma_chan *chan;

	rcu_read_lock();
	list_for_each_entry_rcu(device, &dmaengine_devices, global_node) {
		if (!dmaengine_is_public(device))
			continue;
		list_for_each_entry(chan, &device->channels, device_node)
			if (chan->client_count)
				device->device_issue_pending(chan);
	}
	rcu_read_unlock();
}
EXPORT_SYMBOL(dma_issue_pending_all);

/**
 * dmaengine_get() - become a user of the public channels
 *
 * Takes a reference on every public channel (pinning its provider), now and
 * on those registered later, until the matching dmaengine_put(). Process
 * context.
 */
void dmaengine_get(void)
{
	struct dma_device *device, *next;
	struct dma_chan *chan;
	int ret;

	mutex_lock(&dmaengine_lock);
	dmaengine_public_users++;
	list_for_each_entry_safe(device, next, &dmaengine_devices, global_node) {
		if (!dmaengine_is_public(device))
			continue;
		list_for_each_entry(chan, &device->channels, device_node) {
			ret = dmaengine_chan_get(chan);
			if (ret == -ENODEV) {
				/* Its module is on its way out. */
				dmaengine_device_delist(device);
				break;
			}
			if (ret)
				dev_dbg(device->dev, "%s: not taken: %d\n",
					dma_chan_name(chan), ret);
		}
	}
	if (dmaengine_public_users == 1)
		dmaengine_rebalance();
	mutex_unlock(&dmaengine_lock);
}
EXPORT_SYMBOL(dmaengine_get);

/**
 * dmaengine_put() - stop being a user of the public channels
 *
 * Undoes one dmaengine_get(). An unbalanced call is logged and ignored.
 * Process context.
 */
void dmaengine_put(void)
{
	struct dma_device *device;
	struct dma_chan *chan;

	mutex_lock(&dmaengine_lock);
	if (!dmaengine_public_users) {
		pr_err("public channels put more often than got\n");
		goto out;
	}
	dmaengine_public_users--;
	list_for_each_entry(device, &dmaengine_devices, global_node) {
		if (!dmaengine_is_public(device))
			continue;
		list_for_each_entry(chan, &device->channels, device_node)
			dmaengine_chan_put(chan);
	}
	if (!dmaengine_public_users)
		dmaengine_rebalance();
out:
	dmaengine_unlock();
}
EXPORT_SYMBOL(dmaengine_put);
