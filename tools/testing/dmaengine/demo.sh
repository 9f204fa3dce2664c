# SPDX-License-Identifier: GPL-2.0
#
# "make run": what the project's guest has, in a few screens.

# Kernel messages would interleave with the demo's own lines.
dmesg -n 1

echo @@demo-begin
echo "Kernel $(uname -r), $(nproc) CPUs"
echo
role() {
	case $1 in
	1234:11e8) echo "edu: the DMA controller" ;;
	1af4:1110) echo "ivshmem-plain: the memory card" ;;
	*)         echo "" ;;
	esac
}

echo "PCI devices (slot, vendor:device, class, bound driver):"
for d in /sys/bus/pci/devices/*; do
	drv=-
	[ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
	id=$(cut -c3- "$d/vendor"):$(cut -c3- "$d/device")
	printf '  %s  %s  %s  %-8s %s\n' "$(basename "$d")" "$id" \
		"$(cat "$d/class")" "$drv" "$(role "$id")"
done
echo
echo "Loading the DMA and block modules:"
for ko in $(find /lib/modules/*/kernel/drivers/dma \
		 /lib/modules/*/kernel/drivers/block -name '*.ko' 2>/dev/null); do
	mod=$(basename "$ko" .ko)
	# Test modules are for make check, not for the demo.
	case $mod in
	*kunit*|*test_provider*) continue ;;
	esac
	if modprobe "$mod" 2>/dev/null; then
		echo "  $mod"
	else
		echo "  $mod (failed to load)"
	fi
done
echo
echo "DMA channels in /sys/class/dma:"
ls /sys/class/dma 2>/dev/null | sed 's/^/  /'
[ -n "$(ls /sys/class/dma 2>/dev/null)" ] || echo "  (none registered)"
echo
echo "dmaengine debugfs summary:"
summary=/sys/kernel/debug/dmaengine/summary
# debugfs files report size 0, so look at the content itself.
if [ -n "$(cat $summary 2>/dev/null)" ]; then
	sed 's/^/  /' $summary
else
	echo "  (empty: no DMA controller driver has registered yet)"
fi
echo @@demo-end
