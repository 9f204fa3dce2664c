# SPDX-License-Identifier: GPL-2.0
#
# fail-nth over the card's I/O path: a direct write, then a direct read,
# of 8 blocks of 4 KiB (one request each) fail the N-th allocation made
# with the card's code on the stack (edu's descriptor for the request,
# GFP_NOWAIT, in the writer's own context) for N = 1 .. 10. Each failure
# is a shortage, not an I/O error: the card sends the request again (its
# "retried" count grows), dd succeeds and the data read back equal.
. /scenarios/lib.sh

stats=$CARD_STATS

# io_sweep LABEL CHECK DD_ARGS...: the dd with its N-th counted call
# failing, for N = 1 .. 10 (the 8 requests and two more: past the last
# one the dd runs clean), the shell test CHECK holding after every pass.
# edu's GFP_NOWAIT is __GFP_NOWARN, so no "forcing a failure" line tells
# the failure was injected: a request retried does. Prints the count.
io_sweep() {
	io_label=$1 io_check=$2
	shift 2
	io_hits=0
	for n in $(seq 1 10); do
		before=$(sed -n 's/^retried: //p' $stats)
		sh -c 'echo $0 >/proc/self/fail-nth && exec dd "$@" 2>/tmp/io-err' \
			$n "$@" || { cat /tmp/io-err; fail "$io_label: dd failed with the failure at n=$n"; }
		eval "$io_check" || fail "$io_label: data differ after the failure at n=$n"
		after=$(sed -n 's/^retried: //p' $stats)
		[ "$after" -gt "$before" ] && io_hits=$((io_hits + 1))
	done
	echo "$io_label: 10 passes, $io_hits with a failure injected, each retried"
	[ $io_hits -gt 0 ] || fail "$io_label: no failure could be injected"
}

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
load_edu
modprobe dmacard || fail "modprobe dmacard"
wait_card
fi_arm dmacard
# Without an I/O scheduler blk-mq issues each request in the submitter's
# context, where fail-nth counts; a scheduler's run is kblockd's.
echo none >/sys/block/dmacard0/queue/scheduler || fail "cannot drop the I/O scheduler"

dd if=/dev/urandom of=/tmp/w bs=4096 count=8 2>/dev/null
io_sweep "direct write" : if=/tmp/w of=$CARD_BLK bs=4096 seek=6000 oflag=direct
# The last pass, unfailed, wrote the data; each earlier one too, retried.
dd if=$CARD_BLK of=/tmp/r bs=4096 skip=6000 count=8 iflag=direct 2>/dev/null ||
	fail "read back"
cmp -s /tmp/w /tmp/r || fail "the blocks written read back different"
io_sweep "direct read" "cmp -s /tmp/w /tmp/r" if=$CARD_BLK of=/tmp/r bs=4096 skip=6000 count=8 iflag=direct

fi_disarm
cat $stats
grep -q '^errors: 0$' $stats || fail "the card counted errors"
! dmesg | grep -i 'dmacard.*error' || fail "errors logged"
rmmod dmacard || fail "rmmod dmacard"
unload_edu
