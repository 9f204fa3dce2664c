# SPDX-License-Identifier: GPL-2.0
# arches: arm64
#
# Upstream's dmatest on the BCM2835 DMA controller's memcpy channels (all
# but the one sdhost holds), one thread each. alignment=2: QEMU's model
# (hw/dma/bcm2835_dma.c) moves whole 32-bit words and counts the length
# down by 4, so dmatest's byte-granular offsets and lengths are what it
# cannot do, and bcm2835-dma (as on the hardware) sets no copy_align.
. /scenarios/lib.sh

dev=$(basename "$(ls -d /sys/bus/platform/drivers/bcm2835-dma/*.dma* 2>/dev/null |
	head -1)")
[ -n "$dev" ] || fail "bcm2835-dma bound no device"
echo "controller: $dev"
dmesg -c >/dev/null
modprobe dmatest device=$dev alignment=2 iterations=20 timeout=10000 \
	run=1 || fail "modprobe dmatest"
cat /sys/module/dmatest/parameters/wait >/dev/null
rmmod dmatest || fail "rmmod dmatest"
log=$(dmesg -c)
summary=$(echo "$log" | grep 'dmatest: .* summary ')
echo "$summary"
[ -n "$summary" ] || fail "no dmatest summary"
all=$(echo "$summary" | wc -l)
passed=$(echo "$summary" | grep -c ' summary 20 tests, 0 failures ')
echo "$passed of $all channels passed"
[ "$passed" = "$all" ] || fail "dmatest reported failures"
! echo "$log" | grep -q 'dmatest: .*result' || fail "dmatest reported a bad result"
