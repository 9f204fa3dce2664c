# SPDX-License-Identifier: GPL-2.0
#
# Upstream's dmatest runs on an edu memcpy channel and reports no failure,
# before and after the edu driver is unbound and bound again.
. /scenarios/lib.sh

dev=0000:00:04.0
drv=/sys/bus/pci/drivers/edu_dma
[ -e $drv/$dev ] || fail "edu_dma is not bound to $dev"

run_dmatest() {
	dmesg -c >/dev/null
	modprobe dmatest device=$dev max_channels=1 iterations=$1 \
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

run_dmatest 40
echo $dev >$drv/unbind || fail "unbind"
[ ! -e $drv/$dev ] || fail "still bound after unbind"
echo $dev >$drv/bind || fail "bind"
[ -e $drv/$dev ] || fail "not bound again"
run_dmatest 10
