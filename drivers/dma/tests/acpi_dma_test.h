/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the ACPI lookup test reads back from acpi_dma_test_provider's
 * channels. Shared as a layout rather than as exported functions so that
 * the test module can run before the provider is loaded.
 */
#ifndef _DMA_TESTS_ACPI_DMA_TEST_H
#define _DMA_TESTS_ACPI_DMA_TEST_H

#include <linux/dmaengine.h>

#define ACPI_DMA_TEST_DRIVER	"acpi_dma_test_provider"
#define ACPI_DMA_TEST_CHANNELS	4

/**
 * struct acpi_dma_test_chan - a channel of the ACPI test controller
 * @base: the channel the core and the client see
 * @slave_id: the request line handed to the translation, already made
 *	relative to the controller's CSRT range; -1 until handed out
 */
struct acpi_dma_test_chan {
	struct dma_chan base;
	int slave_id;
};

static inline struct acpi_dma_test_chan *to_acpi_dma_test_chan(struct dma_chan *chan)
{
	return container_of(chan, struct acpi_dma_test_chan, base);
}

#endif
