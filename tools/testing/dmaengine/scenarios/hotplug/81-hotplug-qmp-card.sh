# SPDX-License-Identifier: GPL-2.0
#
# The host unplugs the memory card (QMP device_del; pciehp lets it go)
# while it is written: the I/O in flight fails with an error and nothing
# hangs, its disk goes and edu's channels are free again. The host plugs
# a card back in, on a fresh memory backend (QEMU 7.2 cannot add
# ivshmem-plain again on the one it was removed from): dmacard binds it by
# itself, over edu's channels, and data written to it verify.
. /scenarios/lib.sh

hp_card_up
hp_need_slot $CARD_DEV

hp_io_start
qmp device_del '{"id": "card0"}'
hp_io_check
hp_card_gone

qmp object-add '{"qom-type": "memory-backend-memfd", "id": "card1", "size": 67108864, "share": true}'
qmp device_add '{"driver": "ivshmem-plain", "id": "card0", "bus": "rp2", "memdev": "card1"}'
wait_card
hp_card_holds
hp_card_verify 500
hp_finish
