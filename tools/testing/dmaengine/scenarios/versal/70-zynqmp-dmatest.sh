# SPDX-License-Identifier: GPL-2.0
# arches: arm64
#
# Upstream's ZynqMP DMA provider (drivers/dma/xilinx/zynqmp_dma.c, built
# in, unmodified) on the eight ADMA channels of QEMU's Versal board, found
# through the Device Tree QEMU writes: all eight bound, then upstream's
# dmatest on all of them at once, three threads per channel, every copy
# verified by dmatest. Runs before the async_tx scenarios: once async_tx
# holds the public channels, dmatest cannot have them.
. /scenarios/lib.sh

drv=/sys/bus/platform/drivers/xilinx-zynqmp-dma
bound=$(ls -d $drv/*.dma 2>/dev/null | wc -l)
echo "xilinx-zynqmp-dma bound $bound devices"
[ "$bound" = 8 ] || fail "expected the 8 ADMA channels, found $bound"

dmesg -c >/dev/null
modprobe dmatest max_channels=8 threads_per_chan=3 iterations=20 \
	timeout=10000 run=1 || fail "modprobe dmatest"
cat /sys/module/dmatest/parameters/wait >/dev/null
rmmod dmatest || fail "rmmod dmatest"
log=$(dmesg -c)
summary=$(echo "$log" | grep 'dmatest: .* summary ')
echo "$summary"
passed=$(echo "$summary" | grep -c ' summary 20 tests, 0 failures ')
[ "$passed" = 24 ] || fail "$passed of 24 dmatest threads passed"
! echo "$log" | grep -q 'dmatest: .*result' || fail "dmatest reported a bad result"

# Each of the 8 channels dmatest used is a zynqmp one.
chans=$(echo "$summary" | sed -n 's/.*dmatest: \(dma[0-9]*chan[0-9]*\)-copy.*/\1/p' |
	sort -u)
for c in $chans; do
	d=$(basename "$(readlink /sys/class/dma/$c/device/driver)")
	[ "$d" = xilinx-zynqmp-dma ] || fail "$c belongs to $d"
done
n=$(echo "$chans" | wc -w)
echo "dmatest ran on $n zynqmp channels:" $chans
[ "$n" = 8 ] || fail "dmatest used $n channels, not 8"
