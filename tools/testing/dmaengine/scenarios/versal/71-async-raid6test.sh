# SPDX-License-Identifier: GPL-2.0
# arches: arm64
#
# Upstream's async_tx self test (crypto/async_tx/raid6test.c): every
# two-disk failure of 4- to 64-disk RAID6 sets recovered through the
# async_tx API, with CONFIG_ASYNC_TX_DMA, the ZynqMP channels public.
# Its recoveries take a DMA channel only if one can do P+Q: both
# async_raid6_2data_recov and async_raid6_datap_recov go the synchronous
# way when async_dma_find_channel(DMA_PQ) finds none
# (crypto/async_tx/async_raid6_recov.c), and the ZynqMP ADMA does memcpy
# only. So here raid6test checks async_tx's CPU path, and a kprobe on the
# provider's prep_dma_memcpy must count no call: the copies a memcpy-only
# channel does carry are md's (72-md-raid6).
. /scenarios/lib.sh

kprobe_on zcopy zynqmp_dma_prep_memcpy 'chan=$arg1:x64' 'len=$arg4:u64'
# raid6test logs one line per recovery (some 2400): keep them off the
# console, warnings and worse stay on it.
level=$(cut -f1 /proc/sys/kernel/printk)
echo 5 >/proc/sys/kernel/printk
dmesg -c >/dev/null
modprobe raid6test
status=$?
echo "$level" >/proc/sys/kernel/printk
log=$(dmesg -c)
copies=$(kprobe_hits zcopy)
per=$(kprobe_per zcopy chan)
kprobe_off zcopy
[ $status = 0 ] || fail "modprobe raid6test"
rmmod raid6test || fail "rmmod raid6test"

done_line=$(echo "$log" | grep 'raid6test: complete (')
echo "$done_line"
echo "$done_line" | grep -Eq 'complete \([0-9]+ tests, 0 failures\)' ||
	fail "raid6test failed"
! echo "$log" | grep -Eq 'raid6test: .*(ERRA|ERRB|validation failure)' ||
	fail "raid6test reported a bad recovery"
echo "zynqmp_dma_prep_memcpy calls during raid6test: ${copies:-none}"
[ -n "$per" ] && echo "$per"
[ "$copies" = 0 ] ||
	fail "a recovery used a memcpy channel though none can do P+Q"
