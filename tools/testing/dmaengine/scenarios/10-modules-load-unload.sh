# SPDX-License-Identifier: GPL-2.0
#
# An upstream module (dmatest) loads, shows up in sysfs and unloads cleanly.
. /scenarios/lib.sh

modprobe dmatest || fail "modprobe dmatest"
[ -d /sys/module/dmatest ] || fail "dmatest loaded but not in /sys/module"
grep -q '^dmatest ' /proc/modules || fail "dmatest not in /proc/modules"
rmmod dmatest || fail "rmmod dmatest"
[ ! -d /sys/module/dmatest ] || fail "dmatest still in /sys/module"
echo "dmatest loaded and unloaded"
