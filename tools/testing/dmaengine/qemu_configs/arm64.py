# SPDX-License-Identifier: GPL-2.0
#
# QEMU's arm64 "virt" machine with the project's two PCIe devices on its
# root bus, for kunit.py (--qemu_config) and harness.py --arch=arm64.
#
# The slots match the x86_64 machine (edu at 00:04.0, the ivshmem card at
# 00:05.0), so the guest scenarios name the same devices. The harness boots
# this machine with a DTB of its own (dt/), in which the PCIe host node has
# child nodes for both slots; MACHINE is also what it dumps that DTB from.
# GICv3 with its ITS gives the devices MSI. Linux puts the card's 64-bit
# BAR in virt's high PCIe window (2^39), hence edu's widened dma_mask.
#
# The same kernel boots QEMU's xlnx-versal-virt and raspi3b too: their
# machine variants (scenarios/versal/, scenarios/raspi3b/) replace
# MACHINE and HARDWARE with their machine.args, and virt's DTB is made
# for virt only.

from ..qemu_config import QemuArchParams

MACHINE = 'virt,gic-version=3'

HARDWARE = [
	'-cpu', 'cortex-a57',
	'-smp', '2',
	'-device', 'edu,addr=04.0,dma_mask=0xffffffffffffffff',
	'-object', 'memory-backend-ram,id=card,size=64M',
	'-device', 'ivshmem-plain,memdev=card,addr=05.0',
	'-icount', 'shift=auto,sleep=off',
]

# The console is virt's PL011 (configs/arm64.config builds its driver in).
QEMU_ARCH = QemuArchParams(
	linux_arch='arm64', qemu_arch='aarch64',
	kconfig='CONFIG_SERIAL_AMBA_PL011_CONSOLE=y',
	kernel_path='arch/arm64/boot/Image.gz',
	kernel_command_line='console=ttyAMA0',
	extra_qemu_params=['-machine', MACHINE] + HARDWARE)
