# SPDX-License-Identifier: GPL-2.0
#
# The host unplugs the DMA controller (QMP device_del; pciehp lets it go)
# while the card writes over its channels: the I/O in flight fails with an
# error and nothing hangs, and edu's channels leave /sys/class/dma and the
# dmaengine summary. The card, loaded again, waits for its controller;
# once the host plugs edu back in (device_add), edu binds, the card's
# deferred probe takes its channels, data verify, and dmatest passes on it.
# pciehp's removal trips a lockdep report of its own (harness_guest.py,
# tolerated_report), after which lockdep is off: the scenarios that need it
# come before this one.
. /scenarios/lib.sh

hp_need_our_core
hp_card_up
hp_need_slot $EDU_DEV

hp_io_start
qmp device_del '{"id": "edu0"}'
hp_io_check
hp_gone $EDU_DEV

# Unloaded, the card lets the dead channels go; loaded again, it waits.
# (A sysfs bind would answer EAGAIN and not wait: the driver core puts
# only probes it started itself on its deferred list.)
rmmod dmacard || fail "rmmod dmacard with its controller gone"
modprobe dmacard || fail "modprobe dmacard"
grep "^$CARD_DEV" /sys/kernel/debug/devices_deferred ||
	fail "the card's probe is not deferred without its controller"
[ ! -b $CARD_BLK ] || fail "the card bound without its DMA controller"

qmp device_add '{"driver": "edu", "id": "edu0", "bus": "rp1", "dma_mask": 18446744073709551615}'
hp_wait "[ -e $EDU_DRV/$EDU_DEV ]" 30 || fail "edu_dma did not bind the new edu"
wait_card
hp_card_holds
hp_card_verify 400
run_dmatest 5
hp_finish
