# SPDX-License-Identifier: GPL-2.0
#
# ACPI channel lookup end to end: the SSDT and CSRT of
# tools/testing/dmaengine/acpi/ describe two test controllers and two
# clients. Named requests defer while no controller is bound, then land on
# the controller and channel the tables describe.
. /scenarios/lib.sh

[ -d /sys/bus/acpi/devices/DMAT0100:00 ] ||
	skip "no test SSDT in this guest (not an ACPI machine?)"

kunit_module acpi_dma_lookup_kunit expect_controllers=0
modprobe acpi_dma_test_provider || fail "modprobe acpi_dma_test_provider"
for c in DMAT0001:00 DMAT0002:00; do
	[ -e /sys/bus/platform/devices/$c/driver ] || fail "$c is not bound"
done
grep -q "dma" /sys/kernel/debug/dmaengine/summary ||
	fail "no channels in the dmaengine summary"
kunit_module acpi_dma_lookup_kunit
rmmod acpi_dma_test_provider || fail "rmmod acpi_dma_test_provider"
