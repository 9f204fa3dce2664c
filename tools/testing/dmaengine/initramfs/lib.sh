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

# our_core: true on our core, false on Linux 6.12's own (TREE=upstream),
# the one without dmaengine tracepoints.
our_core() {
	[ -d /sys/kernel/debug/tracing/events/dmaengine ]
}

# hp_need_our_core: skips on Linux 6.12's own core. When a provider unregisters while a
# client holds its channels, that core frees the channels' devices but
# keeps the provider listed until the client lets go, and reading the
# dmaengine summary meanwhile is a use-after-free (KASAN in
# dmaengine_summary_show, then an oops): ours delists it at once.
hp_need_our_core() {
	our_core ||
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

# hp_sysfs_edu_in_probe: surprise removal of edu through sysfs while the
# card's probe waits in add_disk() for its first read (edu drops that
# read's interrupt and its watchdog is slow): the card must see its
# controller go all the same, bind with no write succeeding, take edu's
# channels again once edu is back and the card is bound again, and move
# data.
hp_sysfs_edu_in_probe() {
	hp_need_our_core
	hotplug_setup
	load_edu watchdog_ms=8000
	modprobe dmacard_lose_irq ||
		skip "no dmacard_lose_irq module (edu's test hook needs KUnit)"
	echo 1 >/sys/module/dmacard_lose_irq/parameters/count ||
		fail "arming the lost interrupt"
	hp_seen=$(dmesg | grep -c "DMA controller $EDU_DEV is going")
	modprobe dmacard &
	hp_probe=$!
	hp_wait "[ -e /sys/block/dmacard0 ]" 20 ||
		fail "the card's disk did not appear"
	kill -0 $hp_probe 2>/dev/null || fail "the card's probe did not wait"
	echo 1 >/sys/bus/pci/devices/$EDU_DEV/remove || fail "remove $EDU_DEV"
	hp_wait "! kill -0 $hp_probe 2>/dev/null" 30 ||
		fail "the card's probe still runs 30 s after the removal"
	wait $hp_probe || fail "modprobe dmacard"
	[ "$(dmesg | grep -c "DMA controller $EDU_DEV is going")" -gt "$hp_seen" ] ||
		fail "the card did not see its controller go during its probe"
	! dd if=/dev/zero of=$CARD_BLK bs=4096 count=1 oflag=direct 2>/dev/null ||
		fail "a write succeeded with the controller gone"
	echo 1 >/sys/bus/pci/rescan || fail "rescan"
	hp_wait "[ -e $EDU_DRV/$EDU_DEV ]" 20 || fail "edu_dma did not bind $EDU_DEV again"
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/unbind || fail "unbind the card"
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/bind || fail "bind the card"
	wait_card
	hp_card_holds
	hp_card_verify 200
	rmmod dmacard_lose_irq || fail "rmmod dmacard_lose_irq"
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

# --- Fault injection: fail-nth sweeps (scenarios 54-58) ---
# "make stress" boots with STRESS=1 on the kernel command line (init's
# environment): sweeps walk every injection point and soaks run their
# full count; "make check" takes a sample.
STRESS=${STRESS:-0}
FI_ATTRS="/sys/kernel/debug/failslab /sys/kernel/debug/fail_page_alloc"
FI_SAMPLE=12

# fi_text MODULE: "START END" of MODULE's loaded text: its lowest text
# symbol and the end of the page holding its highest (module text is
# page-aligned; /proc/kallsyms prints 16 hex digits, so a string sort is
# a numeric one).
fi_text() {
	fi_syms=$(grep " [tT] .*\[$1\]\$" /proc/kallsyms | cut -d' ' -f1 | sort)
	[ -n "$fi_syms" ] || fail "no text symbols of $1 in /proc/kallsyms"
	fi_lo=$(echo "$fi_syms" | head -n1)
	fi_hi=$(echo "$fi_syms" | tail -n1)
	echo "0x$fi_lo 0x${fi_hi%???}fff"
}

# fi_arm MODULE [LEFT_OUT]: failslab and fail_page_alloc for fail-nth
# only (no random failures), sleeping allocations included, and every call
# counted only when MODULE's code is on its stack: the sweep covers what
# the driver under test does and what it asks of the kernel, not the
# shell's own work. Left out: calls made under the function LEFT_OUT
# (the filter takes one range), by default sysfs_slab_add(), which in
# Linux 6.12, when it fails to add a new cache's kobject, never puts it
# and leaks its name (KMEMLEAK; blk-mq creates the bio-96 cache at each
# card probe), a bug not ours. Each failure injected logs "FAULT_INJECTION: forcing a
# failure" (not rate-limited) unless the allocation asked for
# __GFP_NOWARN (GFP_NOWAIT does).
fi_arm() {
	fi_need
	fi_arm_attrs $(fi_text "$1") "${2:-sysfs_slab_add}"
}

# fi_need: skips unless the kernel has what the sweeps need.
fi_need() {
	for a in $FI_ATTRS; do
		[ -d "$a" ] || skip "no $a (CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS)"
	done
	[ -e /sys/kernel/debug/failslab/require-start ] ||
		skip "no stack filter (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER)"
}

# fi_arm_attrs START END [LEFT_OUT]: fi_arm for the stack range START..END.
fi_arm_attrs() {
	fi_reject=
	[ -n "$3" ] && fi_reject=$(grep -A1 " $3\$" /proc/kallsyms | cut -d' ' -f1)
	for a in $FI_ATTRS; do
		echo 0 >$a/probability
		echo N >$a/task-filter
		echo N >$a/ignore-gfp-wait
		echo 1 >$a/verbose
		echo 0 >$a/verbose_ratelimit_interval_ms
		echo 32 >$a/stacktrace-depth
		echo "$1" >$a/require-start
		echo "$2" >$a/require-end
		if [ -n "$fi_reject" ]; then
			echo "0x$(echo "$fi_reject" | head -n1)" >$a/reject-start
			echo "0x$(echo "$fi_reject" | tail -n1)" >$a/reject-end
		fi
	done
	echo N >/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem
	echo 0 >/sys/kernel/debug/fail_page_alloc/min-order
}

# fi_arm_all: as fi_arm, but every call counted (no stack filter).
fi_arm_all() {
	fi_need
	fi_arm_attrs 0 0xffffffffffffffff sysfs_slab_add
}

# fi_hold_enabled DEV: keeps the PCI device DEV enabled through sysfs
# while its probe is swept, so that the probe's pci_enable_device() only
# counts up: on q35 the first enable routes the interrupt through ACPI,
# and Linux 6.12's ACPICA, failed an allocation there, goes on to read
# freed namespace objects (AE_NO_MEMORY, then KASAN in
# acpi_ns_get_attached_object), a bug not ours. DEV must be unbound (sysfs
# refuses otherwise); fi_let_go DEV undoes it, unbound too.
fi_hold_enabled() {
	echo 1 >/sys/bus/pci/devices/$1/enable || fail "cannot enable $1"
}

fi_let_go() {
	echo 0 >/sys/bus/pci/devices/$1/enable || fail "cannot disable $1"
}

# fi_disarm: the defaults back (no filter, sleeping allocations spared).
fi_disarm() {
	for a in $FI_ATTRS; do
		echo 0 >$a/require-start
		echo 0xffffffffffffffff >$a/require-end
		echo 0 >$a/reject-start
		echo 0 >$a/reject-end
		echo Y >$a/ignore-gfp-wait
		echo 2 >$a/verbose
	done
	echo 1 >/sys/kernel/debug/fail_page_alloc/min-order
}

# fi_fired: whether the kernel logged an injected failure since the last
# "dmesg -c".
fi_fired() {
	dmesg | grep -q 'FAULT_INJECTION: forcing a failure'
}

# fi_sh N CMD: runs the shell command CMD (builtins only: a child process
# would start with fail-nth 0) in a subshell whose N-th counted call
# fails; prints "RC LEFT", LEFT being what remained of N (0: the failure
# was injected). CMD's stderr goes to /tmp/fi-err.
fi_sh() {
	(
		echo "$1" >/proc/self/fail-nth || exit 99
		eval "$2" 2>/tmp/fi-err
		fi_rc=$?
		read -r fi_left </proc/self/fail-nth
		echo "$fi_rc $fi_left"
	)
}

# fi_explain N CMD UNDO: after a check failed at point N, CMD undone and
# run at N again with the injected failure's stack logged, so that the
# report names the allocation.
fi_explain() {
	eval "$3" 2>/dev/null
	for a in $FI_ATTRS; do echo 2 >$a/verbose; done
	dmesg -c >/dev/null
	fi_sh "$1" "$2" >/dev/null
	dmesg | grep -A40 -m1 'FAULT_INJECTION: forcing a failure'
	for a in $FI_ATTRS; do echo 1 >$a/verbose; done
}

# fi_errno: the error message of the failed command (/tmp/fi-err), what
# follows its last ": ".
fi_errno() {
	sed -n 's/.*: //p' /tmp/fi-err | head -n1
}

# fi_points CMD UNDO: how many counted calls CMD makes, from one run
# without a failure (then undone with UNDO).
fi_points() {
	set -- "$1" "$2" $(fi_sh 1000000 "$1")
	[ "$3" = 0 ] || fail "clean run of '$1' failed: $(cat /tmp/fi-err)"
	eval "$2"
	echo $((1000000 - $4))
}

# fail_nth_sweep LABEL CMD UNDO CHECK_FAILED CHECK_DONE [CHECK_OVER]: injects a
# failure at each counted call of the shell command CMD (see fi_sh) in
# turn, from the first until CMD succeeds with the failure unused; in
# "make check" at FI_SAMPLE points spread evenly over the calls a clean
# run makes. After a failed CMD, CHECK_FAILED must hold (nothing left
# half done) and a clean CMD must then succeed and pass CHECK_DONE; a
# CMD that succeeded although its failure was injected (the driver got
# over it) must pass CHECK_OVER (default CHECK_DONE). UNDO is run after every success. The
# console check catches an oops, WARN, KASAN or lockdep report and the
# final KMEMLEAK scan a leak. A CMD that makes no counted call fails the
# sweep, unless FI_NONE_OK=1.
fail_nth_sweep() {
	fs_label=$1 fs_cmd=$2 fs_undo=$3 fs_failed=$4 fs_done=$5 fs_over_done=${6:-$5}
	fs_total=$(fi_points "$fs_cmd" "$fs_undo")
	if [ "$fs_total" = 0 ] && [ "${FI_NONE_OK:-0}" = 1 ]; then
		echo "$fs_label: 0 injection points (nothing allocated with the module on the stack)"
		return 0
	fi
	[ "$fs_total" -gt 0 ] || fail "$fs_label: no injection point"
	if [ "$STRESS" = 1 ] || [ "$fs_total" -le $FI_SAMPLE ]; then
		# Every point, until a clean run (the count may vary a little).
		fs_points=$(seq 1 $((fs_total * 2 + 10)))
	else
		fs_points=$(awk -v t="$fs_total" -v k=$FI_SAMPLE 'BEGIN {
			for (i = 0; i < k; i++) print 1 + int(i * (t - 1) / (k - 1)) }')
	fi
	fs_failures=0 fs_over=0 fs_tried=0 fs_errnos= fs_clean=0
	for n in $fs_points; do
		dmesg -c >/dev/null
		set -- $(fi_sh "$n" "$fs_cmd")
		fs_rc=$1 fs_left=$2
		if [ "$fs_left" != 0 ] && ! fi_fired; then
			# Past the last call: CMD ran clean.
			[ "$fs_rc" = 0 ] || fail "$fs_label: failed with no failure injected (n=$n): $(cat /tmp/fi-err)"
			eval "$fs_done" || fail "$fs_label: clean run (n=$n) not whole"
			eval "$fs_undo"
			fs_clean=1
			[ "$STRESS" = 1 ] || [ "$fs_total" -le $FI_SAMPLE ] && break
			continue
		fi
		fs_tried=$((fs_tried + 1))
		if [ "$fs_rc" = 0 ]; then
			eval "$fs_over_done" || {
				fi_explain "$n" "$fs_cmd" "$fs_undo"
				fail "$fs_label: succeeded over the failure at n=$n, but not whole"
			}
			fs_over=$((fs_over + 1))
			eval "$fs_undo"
			continue
		fi
		fs_err=$(fi_errno)
		[ -n "$fs_err" ] || fail "$fs_label: n=$n failed without an error message: $(cat /tmp/fi-err)"
		fs_failures=$((fs_failures + 1))
		case "|$fs_errnos|" in
		*"|$fs_err|"*) ;;
		*) fs_errnos="${fs_errnos:+$fs_errnos|}$fs_err" ;;
		esac
		eval "$fs_failed" || fail "$fs_label: left half done after the failure at n=$n ($fs_err)"
		eval "$fs_cmd" 2>/tmp/fi-err ||
			fail "$fs_label: clean run after the failure at n=$n failed: $(cat /tmp/fi-err)"
		eval "$fs_done" || fail "$fs_label: clean run after the failure at n=$n not whole"
		eval "$fs_undo"
	done
	if [ "$STRESS" = 1 ] || [ "$fs_total" -le $FI_SAMPLE ]; then
		[ $fs_clean = 1 ] || fail "$fs_label: still failing at n=$n"
	fi
	echo "$fs_label: $fs_total injection points, $fs_tried injected: $fs_failures failed cleanly ($fs_errnos), $fs_over got over it"
}

# card_gone: the card unbound, its disk and debugfs gone, none of edu's
# channels still held for it.
card_gone() {
	[ ! -e /sys/bus/pci/drivers/dmacard/$CARD_DEV ] && [ ! -b $CARD_BLK ] &&
	[ ! -e /sys/kernel/debug/dmacard0 ] &&
	! grep -q "$CARD_DEV:" /sys/kernel/debug/dmaengine/summary
}

# card_works: bound, with its disk, and the blocks at 4000 written and
# read back equal; says what is missing.
card_works() {
	[ -e /sys/bus/pci/drivers/dmacard/$CARD_DEV ] || { echo "card_works: not bound"; return 1; }
	[ -b $CARD_BLK ] || { echo "card_works: no $CARD_BLK"; return 1; }
	dd if=/dev/urandom of=/tmp/cw bs=4096 count=4 2>/dev/null &&
	dd if=/tmp/cw of=$CARD_BLK bs=4096 seek=4000 oflag=direct 2>/dev/null &&
	dd if=$CARD_BLK of=/tmp/cr bs=4096 skip=4000 count=4 iflag=direct 2>/dev/null &&
	cmp -s /tmp/cw /tmp/cr || { echo "card_works: blocks at 4000 not read back equal"; return 1; }
}

# card_aids: the card's debug aids are there: its statistics file and the
# dmaengine summary naming it as the client of tx and rx; says what is
# missing.
card_aids() {
	[ -e $CARD_STATS ] || { echo "no $CARD_STATS"; return 1; }
	for c in tx rx; do
		grep -q "$CARD_DEV:$c\$" /sys/kernel/debug/dmaengine/summary ||
			{ echo "the dmaengine summary does not name $CARD_DEV:$c"; return 1; }
	done
}

# card_whole: card_works, with every debug aid.
card_whole() {
	card_works || return 1
	card_aids
}

# card_over: what a probe that got over an injected failure must give.
# The card must work; its debug aids may lack what the failed allocation
# was for: dma_request_chan() names a channel after its client on a best
# effort (Linux 6.12 too), so the summary may say "in-use" and the dma:<name>
# link may be missing, and debugfs failures are ignored by design.
card_over() {
	card_works || return 1
	fi_missing=$(card_aids) ||
		echo "card_over: working, without all its debug aids ($fi_missing)"
}

# fi_card_sweep LABEL: fail_nth_sweep over the bound card's probe.
fi_card_sweep() {
	fi_arm dmacard
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/unbind || fail "unbind the card"
	fi_hold_enabled $CARD_DEV
	fail_nth_sweep "$1" \
		"echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/bind" \
		"echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/unbind" \
		card_gone card_whole card_over
	fi_disarm
	fi_let_go $CARD_DEV
	echo $CARD_DEV >/sys/bus/pci/drivers/dmacard/bind || fail "bind the card"
	card_whole || fail "the card does not work after the sweep"
}

# soak_leak_scan: a KMEMLEAK scan now (as init's at the end of the boot),
# failing on what it finds unreferenced.
soak_leak_scan() {
	[ -w /sys/kernel/debug/kmemleak ] || return 0
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	fi_leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
	echo "kmemleak: $fi_leaks unreferenced objects"
	[ "$fi_leaks" = 0 ] || { cat /sys/kernel/debug/kmemleak; fail "kmemleak found leaks"; }
}
