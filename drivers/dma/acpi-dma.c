// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI channel lookup: a registry of DMA controllers with an ACPI
 * companion, and the walk of a client's FixedDMA resources.
 *
 * A client's channel is its index-th FixedDMA resource (request line,
 * channel number); a name becomes an index through the client's _DSD
 * "dma-names", or by the convention "tx" = 0, "rx" = 1 when the name is
 * not there. When the CSRT has a resource group for a controller (same
 * MMIO base and interrupt as the last ones of the controller's _CRS; the
 * last such group counts), the controller owns that group's range of
 * request lines: a lookup goes to the owner only, with the line made
 * relative to the range. Controllers without a range are asked in
 * registration order.
 *
 * Outcomes of a lookup: the channel; -EPROBE_DEFER while no registered
 * controller owns the line or gives a channel (the owner may only be busy);
 * -ENODEV when the name or the resource does not exist; an error a
 * translation function returned.
 *
 * Locking: acpi_dma_lock protects acpi_dma_list and the entries on it; a
 * lookup holds it across the translation function. Process context.
 */

#include <linux/acpi.h>
#include <linux/acpi_dma.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/property.h>
#include <linux/slab.h>

#include "dmaengine-core.h"

static LIST_HEAD(acpi_dma_list);
static DEFINE_MUTEX(acpi_dma_lock);

/* The last MMIO window and interrupt of a controller's _CRS. */
struct acpi_dma_crs {
	resource_size_t mmio;
	resource_size_t irq;
};

static int acpi_dma_read_crs(struct acpi_device *adev,
			     struct acpi_dma_crs *crs)
{
	struct resource_entry *entry;
	LIST_HEAD(resources);
	int ret;

	ret = acpi_dev_get_resources(adev, &resources, NULL, NULL);
	if (ret <= 0)
		return ret ?: -ENOENT;

	crs->mmio = 0;
	crs->irq = 0;
	list_for_each_entry(entry, &resources, node) {
		unsigned long type = resource_type(entry->res);

		if (type == IORESOURCE_MEM)
			crs->mmio = entry->res->start;
		else if (type == IORESOURCE_IRQ)
			crs->irq = entry->res->start;
	}
	acpi_dev_free_resource_list(&resources);
	return crs->mmio || crs->irq ? 0 : -ENOENT;
}

/* Whether a CSRT group's shared info describes the controller with @crs. */
static bool acpi_dma_group_matches(const struct acpi_csrt_shared_info *si,
				   const struct acpi_dma_crs *crs)
{
	int irq;

	if (si->mmio_base_low != lower_32_bits(crs->mmio) ||
	    si->mmio_base_high != upper_32_bits(crs->mmio))
		return false;
	/* The group names a GSI, _CRS gave a Linux IRQ: map one to the other. */
	irq = acpi_register_gsi(NULL, si->gsi_interrupt, si->interrupt_mode,
				si->interrupt_polarity);
	return irq >= 0 && irq == crs->irq;
}

/*
 * Gives @adma the request-line range of the last CSRT resource group that
 * describes its controller, if the firmware has a CSRT and such a group,
 * and sets the companion's DMA mask to the group's address width. A group
 * whose shared information has another size ends the walk.
 */
static void acpi_dma_find_line_range(struct acpi_dma *adma,
				     struct acpi_device *adev)
{
	const struct acpi_csrt_shared_info *si;
	const struct acpi_csrt_group *group;
	struct acpi_table_header *csrt;
	struct acpi_dma_crs crs;
	u32 offset;

	if (ACPI_FAILURE(acpi_get_table(ACPI_SIG_CSRT, 0, &csrt)))
		return;
	if (acpi_dma_read_crs(adev, &crs))
		goto out;

	for (offset = sizeof(struct acpi_table_csrt);
	     offset + sizeof(*group) <= csrt->length;
	     offset += group->length) {
		group = (void *)csrt + offset;
		if (group->length < sizeof(*group) ||
		    group->length > csrt->length - offset) {
			dev_warn(adma->dev, "CSRT: bad resource group length %u at %u\n",
				 group->length, offset);
			break;
		}
		if (group->shared_info_length != sizeof(*si) ||
		    group->length < sizeof(*group) + sizeof(*si)) {
			dev_warn(adma->dev, "CSRT: resource group at %u has no shared info\n",
				 offset);
			break;
		}

		si = (const void *)(group + 1);
		if (!acpi_dma_group_matches(si, &crs) ||
		    (!si->base_request_line && !si->num_handshake_signals) ||
		    dma_coerce_mask_and_coherent(&adev->dev,
						 DMA_BIT_MASK(si->dma_address_width)))
			continue;

		/* A later group for the same controller overrides this one. */
		adma->base_request_line = si->base_request_line;
		adma->end_request_line = si->base_request_line +
					 si->num_handshake_signals - 1;
		dev_dbg(adma->dev, "CSRT group %.4s%04X: request lines %u-%u\n",
			(const char *)&group->vendor_id, group->device_id,
			adma->base_request_line, adma->end_request_line);
	}
out:
	acpi_put_table(csrt);
}

/* Caller holds acpi_dma_lock. */
static struct acpi_dma *acpi_dma_find(const struct device *dev)
{
	struct acpi_dma *adma;

	list_for_each_entry(adma, &acpi_dma_list, dma_controllers)
		if (adma->dev == dev)
			return adma;
	return NULL;
}

/**
 * acpi_dma_controller_register() - make a controller's channels reachable
 *	from clients' FixedDMA resources
 * @dev: the controller's device; it must have an ACPI companion
 * @acpi_dma_xlate: turns one FixedDMA resource into a channel (or NULL)
 * @data: driver data, given back in &struct acpi_dma.data
 *
 * Reads the controller's request-line range from the CSRT when there is
 * one. Process context.
 *
 * Return: 0; -EINVAL without @dev, @acpi_dma_xlate or ACPI companion;
 * -EEXIST when @dev is already registered; -ENOMEM.
 */
int acpi_dma_controller_register(struct device *dev,
				 struct dma_chan *(*acpi_dma_xlate)
				 (struct acpi_dma_spec *, struct acpi_dma *),
				 void *data)
{
	struct acpi_device *adev = dev ? ACPI_COMPANION(dev) : NULL;
	struct acpi_dma *adma;

	if (!adev || !acpi_dma_xlate) {
		pr_debug("acpi_dma: a controller needs an ACPI companion and a translation function\n");
		return -EINVAL;
	}

	adma = kzalloc(sizeof(*adma), GFP_KERNEL);
	if (!adma)
		return -ENOMEM;
	adma->dev = dev;
	adma->acpi_dma_xlate = acpi_dma_xlate;
	adma->data = data;
	acpi_dma_find_line_range(adma, adev);

	mutex_lock(&acpi_dma_lock);
	if (acpi_dma_find(dev)) {
		mutex_unlock(&acpi_dma_lock);
		dev_err(dev, "already registered as an ACPI DMA controller\n");
		kfree(adma);
		return -EEXIST;
	}
	list_add_tail(&adma->dma_controllers, &acpi_dma_list);
	mutex_unlock(&acpi_dma_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(acpi_dma_controller_register);

/**
 * acpi_dma_controller_free() - forget a controller
 * @dev: the device given at registration
 *
 * Channels already handed out stay valid: they belong to their dma_device.
 * Process context.
 *
 * Return: 0; -EINVAL without @dev; -ENODEV when @dev is not registered.
 */
int acpi_dma_controller_free(struct device *dev)
{
	struct acpi_dma *adma;

	if (!dev)
		return -EINVAL;

	mutex_lock(&acpi_dma_lock);
	adma = acpi_dma_find(dev);
	if (adma)
		list_del(&adma->dma_controllers);
	mutex_unlock(&acpi_dma_lock);

	if (!adma)
		return -ENODEV;
	kfree(adma);
	return 0;
}
EXPORT_SYMBOL_GPL(acpi_dma_controller_free);

static void acpi_dma_devres_release(struct device *dev, void *res)
{
	acpi_dma_controller_free(dev);
}

/**
 * devm_acpi_dma_controller_register() - acpi_dma_controller_register(),
 *	undone when @dev's driver goes
 * @dev: the controller's device
 * @acpi_dma_xlate: as for acpi_dma_controller_register()
 * @data: as for acpi_dma_controller_register()
 *
 * Return: as acpi_dma_controller_register().
 */
int devm_acpi_dma_controller_register(struct device *dev,
				      struct dma_chan *(*acpi_dma_xlate)
				      (struct acpi_dma_spec *,
				       struct acpi_dma *),
				      void *data)
{
	void *res;
	int ret;

	res = devres_alloc(acpi_dma_devres_release, 0, GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	ret = acpi_dma_controller_register(dev, acpi_dma_xlate, data);
	if (ret) {
		devres_free(res);
		return ret;
	}
	devres_add(dev, res);
	return 0;
}
EXPORT_SYMBOL_GPL(devm_acpi_dma_controller_register);

/**
 * devm_acpi_dma_controller_free() - undo devm_acpi_dma_controller_register()
 *	now
 * @dev: the controller's device
 */
void devm_acpi_dma_controller_free(struct device *dev)
{
	if (devres_release(dev, acpi_dma_devres_release, NULL, NULL))
		dev_dbg(dev, "no managed ACPI DMA registration to free\n");
}
EXPORT_SYMBOL_GPL(devm_acpi_dma_controller_free);

/* Picks the index-th FixedDMA resource while _CRS is walked. */
struct acpi_dma_pick {
	size_t index;
	size_t seen;
	struct acpi_dma_spec *spec;
};

static int acpi_dma_pick_fixed_dma(struct acpi_resource *res, void *data)
{
	struct acpi_dma_pick *pick = data;

	if (res->type == ACPI_RESOURCE_TYPE_FIXED_DMA &&
	    pick->seen++ == pick->index && pick->spec) {
		pick->spec->chan_id = res->data.fixed_dma.channels;
		pick->spec->slave_id = res->data.fixed_dma.request_lines;
	}
	return 1;	/* keep nothing on the resource list */
}

/*
 * Fills @spec with the index-th FixedDMA resource of @adev. Returns 0,
 * -ENODEV when there is no such resource, or the error reading _CRS gave.
 */
static int acpi_dma_read_fixed_dma(struct acpi_device *adev, size_t index,
				   struct acpi_dma_spec *spec)
{
	struct acpi_dma_pick pick = { .index = index, .spec = spec };
	LIST_HEAD(resources);
	int ret;

	ret = acpi_dev_get_resources(adev, &resources, acpi_dma_pick_fixed_dma,
				     &pick);
	acpi_dev_free_resource_list(&resources);
	if (ret < 0)
		return ret;
	return pick.seen > index ? 0 : -ENODEV;
}

/*
 * Whether @adma owns the request line of @spec: 1 when its CSRT range holds
 * it (the line is then made relative to the range), 0 when @adma has no
 * range and may be asked, -1 when another controller owns the line.
 */
static int acpi_dma_owns_line(const struct acpi_dma *adma,
			      struct acpi_dma_spec *spec)
{
	if (!adma->base_request_line && !adma->end_request_line)
		return 0;
	if (spec->slave_id < adma->base_request_line ||
	    spec->slave_id > adma->end_request_line)
		return -1;
	spec->slave_id -= adma->base_request_line;
	return 1;
}

/**
 * acpi_dma_request_slave_chan_by_index() - take the channel of a client's
 *	index-th FixedDMA resource
 * @dev: the client, with an ACPI companion
 * @index: which FixedDMA resource, counting from 0 in _CRS order
 *
 * Process context; may sleep.
 *
 * Return: the channel; ERR_PTR(-EPROBE_DEFER) when no registered controller
 * owns the request line or gives a channel (its owner may have none free
 * yet); ERR_PTR(-ENODEV) when there is no such resource; ERR_PTR(-EINVAL)
 * without an ACPI companion; the error of reading _CRS or of the owner's
 * translation function.
 */
struct dma_chan *acpi_dma_request_slave_chan_by_index(struct device *dev,
						      size_t index)
{
	struct acpi_dma_spec spec = { .chan_id = -1, .slave_id = -1 };
	struct acpi_device *adev = dev ? ACPI_COMPANION(dev) : NULL;
	struct dma_chan *chan = NULL;
	struct acpi_dma *adma;
	int owned, ret;

	if (!adev)
		return ERR_PTR(-EINVAL);
	ret = acpi_dma_read_fixed_dma(adev, index, &spec);
	if (ret) {
		dev_dbg(dev, "DMA channel %zu: no FixedDMA resource: %d\n",
			index, ret);
		return ERR_PTR(ret);
	}

	mutex_lock(&acpi_dma_lock);
	list_for_each_entry(adma, &acpi_dma_list, dma_controllers) {
		struct acpi_dma_spec local = spec;

		owned = acpi_dma_owns_line(adma, &local);
		if (owned < 0)
			continue;
		local.dev = adma->dev;
		chan = adma->acpi_dma_xlate(&local, adma);
		if (chan || owned)
			break;
	}
	mutex_unlock(&acpi_dma_lock);

	if (chan)
		return chan;
	dev_dbg(dev, "DMA channel %zu: request line %d channel %d: no controller gave one\n",
		index, spec.slave_id, spec.chan_id);
	return ERR_PTR(-EPROBE_DEFER);
}
EXPORT_SYMBOL_GPL(acpi_dma_request_slave_chan_by_index);

/**
 * acpi_dma_request_slave_chan_by_name() - take a client's channel by name
 * @dev: the client, with an ACPI companion
 * @name: an entry of its _DSD "dma-names"; a name not there (or no such
 *	property) means FixedDMA resource 0 for "tx" and 1 for "rx"
 *
 * Process context; may sleep.
 *
 * Return: as acpi_dma_request_slave_chan_by_index(); ERR_PTR(-ENODEV)
 * for a name the client does not have.
 */
struct dma_chan *acpi_dma_request_slave_chan_by_name(struct device *dev,
						     const char *name)
{
	int index;

	if (!dev || !name)
		return ERR_PTR(-ENODEV);

	index = device_property_match_string(dev, "dma-names", name);
	if (index < 0 && !strcmp(name, "tx"))
		index = 0;
	else if (index < 0 && !strcmp(name, "rx"))
		index = 1;

	if (index < 0) {
		dev_dbg(dev, "no DMA channel named \"%s\"\n", name);
		return ERR_PTR(-ENODEV);
	}
	dev_dbg(dev, "DMA channel \"%s\" is FixedDMA resource %d\n", name,
		index);
	return acpi_dma_request_slave_chan_by_index(dev, index);
}
EXPORT_SYMBOL_GPL(acpi_dma_request_slave_chan_by_name);

/**
 * acpi_dma_simple_xlate() - translation for controllers picking channels
 *	with a filter
 * @dma_spec: the FixedDMA resource, given to the filter by address
 * @adma: the registered controller, whose data is a
 *	&struct acpi_dma_filter_info
 *
 * Return: a channel the filter accepts, or NULL.
 */
struct dma_chan *acpi_dma_simple_xlate(struct acpi_dma_spec *dma_spec,
				       struct acpi_dma *adma)
{
	const struct acpi_dma_filter_info *info = adma->data;

	if (!info || !info->filter_fn)
		return NULL;
	return __dma_request_channel(&info->dma_cap, info->filter_fn, dma_spec,
				     NULL);
}
EXPORT_SYMBOL_GPL(acpi_dma_simple_xlate);
