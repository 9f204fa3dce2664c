// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: the ACPI lookup interfaces on devices ACPI does not describe.
 * The firmware-driven paths (FixedDMA, _DSD, CSRT) need real tables and
 * are checked in a guest booted with them (acpi_dma_lookup_kunit.c); here,
 * registration refuses a device without an ACPI companion, freeing checks
 * what it is given, and lookups on such a device fail cleanly.
 */

#include <kunit/test.h>
#include <linux/acpi_dma.h>
#include <linux/dmaengine.h>

#include "dmaengine_test_provider.h"

static struct dma_chan *never_xlate(struct acpi_dma_spec *spec,
				    struct acpi_dma *adma)
{
	return NULL;
}

static void registration_needs_a_companion(struct kunit *test)
{
	struct device *dev = tdma_client_dev(test);

	KUNIT_EXPECT_EQ(test, acpi_dma_controller_register(dev, never_xlate,
							   NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, acpi_dma_controller_register(NULL, never_xlate,
							   NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, devm_acpi_dma_controller_register(dev,
								never_xlate,
								NULL),
			-EINVAL);
	/* Nothing was registered, so there is nothing to free. */
	KUNIT_EXPECT_EQ(test, acpi_dma_controller_free(dev), -ENODEV);
	KUNIT_EXPECT_EQ(test, acpi_dma_controller_free(NULL), -EINVAL);
#ifdef _DRIVERS_DMA_DMAENGINE_H
	/* Upstream's core warns here; ours notes it at debug level. */
	devm_acpi_dma_controller_free(dev);
#endif
}

static void lookups_without_companion_fail(struct kunit *test)
{
	struct device *dev = tdma_client_dev(test);

	KUNIT_EXPECT_EQ(test,
			PTR_ERR(acpi_dma_request_slave_chan_by_index(dev, 0)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(acpi_dma_request_slave_chan_by_name(dev, "tx")),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(acpi_dma_request_slave_chan_by_name(dev, "video")),
			-ENODEV);
#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "upstream's core oopses on a NULL device");
#endif
	KUNIT_EXPECT_EQ(test,
			PTR_ERR(acpi_dma_request_slave_chan_by_index(NULL, 0)),
			-EINVAL);
}

static struct kunit_case dmaengine_acpi_dma_cases[] = {
	KUNIT_CASE(registration_needs_a_companion),
	KUNIT_CASE(lookups_without_companion_fail),
	{}
};

static struct kunit_suite dmaengine_acpi_dma_suite = {
	.name = "dmaengine_acpi_dma",
	.test_cases = dmaengine_acpi_dma_cases,
};

kunit_test_suite(dmaengine_acpi_dma_suite);
