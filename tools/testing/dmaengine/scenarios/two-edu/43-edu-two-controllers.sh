# SPDX-License-Identifier: GPL-2.0
#
# Two edu devices are two DMA controllers: edu_dma binds both, each
# registers its own channels, dmatest passes on all eight channels at once,
# and unbinding one leaves the other working.
. /scenarios/lib.sh

second=0000:00:08.0
[ -e /sys/bus/pci/devices/$second ] || skip "no second edu in this guest"

load_edu
[ -e $EDU_DRV/$second ] || fail "edu_dma did not bind $second"

for dev in $EDU_DEV $second; do
	n=$(ls -d /sys/bus/pci/devices/$dev/dma/dma*chan* 2>/dev/null | wc -l)
	echo "$dev: $n channels"
	[ "$n" = 4 ] || fail "$dev has $n channels, not 4"
done
grep -c "^dma" /sys/kernel/debug/dmaengine/summary

# Every memcpy channel of both controllers at once.
dmesg -c >/dev/null
modprobe dmatest iterations=10 timeout=10000 run=1 ||
	fail "modprobe dmatest"
cat /sys/module/dmatest/parameters/wait >/dev/null
rmmod dmatest || fail "rmmod dmatest"
summaries=$(dmesg -c | grep 'dmatest: .* summary ')
echo "$summaries"
for c in dma0chan0 dma0chan3 dma1chan0 dma1chan3; do
	echo "$summaries" | grep -q "$c-copy0: summary 10 tests, 0 failures" ||
		fail "no clean dmatest summary for $c"
done

# One controller goes, the other stays.
echo $second >$EDU_DRV/unbind || fail "unbind $second"
run_dmatest 10
echo $second >$EDU_DRV/bind || fail "bind $second again"
EDU_DEV=$second run_dmatest 10
unload_edu
