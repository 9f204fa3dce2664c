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
EDU_DEV=0000:00:04.0
EDU_DRV=/sys/bus/pci/drivers/edu_dma
EDU_PARAMS="dma_bits=40 slave_map=0000:00:05.0:tx:1,0000:00:05.0:rx:2"

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
