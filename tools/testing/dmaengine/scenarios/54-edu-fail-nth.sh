# SPDX-License-Identifier: GPL-2.0
#
# fail-nth over edu's probe and remove (bind and unbind through sysfs):
# every allocation made with edu's code on the stack fails in turn
# (failslab and fail_page_alloc, see fi_arm in lib.sh). A failed probe
# ends in an error for the bind and leaves nothing behind: edu unbound, no
# channel in /sys/class/dma or the dmaengine summary; the next clean bind
# registers every channel. A failure in remove (if it allocates at all)
# is swallowed but must not leave a channel listed. Then edu passes
# dmatest.
. /scenarios/lib.sh

summary=/sys/kernel/debug/dmaengine/summary
bind="echo $EDU_DEV >$EDU_DRV/bind"
unbind="echo $EDU_DEV >$EDU_DRV/unbind"

# edu_gone: unbound, with every channel it had.
edu_gone() {
	[ ! -e $EDU_DRV/$EDU_DEV ] &&
	[ ! -e /sys/bus/pci/devices/$EDU_DEV/dma ] &&
	! ls -l /sys/class/dma/ | grep -q "$EDU_DEV" &&
	! grep -q "($EDU_DEV)" $summary
}

# edu_whole: bound, its four channels in sysfs and in the summary.
edu_whole() {
	[ -e $EDU_DRV/$EDU_DEV ] &&
	[ "$(ls /sys/bus/pci/devices/$EDU_DEV/dma | wc -l)" = 4 ] &&
	grep -q "($EDU_DEV)" $summary
}

# Linux 6.12's core kfree()s a channel's device after a failed
# device_register() instead of putting it, leaking its name (KMEMLEAK):
# its bug, hit by every failure inside edu's channel registration.
our_core || skip "Linux 6.12's core leaks a failed channel registration's device name"

grep -q '^dmacard ' /proc/modules && { rmmod dmacard || fail "rmmod dmacard"; }
load_edu
# register_irq_proc() ignores a failed proc_create() of an MSI vector's
# /proc/irq/N files and unregister_irq_proc() then WARNs that the name is
# missing ("name 'smp_affinity'", fs/proc/generic.c): Linux 6.12's IRQ
# core, not edu, so its allocations are left out (make stress found it).
fi_arm edu_dma register_irq_proc
eval "$unbind" || fail "unbind edu"
fi_hold_enabled $EDU_DEV

fail_nth_sweep "edu probe" "$bind" "$unbind" edu_gone edu_whole

eval "$bind" || fail "bind edu"
# Remove may allocate nothing with edu on the stack: then there is
# nothing to sweep, which the sweep says.
FI_NONE_OK=1 fail_nth_sweep "edu remove" "$unbind" "$bind" edu_gone edu_gone

fi_disarm
eval "$unbind" || fail "unbind edu"
fi_let_go $EDU_DEV
eval "$bind" || fail "bind edu"
edu_whole || fail "edu not whole after the sweeps"
run_dmatest 5
unload_edu
