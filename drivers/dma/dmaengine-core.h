/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the dmaengine core share with each other. Nothing here
 * is API: providers include "dmaengine.h", clients <linux/dmaengine.h>.
 *
 * The core is one object, dmaengine.o, linked from:
 *   dmaengine-registry.c  devices and channels coming and going, references
 *   dmaengine-lookup.c    clients asking for channels, the slave-map index
 *   dmaengine-public.c    shared memory-to-memory channels (async_tx users)
 *   dmaengine-desc.c      descriptor helpers, unmap data, waiting
 *   dmaengine-sysfs.c     the "dma" class, client links, debugfs
 *   dmaengine-trace.c     tracepoints and the misuse checker
 *
 * Locking. dmaengine_lock (a mutex; process context only) protects:
 *   - dmaengine_devices and every device's membership of it (global_node);
 *     readers that cannot sleep walk the list under RCU instead,
 *   - each channel's client_count, table_count, name, slave, router and
 *     route_data fields, and the dma_chan_dev.chan back pointer,
 *   - each device's privatecnt and its DMA_PRIVATE capability bit,
 *   - dmaengine_public_users and the per-CPU public channel table,
 *   - the slave-map index.
 * dmaengine_lock is never held while a provider's device_release() runs:
 * paths that may drop a device's last reference unlock with
 * dmaengine_unlock(), which calls it afterwards (dmaengine-registry.c).
 * A device's channel list is built by its driver before registration and
 * changes afterwards only through dma_async_device_channel_register() and
 * _unregister(), which take dmaengine_lock around the change.
 */
#ifndef _DMAENGINE_CORE_H
#define _DMAENGINE_CORE_H

#include <linux/dmaengine.h>
#include <linux/list.h>
#include <linux/mutex.h>

extern struct mutex dmaengine_lock;
extern struct list_head dmaengine_devices;
extern long dmaengine_public_users;

/* dmaengine-registry.c */
int dmaengine_chan_get(struct dma_chan *chan);
void dmaengine_chan_put(struct dma_chan *chan);
void dmaengine_device_put(struct dma_device *device);
void dmaengine_unlock(void);
void dmaengine_device_delist(struct dma_device *device);
void dmaengine_private_get(struct dma_device *device);
void dmaengine_private_put(struct dma_device *device);

/* dmaengine-lookup.c */
void dmaengine_map_index_add(struct dma_device *device);
void dmaengine_map_index_remove(struct dma_device *device);

/* dmaengine-public.c */
int dmaengine_public_init(void);
void dmaengine_rebalance(void);

/* dmaengine-desc.c */
int dmaengine_unmap_init(void);

/* dmaengine-sysfs.c */
int dmaengine_sysfs_init(void);
int dmaengine_chan_sysfs_add(struct dma_device *device, struct dma_chan *chan,
			     const char *name);
void dmaengine_chan_sysfs_remove(struct dma_chan *chan,
				 struct dma_chan_dev *chan_dev);
void dmaengine_client_link(struct dma_chan *chan, struct device *client,
			   const char *name);
void dmaengine_client_unlink(struct dma_chan *chan);
void dmaengine_debugfs_add(struct dma_device *device);
void dmaengine_debugfs_remove(struct dma_device *device);

/* dmaengine-trace.c */
void dmaengine_trace_request(struct dma_chan *chan, struct device *client,
			     const char *name);
void dmaengine_trace_release(struct dma_chan *chan);

#endif /* _DMAENGINE_CORE_H */
