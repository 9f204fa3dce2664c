# SPDX-License-Identifier: GPL-2.0
# arches: arm64
#
# Upstream's md raid456 (an async_tx client) over four 4 MiB RAM disks
# (brd), the array assembled through md's sysfs as mdadm would (busybox
# has no mdadm): RAID6, no superblock, 64 KiB chunks. After the initial
# resync, 4 MiB written through the array read back equal, and md's own
# "check" of every stripe's P and Q finds no mismatch. raid456 copies the
# written pages into its stripe cache with async_memcpy: a kprobe on the
# ZynqMP provider's prep_dma_memcpy counts at least one DMA copy per page.
. /scenarios/lib.sh

modprobe brd rd_nr=4 rd_size=4096 || fail "modprobe brd"
modprobe raid456 || fail "modprobe raid456"
echo 100000 >/proc/sys/dev/raid/speed_limit_min
echo md0 >/sys/module/md_mod/parameters/new_array || fail "new_array md0"
md=/sys/block/md0/md
echo none >$md/metadata_version || fail "metadata_version"
echo raid6 >$md/level || fail "level"
echo 2 >$md/layout || fail "layout"
echo 65536 >$md/chunk_size || fail "chunk_size"
echo 4 >$md/raid_disks || fail "raid_disks"
for i in 0 1 2 3; do
	cat /sys/block/ram$i/dev >$md/new_dev || fail "new_dev ram$i"
	echo $i >$md/dev-ram$i/slot || fail "slot of ram$i"
	echo 4096 >$md/dev-ram$i/size || fail "size of ram$i"
done
echo 4096 >$md/component_size || fail "component_size"
echo active >$md/array_state || fail "array_state active"
cat /proc/mdstat

# wait_idle WHAT: md's sync_action back to idle within 120 s.
wait_idle() {
	i=0
	while [ "$(cat $md/sync_action)" != idle ] && [ $i -lt 120 ]; do
		sleep 1
		i=$((i + 1))
	done
	[ "$(cat $md/sync_action)" = idle ] || fail "$1 did not finish"
	echo "$1 done after ${i} s"
}
wait_idle resync

dd if=/dev/urandom of=/tmp/w bs=1024 count=4096 2>/dev/null
kprobe_on zcopy zynqmp_dma_prep_memcpy 'chan=$arg1:x64' 'len=$arg4:u64'
dd if=/tmp/w of=/dev/md0 bs=1024 count=4096 conv=fsync 2>/dev/null ||
	fail "write to md0"
copies=$(kprobe_hits zcopy)
per=$(kprobe_per zcopy chan)
kprobe_off zcopy
echo 3 >/proc/sys/vm/drop_caches
dd if=/dev/md0 of=/tmp/r bs=1024 count=4096 2>/dev/null || fail "read md0"
w=$(md5sum </tmp/w)
r=$(md5sum </tmp/r)
echo "4 MiB through md0: wrote ${w%% *} read ${r%% *}"
[ "$w" = "$r" ] || fail "md0 read back different data"
echo "zynqmp_dma_prep_memcpy calls for the 1024 pages written: $copies, per channel:"
echo "$per"
[ "${copies:-0}" -ge 1024 ] || fail "fewer DMA copies than pages written"

echo check >$md/sync_action || fail "sync_action check"
wait_idle check
mismatch=$(cat $md/mismatch_cnt)
echo "mismatch_cnt: $mismatch"
[ "$mismatch" = 0 ] || fail "md check found $mismatch mismatched sectors"

echo clear >$md/array_state || fail "stop md0"
rmmod raid456 brd || fail "rmmod raid456 brd"
