# SPDX-License-Identifier: GPL-2.0
#
# The memory card's channels found through ACPI: this guest boots with
# acpi/card/ssdt-dmacard.asl, which gives the card's slot FixedDMA
# resources and _DSD dma-names, and edu_dma is loaded without a board
# table. Whatever the load order, the card binds, says it used ACPI, and
# moves data over edu's request lines 2 (rx) and 1 (tx); tx1/rx1 (lines 3
# and 0) make a second hardware queue, and the card does not bind while
# one of them cannot be had.
. /scenarios/lib.sh

card=$CARD_DEV
blk=$CARD_BLK
summary=/sys/kernel/debug/dmaengine/summary
EDU_PARAMS="$EDU_MASK"

[ -e /sys/bus/pci/devices/$card/firmware_node ] ||
	skip "the card has no ACPI companion (not a q35 guest?)"

unload_edu
modprobe dmacard || fail "modprobe dmacard"
[ ! -b $blk ] || fail "the card bound without its DMA controller"
load_edu
wait_card

grep "^lookup:" $CARD_STATS
grep -q "^lookup: acpi" $CARD_STATS || fail "channels not found through ACPI"
grep "$card:" $summary
grep -q "dma0chan1 .*$card:tx" $summary || fail "tx is not edu line 1"
grep -q "dma0chan2 .*$card:rx" $summary || fail "rx is not edu line 2"
grep -q "^hw_queues: 2" $CARD_STATS || fail "tx1/rx1 gave no second queue"
grep -q "dma0chan3 .*$card:tx1" $summary || fail "tx1 is not edu line 3"
grep -q "dma0chan0 .*$card:rx1" $summary || fail "rx1 is not edu line 0"

dd if=/dev/urandom of=/tmp/w bs=4096 count=16 2>/dev/null
dd if=/tmp/w of=$blk bs=4096 seek=10 conv=notrunc,fsync 2>/dev/null ||
	fail "write"
sync
echo 3 >/proc/sys/vm/drop_caches
dd if=$blk of=/tmp/r bs=4096 skip=10 count=16 2>/dev/null || fail "read"
cmp -s /tmp/w /tmp/r || fail "data read back differ"
echo "verified: $(md5sum </tmp/w | cut -d' ' -f1) both ways over ACPI-named channels"

rmmod dmacard || fail "rmmod dmacard"
unload_edu

# A further pair the firmware names must work: edu with three channels has
# no line 3, so "tx1" cannot be had, and the card must not bind with one
# queue. The channels it took for tx/rx go back: edu unloads.
load_edu nr_channels=3
modprobe dmacard || fail "modprobe dmacard"
sleep 1
[ ! -b $blk ] || fail "the card bound although its firmware-named tx1 is missing"
rmmod dmacard || fail "rmmod dmacard"
unload_edu
