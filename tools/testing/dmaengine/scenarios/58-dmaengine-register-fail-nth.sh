# SPDX-License-Identifier: GPL-2.0
#
# fail-nth over dma_async_device_register() of the contract suite's test
# provider: the KUnit suite dmaengine_fail_nth (built in, run here again
# through its debugfs "run" file) fails each allocation the registration
# makes in turn, with failslab and fail_page_alloc armed for sleeping
# allocations too, and checks a failed registration left no channel to
# be had. The case's own thread is the only one counted (fail-nth), so no
# stack filter is set.
. /scenarios/lib.sh

# The suite skips on Linux 6.12's core (no dmaengine tracepoints there),
# whose failed channel registration leaks the channel device's name.
our_core ||
	skip "Linux 6.12's core leaks a channel's device name when its registration fails"
suite=/sys/kernel/debug/kunit/dmaengine_fail_nth
[ -e $suite/run ] || skip "no $suite/run (CONFIG_KUNIT_DEBUGFS, the contract suite built in)"
fi_arm_all
echo 1 >$suite/run || fail "cannot run the suite"
fi_disarm
echo "@@ktap-begin dmaengine_fail_nth"
cat $suite/results
echo "@@ktap-end dmaengine_fail_nth"
grep -Eq " [1-9][0-9]* injection points" $suite/results || fail "the sweep counted no allocation"
grep -q '^ok 1 dmaengine_fail_nth' $suite/results || fail "the suite failed"
