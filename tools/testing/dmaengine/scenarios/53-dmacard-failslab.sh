# SPDX-License-Identifier: GPL-2.0
#
# A transient allocation failure in the controller's prep (edu allocates
# its descriptors with GFP_NOWAIT) is a shortage, not an I/O error: with
# failslab failing a third of the non-sleeping allocations of the tasks
# doing the I/O, ext4 on the card stays writable, reports no error, and
# the data read back equal.
. /scenarios/lib.sh

blk=$CARD_BLK
stats=$CARD_STATS
fs=/sys/kernel/debug/failslab

[ -d $fs ] || skip "no $fs (CONFIG_FAILSLAB, CONFIG_FAULT_INJECTION_DEBUG_FS)"

# faulty CMD...: CMD with failslab armed for it (and only it).
faulty() {
	sh -c 'echo 1 >/proc/self/make-it-fail && exec "$@"' faulty "$@"
}

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
load_edu
modprobe dmacard || fail "modprobe dmacard"
wait_card

/usr/sbin/mke2fs -q -F -t ext4 -O ^has_journal -E nodiscard $blk ||
	fail "mke2fs on $blk"
mkdir -p /mnt
mount -t ext4 $blk /mnt || fail "mount"
dd if=/dev/urandom of=/tmp/w bs=4096 count=32 2>/dev/null
dmesg -c >/dev/null

echo Y >$fs/task-filter
echo Y >$fs/ignore-gfp-wait
echo 0 >$fs/verbose
echo 0 >$fs/space
echo 1 >$fs/interval
echo -1 >$fs/times
echo 33 >$fs/probability

faulty dd if=/tmp/w of=/mnt/file bs=4096 conv=fsync 2>/tmp/err ||
	{ cat /tmp/err; fail "a write error reached the file system"; }
faulty dd if=/tmp/w of=$blk bs=4096 seek=12000 oflag=direct conv=notrunc \
	2>/tmp/err || { cat /tmp/err; fail "a direct write failed"; }
echo 3 >/proc/sys/vm/drop_caches
faulty dd if=/mnt/file of=/tmp/r bs=4096 2>/tmp/err ||
	{ cat /tmp/err; fail "a read error reached the file system"; }
faulty dd if=$blk of=/tmp/r2 bs=4096 skip=12000 count=32 iflag=direct \
	2>/tmp/err || { cat /tmp/err; fail "a direct read failed"; }

echo 0 >$fs/probability
echo N >$fs/task-filter

cat $stats
log=$(dmesg -c)
echo "$log" | grep -i 'error' && fail "errors logged"
grep ' /mnt ' /proc/mounts
grep ' /mnt ' /proc/mounts | grep -q ' rw[ ,]' || fail "ext4 is not writable"
cmp -s /tmp/w /tmp/r || fail "the file read back different"
cmp -s /tmp/w /tmp/r2 || fail "the direct blocks read back different"
grep -q '^errors: 0$' $stats || fail "the card counted errors"
grep -q '^retried: [1-9]' $stats || fail "no shortage was met (nothing retried)"
umount /mnt || fail "umount"
/usr/sbin/e2fsck -f -n $blk || fail "e2fsck found errors"
rmmod dmacard || fail "rmmod dmacard"
