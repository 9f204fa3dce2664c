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
echo "Loading the DMA controller and the card's block driver:"
# The card's channels come from the controller's board table (dma_slave_map):
# "tx" is request line 1 of the edu card, "rx" line 2. The controller needs
# 40 address bits to reach the card's BAR above 4 GiB.
edu_params="dma_bits=40 slave_map=0000:00:05.0:tx:1,0000:00:05.0:rx:2"
echo "  modprobe dmacard          (before its controller: it waits)"
modprobe dmacard
echo "  modprobe edu_dma $edu_params"
modprobe edu_dma $edu_params
stats=/sys/kernel/debug/dmacard0/stats
i=0
while [ ! -e $stats ] && [ $i -lt 20 ]; do
	sleep 1
	i=$((i + 1))
done
echo
if [ -e $stats ]; then
	echo "The card is /dev/dmacard0 ($(($(cat /sys/block/dmacard0/size) / 2048)) MiB);" \
		"its channels were found by: $(sed -n 's/^lookup: //p' $stats)"
	echo
	echo "Round trip: 256 KiB of a known pattern written through DMA, read back, compared:"
	i=0
	while [ $i -lt 64 ]; do
		printf 'dmaengine demo, line %02d of a 4 KiB block ......................\n' $i
		i=$((i + 1))
	done >/tmp/block
	cat /tmp/block /tmp/block /tmp/block /tmp/block >/tmp/b16
	cat /tmp/b16 /tmp/b16 /tmp/b16 /tmp/b16 >/tmp/b64
	cat /tmp/b64 /tmp/b64 /tmp/b64 /tmp/b64 >/tmp/pattern
	start=$(date +%s)
	dd if=/tmp/pattern of=/dev/dmacard0 bs=65536 seek=16 conv=fsync 2>/dev/null
	sync
	echo 3 >/proc/sys/vm/drop_caches
	dd if=/dev/dmacard0 of=/tmp/readback bs=65536 skip=16 count=4 2>/dev/null
	took=$(($(date +%s) - start))
	if cmp -s /tmp/pattern /tmp/readback; then
		echo "  verified: $(wc -c </tmp/pattern) bytes, md5 $(md5sum </tmp/pattern | cut -d' ' -f1) both ways"
	else
		echo "  MISMATCH: the card returned other bytes"
	fi
	echo "  driver statistics (guest clock; edu takes 100 ms of virtual time per 4 KiB move):"
	sed 's/^/    /' $stats
	echo "  guest time for the round trip: ${took}s (virtual; the host took a few seconds)"
else
	echo "The card did not bind (no DMA channels?); see dmesg."
fi
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
