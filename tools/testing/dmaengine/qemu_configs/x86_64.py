# SPDX-License-Identifier: GPL-2.0
#
# q35 machine with the project's two PCIe devices, for kunit.py
# (--qemu_config) and for tools/testing/dmaengine/guest.py.
#
# edu is the DMA controller; its dma_mask is widened because Linux puts the
# ivshmem card's 64-bit BAR above 4 GiB. ivshmem-plain's BAR2 is the memory
# card. icount with sleep=off lets an idle guest skip edu's 100 ms DMA timer.
# RDRAND seeds the kernel's RNG at boot: without it the first read of
# /dev/urandom (dd in the scenarios, mke2fs) may spin for minutes gathering
# timer jitter, which icount makes scarce.
# The edu driver is a module; scenarios load it with the parameters they
# need (initramfs/lib.sh, load_edu).

from ..qemu_config import QemuArchParams

HARDWARE = [
	'-M', 'q35',
	'-cpu', 'qemu64,+rdrand',
	'-smp', '2',
	'-device', 'edu,addr=04.0,dma_mask=0xffffffffffffffff',
	'-object', 'memory-backend-ram,id=card,size=64M',
	'-device', 'ivshmem-plain,memdev=card,addr=05.0',
	'-icount', 'shift=auto,sleep=off',
]

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-bios', 'qboot.rom'] + HARDWARE)
