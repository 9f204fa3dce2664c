# SPDX-License-Identifier: GPL-2.0
#
# Every error path of edu's probe, through its fail_probe_at test hook:
# allocation, interrupt, DMA registration, and the of_dma and acpi_dma
# registrations that come after the DMA device is registered. Each failed
# probe must leave the card unbound, no channel in sysfs and the module
# unloadable; the console check catches a double free (KASAN), the final
# KMEMLEAK scan a leak. Then the card binds and works as usual.
. /scenarios/lib.sh

unload_edu
for step in 1 2 3 4 5; do
	dmesg -c >/dev/null
	modprobe edu_dma $EDU_PARAMS fail_probe_at=$step ||
		fail "modprobe edu_dma fail_probe_at=$step"
	[ ! -e $EDU_DRV/$EDU_DEV ] || fail "step $step: bound despite the failure"
	dmesg | grep -q "probe .* failed with error -12" ||
		fail "step $step: no probe failure logged"
	[ ! -e /sys/bus/pci/devices/$EDU_DEV/dma ] ||
		fail "step $step: channels left in sysfs: $(ls /sys/bus/pci/devices/$EDU_DEV/dma)"
	# What a failed probe left to run (a deferred free) runs now.
	sleep 1
	rmmod edu_dma || fail "step $step: rmmod edu_dma"
	echo "step $step: probe failed cleanly"
done

load_edu
run_dmatest 5
unload_edu
