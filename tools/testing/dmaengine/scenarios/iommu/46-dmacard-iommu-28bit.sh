# SPDX-License-Identifier: GPL-2.0
#
# edu at its default 28-bit DMA mask (no dma_bits=) behind VT-d: the IOMMU
# gives the card's BAR, which Linux puts above 4 GiB, and every buffer an
# IOVA below 256 MiB. The card is offered two queue pairs (tx/rx and
# tx1/rx1: a board table here, the firmware in card-iommu/, which links
# this file) and binds with both, although its 64 MiB BAR times four
# channels would fill the whole 28-bit IOVA space: the BAR is mapped for
# edu once per bind of the card and unmapped once when it goes, as the DMA
# API's own trace events count. Data move over both queues, and dmatest
# passes at 28 bits.
. /scenarios/lib.sh

ls /sys/class/iommu/ 2>/dev/null | grep -q . || skip "no IOMMU active"

card=$CARD_DEV
cdrv=/sys/bus/pci/drivers/dmacard
tr=/sys/kernel/tracing
[ -e $tr/trace ] || mount -t tracefs tracefs $tr || fail "mount tracefs"
ev=$tr/events/dma
[ -d $ev/dma_map_resource ] || skip "no dma trace events in this kernel"

# calls EVENT: dma_map_resource or dma_unmap_resource calls on edu so far.
calls() {
	grep -c " $1: $EDU_DEV " $tr/trace
}

expect_calls() {
	maps=$(calls dma_map_resource)
	unmaps=$(calls dma_unmap_resource)
	echo "$3: $maps map(s), $unmaps unmap(s) of the card's BAR for edu"
	[ "$maps" = $1 ] && [ "$unmaps" = $2 ] ||
		fail "$3: $maps map(s) and $unmaps unmap(s), not $1 and $2"
}

rmmod dmacard 2>/dev/null
unload_edu
EDU_PARAMS="slave_map=$card:tx:1,$card:rx:2,$card:tx1:3,$card:rx1:0" load_edu
bits=$(cat /sys/bus/pci/devices/$EDU_DEV/dma_mask_bits)
[ "$bits" = 28 ] || fail "edu's DMA mask has $bits bits, not its default 28"
run_dmatest 10

echo 0 >$tr/tracing_on
echo >$tr/trace
echo 1 >$ev/dma_map_resource/enable
echo 1 >$ev/dma_unmap_resource/enable
echo 1 >$tr/tracing_on

dmesg -c >/dev/null
modprobe dmacard || fail "modprobe dmacard"
[ -e $CARD_STATS ] ||
	fail "the card did not bind at edu's 28-bit mask: $(dmesg | grep dmacard | tail -n 3)"
grep "^lookup\|^hw_queues\|^queue" $CARD_STATS
grep -q "^hw_queues: 2" $CARD_STATS || fail "two queue pairs offered, not two queues"
expect_calls 1 0 "bound"
iova=$(sed -n "s/.* dma_map_resource: $EDU_DEV .*dma_addr=\([0-9a-f]*\) .*/\1/p" \
	$tr/trace)
[ -n "$iova" ] || fail "no IOVA in the trace of the card's mapping"
[ $((0x$iova >> 28)) = 0 ] || fail "the card's BAR is at $iova for edu, beyond 28 bits"

# both_cpus CMD: CMD on CPU 0 and on CPU 1 at once, $cpu saying which;
# blk-mq maps each CPU to a queue of its own. Fails unless both succeed.
export CARD_BLK
both_cpus() {
	taskset 1 sh -c "cpu=0; $1" &
	first=$!
	taskset 2 sh -c "cpu=1; $1" || fail "CPU 1: $1"
	wait $first || fail "CPU 0: $1"
}
dd if=/dev/urandom of=/tmp/w0 bs=4096 count=8 2>/dev/null
dd if=/dev/urandom of=/tmp/w1 bs=4096 count=8 2>/dev/null
both_cpus 'dd if=/tmp/w$cpu of=$CARD_BLK bs=4096 seek=$((64 + cpu * 8)) \
	conv=notrunc,fsync 2>/dev/null'
echo 3 >/proc/sys/vm/drop_caches
both_cpus 'dd if=$CARD_BLK of=/tmp/r$cpu bs=4096 skip=$((64 + cpu * 8)) \
	count=8 2>/dev/null'
both_cpus 'cmp -s /tmp/w$cpu /tmp/r$cpu'
grep "^queue" $CARD_STATS
grep -q "^queue1: tx1 [^ ]* [1-9][0-9]*, rx1 [^ ]* [1-9]" $CARD_STATS ||
	fail "queue 1 carried no I/O"

echo $card >$cdrv/unbind || fail "unbind the card"
expect_calls 1 1 "unbound"
echo $card >$cdrv/bind || fail "bind the card again"
wait_card
expect_calls 2 1 "bound again"
rmmod dmacard || fail "rmmod dmacard"
expect_calls 2 2 "unloaded"

echo 0 >$ev/dma_map_resource/enable
echo 0 >$ev/dma_unmap_resource/enable
echo >$tr/trace
unload_edu
