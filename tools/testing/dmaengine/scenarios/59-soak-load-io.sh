# SPDX-License-Identifier: GPL-2.0
#
# Soak: cycles of load edu / load dmacard / write 2 MiB of random data
# with direct I/O, read it back, compare / unload both; 2 cycles in
# "make check", 100 in "make stress", which ends with a KMEMLEAK scan of
# its own, so that a leak is laid at the soak's door (init scans again at
# the end of every boot).
. /scenarios/lib.sh

cycles=2
[ "$STRESS" = 1 ] && cycles=100

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
unload_edu
dd if=/dev/urandom of=/tmp/soak-w bs=65536 count=32 2>/dev/null
failures=0
cycle=1
while [ $cycle -le $cycles ]; do
	load_edu
	modprobe dmacard || fail "cycle $cycle: modprobe dmacard"
	wait_card
	seek=$(( (cycle % 8) * 32 ))
	if ! dd if=/tmp/soak-w of=$CARD_BLK bs=65536 seek=$seek oflag=direct 2>/dev/null ||
	   ! dd if=$CARD_BLK of=/tmp/soak-r bs=65536 skip=$seek count=32 iflag=direct 2>/dev/null ||
	   ! cmp -s /tmp/soak-w /tmp/soak-r; then
		echo "cycle $cycle: the 2 MiB at block $seek did not read back equal"
		failures=$((failures + 1))
	fi
	rmmod dmacard || fail "cycle $cycle: rmmod dmacard"
	unload_edu
	cycle=$((cycle + 1))
done
echo "$cycles cycles of load/write/read/compare (2 MiB)/unload, $failures failed"
[ $failures = 0 ] || fail "$failures of $cycles cycles failed"
if [ "$STRESS" = 1 ]; then
	soak_leak_scan
fi
