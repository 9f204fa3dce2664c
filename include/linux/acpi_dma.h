/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI side of DMA channel lookup.
 *
 * A client names its channels with FixedDMA resources in _CRS (request
 * line and channel number) and, optionally, a _DSD "dma-names" list giving
 * each resource a name; without it, index 0 is "tx" and index 1 is "rx".
 * When the firmware has a CSRT, each controller owns a range of request
 * lines and a lookup goes to the controller whose range holds the line,
 * with the line made relative to the range's start.
 *
 * The registry's mutex protects the list of controllers; translation
 * functions run under it, in process context, and must not register or
 * free controllers themselves.
 */
#ifndef __LINUX_ACPI_DMA_H
#define __LINUX_ACPI_DMA_H

#include <linux/device.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/list.h>

/**
 * struct acpi_dma_spec - one FixedDMA resource of a client, as looked up
 * @chan_id: the resource's channel number
 * @slave_id: its request line, relative to the controller's range when
 *	the CSRT gives one
 * @dev: the controller's device
 */
struct acpi_dma_spec {
	int		chan_id;
	int		slave_id;
	struct device	*dev;
};

/**
 * struct acpi_dma - a DMA controller known by its ACPI companion
 * @dma_controllers: link in the registry; private to acpi-dma.c
 * @dev: the controller's device
 * @acpi_dma_xlate: turns a FixedDMA resource into a channel, or NULL
 * @data: the driver's data, for @acpi_dma_xlate
 * @base_request_line: first request line this controller owns (CSRT)
 * @end_request_line: last one; both 0 when no CSRT group describes it
 */
struct acpi_dma {
	struct list_head	dma_controllers;
	struct device		*dev;
	struct dma_chan		*(*acpi_dma_xlate)
				(struct acpi_dma_spec *dma_spec,
				 struct acpi_dma *adma);
	void			*data;
	unsigned short		base_request_line;
	unsigned short		end_request_line;
};

/**
 * struct acpi_dma_filter_info - data for acpi_dma_simple_xlate()
 * @dma_cap: capabilities the channel must have
 * @filter_fn: the driver's filter; its parameter is the &struct
 *	acpi_dma_spec being looked up
 */
struct acpi_dma_filter_info {
	dma_cap_mask_t	dma_cap;
	dma_filter_fn	filter_fn;
};

#ifdef CONFIG_DMA_ACPI
int acpi_dma_controller_register(struct device *dev,
				 struct dma_chan *(*acpi_dma_xlate)
				 (struct acpi_dma_spec *dma_spec, struct acpi_dma *adma),
				 void *data);
int acpi_dma_controller_free(struct device *dev);
int devm_acpi_dma_controller_register(struct device *dev,
				      struct dma_chan *(*acpi_dma_xlate)
				      (struct acpi_dma_spec *dma_spec,
				       struct acpi_dma *adma),
				      void *data);
void devm_acpi_dma_controller_free(struct device *dev);

struct dma_chan *acpi_dma_request_slave_chan_by_index(struct device *dev,
						      size_t index);
struct dma_chan *acpi_dma_request_slave_chan_by_name(struct device *dev,
						     const char *name);

struct dma_chan *acpi_dma_simple_xlate(struct acpi_dma_spec *dma_spec,
				       struct acpi_dma *adma);
#else
static inline int
acpi_dma_controller_register(struct device *dev,
			     struct dma_chan *(*acpi_dma_xlate)
			     (struct acpi_dma_spec *dma_spec, struct acpi_dma *adma),
			     void *data)
{
	return -ENODEV;
}

static inline int acpi_dma_controller_free(struct device *dev)
{
	return -ENODEV;
}

static inline int
devm_acpi_dma_controller_register(struct device *dev,
				  struct dma_chan *(*acpi_dma_xlate)
				  (struct acpi_dma_spec *dma_spec,
				   struct acpi_dma *adma),
				  void *data)
{
	return -ENODEV;
}

static inline void devm_acpi_dma_controller_free(struct device *dev)
{
}

static inline struct dma_chan *
acpi_dma_request_slave_chan_by_index(struct device *dev, size_t index)
{
	return ERR_PTR(-ENODEV);
}

static inline struct dma_chan *
acpi_dma_request_slave_chan_by_name(struct device *dev, const char *name)
{
	return ERR_PTR(-ENODEV);
}

/* Drivers put it in tables of function pointers; NULL keeps them valid. */
#define acpi_dma_simple_xlate	NULL
#endif

/* The older name of the lookup by index, still used by some drivers. */
#define acpi_dma_request_slave_channel	acpi_dma_request_slave_chan_by_index

#endif /* __LINUX_ACPI_DMA_H */
