# SPDX-License-Identifier: GPL-2.0
#
# Surprise removal of the DMA controller through sysfs while the card
# writes over its channels: the I/O in flight fails with an error and
# nothing hangs, edu's channels leave /sys/class/dma and the dmaengine
# summary, and after a rescan edu binds again, serves dmatest, and the
# card, bound again, gets its channels from it and moves data
# (hp_sysfs_edu in lib.sh).
. /scenarios/lib.sh

hp_sysfs_edu
