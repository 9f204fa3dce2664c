# SPDX-License-Identifier: GPL-2.0
#
# "make bench", in the guest: the dma_bench module's figures, then (when
# /scenarios/bench.conf sets BENCH_CLIENT=1) the client path through the
# dmacard block driver and the edu controller. Every figure is printed as
#   @@bench-result <figure> <value> <unit>
# and harness.py reads those lines. Guest ns are guest instructions here:
# QEMU runs with -icount shift=0.
. /scenarios/lib.sh
. /scenarios/bench.conf

dmesg -n 1
echo @@bench-begin

# "make profile" names the code in modules by their symbols, printed
# while the modules are loaded (each load has its own addresses).
print_ksyms() {
	awk '$2 ~ /^[tT]$/ && $4 ~ /^\[/ { print "@@ksym", $1, $3 }' /proc/kallsyms
}

# run_figures PARAMS...: the module's figures run while it loads; its log
# lines carry the results.
run_figures() {
	modprobe dma_bench "$@" || echo "@@bench-error modprobe dma_bench $*"
	dmesg -c | sed -n 's/^dma_bench: result /@@bench-result /p; s/^dma_bench: /@@bench-note /p'
	[ "$BENCH_KSYMS" = 1 ] && print_ksyms
	rmmod dma_bench
}

cpu1=/sys/devices/system/cpu/cpu1/online

dmesg -c >/dev/null
if [ "$BENCH_CLIENT" = 1 ]; then
	:	# a guest of its own, with one CPU
elif [ -n "$BENCH_PARAMS" ]; then
	# "make profile" (figures=LIST first): CPU 1 as below, so the
	# single-CPU figures and the two threads load the module apart.
	set -- $BENCH_PARAMS
	figs=${1#figures=}
	shift
	single=$(echo ",$figs," | sed 's/,threads,/,/; s/^,//; s/,$//')
	if [ -n "$single" ]; then
		echo 0 >$cpu1
		run_figures figures=$single "$@"
		echo 1 >$cpu1
	fi
	case ",$figs," in
	*,threads,*) run_figures figures=threads "$@" ;;
	esac
else
	# Guest time counts the instructions of both vCPUs, so whatever CPU 1
	# does would land in CPU 0's rounds: it is offline for the figures
	# that run on one CPU, and back for the two threads.
	echo 0 >$cpu1
	run_figures figures=lifecycle,phases,status,request,terminate
	echo 1 >$cpu1
	run_figures figures=threads
fi

[ "$BENCH_CLIENT" = 1 ] || { echo @@bench-end; exit 0; }

card=/dev/dmacard0
stats=$CARD_STATS
clock=/sys/module/dma_bench/parameters/cpu_clock

# busy_ns CMD...: guest ns the (single) CPU was not idle while CMD ran.
busy_ns() {
	set -- $(cat $clock) "$@"
	t0=$1 i0=$2
	shift 3
	"$@"
	set -- $(cat $clock)
	echo $(($1 - t0 - ($2 - i0)))
}

# Interrupts edu has raised, summed over CPUs.
edu_irqs() {
	awk '/ edu_dma$/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n + 0 }' /proc/interrupts
}

dd_io() {
	if [ "$1" = read ]; then
		dd if=$card of=/dev/null bs=4096 count=$2 iflag=direct 2>/dev/null
	else
		dd if=/dev/zero of=$card bs=4096 count=$2 oflag=direct 2>/dev/null
	fi
}

# io_cost MODE DIR: non-idle guest ns per 4 KiB O_DIRECT I/O, as the cost
# of N more I/Os in one dd (2N against N), so dd's start and exit cancel.
# Each dd is timed several times and the cheapest run of each size is
# kept: housekeeping the kernel does meanwhile (timers, workqueues, RNG
# reseeds) lands on the I/Os it happens to coincide with. The DMA path
# idles 100 ms per edu move, 0.4 s of guest time per I/O, so its dds are
# short (N = 32, 13 s) for some of them to miss the timers of periods
# above that; the CPU path's are long (N = 256) as it never idles. (The
# cheapest difference instead would favour pairs whose shorter dd was the
# one disturbed.)
io_cost() {
	n=256 reps=5
	[ "$1" = dma ] && n=32 reps=7
	dd_io "$2" 4
	short= long=
	rep=0
	while [ $rep -lt $reps ]; do
		rep=$((rep + 1))
		a=$(busy_ns dd_io "$2" $n)
		irqs=$(edu_irqs)
		b=$(busy_ns dd_io "$2" $((2 * n)))
		irqs=$(($(edu_irqs) - irqs))
		[ -z "$short" ] || [ "$a" -lt "$short" ] && short=$a
		[ -z "$long" ] || [ "$b" -lt "$long" ] && long=$b
	done
	echo "@@bench-result client_$1_$2 $(((long - short) / n)) ns/io"
	echo "@@bench-note client_$1_$2: $irqs edu interrupts for $((2 * n)) I/Os; cost of $n more I/Os, each dd the best of $reps"
}

# The client path, its lines kept in a file until it is over: the serial
# port sends what the guest prints at a pace set by the host, and the
# interrupts of that would fall into the measured windows.
client_path() {
	# What was printed above leaves the serial port meanwhile.
	sleep 2
	modprobe dma_bench figures= || echo "@@bench-error modprobe dma_bench figures="
	# Idle time is kept once the tick has switched to NO_HZ mode, early on.
	i=0
	while ! cat $clock >/dev/null 2>&1 && [ $i -lt 20 ]; do
		sleep 1
		i=$((i + 1))
	done
	cat $clock >/dev/null || echo "@@bench-error no idle-time clock (NO_HZ)"
	load_edu
	# One CPU (harness.py boots this guest with -smp 1): with a second,
	# its idle time would count as busy, and even offline it left the
	# scheduler's idle entry doing load-balancing work on some boots.
	[ -e /sys/devices/system/cpu/cpu1 ] &&
		echo "@@bench-error the client path needs a one-CPU guest"
	# vmstat's per-CPU counters are folded every second by default.
	echo 3600 >/proc/sys/vm/stat_interval
	echo "@@bench-note client: idle check, 'sleep 1' counted $(busy_ns sleep 1) ns busy, 'sleep 9' $(busy_ns sleep 9)"
	echo "@@bench-note client: non-idle guest ns on the one online CPU per 4 KiB O_DIRECT I/O (ns/io = instructions): the cost of N more I/Os in one dd of 2N"
	for mode in dma cpu; do
		param=
		[ $mode = cpu ] && param=cpu_copy=1
		modprobe dmacard $param || echo "@@bench-error modprobe dmacard $param"
		(wait_card) >/dev/null || echo "@@bench-error the card did not bind"
		grep -q "^mode: $mode" $stats || echo "@@bench-error dmacard not in $mode mode"
		io_cost $mode write
		io_cost $mode read
		if [ $mode = dma ]; then
			# A queued stream: 1 MiB in 64 KiB requests, up to 32 queued.
			# edu raises one interrupt per move of at most 4 KiB, and
			# QEMU's model takes 100 ms of virtual time per move.
			irqs0=$(edu_irqs)
			set -- $(cat $clock)
			t0=$1
			dd if=/dev/zero of=$card bs=1048576 count=1 oflag=direct 2>/dev/null
			set -- $(cat $clock)
			moves=$(($(edu_irqs) - irqs0))
			bp=$((moves * 100000000 * 10000 / ($1 - t0)))
			echo "@@bench-result edu_busy $((bp / 100)).$(printf %02d $((bp % 100))) %"
			echo "@@bench-note edu_busy: $moves moves (edu interrupts) x 100 ms / $(($1 - t0)) ns elapsed"
		fi
		rmmod dmacard
	done
	unload_edu
}

# "make profile FIG=client": one profile window per mode and direction,
# around a dd of 256 I/Os (instructions per I/O include dd's start).
client_profile() {
	win=/sys/module/dma_bench/parameters/window
	modprobe dma_bench figures= profile=1 ||
		echo "@@bench-error modprobe dma_bench profile=1"
	# The parameter refuses a window that was never opened.
	echo "stray 1" >$win 2>/dev/null &&
		echo "@@bench-error the window parameter took a close without an open"
	load_edu
	echo 3600 >/proc/sys/vm/stat_interval
	for mode in dma cpu; do
		param=
		[ $mode = cpu ] && param=cpu_copy=1
		modprobe dmacard $param || echo "@@bench-error modprobe dmacard $param"
		(wait_card) >/dev/null || echo "@@bench-error the card did not bind"
		for dir in write read; do
			dd_io $dir 4
			echo open >$win ||
				echo "@@bench-error window open refused"
			dd_io $dir 256
			echo "client_${mode}_$dir 256" >$win ||
				echo "@@bench-error window close refused"
		done
		print_ksyms
		rmmod dmacard
	done
	dmesg | sed -n 's/^dma_bench: \(profile window .*\)/@@bench-note \1/p'
	unload_edu
}

if [ "$BENCH_PROFILE_CLIENT" = 1 ]; then
	client_profile >/tmp/client.out 2>&1
else
	client_path >/tmp/client.out 2>&1
fi
cat /tmp/client.out
rmmod dma_bench
echo @@bench-end
