# SPDX-License-Identifier: GPL-2.0
#
# Helpers for guest scenarios; source with ". /scenarios/lib.sh".
# A scenario exits 0 for pass, 77 for skip (reason in /tmp/skip-reason),
# anything else for fail.

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*" >/tmp/skip-reason
	exit 77
}

# kunit_module MODULE|FILE.ko [PARAM=VALUE ...]
# Loads a KUnit test module, prints the KTAP its suites logged between
# markers for the harness, then unloads it.
kunit_module() {
	mod=$1
	shift
	dmesg -c >/dev/null
	case $mod in
	*.ko) insmod "$mod" "$@" ;;
	*)    modprobe "$mod" "$@" ;;
	esac || fail "cannot load $mod"
	echo "@@ktap-begin $mod $*"
	dmesg -c | sed -n '/KTAP version/,$p'
	echo "@@ktap-end $mod"
	name=$(basename "$mod" .ko)
	rmmod "$name" || fail "cannot unload $name"
}

# The edu controller (edu_dma.ko) with what the test machine needs: a
# 40-bit DMA mask, since Linux puts the ivshmem card's BAR above 4 GiB,
# and the card's "tx" and "rx" channels in the board table. Extra module parameters
# may be given. Does nothing when the module is already loaded.
# A variant whose kernel.args say edu_dma_bits= (init gets it in its
# environment) loads edu with that mask instead, or, when it is empty,
# at edu's own 28-bit default: behind an IOMMU the card's BAR and every
# buffer get IOVAs below it.
EDU_DEV=0000:00:04.0
EDU_DRV=/sys/bus/pci/drivers/edu_dma
EDU_MASK=${edu_dma_bits-40}
EDU_MASK=${EDU_MASK:+dma_bits=$EDU_MASK}
EDU_PARAMS="$EDU_MASK slave_map=0000:00:05.0:tx:1,0000:00:05.0:rx:2"

load_edu() {
	grep -q '^edu_dma ' /proc/modules && return 0
	modprobe edu_dma $EDU_PARAMS "$@" || fail "modprobe edu_dma $*"
	[ -e $EDU_DRV/$EDU_DEV ] || fail "edu_dma did not bind $EDU_DEV"
}

unload_edu() {
	grep -q '^edu_dma ' /proc/modules || return 0
	rmmod edu_dma || fail "rmmod edu_dma"
}

# run_dmatest ITERATIONS: upstream's dmatest on one edu memcpy channel;
# fails unless its summary reports ITERATIONS tests and no failure.
run_dmatest() {
	dmesg -c >/dev/null
	modprobe dmatest device=$EDU_DEV max_channels=1 iterations=$1 \
		timeout=10000 run=1 || fail "modprobe dmatest"
	cat /sys/module/dmatest/parameters/wait >/dev/null
	rmmod dmatest || fail "rmmod dmatest"
	log=$(dmesg -c)
	summary=$(echo "$log" | grep 'dmatest: .* summary ')
	echo "$summary"
	[ -n "$summary" ] || fail "no dmatest summary"
	echo "$summary" | grep -q " summary $1 tests, 0 failures " ||
		fail "dmatest reported failures"
	! echo "$log" | grep -q 'dmatest: .*result' ||
		fail "dmatest reported a bad result"
}

# The memory card (ivshmem) that dmacard drives, its disk and statistics.
CARD_DEV=0000:00:05.0
CARD_BLK=/dev/dmacard0
CARD_STATS=/sys/kernel/debug/dmacard0/stats

# wait_card: the card's probe may run later (deferred); waits for the
# statistics it publishes last (its sysfs link and disk come earlier).
wait_card() {
	i=0
	while [ ! -e $CARD_STATS ] && [ $i -lt 20 ]; do
		sleep 1
		i=$((i + 1))
	done
	[ -e $CARD_STATS ] && [ -b $CARD_BLK ] || fail "the card did not bind"
}

# --- Hot-unplug (scenarios/hotplug/, scenarios/hotplug-iommu/) ---
# Machines with edu and the card each behind a PCIe root port (pciehp),
# so that their addresses are the root ports' buses, found by ID here.

# pci_find VENDOR DEVICE: prints the address of the first such device.
pci_find() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = "$1" ] && [ "$(cat "$d/device")" = "$2" ] &&
			{ basename "$d"; return 0; }
	done
	return 1
}

# hotplug_setup: EDU_DEV, CARD_DEV and edu's board table for this machine.
hotplug_setup() {
	EDU_DEV=$(pci_find 0x1234 0x11e8) || skip "no edu in this guest"
	CARD_DEV=$(pci_find 0x1af4 0x1110) || skip "no memory card in this guest"
	EDU_PARAMS="$EDU_MASK slave_map=$CARD_DEV:tx:1,$CARD_DEV:rx:2"
	HP_SUMMARY=/sys/kernel/debug/dmaengine/summary
	echo "edu at $EDU_DEV, card at $CARD_DEV"
}

# qmp COMMAND [JSON]: has the host run a QMP command on this guest's QEMU
# (harness_qmp.py) and waits for its answer on the console's input;
# device_del is answered once QEMU has deleted the device. No timeout
# here: under icount with sleep=off an idle guest's clock jumps to its
# next timer, so a guest-side limit would expire at once. The host
# answers within wall-clock limits of its own, and the boot's timeout
# bounds the rest.
qmp() {
	echo "@@qmp $*"
	read -r hp_answer </dev/console || fail "no answer from the host to QMP $1"
	case $hp_answer in
	"@@qmp-ok $1") ;;
	*) fail "QMP $1: $hp_answer" ;;
	esac
}

# hp_wait TEST SECONDS: waits until the shell test TEST holds.
hp_wait() {
	hp_n=0
	until eval "$1"; do
		[ $hp_n -ge "$2" ] && return 1
		sleep 1
		hp_n=$((hp_n + 1))
	done
}

# hp_io_start: direct writes to the card's first 16 MiB, pass after pass,
# until one fails; the failing dd's message goes to /tmp/hp-io.err.
hp_io_start() {
	(while dd if=/dev/zero of=$CARD_BLK bs=65536 count=256 oflag=direct \
		2>/tmp/hp-io.err; do :; done) &
	HP_IO=$!
	sleep 1
	kill -0 $HP_IO 2>/dev/null || fail "the I/O ended before the removal"
}

# hp_io_check: the I/O in flight at the removal fails with an error within
# 30 seconds instead of hanging.
hp_io_check() {
	hp_wait "! kill -0 $HP_IO 2>/dev/null" 30 ||
		fail "the I/O in flight is still running 30 s after the removal"
	wait $HP_IO
	echo "I/O at the removal: $(grep -i error /tmp/hp-io.err)"
	grep -qi error /tmp/hp-io.err || fail "the I/O did not fail with an error"
}

# hp_gone DEV: DEV left sysfs, with every DMA channel it provided.
hp_gone() {
	hp_wait "[ ! -e /sys/bus/pci/devices/$1 ]" 30 || fail "$1 is still there"
	! ls -l /sys/class/dma/ | grep -q "$1" ||
		fail "/sys/class/dma still lists channels of $1"
	! grep -q "($1)" $HP_SUMMARY ||
		fail "the dmaengine summary still lists $1"
}

# hp_card_up: edu and the card bound, the card on edu's channels.
hp_card_up() {
	hotplug_setup
	load_edu
	modprobe dmacard || fail "modprobe dmacard"
	wait_card
	hp_card_holds
}

# hp_card_gone: the card left sysfs with its disk, and let edu's channels go.
hp_card_gone() {
	hp_wait "[ ! -b $CARD_BLK ]" 10 || fail "$CARD_BLK is still there"
	[ ! -e /sys/bus/pci/devices/$CARD_DEV ] || fail "$CARD_DEV is still there"
	! grep -q "$CARD_DEV:" $HP_SUMMARY || fail "edu's channels are still held"
	[ -e $EDU_DRV/$EDU_DEV ] || fail "edu went with the card"
}

# hp_need_slot DEV: skips unless pciehp drives the slot DEV is in (a
# kernel without CONFIG_HOTPLUG_PCI_PCIE ignores QMP's device_del).
hp_need_slot() {
	for s in /sys/bus/pci/slots/*; do
		[ "$(cat "$s/address" 2>/dev/null)" = "${1%.*}" ] &&
			[ -e "$s/power" ] && return 0
	done
	skip "no hotplug slot (pciehp) for $1"
}

# hp_card_verify BLOCK: random data written there (4 KiB blocks) read back
# equal.
hp_card_verify() {
	dd if=/dev/urandom of=/tmp/hp-w bs=4096 count=16 2>/dev/null
	dd if=/tmp/hp-w of=$CARD_BLK bs=4096 seek=$1 oflag=direct 2>/dev/null ||
		fail "write to the card at block $1"
	dd if=$CARD_BLK of=/tmp/hp-r bs=4096 skip=$1 count=16 iflag=direct \
		2>/dev/null || fail "read from the card at block $1"
	cmp -s /tmp/hp-w /tmp/hp-r || fail "block $1 on read back different"
}

# hp_card_holds: the card holds its "tx" and "rx" channels of edu.
hp_card_holds() {
	sed -n "/($EDU_DEV)/,/^\$/p" $HP_SUMMARY | grep -q "| $CARD_DEV:tx\$" &&
	sed -n "/($EDU_DEV)/,/^\$/p" $HP_SUMMARY | grep -q "| $CARD_DEV:rx\$" ||
		fail "the card does not hold edu's tx and rx channels"
}

# hp_dmar_clean: no DMA the IOMMU refused (if there is one).
hp_dmar_clean() {
	! dmesg | grep 'DMAR:.*[Ff]ault' || fail "DMAR faults"
}

# hp_finish: modules unloaded, for the next scenario.
hp_finish() {
	hp_dmar_clean
	if grep -q '^dmacard ' /proc/modules; then
		rmmod dmacard || fail "rmmod dmacard"
	fi
	unload_edu
}

# hp_need_our_core: skips on Linux 6.12's own core (TREE=upstream; the one
# without dmaengine tracepoints). When a provider unregisters while a
# client holds its channels, that core frees the channels' devices but
# keeps the provider listed until the client lets go, and reading the
# dmaengine summary meanwhile is a use-after-free (KASAN in
# dmaengine_summary_show, then an oops): ours delists it at once.
hp_need_our_core() {
	[ -d /sys/kernel/debug/tracing/events/dmaengine ] ||
		skip "Linux 6.12's core reads freed channels in the dmaengine summary after a provider in use goes"
}

# hp_sysfs_edu: surprise removal of edu through sysfs while the card writes
# over its channels: the I/O fails with an error, edu's channels go, the
# card keeps its disk but no write succeeds; after a rescan edu binds
# again and passes dmatest, and the card, bound again, takes its channels.
hp_sysfs_edu() {
	hp_need_our_core
	hp_card_up
	hp_card_verify 100
	hp_io_start
	echo 1 >/sys/bus/pci/devices/$EDU_DEV/remove || fail "remove $EDU_DEV"
	hp_io_check
	hp_gone $EDU_DEV
	! dd if=/dev/zero of=$CARD_BLK bs=4096 count=1 oflag=direct 2>/dev/null ||
		fail "a write succeeded with the controller gone"
	echo 1 >/sys/bus/pci/rescan || fail "rescan"
	hp_wait "[ -e $EDU_DRV/$EDU_DEV ]" 20 || fail "edu_dma did not bind $EDU_DEV again"
	run_dmatest 5
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/unbind || fail "unbind the card"
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/bind || fail "bind the card"
	wait_card
	hp_card_holds
	hp_card_verify 200
	hp_finish
}

# hp_sysfs_card: surprise removal of the card through sysfs while it is
# written: the I/O fails with an error, the card goes and lets edu's
# channels go; after a rescan it binds by itself, its data kept (QEMU's
# memory stayed), and new data verify.
hp_sysfs_card() {
	hp_card_up
	hp_card_verify 9000
	cp /tmp/hp-w /tmp/hp-kept
	hp_io_start
	echo 1 >/sys/bus/pci/devices/$CARD_DEV/remove || fail "remove $CARD_DEV"
	hp_io_check
	hp_card_gone
	echo 1 >/sys/bus/pci/rescan || fail "rescan"
	wait_card
	hp_card_holds
	dd if=$CARD_BLK of=/tmp/hp-r bs=4096 skip=9000 count=16 iflag=direct \
		2>/dev/null || fail "read back"
	cmp -s /tmp/hp-kept /tmp/hp-r || fail "the card lost its data across the removal"
	hp_card_verify 300
	hp_finish
}

# Counting a provider's calls, the same way on either core: kprobe_on NAME
# FUNC [FETCHARG...] puts the kprobe event kp/NAME on FUNC, with fetch
# arguments such as 'chan=$arg1:x64' (Documentation/trace/kprobetrace.rst)
# and an empty trace; kprobe_hits NAME prints how often FUNC ran since;
# kprobe_per NAME ARG counts the recorded calls by the value of a fetch
# argument ("COUNT VALUE" lines); kprobe_off NAME removes the event.
TRACEFS=/sys/kernel/debug/tracing

kprobe_on() {
	kp_name=$1
	kp_func=$2
	shift 2
	echo "p:kp/$kp_name $kp_func $*" >>$TRACEFS/kprobe_events ||
		fail "cannot put a kprobe on $kp_func"
	echo >$TRACEFS/trace
	echo 1 >$TRACEFS/events/kp/$kp_name/enable ||
		fail "cannot enable kp/$kp_name"
}

kprobe_hits() {
	awk -v e="$1" '$1 == e { print $2 }' $TRACEFS/kprobe_profile
}

kprobe_per() {
	grep " $1: " $TRACEFS/trace | sed -n "s/.* $2=\([^ ]*\).*/\1/p" |
		sort | uniq -c
}

kprobe_off() {
	echo 0 >$TRACEFS/events/kp/$1/enable
	echo "-:kp/$1" >>$TRACEFS/kprobe_events
}
