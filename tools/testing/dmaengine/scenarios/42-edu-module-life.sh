# SPDX-License-Identifier: GPL-2.0
#
# The edu driver as a module: its defaults (the card's 28-bit DMA mask,
# MSI), forced INTx, and removal with transfers in flight: rmmod is refused
# while a client holds a channel, unbinding fails the transfers, and the
# card binds again and works afterwards.
. /scenarios/lib.sh

mask_bits=/sys/bus/pci/devices/$EDU_DEV/dma_mask_bits

unload_edu
dmesg -c >/dev/null
modprobe edu_dma || fail "modprobe edu_dma"
[ "$(cat $mask_bits)" = 28 ] ||
	fail "default DMA mask has $(cat $mask_bits) bits, not 28"
dmesg | grep -q "28-bit DMA, MSI interrupt" || fail "defaults: no MSI"
unload_edu

dmesg -c >/dev/null
load_edu use_msi=0
[ "$(cat $mask_bits)" = 40 ] || fail "dma_bits=40 not applied"
dmesg | grep -q "40-bit DMA, INTx interrupt" || fail "use_msi=0: no INTx"
run_dmatest 10
irqs=$(awk '/edu_dma/ { n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; print n }' /proc/interrupts)
echo "INTx interrupts: ${irqs:-none}"
[ "${irqs:-0}" -gt 0 ] || fail "no interrupt counted on the INTx line"
! dmesg | grep -q "nobody cared" || fail "an interrupt was not acknowledged"
unload_edu

load_edu
dmesg -c >/dev/null
modprobe dmatest device=$EDU_DEV max_channels=1 iterations=50 \
	timeout=2000 run=1 || fail "modprobe dmatest"
sleep 1
! rmmod edu_dma 2>/dev/null || fail "rmmod edu_dma succeeded under a client"
echo $EDU_DEV >$EDU_DRV/unbind || fail "unbind with transfers in flight"
cat /sys/module/dmatest/parameters/wait >/dev/null
rmmod dmatest || fail "rmmod dmatest"
summary=$(dmesg | grep 'dmatest: .* summary ')
echo "after unbind: $summary"
echo "$summary" | grep -q ' summary 50 tests, [1-9][0-9]* failures ' ||
	fail "transfers in flight at unbind did not fail"
unload_edu
[ ! -d /sys/module/edu_dma ] || fail "edu_dma still loaded"

load_edu
run_dmatest 10
