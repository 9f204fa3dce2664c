# SPDX-License-Identifier: GPL-2.0
#
# Upstream's dmatest runs on an edu memcpy channel and reports no failure,
# before and after the edu driver is unbound and bound again.
. /scenarios/lib.sh

load_edu
run_dmatest 40
echo $EDU_DEV >$EDU_DRV/unbind || fail "unbind"
[ ! -e $EDU_DRV/$EDU_DEV ] || fail "still bound after unbind"
echo $EDU_DEV >$EDU_DRV/bind || fail "bind"
[ -e $EDU_DRV/$EDU_DEV ] || fail "not bound again"
run_dmatest 10
