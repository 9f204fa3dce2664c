# SPDX-License-Identifier: GPL-2.0
#
# fail-nth over dmacard's probe (bind through sysfs), its channels found
# through edu's board table (dma_request_chan by dma_slave_map): every
# allocation made with the card's code on the stack fails in turn, its
# channel requests and edu's channel set-up included (fi_arm in lib.sh).
# A failed probe ends in an error for the bind and leaves nothing
# behind: no disk, no debugfs directory, edu's channels free again.
. /scenarios/lib.sh

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
load_edu
modprobe dmacard || fail "modprobe dmacard"
wait_card
fi_card_sweep "dmacard probe (board table)"
rmmod dmacard || fail "rmmod dmacard"
unload_edu
