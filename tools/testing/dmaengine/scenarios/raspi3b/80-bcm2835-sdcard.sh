# SPDX-License-Identifier: GPL-2.0
# arches: arm64
#
# Upstream's BCM2835 DMA provider (drivers/dma/bcm2835-dma.c) and its
# slave client, the sdhost MMC driver (drivers/mmc/host/bcm2835.c), both
# built in and unmodified, on QEMU's raspi3b with the in-tree
# bcm2837-rpi-3-b.dtb. sdhost asks the DT for its "rx-tx" channel; its
# multi-block transfers go by DMA. On the ext4 the harness put on the SD
# card, files written, unmounted, read back after the caches are dropped,
# compare equal by MD5; the harness runs e2fsck -fn on the card once the
# guest is gone (host-e2fsck-sdcard). A kprobe on the provider's
# prep_slave_sg counts the transfers each way.
. /scenarios/lib.sh

blk=/dev/mmcblk0
summary=/sys/kernel/debug/dmaengine/summary
i=0
while [ ! -b $blk ] && [ $i -lt 20 ]; do
	sleep 1
	i=$((i + 1))
done
[ -b $blk ] || fail "no SD card: $(ls /sys/class/mmc_host 2>&1)"
echo "$blk: $(cat /sys/block/mmcblk0/size) sectors"

# The dmaengine summary: the sdhost device holds its "rx-tx" channel.
grep -B1 -A12 '^dma[0-9]* (3f007000' $summary | sed '/^$/q'
held=$(grep -E '^ dma[0-9]+chan[0-9]+ +\| 3f202000\.mmc:rx-tx$' $summary)
[ -n "$held" ] || fail "3f202000.mmc holds no rx-tx channel"
echo "held:$held"

# dir is enum dma_transfer_direction: 1 to the card, 2 from it.
kprobe_on sdprep bcm2835_dma_prep_slave_sg 'dir=$arg4:u32'
mnt=/tmp/mnt
mkdir -p $mnt
mount -t ext4 $blk $mnt || fail "mount ext4 from the SD card"
mkdir $mnt/dir
dd if=/dev/urandom of=$mnt/big bs=1024 count=4096 2>/dev/null || fail "write big"
dd if=/dev/urandom of=$mnt/dir/mid bs=1024 count=333 2>/dev/null || fail "write mid"
dd if=/dev/urandom of=$mnt/small bs=1 count=1000 2>/dev/null || fail "write small"
(cd $mnt && md5sum big dir/mid small) >/tmp/sums
cat /tmp/sums
umount $mnt || fail "umount"
echo 3 >/proc/sys/vm/drop_caches
mount -t ext4 $blk $mnt || fail "mount again"
(cd $mnt && md5sum -c /tmp/sums) || fail "files read back different"
umount $mnt || fail "umount again"
sync
hits=$(kprobe_hits sdprep)
per=$(kprobe_per sdprep dir)
kprobe_off sdprep
echo "bcm2835_dma_prep_slave_sg calls: $hits (count, direction):"
echo "$per"
to=$(echo "$per" | awk '$2 == 1 { print $1 }')
from=$(echo "$per" | awk '$2 == 2 { print $1 }')
[ "${to:-0}" -gt 0 ] || fail "no DMA transfer to the card"
[ "${from:-0}" -gt 0 ] || fail "no DMA transfer from the card"
