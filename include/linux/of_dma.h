/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device Tree side of DMA channel lookup.
 *
 * A controller node says how many cells follow its phandle in a client's
 * "dmas" list (#dma-cells); the client's "dma-names" gives each entry a
 * name. The controller's driver registers a translation function that
 * turns one such entry (phandle + cells) into a channel. A request router
 * sits between clients and controllers: it rewrites the entry so that it
 * points at the controller behind it, and programs its own mux.
 *
 * The registry's mutex protects the list of registered nodes; translation
 * functions run under it, in process context, and must not register or
 * free controllers themselves.
 */
#ifndef __LINUX_OF_DMA_H
#define __LINUX_OF_DMA_H

#include <linux/dmaengine.h>
#include <linux/of.h>

struct device_node;

/**
 * struct of_dma - a DMA controller or request router known by its node
 * @of_dma_controllers: link in the registry; private to of-dma.c
 * @of_node: the controller's (or router's) node
 * @of_dma_xlate: turns a "dmas" entry pointing at @of_node into a channel;
 *	returns NULL when it has none to give, or an ERR_PTR
 * @of_dma_route_allocate: routers only: rewrites the entry to point at the
 *	controller behind the router and returns the route's data (or an
 *	ERR_PTR), later given to @dma_router's route_free
 * @dma_router: routers only: the router's device and route_free
 * @of_dma_data: the driver's data, for @of_dma_xlate
 */
struct of_dma {
	struct list_head	of_dma_controllers;
	struct device_node	*of_node;
	struct dma_chan		*(*of_dma_xlate)
				(struct of_phandle_args *dma_spec,
				 struct of_dma *ofdma);
	void			*(*of_dma_route_allocate)
				(struct of_phandle_args *dma_spec,
				 struct of_dma *ofdma);
	struct dma_router	*dma_router;
	void			*of_dma_data;
};

/**
 * struct of_dma_filter_info - data for of_dma_simple_xlate()
 * @dma_cap: capabilities the channel must have
 * @filter_fn: the driver's filter; its parameter is a pointer to the
 *	entry's single cell
 */
struct of_dma_filter_info {
	dma_cap_mask_t	dma_cap;
	dma_filter_fn	filter_fn;
};

#ifdef CONFIG_DMA_OF
int of_dma_controller_register(struct device_node *np,
			       struct dma_chan *(*of_dma_xlate)
			       (struct of_phandle_args *dma_spec, struct of_dma *ofdma),
			       void *data);
void of_dma_controller_free(struct device_node *np);

int of_dma_router_register(struct device_node *np,
			   void *(*of_dma_route_allocate)
			   (struct of_phandle_args *dma_spec, struct of_dma *ofdma),
			   struct dma_router *dma_router);
#define of_dma_router_free of_dma_controller_free

struct dma_chan *of_dma_request_slave_channel(struct device_node *np,
					      const char *name);

struct dma_chan *of_dma_simple_xlate(struct of_phandle_args *dma_spec,
				     struct of_dma *ofdma);
struct dma_chan *of_dma_xlate_by_chan_id(struct of_phandle_args *dma_spec,
					 struct of_dma *ofdma);
#else
static inline int
of_dma_controller_register(struct device_node *np,
			   struct dma_chan *(*of_dma_xlate)
			   (struct of_phandle_args *dma_spec, struct of_dma *ofdma),
			   void *data)
{
	return -ENODEV;
}

static inline void of_dma_controller_free(struct device_node *np)
{
}

static inline int
of_dma_router_register(struct device_node *np,
		       void *(*of_dma_route_allocate)
		       (struct of_phandle_args *dma_spec, struct of_dma *ofdma),
		       struct dma_router *dma_router)
{
	return -ENODEV;
}

#define of_dma_router_free of_dma_controller_free

static inline struct dma_chan *
of_dma_request_slave_channel(struct device_node *np, const char *name)
{
	return ERR_PTR(-ENODEV);
}

static inline struct dma_chan *
of_dma_simple_xlate(struct of_phandle_args *dma_spec, struct of_dma *ofdma)
{
	return NULL;
}

/* Drivers put it in tables of function pointers; NULL keeps them valid. */
#define of_dma_xlate_by_chan_id NULL
#endif

#endif /* __LINUX_OF_DMA_H */
