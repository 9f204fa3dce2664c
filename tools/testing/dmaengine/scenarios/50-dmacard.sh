# SPDX-License-Identifier: GPL-2.0
#
# The memory card (ivshmem) as a block device whose bytes move over edu's
# slave channels, found through the edu driver's dma_slave_map: the card
# loaded before its controller waits for it; data written at random
# offsets and sizes, across edu's 4 KiB chunks, reads back equal; DMA and
# CPU-copy modes see the same bytes; the data survive unbinding the card;
# unbinding the controller under I/O fails that I/O without a hang, and the
# card works again once both are bound.
. /scenarios/lib.sh

card=$CARD_DEV
cdrv=/sys/bus/pci/drivers/dmacard
blk=$CARD_BLK
stats=$CARD_STATS

load_card() {
	modprobe dmacard "$@" || fail "modprobe dmacard $*"
	wait_card
}

unload_card() {
	grep -q '^dmacard ' /proc/modules || return 0
	rmmod dmacard || fail "rmmod dmacard"
}

drop_cache() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

# write_read SECTOR COUNT: random data there, read back from the card.
write_read() {
	dd if=/dev/urandom of=/tmp/w bs=512 count=$2 2>/dev/null
	dd if=/tmp/w of=$blk bs=512 seek=$1 conv=notrunc,fsync 2>/dev/null ||
		fail "write of $2 sectors at $1"
	drop_cache
	dd if=$blk of=/tmp/r bs=512 skip=$1 count=$2 2>/dev/null ||
		fail "read of $2 sectors at $1"
	cmp -s /tmp/w /tmp/r || fail "$2 sectors at $1 read back different"
}

# Card first: its probe defers until the controller's channels exist.
unload_card
unload_edu
modprobe dmacard || fail "modprobe dmacard"
[ ! -b $blk ] || fail "the card bound without its DMA controller"
# Deferred, and saying why (whatever the core answers: on Linux 6.12's,
# -ENODEV, since the q35 slot's ACPI object names no DMA).
grep "^$card" /sys/kernel/debug/devices_deferred
grep "^$card" /sys/kernel/debug/devices_deferred |
	grep -q 'waiting for its DMA controller' ||
	fail "the card's probe is not deferred waiting for its controller"
load_edu
load_card
grep "^lookup:" $stats
grep -q "^lookup: slave map" $stats || fail "channels not found by the slave map"
grep -q "^mode: dma" $stats || fail "not in DMA mode"

sectors=$(cat /sys/block/dmacard0/size)
[ "$sectors" = 131072 ] || fail "capacity $sectors sectors, not 64 MiB"
for spec in "0 1" "7 2" "15 3" "4095 130" "$((sectors - 8)) 8"; do
	write_read $spec
done
n=0
while [ $n -lt 12 ]; do
	count=$((RANDOM % 129 + 1))
	write_read $(((RANDOM * 32768 + RANDOM) % (sectors - count))) $count
	n=$((n + 1))
done
! dd if=/dev/zero of=$blk bs=512 seek=$sectors count=1 conv=notrunc,fsync \
	2>/dev/null || fail "a write past the card's end succeeded"
cat $stats

# A file system on the card: files written, read back after a remount,
# and a clean fsck. No journal: it would only add 4 MiB of zeroes to move
# at edu's pace.
# e2fsprogs' own programs (harness GUEST_TOOLS), not busybox's applets.
mke2fs=/usr/sbin/mke2fs
e2fsck=/usr/sbin/e2fsck
[ -x $mke2fs ] && [ -x $e2fsck ] || fail "no e2fsprogs in the guest"
$mke2fs -q -F -t ext4 -O ^has_journal -E nodiscard $blk ||
	fail "mke2fs on $blk"
mkdir -p /mnt
mount -t ext4 $blk /mnt || fail "mount"
mkdir /mnt/files
cp /bin/busybox $mke2fs /scenarios/*.sh /mnt/files/ || fail "copy"
(cd /mnt/files && md5sum *) >/tmp/sums
umount /mnt || fail "umount"
drop_cache
mount -t ext4 $blk /mnt || fail "mount again"
(cd /mnt/files && md5sum -c -s /tmp/sums) || fail "files differ after remount"
echo "ext4: $(wc -l </tmp/sums) files read back equal after a remount"
umount /mnt || fail "umount again"
$e2fsck -f -n $blk || fail "e2fsck found errors"

# The same bytes whichever way they moved.
dd if=/dev/urandom of=/tmp/w bs=4096 count=64 2>/dev/null
dd if=/tmp/w of=$blk bs=4096 seek=100 conv=notrunc,fsync 2>/dev/null
unload_card
load_card cpu_copy=1
grep -q "^mode: cpu" $stats || fail "cpu_copy=1 not in CPU mode"
dd if=$blk of=/tmp/r bs=4096 skip=100 count=64 2>/dev/null
cmp -s /tmp/w /tmp/r || fail "CPU copies read other bytes than DMA wrote"
dd if=/dev/urandom of=/tmp/w bs=4096 count=64 2>/dev/null
dd if=/tmp/w of=$blk bs=4096 seek=300 conv=notrunc,fsync 2>/dev/null
unload_card
load_card
dd if=$blk of=/tmp/r bs=4096 skip=300 count=64 2>/dev/null
cmp -s /tmp/w /tmp/r || fail "DMA read other bytes than CPU copies wrote"

# Unbind and bind the card: what it holds stays.
echo $card >$cdrv/unbind || fail "unbind the card"
[ ! -b $blk ] || fail "$blk still there after unbind"
echo $card >$cdrv/bind || fail "bind the card"
wait_card
drop_cache
dd if=$blk of=/tmp/r bs=4096 skip=300 count=64 2>/dev/null
cmp -s /tmp/w /tmp/r || fail "data lost across unbind/bind"

# The controller goes away under I/O: that I/O fails, nothing hangs.
# Not on Linux 6.12's core: it frees the channels' devices at the
# provider's unregister although the card still holds the channels, and
# the card's dma_release_channel() then removes its sysfs link from a
# freed device (KASAN in sysfs_remove_link).
if our_core; then
	dd if=/dev/zero of=$blk bs=65536 count=256 conv=fsync 2>/dev/null &
	writer=$!
	sleep 1
	echo $EDU_DEV >$EDU_DRV/unbind || fail "unbind edu under I/O"
	wait $writer && echo "writer finished before the unbind took effect"
	echo $EDU_DEV >$EDU_DRV/bind || fail "bind edu again"
	echo $card >$cdrv/unbind || fail "unbind the card"
	echo $card >$cdrv/bind || fail "bind the card"
	wait_card
	write_read 2048 64
else
	echo "controller removal under I/O left out: Linux 6.12's core frees held channels' devices"
fi
cat $stats
unload_card

# A board table offering "tx1"/"rx1" too gives the card a second hardware
# queue; blk-mq maps each of the two CPUs to one, so I/O issued from each
# CPU moves over that queue's own channels.
unload_edu
EDU_PARAMS="$EDU_PARAMS,$card:tx1:3,$card:rx1:0" load_edu
load_card
grep "^hw_queues\|^queue" $stats
grep -q "^hw_queues: 2" $stats || fail "the second channel pair gave no queue"
grep -q "^queue1: tx1 dma0chan3 .*, rx1 dma0chan0 " $stats ||
	fail "queue 1 is not on tx1/rx1"
for cpu in 1 2; do
	dd if=/dev/urandom of=/tmp/w bs=4096 count=8 2>/dev/null
	taskset $cpu dd if=/tmp/w of=$blk bs=4096 seek=$((500 + cpu * 8)) \
		conv=notrunc,fsync 2>/dev/null || fail "write from CPU mask $cpu"
	drop_cache
	taskset $cpu dd if=$blk of=/tmp/r bs=4096 skip=$((500 + cpu * 8)) \
		count=8 2>/dev/null || fail "read from CPU mask $cpu"
	cmp -s /tmp/w /tmp/r || fail "queue of CPU mask $cpu read back other bytes"
done
grep "^queue" $stats
grep -q "^queue1: tx1 dma0chan3 [1-9][0-9]*, rx1 dma0chan0 [1-9]" $stats ||
	fail "queue 1 carried no I/O"
unload_card
