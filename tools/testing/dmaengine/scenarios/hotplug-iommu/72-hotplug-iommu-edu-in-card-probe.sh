# SPDX-License-Identifier: GPL-2.0
#
# edu removed through sysfs while the card's probe is still adding its
# disk, behind VT-d: the card must know its controller went (it maps
# nothing more for it, so no DMA the IOMMU refuses and no mapping for a
# device without its domain), and it works again once edu is back
# (hp_sysfs_edu_in_probe in lib.sh).
. /scenarios/lib.sh

ls /sys/class/iommu/ 2>/dev/null | grep -q . || skip "no IOMMU active"
hp_sysfs_edu_in_probe
