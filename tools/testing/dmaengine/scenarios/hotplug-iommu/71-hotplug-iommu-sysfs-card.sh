# SPDX-License-Identifier: GPL-2.0
#
# scenarios/hotplug/71-hotplug-sysfs-card.sh behind VT-d: the card removed
# under I/O and found again by a rescan, with no DMA the IOMMU refuses (a
# DMAR fault fails hp_finish).
. /scenarios/lib.sh

ls /sys/class/iommu/ 2>/dev/null | grep -q . || skip "no IOMMU active"
hp_sysfs_card
