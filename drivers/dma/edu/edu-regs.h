/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Register map of QEMU's edu PCI device (1234:11e8), BAR0, and the few
 * accessors the engine code uses. This is the only place that knows
 * register offsets or bit positions.
 */
#ifndef _DMA_EDU_REGS_H
#define _DMA_EDU_REGS_H

#include <linux/bits.h>
#include <linux/io.h>
#include <linux/types.h>

#define EDU_REG_ID		0x00	/* 0x010000ed: version 1.0, magic 0xed */
#define EDU_REG_LIVENESS	0x04	/* reads back the inverse of the last write */
#define EDU_REG_STATUS		0x20
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_RAISE	0x60
#define EDU_REG_IRQ_ACK		0x64
#define EDU_REG_DMA_SRC		0x80	/* 64-bit registers from here on */
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98

#define EDU_ID_VALUE		0x010000ed

#define EDU_CMD_START		BIT(0)	/* reads back set while the engine runs */
#define EDU_CMD_TO_BUS		BIT(1)	/* buffer -> bus; clear: bus -> buffer */
#define EDU_CMD_IRQ		BIT(2)	/* raise EDU_IRQ_DMA on completion */

#define EDU_IRQ_DMA		BIT(8)

/*
 * The on-card buffer as the engine addresses it. QEMU 7.2 treats a
 * transfer whose exclusive end equals the window's end as out of range and
 * stops the whole machine, so one transfer never covers the last byte:
 * EDU_XFER_MAX is the largest transfer, and the usable window ends at
 * EDU_BUF_BASE + EDU_XFER_MAX.
 */
#define EDU_BUF_BASE		0x40000ULL
#define EDU_BUF_SIZE		4096
#define EDU_XFER_MAX		(EDU_BUF_SIZE - 1)

static inline u32 edu_readl(void __iomem *regs, unsigned int reg)
{
	return readl(regs + reg);
}

static inline void edu_writel(void __iomem *regs, unsigned int reg, u32 val)
{
	writel(val, regs + reg);
}

/* The device ignores 32-bit writes to the upper half of a 64-bit register. */
static inline void edu_writeq(void __iomem *regs, unsigned int reg, u64 val)
{
	writeq(val, regs + reg);
}

static inline bool edu_hw_running(void __iomem *regs)
{
	return readq(regs + EDU_REG_DMA_CMD) & EDU_CMD_START;
}

/*
 * Programs one transfer. The engine latches nothing while it runs, so the
 * caller must know it is idle; count must be 1..EDU_XFER_MAX and the buffer
 * side must lie in the usable window.
 */
static inline void edu_hw_start(void __iomem *regs, u64 src, u64 dst, u32 count,
				bool to_bus)
{
	edu_writeq(regs, EDU_REG_DMA_SRC, src);
	edu_writeq(regs, EDU_REG_DMA_DST, dst);
	edu_writeq(regs, EDU_REG_DMA_COUNT, count);
	edu_writeq(regs, EDU_REG_DMA_CMD,
		   EDU_CMD_START | EDU_CMD_IRQ | (to_bus ? EDU_CMD_TO_BUS : 0));
}

#endif /* _DMA_EDU_REGS_H */
