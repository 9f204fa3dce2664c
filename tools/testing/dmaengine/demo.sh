# SPDX-License-Identifier: GPL-2.0
#
# "make run": what the project's guest has, in a few screens.

echo @@demo-begin
echo "Kernel $(uname -r), $(nproc) CPUs"
echo
echo "PCI devices (vendor:device class driver):"
for d in /sys/bus/pci/devices/*; do
	drv=-
	[ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
	printf '  %s  %s:%s  %s  %s\n' "$(basename "$d")" \
		"$(cut -c3- "$d/vendor")" "$(cut -c3- "$d/device")" \
		"$(cat "$d/class")" "$drv"
done
echo
echo "Loading modules:"
for ko in $(find /lib/modules -name '*.ko'); do
	mod=$(basename "$ko" .ko)
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
if [ -s $summary ]; then
	sed 's/^/  /' $summary
else
	echo "  (empty: no DMA controller driver has registered yet)"
fi
echo @@demo-end
