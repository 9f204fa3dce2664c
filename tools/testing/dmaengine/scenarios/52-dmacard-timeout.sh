# SPDX-License-Identifier: GPL-2.0
#
# The card's timeout handling on a controller that loses an interrupt:
# edu ignores one completion interrupt and its own watchdog waits longer
# than the card's io_timeout, so a request times out while writers and a
# reader keep many requests in flight on both channels. Every request
# timed out or pushed off its channel is sent again: no I/O error, the
# data read back equal, and (KASAN, lockdep) the console stays clean.
. /scenarios/lib.sh

blk=$CARD_BLK
stats=$CARD_STATS
hook=/sys/module/dmacard_lose_irq/parameters/count

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
unload_edu
load_edu watchdog_ms=8000
modprobe dmacard || fail "modprobe dmacard"
wait_card
modprobe dmacard_lose_irq ||
	skip "no dmacard_lose_irq module (edu's test hook needs KUnit)"

# What the reader will find: written before the trouble starts.
dd if=/dev/urandom of=/tmp/old bs=4096 count=16 2>/dev/null
dd if=/tmp/old of=$blk bs=4096 seek=2000 conv=notrunc,fsync 2>/dev/null ||
	fail "seeding the reader's region"
dd if=/dev/urandom of=/tmp/pat bs=4096 count=36 2>/dev/null

echo 3000 >/sys/block/dmacard0/queue/io_timeout || fail "set io_timeout"
pids=
for i in 0 1 2; do
	dd if=/tmp/pat of=$blk bs=4096 skip=$((i * 12)) seek=$((1000 + i * 12)) \
		count=12 oflag=direct conv=notrunc 2>/tmp/werr$i &
	pids="$pids $!"
done
dd if=$blk of=/tmp/rd bs=4096 skip=2000 count=16 iflag=direct 2>/tmp/rerr &
reader=$!
sleep 1
echo 1 >$hook || fail "arming the lost interrupt"

n=0
for p in $pids; do
	wait $p || { cat /tmp/werr$n; fail "writer $n got an error"; }
	n=$((n + 1))
done
wait $reader || { cat /tmp/rerr; fail "the reader got an error"; }
echo 0 >$hook

cat $stats
grep -q '^timeouts: [1-9]' $stats || fail "no request timed out"
grep -q '^errors: 0$' $stats || fail "the card counted errors"
cmp -s /tmp/old /tmp/rd || fail "the reader read other bytes than were there"
echo 3 >/proc/sys/vm/drop_caches
dd if=$blk of=/tmp/back bs=4096 skip=1000 count=36 iflag=direct 2>/dev/null ||
	fail "read back"
cmp -s /tmp/pat /tmp/back || fail "the writers' data read back different"
echo "36 blocks written and 16 read across a lost interrupt, all equal"

rmmod dmacard_lose_irq || fail "rmmod dmacard_lose_irq"
rmmod dmacard || fail "rmmod dmacard"
unload_edu
