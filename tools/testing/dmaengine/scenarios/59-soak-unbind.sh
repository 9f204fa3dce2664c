# SPDX-License-Identifier: GPL-2.0
#
# Soak: cycles of unbinding edu while dmacard holds its channels and
# writes over them, then binding it again: each time the I/O in flight
# fails with an error within 30 s, edu's channels leave sysfs and the
# dmaengine summary, and once edu is back the card (bound again) takes
# its channels and data written verify; 2 cycles in "make check", 100 in
# "make stress", which ends with a KMEMLEAK scan of its own.
. /scenarios/lib.sh

cycles=2
[ "$STRESS" = 1 ] && cycles=100

hp_need_our_core
hp_card_up
cycle=1
while [ $cycle -le $cycles ]; do
	hp_io_start
	echo $EDU_DEV >$EDU_DRV/unbind || fail "cycle $cycle: unbind edu"
	hp_io_check
	! ls -l /sys/class/dma/ | grep -q "$EDU_DEV" ||
		fail "cycle $cycle: /sys/class/dma still lists channels of edu"
	! grep -q "($EDU_DEV)" $HP_SUMMARY ||
		fail "cycle $cycle: the dmaengine summary still lists edu"
	echo $EDU_DEV >$EDU_DRV/bind || fail "cycle $cycle: bind edu"
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/unbind || fail "cycle $cycle: unbind the card"
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/bind || fail "cycle $cycle: bind the card"
	wait_card
	hp_card_holds
	hp_card_verify $((1000 + (cycle % 16) * 16))
	cycle=$((cycle + 1))
done
echo "$cycles cycles of unbind/bind of edu under the card's I/O, 0 failed"
hp_finish
if [ "$STRESS" = 1 ]; then
	soak_leak_scan
fi
