// SPDX-License-Identifier: GPL-2.0
/*
 * Device Tree channel lookup: a registry of DMA controller and request
 * router nodes, and the walk of a client's "dmas" / "dma-names" lists.
 *
 * A lookup that finds the name among the client's entries tries each entry
 * of that name (starting at a rotating index, so clients that list several
 * equivalent channels spread over them) and returns the first channel a
 * controller hands out. Outcomes:
 *   - no "dmas" property: -ENODEV, quietly; the firmware says nothing and
 *     the core goes on to the board tables;
 *   - the controller has not registered yet: -EPROBE_DEFER;
 *   - the name is missing, the controller node is disabled, the entry is
 *     malformed or the controller has no channel for it: -ENODEV or
 *     -EINVAL, with one error line naming the client node and the channel.
 *
 * Locking: of_dma_lock protects of_dma_list and the entries on it. A lookup
 * holds it across the controller's translation function, so an entry cannot
 * be freed under a running lookup. The core's dmaengine_lock nests inside
 * it (translation functions take channels), so nothing called under
 * dmaengine_lock, such as a router's route_free(), may call back in here.
 * Everything here runs in process context.
 */

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_dma.h>
#include <linux/slab.h>

#include "dmaengine.h"
#include "dmaengine-core.h"

static LIST_HEAD(of_dma_list);
static DEFINE_MUTEX(of_dma_lock);

/* Caller holds of_dma_lock. */
static struct of_dma *of_dma_find(const struct device_node *np)
{
	struct of_dma *ofdma;

	list_for_each_entry(ofdma, &of_dma_list, of_dma_controllers)
		if (ofdma->of_node == np)
			return ofdma;
	return NULL;
}

/* Puts a filled-in entry on the list; frees it if its node is taken. */
static int of_dma_add(struct of_dma *ofdma)
{
	struct device_node *np = ofdma->of_node;

	mutex_lock(&of_dma_lock);
	if (of_dma_find(np)) {
		mutex_unlock(&of_dma_lock);
		pr_err("%pOF: already registered as a DMA controller\n", np);
		kfree(ofdma);
		return -EEXIST;
	}
	of_node_get(np);
	list_add_tail(&ofdma->of_dma_controllers, &of_dma_list);
	mutex_unlock(&of_dma_lock);
	return 0;
}

/**
 * of_dma_controller_register() - make a controller's channels reachable
 *	from Device Tree
 * @np: the controller's node, which clients' "dmas" entries point at
 * @of_dma_xlate: turns one such entry into a channel (or NULL)
 * @data: driver data, given back in &struct of_dma.of_dma_data
 *
 * Process context. Holds a reference on @np until of_dma_controller_free().
 *
 * Return: 0; -EINVAL without @np or @of_dma_xlate; -EEXIST when @np is
 * already registered; -ENOMEM.
 */
int of_dma_controller_register(struct device_node *np,
			       struct dma_chan *(*of_dma_xlate)
			       (struct of_phandle_args *dma_spec, struct of_dma *ofdma),
			       void *data)
{
	struct of_dma *entry;

	if (!np || !of_dma_xlate) {
		pr_err("of_dma: a controller needs a node and a translation function\n");
		return -EINVAL;
	}

	entry = kzalloc(sizeof(*entry), GFP_KERNEL);
	if (!entry)
		return -ENOMEM;
	entry->of_node = np;
	entry->of_dma_xlate = of_dma_xlate;
	entry->of_dma_data = data;
	return of_dma_add(entry);
}
EXPORT_SYMBOL_GPL(of_dma_controller_register);

/**
 * of_dma_controller_free() - forget a controller or router node
 * @np: the node given at registration
 *
 * Later lookups of entries pointing at @np defer. Channels already handed
 * out stay valid: they belong to their dma_device, not to this registry.
 * Process context. Also known as of_dma_router_free().
 */
void of_dma_controller_free(struct device_node *np)
{
	struct of_dma *ofdma;

	mutex_lock(&of_dma_lock);
	ofdma = of_dma_find(np);
	if (ofdma)
		list_del(&ofdma->of_dma_controllers);
	mutex_unlock(&of_dma_lock);

	if (!ofdma) {
		pr_debug("%pOF: not a registered DMA controller\n", np);
		return;
	}
	of_node_put(ofdma->of_node);
	kfree(ofdma);
}
EXPORT_SYMBOL_GPL(of_dma_controller_free);

/*
 * Whether a node's optional "dma-requests" count admits @line. A count of
 * zero, or none at all, sets no limit.
 */
static bool of_dma_line_in_range(struct device_node *np, u32 line)
{
	u32 requests;

	if (of_property_read_u32(np, "dma-requests", &requests) || !requests)
		return true;
	if (line < requests)
		return true;
	pr_debug("%pOF: request line %u beyond dma-requests = %u\n", np, line,
		 requests);
	return false;
}

/*
 * Whether a controller's optional "dma-channel-mask" (one 32-bit word per
 * 32 channels, lowest channel in the lowest bit) leaves channel @id to the
 * kernel. Without the property every channel is available.
 */
static bool of_dma_channel_available(struct device_node *np, u32 id)
{
	int words = of_property_count_u32_elems(np, "dma-channel-mask");
	u32 word;

	if (words <= 0)
		return true;
	if (id / 32 < words &&
	    !of_property_read_u32_index(np, "dma-channel-mask", id / 32, &word) &&
	    word & BIT(id % 32))
		return true;
	pr_debug("%pOF: channel %u not in dma-channel-mask\n", np, id);
	return false;
}

/*
 * Hands @route to @chan and lets its controller set the route up. If the
 * controller refuses, releasing the channel frees the route with it, and
 * the client sees the controller's errno.
 */
static struct dma_chan *of_dma_route_attach(struct dma_chan *chan,
					    struct dma_router *dma_router,
					    void *route)
{
	int ret;

	/* dmaengine_chan_put() reads them under the same lock. */
	mutex_lock(&dmaengine_lock);
	chan->router = dma_router;
	chan->route_data = route;
	mutex_unlock(&dmaengine_lock);
	if (!chan->device->device_router_config)
		return chan;

	ret = chan->device->device_router_config(chan);
	if (!ret)
		return chan;

	dev_err(dma_router->dev, "route to %s refused by its controller: %pe\n",
		dma_chan_name(chan), ERR_PTR(ret));
	dma_release_channel(chan);
	return ERR_PTR(ret);
}

/*
 * Translation function of every router: the router rewrites a copy of the
 * entry to point at the controller behind it, that controller translates
 * it, and the route is attached to the channel (freed when the channel is
 * released) or undone if no channel came of it. Caller holds of_dma_lock.
 */
static struct dma_chan *of_dma_route(struct of_phandle_args *dma_spec,
				     struct of_dma *router)
{
	struct dma_router *dma_router = router->dma_router;
	struct of_phandle_args target = *dma_spec;
	struct of_dma *ofdma;
	struct dma_chan *chan;
	void *route;

	if (dma_spec->args_count &&
	    !of_dma_line_in_range(router->of_node, dma_spec->args[0]))
		return NULL;

	route = router->of_dma_route_allocate(&target, router);
	if (IS_ERR(route))
		return ERR_CAST(route);

	/* The router's function took a reference on target.np. */
	ofdma = of_dma_find(target.np);
	if (!ofdma)
		chan = ERR_PTR(-EPROBE_DEFER);
	else
		chan = ofdma->of_dma_xlate(&target, ofdma);

	if (IS_ERR_OR_NULL(chan)) {
		if (dma_router->route_free)
			dma_router->route_free(dma_router->dev, route);
	} else {
		chan = of_dma_route_attach(chan, dma_router, route);
	}
	of_node_put(target.np);
	return chan;
}

/**
 * of_dma_router_register() - register a DMA request router's node
 * @np: the router's node, which clients' "dmas" entries point at
 * @of_dma_route_allocate: sets up a route for one entry and rewrites the
 *	entry (node and cells) to point at the controller behind the router,
 *	taking a reference on that controller's node; returns the route's data
 *	or an ERR_PTR
 * @dma_router: the router's device and its route_free(), called with the
 *	route's data when the channel is released or no channel came of it
 *
 * Process context. A "dma-requests" property on @np bounds the first cell
 * of entries pointing at the router.
 *
 * Return: 0; -EINVAL when an argument is missing; -EEXIST; -ENOMEM.
 */
int of_dma_router_register(struct device_node *np,
			   void *(*of_dma_route_allocate)
			   (struct of_phandle_args *dma_spec, struct of_dma *router),
			   struct dma_router *dma_router)
{
	struct of_dma *entry;

	if (!np || !of_dma_route_allocate || !dma_router) {
		pr_err("of_dma: a router needs a node, a route allocator and a dma_router\n");
		return -EINVAL;
	}

	entry = kzalloc(sizeof(*entry), GFP_KERNEL);
	if (!entry)
		return -ENOMEM;
	entry->of_node = np;
	entry->of_dma_xlate = of_dma_route;
	entry->of_dma_route_allocate = of_dma_route_allocate;
	entry->dma_router = dma_router;
	return of_dma_add(entry);
}
EXPORT_SYMBOL_GPL(of_dma_router_register);

/*
 * One "dmas" entry of @np: its controller's translation, or the reason
 * there is no channel. Returns NULL when the controller has none to give.
 */
static struct dma_chan *of_dma_entry_channel(struct device_node *np,
					     const char *name, int index)
{
	struct of_phandle_args spec;
	struct of_dma *ofdma;
	struct dma_chan *chan;

	if (of_parse_phandle_with_args(np, "dmas", "#dma-cells", index,
				       &spec)) {
		pr_err("%pOF: DMA channel \"%s\": entry %d of \"dmas\" is malformed\n",
		       np, name, index);
		return ERR_PTR(-EINVAL);
	}

	if (!of_device_is_available(spec.np)) {
		pr_err("%pOF: DMA channel \"%s\": controller %pOF is disabled\n",
		       np, name, spec.np);
		of_node_put(spec.np);
		return ERR_PTR(-ENODEV);
	}

	mutex_lock(&of_dma_lock);
	ofdma = of_dma_find(spec.np);
	chan = ofdma ? ofdma->of_dma_xlate(&spec, ofdma) : ERR_PTR(-EPROBE_DEFER);
	mutex_unlock(&of_dma_lock);

	if (!chan)
		pr_debug("%pOF: DMA channel \"%s\": %pOF gave nothing for entry %d\n",
			 np, name, spec.np, index);
	of_node_put(spec.np);
	return chan;
}

/**
 * of_dma_request_slave_channel() - take the channel a node names
 * @np: the client's node, with "dmas" and "dma-names"
 * @name: the channel's name in "dma-names"
 *
 * Process context; may sleep.
 *
 * Return: the channel; ERR_PTR(-EPROBE_DEFER) when an entry's controller
 * has not registered yet; ERR_PTR(-ENODEV) when @np has no "dmas" (quietly)
 * or no usable entry of that name; ERR_PTR(-EINVAL) for a malformed entry;
 * or the error a controller's translation function returned.
 */
struct dma_chan *of_dma_request_slave_channel(struct device_node *np,
					      const char *name)
{
	static atomic_t rotor = ATOMIC_INIT(0);
	int err = -ENODEV, count, start, i;
	bool named = false, refused = false;

	if (!np || !name) {
		pr_err("of_dma: a channel request needs a node and a name\n");
		return ERR_PTR(-ENODEV);
	}
	if (!of_property_present(np, "dmas"))
		return ERR_PTR(-ENODEV);

	count = of_property_count_strings(np, "dma-names");
	if (count <= 0) {
		pr_err("%pOF: DMA channel \"%s\": \"dmas\" without \"dma-names\"\n",
		       np, name);
		return ERR_PTR(-ENODEV);
	}

	start = (unsigned int)atomic_inc_return(&rotor) % count;
	for (i = 0; i < count; i++) {
		int index = (start + i) % count;
		struct dma_chan *chan;
		const char *entry;

		if (of_property_read_string_index(np, "dma-names", index,
						  &entry) ||
		    strcmp(entry, name))
			continue;

		named = true;
		chan = of_dma_entry_channel(np, name, index);
		if (chan && !IS_ERR(chan))
			return chan;
		refused |= !chan;
		/* Another entry may still come: deferral wins over failure. */
		if (IS_ERR(chan) && err != -EPROBE_DEFER)
			err = PTR_ERR(chan);
	}

	if (!named)
		pr_err("%pOF: no DMA channel named \"%s\" in \"dma-names\"\n",
		       np, name);
	else if (refused && err == -ENODEV)
		pr_err("%pOF: DMA channel \"%s\": its controller gave none (busy, out of range or masked)\n",
		       np, name);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(of_dma_request_slave_channel);

/**
 * of_dma_simple_xlate() - translation for controllers picking channels with
 *	a filter
 * @dma_spec: the entry; exactly one cell, given to the filter by address
 * @ofdma: the registered controller, whose of_dma_data is a
 *	&struct of_dma_filter_info
 *
 * A "dma-requests" count on the controller node bounds the cell.
 *
 * Return: a channel the filter accepts, or NULL.
 */
struct dma_chan *of_dma_simple_xlate(struct of_phandle_args *dma_spec,
				     struct of_dma *ofdma)
{
	const struct of_dma_filter_info *info = ofdma->of_dma_data;
	struct dma_chan *chan;

	if (!info || !info->filter_fn || dma_spec->args_count != 1)
		return NULL;
	if (!of_dma_line_in_range(ofdma->of_node, dma_spec->args[0]))
		return NULL;

	chan = __dma_request_channel(&info->dma_cap, info->filter_fn,
				     &dma_spec->args[0], dma_spec->np);
	if (!chan)
		pr_debug("%pOF: no free channel accepts line %u\n",
			 ofdma->of_node, dma_spec->args[0]);
	return chan;
}
EXPORT_SYMBOL_GPL(of_dma_simple_xlate);

/**
 * of_dma_xlate_by_chan_id() - translation for controllers whose first cell
 *	is the channel number
 * @dma_spec: the entry; its first cell is a &struct dma_chan chan_id
 * @ofdma: the registered controller, whose of_dma_data is its
 *	&struct dma_device
 *
 * A channel left out of the controller node's "dma-channel-mask" is never
 * handed out.
 *
 * Return: that channel, now taken, or NULL when it does not exist, is
 * masked out or is held by another client.
 */
struct dma_chan *of_dma_xlate_by_chan_id(struct of_phandle_args *dma_spec,
					 struct of_dma *ofdma)
{
	struct dma_device *device = ofdma->of_dma_data;
	struct dma_chan *chan;
	u32 id;

	if (!device || dma_spec->args_count < 1)
		return NULL;
	id = dma_spec->args[0];
	if (!of_dma_channel_available(ofdma->of_node, id))
		return NULL;

	list_for_each_entry(chan, &device->channels, device_node)
		if (chan->chan_id == id)
			return dma_get_slave_channel(chan);
	return NULL;
}
EXPORT_SYMBOL_GPL(of_dma_xlate_by_chan_id);
