// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine core: what user space sees.
 *
 * sysfs: every registered channel is a device of class "dma", named
 * dmaXchanY unless its provider named it, with the read-only attributes
 * memcpy_count, bytes_transferred and in_use. A channel taken by name has
 * two links: <channel>/slave to the client device and <client>/dma:<name>
 * back to the channel.
 *
 * debugfs: dmaengine/summary lists the devices and who holds which channel;
 * dmaengine/<device name>/ is a directory each provider may fill
 * (dmaengine_get_debugfs_root()).
 *
 * The channel devices are reference counted by the driver core. While a
 * client holds a channel whose device was unregistered, its chan_dev stays
 * allocated (dmaengine_get_dma_device() may return it) and is put when the
 * client releases the channel.
 */

#define pr_fmt(fmt) "dmaengine: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "dmaengine-core.h"

#define DMAENGINE_SLAVE_LINK	"slave"

/* The channel behind a class device, or NULL once it is unregistered. */
static struct dma_chan *dmaengine_dev_chan(struct device *dev)
{
	lockdep_assert_held(&dmaengine_lock);
	return container_of(dev, struct dma_chan_dev, device)->chan;
}

static unsigned long dmaengine_sum_memcpy(struct dma_chan *chan)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(chan->local, cpu)->memcpy_count;
	return sum;
}

static unsigned long dmaengine_sum_bytes(struct dma_chan *chan)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(chan->local, cpu)->bytes_transferred;
	return sum;
}

static unsigned long dmaengine_users(struct dma_chan *chan)
{
	return chan->client_count;
}

static ssize_t dmaengine_show(struct device *dev, char *buf,
			      unsigned long (*value)(struct dma_chan *chan))
{
	struct dma_chan *chan;
	ssize_t ret = -ENODEV;

	mutex_lock(&dmaengine_lock);
	chan = dmaengine_dev_chan(dev);
	if (chan)
		ret = sysfs_emit(buf, "%lu\n", value(chan));
	mutex_unlock(&dmaengine_lock);
	return ret;
}

static ssize_t memcpy_count_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return dmaengine_show(dev, buf, dmaengine_sum_memcpy);
}
static DEVICE_ATTR_RO(memcpy_count);

static ssize_t bytes_transferred_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	return dmaengine_show(dev, buf, dmaengine_sum_bytes);
}
static DEVICE_ATTR_RO(bytes_transferred);

static ssize_t in_use_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return dmaengine_show(dev, buf, dmaengine_users);
}
static DEVICE_ATTR_RO(in_use);

static struct attribute *dmaengine_chan_attrs[] = {
	&dev_attr_memcpy_count.attr,
	&dev_attr_bytes_transferred.attr,
	&dev_attr_in_use.attr,
	NULL,
};
ATTRIBUTE_GROUPS(dmaengine_chan);

static void dmaengine_chan_dev_release(struct device *dev)
{
	kfree(container_of(dev, struct dma_chan_dev, device));
}

static const struct class dmaengine_class = {
	.name = "dma",
	.dev_groups = dmaengine_chan_groups,
	.dev_release = dmaengine_chan_dev_release,
};

int dmaengine_chan_sysfs_add(struct dma_device *device, struct dma_chan *chan,
			     const char *name)
{
	struct dma_chan_dev *chan_dev;
	int ret;

	chan_dev = kzalloc(sizeof(*chan_dev), GFP_KERNEL);
	if (!chan_dev)
		return -ENOMEM;
	chan_dev->chan = chan;
	chan_dev->dev_id = device->dev_id;
	chan_dev->device.class = &dmaengine_class;
	chan_dev->device.parent = device->dev;
	device_initialize(&chan_dev->device);
	if (name)
		ret = dev_set_name(&chan_dev->device, "%s", name);
	else
		ret = dev_set_name(&chan_dev->device, "dma%dchan%d",
				   device->dev_id, chan->chan_id);
	if (!ret)
		ret = device_add(&chan_dev->device);
	if (ret) {
		dev_err(device->dev, "channel %d not added to sysfs: %d\n",
			chan->chan_id, ret);
		put_device(&chan_dev->device);
		return ret;
	}
	chan->dev = chan_dev;
	return 0;
}

/*
 * Called with the channel already marked dead (chan->local NULL) and
 * chan_dev->chan cleared, so no attribute reads it any more, and with a
 * reference to @chan_dev of the caller's, which this drops. The reference
 * chan->dev stands for goes here unless a client still holds the channel;
 * then dmaengine_chan_put() drops it, possibly while this runs.
 */
void dmaengine_chan_sysfs_remove(struct dma_chan *chan,
				 struct dma_chan_dev *chan_dev)
{
	device_del(&chan_dev->device);
	mutex_lock(&dmaengine_lock);
	if (!chan->client_count && chan->dev) {
		put_device(&chan->dev->device);
		chan->dev = NULL;
	}
	mutex_unlock(&dmaengine_lock);
	put_device(&chan_dev->device);
}

/*
 * Sysfs links of a channel taken by name. Caller holds dmaengine_lock. A
 * channel unregistered since it was taken gets none: its directory is on
 * its way out, and dmaengine_client_unlink() would leave them in place.
 */
void dmaengine_client_link(struct dma_chan *chan, struct device *client,
			   const char *name)
{
	lockdep_assert_held(&dmaengine_lock);
	if (!chan->local || !chan->dev)
		return;
	if (sysfs_create_link(&chan->dev->device.kobj, &client->kobj,
			      DMAENGINE_SLAVE_LINK))
		dev_warn(client, "no sysfs link %s/%s\n", dma_chan_name(chan),
			 DMAENGINE_SLAVE_LINK);
	if (sysfs_create_link(&client->kobj, &chan->dev->device.kobj, name))
		dev_warn(client, "no sysfs link %s\n", name);
}

/* Removes them, once: at release or at unregister, whichever comes first. */
void dmaengine_client_unlink(struct dma_chan *chan)
{
	lockdep_assert_held(&dmaengine_lock);
	if (!chan->slave || !chan->name || !chan->dev)
		return;
	if (!chan->local)
		return;		/* already removed when it was unregistered */
	sysfs_remove_link(&chan->dev->device.kobj, DMAENGINE_SLAVE_LINK);
	sysfs_remove_link(&chan->slave->kobj, chan->name);
}

/* ------------------------------------------------------------- debugfs */

#ifdef CONFIG_DEBUG_FS
static struct dentry *dmaengine_debugfs_dir;

void dmaengine_debugfs_add(struct dma_device *device)
{
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(device->dev), dmaengine_debugfs_dir);
	device->dbg_dev_root = IS_ERR(dir) ? NULL : dir;
}

void dmaengine_debugfs_remove(struct dma_device *device)
{
	debugfs_remove_recursive(device->dbg_dev_root);
	device->dbg_dev_root = NULL;
}

/* One line per held channel: its name, its client, its request router. */
static void dmaengine_summary_chan(struct seq_file *s, struct dma_chan *chan)
{
	const char *client = chan->dbg_client_name ?: "in-use";

	seq_printf(s, " %-13s| %s", dma_chan_name(chan), client);
	if (chan->router)
		seq_printf(s, " (via router: %s)", dev_name(chan->router->dev));
	seq_putc(s, '\n');
}

static int dmaengine_summary_show(struct seq_file *s, void *unused)
{
	struct dma_device *device;
	struct dma_chan *chan;
	bool first = true;

	mutex_lock(&dmaengine_lock);
	list_for_each_entry(device, &dmaengine_devices, global_node) {
		if (!first)
			seq_putc(s, '\n');
		first = false;
		seq_printf(s, "dma%d (%s): number of channels: %u\n",
			   device->dev_id, dev_name(device->dev),
			   device->chancnt);
		if (device->dbg_summary_show) {
			device->dbg_summary_show(s, device);
			continue;
		}
		list_for_each_entry(chan, &device->channels, device_node)
			if (chan->client_count)
				dmaengine_summary_chan(s, chan);
	}
	mutex_unlock(&dmaengine_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dmaengine_summary);

static void __init dmaengine_debugfs_init(void)
{
	dmaengine_debugfs_dir = debugfs_create_dir("dmaengine", NULL);
	debugfs_create_file("summary", 0444, dmaengine_debugfs_dir, NULL,
			    &dmaengine_summary_fops);
}
#else
void dmaengine_debugfs_add(struct dma_device *device) { }
void dmaengine_debugfs_remove(struct dma_device *device) { }
static inline void dmaengine_debugfs_init(void) { }
#endif

int __init dmaengine_sysfs_init(void)
{
	int ret = class_register(&dmaengine_class);

	if (ret) {
		pr_err("cannot register the dma class: %d\n", ret);
		return ret;
	}
	dmaengine_debugfs_init();
	return 0;
}
