// SPDX-License-Identifier: GPL-2.0
/*
 * PCI glue of the edu DMA controller driver: resources, interrupt, DMA
 * mask, and publication of the channels to dmaengine, DT, ACPI and the
 * dma_slave_map lookup. The engine itself is in edu-core.c.
 */

#include <linux/acpi.h>
#include <linux/acpi_dma.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_dma.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "edu.h"
#include "edu-regs.h"

#define EDU_PCI_VENDOR		0x1234
#define EDU_PCI_DEVICE		0x11e8
#define EDU_DEFAULT_DMA_BITS	28

static unsigned int nr_channels = 4;
module_param(nr_channels, uint, 0444);
MODULE_PARM_DESC(nr_channels, "Virtual channels per card, 1..64 (default 4)");

static unsigned int dma_bits = EDU_DEFAULT_DMA_BITS;
module_param(dma_bits, uint, 0644);
MODULE_PARM_DESC(dma_bits,
		 "Bus address bits the engine reaches, 28..64, read at probe (default 28, the card's reset value)");

static bool use_msi = true;
module_param(use_msi, bool, 0444);
MODULE_PARM_DESC(use_msi,
		 "Take MSI when the card offers it (default); 0 forces legacy INTx");

static char *slave_map;
module_param(slave_map, charp, 0444);
MODULE_PARM_DESC(slave_map,
		 "Channel lookup entries devname:slave:line, comma separated");

/*
 * Splits "devname:slave:line" from the right, since PCI device names
 * contain colons themselves. Returns false on a malformed entry.
 */
static bool edu_split_entry(char *entry, char **slave, unsigned int *line)
{
	char *colon;

	colon = strrchr(entry, ':');
	if (!colon || kstrtouint(colon + 1, 0, line))
		return false;
	*colon = '\0';
	colon = strrchr(entry, ':');
	if (!colon || colon == entry || !colon[1])
		return false;
	*colon = '\0';
	*slave = colon + 1;
	return true;
}

/*
 * Parses the slave_map parameter into edu->dma.filter. Entries naming a
 * line this card does not have are refused. The table only lives as long
 * as the binding, which is as long as the core can look it up.
 */
static int edu_parse_slave_map(struct edu_dev *edu)
{
	struct dma_slave_map *map;
	char *buf, *cur, *entry, *slave;
	unsigned int n = 0, line;

	if (!slave_map || !*slave_map)
		return 0;
	buf = devm_kstrdup(edu->dev, slave_map, GFP_KERNEL);
	map = devm_kcalloc(edu->dev, strlen(slave_map) / 4 + 1, sizeof(*map),
			   GFP_KERNEL);
	if (!buf || !map)
		return -ENOMEM;

	cur = buf;
	while ((entry = strsep(&cur, ","))) {
		if (!edu_split_entry(entry, &slave, &line) ||
		    line >= edu->nr_chans) {
			dev_err(edu->dev, "bad slave_map entry '%s'\n", entry);
			return -EINVAL;
		}
		map[n].devname = entry;
		map[n].slave = slave;
		map[n].param = &edu->chans[line];
		n++;
	}
	edu->dma.filter.map = map;
	edu->dma.filter.mapcnt = n;
	edu->dma.filter.fn = edu_chan_filter;
	return 0;
}

/*
 * #dma-cells = <1>: the cell is the request line. Called with of_dma's
 * lock held, in the consumer's process context. A line the card does not
 * have is a mistake in the DT, worth a message; a busy line is not.
 */
static struct dma_chan *edu_of_xlate(struct of_phandle_args *spec,
				     struct of_dma *ofdma)
{
	struct edu_dev *edu = ofdma->of_dma_data;

	if (spec->args_count != 1) {
		dev_err(edu->dev, "DT dma specifier has %d cells, not 1\n",
			spec->args_count);
		return NULL;
	}
	if (spec->args[0] >= edu->nr_chans) {
		dev_err(edu->dev, "DT asks for request line %u, lines are 0..%u\n",
			spec->args[0], edu->nr_chans - 1);
		return NULL;
	}
	return edu_chan_by_line(edu, spec->args[0]);
}

/* FixedDMA: the request line is the descriptor's request line. */
static struct dma_chan *edu_acpi_xlate(struct acpi_dma_spec *spec,
				       struct acpi_dma *adma)
{
	return edu_chan_by_line(adma->data, spec->slave_id);
}

/*
 * Test hook: the probe fails with -ENOMEM at one of these steps, as if the
 * call made there had, so that a scenario can walk every error path
 * (scenarios/45-edu-probe-unwind.sh).
 */
enum edu_probe_step {
	EDU_PROBE_ALLOC = 1,	/* after the engine is allocated */
	EDU_PROBE_IRQ,		/* request_irq() */
	EDU_PROBE_REGISTER,	/* dma_async_device_register() */
	EDU_PROBE_OF,		/* of_dma_controller_register() */
	EDU_PROBE_ACPI,		/* acpi_dma_controller_register() */
};

static unsigned int fail_probe_at;
module_param(fail_probe_at, uint, 0644);
MODULE_PARM_DESC(fail_probe_at,
		 "Test hook: probe fails at step 1 (alloc), 2 (irq), 3 (DMA register), 4 (of_dma), 5 (acpi_dma); 0 never");

static int edu_probe_fault(enum edu_probe_step step)
{
	return READ_ONCE(fail_probe_at) == step ? -ENOMEM : 0;
}

/* Firmware lookups of the registered controller; all or nothing. */
static int edu_publish(struct pci_dev *pdev, struct edu_dev *edu)
{
	struct device_node *np = dev_of_node(&pdev->dev);
	int ret;

	ret = edu_probe_fault(EDU_PROBE_OF);
	if (!ret && np)
		ret = of_dma_controller_register(np, edu_of_xlate, edu);
	if (ret)
		return ret;
	ret = edu_probe_fault(EDU_PROBE_ACPI);
	if (!ret && has_acpi_companion(&pdev->dev))
		ret = acpi_dma_controller_register(&pdev->dev, edu_acpi_xlate,
						   edu);
	if (ret && np)
		of_dma_controller_free(np);
	return ret;
}

static int edu_setup_bus(struct pci_dev *pdev)
{
	int ret;

	if (dma_bits < EDU_DEFAULT_DMA_BITS || dma_bits > 64) {
		dev_err(&pdev->dev, "dma_bits=%u outside 28..64\n", dma_bits);
		return -EINVAL;
	}
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(dma_bits));
	if (ret)
		return ret;
	pci_set_master(pdev);
	ret = pci_alloc_irq_vectors(pdev, 1, 1, use_msi ?
				    PCI_IRQ_MSI | PCI_IRQ_INTX : PCI_IRQ_INTX);
	return ret < 0 ? ret : 0;
}

/* Process context; bus resources are managed, the controller is not. */
static int edu_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	void __iomem *regs;
	struct edu_dev *edu;
	int ret;

	if (!nr_channels || nr_channels > 64)
		return -EINVAL;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	regs = pcim_iomap_region(pdev, 0, KBUILD_MODNAME);
	if (IS_ERR(regs))
		return PTR_ERR(regs);
	if (edu_readl(regs, EDU_REG_ID) != EDU_ID_VALUE)
		return -ENODEV;
	ret = edu_setup_bus(pdev);
	if (ret)
		return ret;
	/* A previous binding may have left a completion unacknowledged. */
	edu_writel(regs, EDU_REG_IRQ_ACK, edu_readl(regs, EDU_REG_IRQ_STATUS));

	edu = edu_engine_alloc(&pdev->dev, regs, nr_channels);
	if (!edu)
		return -ENOMEM;
	ret = edu_probe_fault(EDU_PROBE_ALLOC) ?: edu_parse_slave_map(edu);
	if (ret)
		goto err_free;
	ret = edu_probe_fault(EDU_PROBE_IRQ) ?:
	      request_irq(pci_irq_vector(pdev, 0), edu_engine_irq, IRQF_SHARED,
			  KBUILD_MODNAME, edu);
	if (ret)
		goto err_free;
	ret = edu_probe_fault(EDU_PROBE_REGISTER) ?:
	      dma_async_device_register(&edu->dma);
	if (ret)
		goto err_irq;
	ret = edu_publish(pdev, edu);
	if (ret)
		goto err_unregister;
	pci_set_drvdata(pdev, edu);
	dev_info(&pdev->dev, "%u channels, %u-bit DMA, %s interrupt\n",
		 nr_channels, dma_bits, pdev->msi_enabled ? "MSI" : "INTx");
	return 0;

err_unregister:
	/*
	 * Registered, the controller is the core's: a client may already
	 * hold a channel. Unbind as remove does; device_release frees it.
	 */
	free_irq(pci_irq_vector(pdev, 0), edu);
	edu_engine_shutdown(edu);
	dma_async_device_unregister(&edu->dma);
	return ret;
err_irq:
	free_irq(pci_irq_vector(pdev, 0), edu);
err_free:
	edu_engine_free(edu);
	return ret;
}

/*
 * Process context. Clients may still hold channels: their transfers fail
 * with DMA_TRANS_ABORTED here, and the controller is freed when the last
 * of them lets go (edu_dma_release).
 */
static void edu_pci_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);

	if (has_acpi_companion(&pdev->dev))
		acpi_dma_controller_free(&pdev->dev);
	if (dev_of_node(&pdev->dev))
		of_dma_controller_free(dev_of_node(&pdev->dev));
	/*
	 * Quiet first, vector last: freeing an MSI vector rewrites the
	 * card's message to zero, and a completion signalled after that is
	 * a DMA write to bus address 0.
	 */
	edu_engine_shutdown(edu);
	free_irq(pci_irq_vector(pdev, 0), edu);
	dma_async_device_unregister(&edu->dma);
}

static const struct pci_device_id edu_pci_ids[] = {
	{ PCI_DEVICE(EDU_PCI_VENDOR, EDU_PCI_DEVICE) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_pci_ids);

static struct pci_driver edu_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = edu_pci_ids,
	.probe = edu_pci_probe,
	.remove = edu_pci_remove,
};

module_pci_driver(edu_pci_driver);

MODULE_DESCRIPTION("DMA engine driver for QEMU's edu PCI device");
MODULE_LICENSE("GPL");
