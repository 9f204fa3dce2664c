# SPDX-License-Identifier: GPL-2.0
#
# Surprise removal of the memory card through sysfs while it is written:
# the I/O in flight fails with an error and nothing hangs, its disk goes
# and edu's channels are free again; after a rescan the card binds by
# itself, what it held before is still there and new data verify
# (hp_sysfs_card in lib.sh).
. /scenarios/lib.sh

hp_sysfs_card
