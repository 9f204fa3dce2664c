# SPDX-License-Identifier: GPL-2.0
# arches: arm64
#
# The card's channels found through the Device Tree on QEMU's arm64 virt
# machine (dt/virt-dma-lookup.dtsi): edu is loaded without a slave_map, so
# only the card's "dmas"/"dma-names" can name its channels. The card loaded
# first waits for its controller; then its "tx" and "rx" sit on edu's
# request lines 1 and 2, a pattern written through the block device reads
# back equal, and the edu driver's DT suite checks the lines and a line edu
# does not have.
. /scenarios/lib.sh

card=0000:00:05.0
blk=/dev/dmacard0
stats=/sys/kernel/debug/dmacard0/stats
summary=/sys/kernel/debug/dmaengine/summary

for dev in $EDU_DEV $card; do
	node=/sys/bus/pci/devices/$dev/of_node
	[ -d $node ] || fail "$dev has no Device Tree node"
	echo "$dev: DT node $(basename "$(readlink $node)")"
done
echo "card dma-names: $(tr '\0' ' ' </sys/bus/pci/devices/$card/of_node/dma-names)"

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
unload_edu
dmesg -c >/dev/null

# The card first: of_dma has no controller for its "dmas" yet.
modprobe dmacard || fail "modprobe dmacard"
[ ! -b $blk ] || fail "the card bound without its DMA controller"
EDU_PARAMS=dma_bits=40
load_edu
[ "$(cat /sys/module/edu_dma/parameters/slave_map)" = "(null)" ] ||
	fail "edu_dma has a slave_map"
wait_card

found=$(dmesg | grep 'found by')
echo "$found"
echo "$found" | grep -q 'found by device tree$' || fail "not found by the DT"
grep -q '^lookup: device tree$' $stats || fail "stats: lookup is not the DT"

# Line N of edu is its channel dmaXchanN.
dma=$(ls /sys/bus/pci/devices/$EDU_DEV/dma | sed -n 's/chan0$//p')
[ -n "$dma" ] || fail "edu has no dmaengine device"
sed -n "/($EDU_DEV)/,/^\$/p" $summary
sed -n "/($EDU_DEV)/,/^\$/p" $summary | grep -Eq "^ ${dma}chan1 +\| $card:tx\$" ||
	fail "tx is not on edu's line 1"
sed -n "/($EDU_DEV)/,/^\$/p" $summary | grep -Eq "^ ${dma}chan2 +\| $card:rx\$" ||
	fail "rx is not on edu's line 2"

# A pattern through the block device: 1 MiB at an odd sector, and a
# small write across a 4 KiB boundary.
roundtrip() {
	dd if=/dev/urandom of=/tmp/w bs=512 count=$2 2>/dev/null
	dd if=/tmp/w of=$blk bs=512 seek=$1 conv=notrunc,fsync 2>/dev/null ||
		fail "write of $2 sectors at $1"
	sync
	echo 3 >/proc/sys/vm/drop_caches
	dd if=$blk of=/tmp/r bs=512 skip=$1 count=$2 2>/dev/null ||
		fail "read of $2 sectors at $1"
	w=$(md5sum </tmp/w)
	r=$(md5sum </tmp/r)
	echo "sectors $1+$2: wrote ${w%% *} read ${r%% *}"
	[ "$w" = "$r" ] || fail "$2 sectors at $1 read back different"
}
roundtrip 1001 2048
roundtrip 7 3
grep -Eq '^errors: 0$' $stats || fail "the card counted errors"
grep -E '^(lookup|mode|commands|bytes|errors):' $stats

# edu's DT lookup itself, with the card's channels free again.
rmmod dmacard || fail "rmmod dmacard"
printf 'edu_dma_of' >/sys/module/kunit/parameters/filter_glob
(kunit_module edu_kunit) >/tmp/ktap
status=$?
printf '*' >/sys/module/kunit/parameters/filter_glob
cat /tmp/ktap
[ $status = 0 ] || exit 1
grep -q 'DT asks for request line 64' /tmp/ktap ||
	fail "edu did not report the missing line"
unload_edu
