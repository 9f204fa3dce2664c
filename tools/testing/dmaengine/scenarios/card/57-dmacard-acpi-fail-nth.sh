# SPDX-License-Identifier: GPL-2.0
#
# fail-nth over dmacard's probe where its channels come from ACPI
# (FixedDMA and _DSD dma-names of acpi/card/, two hardware queues):
# dma_request_chan by acpi_dma, and everything else the probe does, fails
# at each allocation in turn (fi_card_sweep in lib.sh). A failed probe
# leaves no disk and releases every channel it had taken.
. /scenarios/lib.sh

EDU_PARAMS="dma_bits=40"
[ -e /sys/bus/pci/devices/$CARD_DEV/firmware_node ] ||
	skip "the card has no ACPI companion (not a q35 guest?)"

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
unload_edu
load_edu
modprobe dmacard || fail "modprobe dmacard"
wait_card
grep -q "^lookup: acpi" $CARD_STATS || fail "channels not found through ACPI"
grep -q "^hw_queues: 2" $CARD_STATS || fail "not two hardware queues"
fi_card_sweep "dmacard probe (ACPI)"
grep -q "^hw_queues: 2" $CARD_STATS || fail "not two hardware queues after the sweep"
rmmod dmacard || fail "rmmod dmacard"
unload_edu
