# SPDX-License-Identifier: GPL-2.0
#
# edu behind VT-d: dmatest passes through the IOMMU, and unbinding the
# card with MSI transfers in flight makes no DMA the IOMMU refuses. A
# controller must be quiet (nothing in flight, its completion consumed)
# before its interrupt vector is freed: a completion signalled after that
# is a memory write to whatever the freed MSI message says, bus address 0.
. /scenarios/lib.sh

ls /sys/class/iommu/ 2>/dev/null | grep -q . || skip "no IOMMU active"
dmar_faults() {
	dmesg | grep 'DMAR:.*[Ff]ault'
}

load_edu
bits=$(cat /sys/bus/pci/devices/$EDU_DEV/dma_mask_bits)
echo "edu's DMA mask: $bits bits"
[ "$bits" = 28 ] || fail "edu is not at its default 28-bit mask here"
run_dmatest 5

round=1
while [ $round -le 3 ]; do
	load_edu
	dmesg -c >/dev/null
	modprobe dmatest device=$EDU_DEV max_channels=1 iterations=100 \
		timeout=2000 run=1 || fail "modprobe dmatest"
	sleep 1
	echo $EDU_DEV >$EDU_DRV/unbind || fail "unbind with transfers in flight"
	# Unbinding waits for the transfer in flight, so a stray write has
	# happened by now; read the log before dmatest's reports of the
	# failed transfers can push the fault out of it.
	faults=$(dmar_faults)
	cat /sys/module/dmatest/parameters/wait >/dev/null
	rmmod dmatest || fail "rmmod dmatest"
	sleep 1
	faults="$faults$(dmar_faults)"
	[ -z "$faults" ] || fail "round $round: unbind under MSI transfers: $faults"
	unload_edu
	round=$((round + 1))
done
