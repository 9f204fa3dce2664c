// SPDX-License-Identifier: GPL-2.0
/*
 * Device Tree channel lookup: a registry of DMA controller and request
 * router nodes, and the walk of a client's "dmas" / "dma-names" lists.
 *
 * A lookup that finds the name among the client's entries tries each entry
 * of that name (starting at a rotating index, so clients that list several
 * equivalent channels spread over them) and returns the first channel a
 * controller hands out. Outcomes:
 *   - no "dmas" property: -ENODEV, quietly; the core then tries the board
 *     tables, and a client with optional DMA falls back to PIO;
 *   - an entry's controller has not registered (yet, or ever, when it is
 *     disabled): -EPROBE_DEFER;
 *   - the name is missing, the entries of that name are malformed or no
 *     controller has a channel for them: -ENODEV;
 *   - a translation function's error pointer is handed on as it is.
 * Request lines ("dma-requests") and reserved channels ("dma-channel-mask")
 * are the binding's business: their numbering differs between controllers
 * (some count lines from 1), so only a controller's own xlate checks them.
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
 * released) or undone if no channel came of it. A route that cannot be
 * made yields no channel from this entry (NULL), whatever the router's
 * errno. Caller holds of_dma_lock.
 */
static struct dma_chan *of_dma_route(struct of_phandle_args *dma_spec,
				     struct of_dma *router)
{
	struct dma_router *dma_router = router->dma_router;
	struct of_phandle_args target = *dma_spec;
	struct of_dma *ofdma;
	struct dma_chan *chan;
	void *route;

	route = router->of_dma_route_allocate(&target, router);
	if (IS_ERR(route)) {
		pr_debug("%pOF: no route: %pe\n", router->of_node, route);
		return NULL;
	}

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
 * Process context. What the entries' cells mean, and which values the
 * router handles ("dma-requests"), is for @of_dma_route_allocate to check.
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
 * One "dmas" entry of @np: its controller's translation (a channel, an
 * error pointer or NULL). NULL for a malformed entry, and also when no
 * controller registered the entry's node, which sets *@missing.
 */
static struct dma_chan *of_dma_entry_channel(struct device_node *np,
					     const char *name, int index,
					     bool *missing)
{
	struct of_phandle_args spec;
	struct of_dma *ofdma;
	struct dma_chan *chan;

	if (of_parse_phandle_with_args(np, "dmas", "#dma-cells", index,
				       &spec)) {
		pr_err("%pOF: DMA channel \"%s\": entry %d of \"dmas\" is malformed\n",
		       np, name, index);
		return NULL;
	}

	mutex_lock(&of_dma_lock);
	ofdma = of_dma_find(spec.np);
	chan = ofdma ? ofdma->of_dma_xlate(&spec, ofdma) : NULL;
	mutex_unlock(&of_dma_lock);

	if (!ofdma)
		*missing = true;
	else if (!chan)
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
 * Return: the channel, or the error pointer a controller's translation
 * function returned for the first entry that gave one; else
 * ERR_PTR(-EPROBE_DEFER) when the controller of an entry of that name has
 * not registered; else ERR_PTR(-ENODEV): no "dmas" (quietly), no
 * "dma-names", no entry of that name, or none that gave a channel.
 */
struct dma_chan *of_dma_request_slave_channel(struct device_node *np,
					      const char *name)
{
	static atomic_t rotor = ATOMIC_INIT(0);
	int err = -ENODEV, count, start, i;
	bool named = false, missing = false;

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
		chan = of_dma_entry_channel(np, name, index, &missing);
		if (chan)
			return chan;
		/* A missing controller may still come: the caller may retry. */
		if (missing)
			err = -EPROBE_DEFER;
	}

	/* Optional channels are normal: not an error line. */
	if (!named)
		pr_debug("%pOF: no DMA channel named \"%s\" in \"dma-names\"\n",
			 np, name);
	else if (err == -ENODEV)
		pr_debug("%pOF: DMA channel \"%s\": no controller gave one\n",
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
 * Return: a channel the filter accepts, or NULL.
 */
struct dma_chan *of_dma_simple_xlate(struct of_phandle_args *dma_spec,
				     struct of_dma *ofdma)
{
	const struct of_dma_filter_info *info = ofdma->of_dma_data;
	struct dma_chan *chan;

	if (!info || !info->filter_fn || dma_spec->args_count != 1)
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
 * @dma_spec: the entry; exactly one cell, a &struct dma_chan chan_id
 * @ofdma: the registered controller, whose of_dma_data is its
 *	&struct dma_device
 *
 * The cell is the number the core gave the channel, counting the channels
 * the driver registered; a driver that leaves out channels firmware keeps
 * ("dma-channel-mask") has already applied that property.
 *
 * Return: that channel, now taken, or NULL when it does not exist or is
 * held by another client.
 */
struct dma_chan *of_dma_xlate_by_chan_id(struct of_phandle_args *dma_spec,
					 struct of_dma *ofdma)
{
	struct dma_device *device = ofdma->of_dma_data;
	struct dma_chan *chan;
	u32 id;

	if (!device || dma_spec->args_count != 1)
		return NULL;
	id = dma_spec->args[0];

	list_for_each_entry(chan, &device->channels, device_node)
		if (chan->chan_id == id)
			return dma_get_slave_channel(chan);
	return NULL;
}
EXPORT_SYMBOL_GPL(of_dma_xlate_by_chan_id);
