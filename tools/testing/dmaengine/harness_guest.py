# SPDX-License-Identifier: GPL-2.0
"""Guests: the initramfs, the QEMU command line and its machine variants
(firmware tables, device tree, extra devices), the boot with its watchdog,
and the console checks that fail a boot whatever the tests said."""

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

from harness_paths import BUILD, HERE
from harness_qmp import Hook as QmpHook
from harness_progress import Ticker
from harness_results import tail

# A DMA the IOMMU refused, as VT-d reports it ("DMAR: DRHD: handling fault
# status reg 2", "DMAR: [DMA Write NO_PASID] Request device [00:04.0] fault
# addr 0x0 ..."): a driver programmed a bus address it had not mapped, which
# without an IOMMU is silent memory corruption. Only the machine variants
# with an IOMMU (scenarios/iommu/, scenarios/card-iommu/) can print it.
IOMMU_FAULT = r'DMAR: .*\bfault\b'

# Guest RAM per QEMU arch. Each KMEMLEAK scan walks every page frame, and
# the x86_64 debug guests scan twice per boot: with 512 MiB instead of 1 GiB
# a boot's closing scans took about a fifth less time, and every x86_64
# scenario passes with it. The arm64 machines keep 1 GiB (raspi3b takes no
# other size).
GUEST_MIB = {'x86_64': '512'}

# Console lines that fail a boot whatever the tests said. A kmemleak scan
# may flag an object that a later scan finds referenced again; only what the
# guest's final listing still shows ("unreferenced object") counts as a leak.
SPLAT = re.compile(
	r'BUG: |WARNING: |UBSAN: |Kernel panic|Oops|general protection fault|'
	r'unreferenced object 0x|INFO: task .* blocked for more than|'
	r'ODEBUG: |INFO: trying to register non-static key|'
	r'possible recursive locking|possible circular locking|'
	r'inconsistent lock state|RCU stall|' + IOMMU_FAULT)


# Static busybox for the guest: the host's, or the one scripts/setup.sh
# unpacks from Debian's busybox-static package of the guest's arch.
BUSYBOX = {'arm64': os.path.join(BUILD, 'busybox-arm64', 'bin', 'busybox')}


def scan_console(text):
	lines = text.splitlines()
	hits = [line for at, line in enumerate(lines)
		if SPLAT.search(line) and not tolerated_report(lines, at)]
	return hits


# The one report the console check lets pass, and why. Linux 6.12's
# pciehp_ist() holds its port's reset_lock (read) when it takes
# pci_rescan_remove_lock to remove or add the slot's devices, and drops
# and takes reset_lock again around each device's driver (un)binding,
# inside pci_rescan_remove_lock: lockdep sees the two orders and reports
# a cycle at the first hot-unplug. Both orders are taken only by
# pciehp_ist(), a single thread per hotplug port, so it cannot deadlock:
# pciehp's maintainer calls it a false positive (linux-pci,
# <20231015093722.GA11283@wunner.de>; again for a proposed fix in June
# 2025, <aFQ4ncPNdmUgyw63@wunner.de>), and 6.12.y carries no annotation
# for it. Only that chain passes: exactly these two locks, the new one
# taken in pciehp. Lockdep is off for the rest of such a boot, so
# scenarios/hotplug/ runs what needs it before its first pciehp removal.
PCIEHP_CYCLE = {'pci_rescan_remove_lock', '&ctrl->reset_lock'}


def tolerated_report(lines, at):
	"""Whether the report whose first splat line is lines[at] is
	pciehp's reset_lock/pci_rescan_remove_lock cycle."""
	if 'possible circular locking dependency' not in lines[at]:
		return False
	chain, acquire = set(), ''
	for i, line in enumerate(lines[at + 1:at + 200], at + 1):
		if 'stack backtrace:' in line:
			break
		m = re.search(r'-> #\d+ \((.+?)\)\{', line)
		if m:
			chain.add(m.group(1))
		if 'is trying to acquire lock:' in line and i + 1 < len(lines):
			acquire = lines[i + 1]
	return chain == PCIEHP_CYCLE and 'at: pciehp_' in acquire


def add_console_result(results, name, text, timed_out=False):
	hits = scan_console(text)
	if timed_out:
		results.add('fail', name + ': timed out, guest killed',
			    tail(text))
	elif hits:
		results.add('fail', name + ': kernel reported a problem',
			    '\n'.join(hits[:10]) + '\n--- console tail ---\n' +
			    tail(text))
	else:
		results.add('pass', name + ': console clean')


# Host programs the guest scenarios use besides busybox, with their shared
# libraries (the guest has the host's architecture on x86_64).
GUEST_TOOLS = ('/sbin/mke2fs', '/sbin/e2fsck')


def stage_tools(kernel, stage):
	"""Copies GUEST_TOOLS and the libraries ldd names into the stage."""
	if kernel.arch != os.uname().machine:
		return
	for tool in GUEST_TOOLS:
		if not os.path.exists(tool):
			continue
		# Not /bin: busybox --install puts its own, smaller applets there.
		tools = os.path.join(stage, 'usr', 'sbin')
		os.makedirs(tools, exist_ok=True)
		shutil.copy(tool, tools)
		ldd = subprocess.run(['ldd', tool], stdout=subprocess.PIPE,
				     text=True).stdout
		for lib in re.findall(r'(/\S+\.so[.\d]*)', ldd):
			dest = os.path.join(stage, lib.lstrip('/'))
			os.makedirs(os.path.dirname(dest), exist_ok=True)
			shutil.copy(os.path.realpath(lib), dest)


# Kernels whose modules are installed under guest/modules; the lock makes
# boots that run side by side (harness_jobs) install them once.
_modules_lock = threading.Lock()
_modules_staged = set()


def staged_modules(kernel):
	"""The kernel's modules, installed once per run for all its guests
	(two modules_install in one build folder at once would race)."""
	path = os.path.join(kernel.out, 'guest', 'modules')
	with _modules_lock:
		if kernel.out not in _modules_staged:
			shutil.rmtree(path, ignore_errors=True)
			kernel.make('modules_install', 'INSTALL_MOD_PATH=' + path,
				    'INSTALL_MOD_STRIP=1',
				    stdout=subprocess.DEVNULL)
			_modules_staged.add(kernel.out)
	return path


def stage_initramfs(kernel, scenarios, extra_files=(), name='root'):
	"""Builds the initramfs guest/<name>.cpio.gz: busybox, /init,
	modules, scenarios. Boots that run side by side use other names."""
	stage = os.path.join(kernel.out, 'guest', name)
	shutil.rmtree(stage, ignore_errors=True)
	for d in ('bin', 'dev', 'proc', 'sys', 'tmp', 'scenarios', 'extmod'):
		os.makedirs(os.path.join(stage, d))
	shutil.copy(BUSYBOX.get(kernel.arch, '/bin/busybox'),
		    os.path.join(stage, 'bin', 'busybox'))
	shutil.copy(os.path.join(HERE, 'initramfs', 'init'),
		    os.path.join(stage, 'init'))
	os.chmod(os.path.join(stage, 'init'), 0o755)
	shutil.copy(os.path.join(HERE, 'initramfs', 'lib.sh'),
		    os.path.join(stage, 'scenarios', 'lib.sh'))
	for path in scenarios:
		shutil.copy(path, os.path.join(stage, 'scenarios'))
	for path in extra_files:
		shutil.copy(path, os.path.join(stage, 'extmod'))
	stage_tools(kernel, stage)
	shutil.copytree(staged_modules(kernel), stage, symlinks=True,
			dirs_exist_ok=True)
	image = os.path.join(kernel.out, 'guest', name + '.cpio.gz')
	files = subprocess.run(['find', '.'], cwd=stage, check=True,
			       stdout=subprocess.PIPE).stdout
	cpio = subprocess.run(['cpio', '--quiet', '-o', '-H', 'newc'],
			      cwd=stage, input=files, check=True,
			      stdout=subprocess.PIPE).stdout
	with gzip.open(image, 'wb', compresslevel=1) as f:
		f.write(cpio)
	return image


def acpi_tables(kernel, variant=None):
	"""Compiles the test firmware tables; returns QEMU's -acpitable args.

	Every guest gets acpi/*.asl|dsl; a guest booted for the scenarios of
	scenarios/<variant>/ also gets acpi/<variant>/* if there is such a
	directory.
	"""
	src = os.path.join(HERE, 'acpi')
	if kernel.arch != 'x86_64' or not os.path.isdir(src):
		return []
	dirs = [src]
	if variant and os.path.isdir(os.path.join(src, variant)):
		dirs.append(os.path.join(src, variant))
	out = os.path.join(kernel.out, 'guest',
			   'acpi-' + (variant or 'plain'))
	os.makedirs(out, exist_ok=True)
	args = []
	for d in dirs:
		for name in sorted(os.listdir(d)):
			base, ext = os.path.splitext(name)
			if ext not in ('.asl', '.dsl'):
				continue
			proc = subprocess.run(['iasl', '-p', os.path.join(out, base),
					       os.path.join(d, name)],
					      stdout=subprocess.PIPE,
					      stderr=subprocess.STDOUT, text=True)
			if proc.returncode:
				raise RuntimeError('iasl %s:\n%s' % (name, proc.stdout))
			args += ['-acpitable',
				 'file=' + os.path.join(out, base + '.aml')]
	return args


def device_tree(kernel, cmd):
	"""Builds the arm64 virt guest's DTB; returns QEMU's -dtb args (or
	none: another machine boots with QEMU's DT or its variant's -dtb).

	QEMU's machine DTB (dumped with the very command line that boots, since
	CPUs, memory and GIC show in it) is completed with the nodes of
	dt/virt-dma-lookup.dtsi, which names the PCIe host bridge "pcie".
	"""
	frag = os.path.join(HERE, 'dt', 'virt-dma-lookup.dtsi')
	if kernel.arch != 'arm64' or machine_name(cmd) != 'virt':
		return []
	out = os.path.join(kernel.out, 'guest', 'dt')
	os.makedirs(out, exist_ok=True)
	machine_dtb = os.path.join(out, 'machine.dtb')
	dump = list(cmd)
	at = dump.index('-machine') + 1
	dump[at] += ',dumpdtb=' + machine_dtb
	subprocess.run(dump, check=True, stdin=subprocess.DEVNULL,
		       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
	dts = subprocess.run(['dtc', '-q', '-I', 'dtb', '-O', 'dts',
			      machine_dtb], check=True, stdout=subprocess.PIPE,
			     text=True).stdout
	dts, found = re.subn(r'^(\t)(pcie@[0-9a-f]+ \{)', r'\1pcie: \2', dts,
			     flags=re.M)
	if found != 1:
		raise RuntimeError('%s: no single PCIe host node' % machine_dtb)
	source = os.path.join(out, 'guest.dts')
	with open(source, 'w') as f:
		f.write(dts + '\n/include/ "%s"\n' % frag)
	guest_dtb = os.path.join(out, 'guest.dtb')
	proc = subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o',
			       guest_dtb, source], stdout=subprocess.PIPE,
			      stderr=subprocess.STDOUT, text=True)
	if proc.returncode:
		raise RuntimeError('dtc %s:\n%s' % (source, proc.stdout))
	return ['-dtb', guest_dtb]


def boot(kernel, initramfs, mode, timeout, interactive=False, echo=False,
	 rearm=None, variant=None, kernel_args=()):
	"""Boots the guest; returns (console text, timed out).

	The guest is killed once timeout wall-clock seconds have passed. With
	rearm=(marker, seconds), a console line starting with marker sets the
	limit to that many seconds from then on. A console line "@@qmp ..."
	asks the host to run a QMP command (harness_qmp); the answer goes
	to the guest's serial input. kernel_args are added to the kernel
	command line (name=value words reach init's environment).
	"""
	params = kernel.qemu_params()
	# kunit.py runs the built-in suites; a guest boot runs none of them
	# but dmaengine_fail_nth, whose debugfs "run" file (made only for a
	# suite that ran at boot) scenario 58 needs.
	append = ' '.join([params.kernel_command_line, 'printk.time=0',
			   'panic=-1', 'kunit.filter_glob=dmaengine_fail_nth',
			   'guest_mode=' + mode] + list(kernel_args) +
			  variant_words(variant, 'kernel.args'))
	# A variant's devices come first: QEMU wants an IOMMU created before
	# the devices behind it.
	cmd = ['qemu-system-' + params.qemu_arch, '-nodefaults',
	       '-m', GUEST_MIB.get(params.qemu_arch, '1024'),
	       '-kernel', kernel.image(), '-initrd', initramfs,
	       '-append', append, '-no-reboot', '-nographic'] + \
		variant_qemu_args(variant) + \
		machine_args(variant, params, kernel) + \
		acpi_tables(kernel, variant)
	cmd += device_tree(kernel, cmd)
	if interactive:
		cmd += ['-serial', 'mon:stdio']
		return subprocess.call(cmd), False
	qmp = QmpHook()
	cmd += ['-serial', 'stdio'] + qmp.qemu_args()
	proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
				stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
				start_new_session=True)

	def answer(line):
		proc.stdin.write(line.encode())
		proc.stdin.flush()

	qmp.start(answer)
	deadline = [time.monotonic() + timeout]
	killed = threading.Event()

	def watchdog():
		while proc.poll() is None:
			if time.monotonic() >= deadline[0]:
				killed.set()
				os.killpg(proc.pid, signal.SIGKILL)
				return
			time.sleep(0.2)

	watcher = threading.Thread(target=watchdog, daemon=True)
	watcher.start()
	out = []
	running = ['']
	took = []
	last = [time.monotonic(), '(boot)']
	label = 'guest boot %s (%s)' % (boot_name(kernel, variant), mode)
	with Ticker(label, lambda: running[0]):
		for raw in proc.stdout:
			line = raw.decode('utf-8', 'replace')
			out.append(line)
			if line.startswith('@@begin '):
				running[0] = 'scenario ' + line.split()[1]
				took.append((time.monotonic() - last[0], last[1]))
				last[:] = [time.monotonic(), line.split()[1]]
			if rearm and line.startswith(rearm[0]):
				deadline[0] = time.monotonic() + rearm[1]
			qmp.console_line(line)
			if echo:
				sys.stdout.write(line)
				sys.stdout.flush()
		proc.wait()
	took.append((time.monotonic() - last[0], last[1] + ' (to power off)'))
	watcher.join()
	qmp.stop()
	proc.stdin.close()
	text = ''.join(out).replace('\r', '')
	log = '%s%s.log' % (mode, '-' + variant if variant else '')
	with open(os.path.join(kernel.out, 'guest', 'console-' + log), 'w') as f:
		f.write(text)
	# Where a boot's time went, for whoever trims the check's budget.
	with open(os.path.join(kernel.out, 'guest', 'times-' + log), 'w') as f:
		f.writelines('%6.1f %s\n' % t for t in sorted(took, reverse=True))
	return text, killed.is_set()


def boot_name(kernel, variant):
	"""How results and progress lines name a boot of kernel for a
	machine variant (none: the plain machine)."""
	return kernel.name + (' + ' + variant if variant else '')


def variant_words(variant, name):
	"""The words of scenarios/<variant>/<name>, '#' lines left out; none
	for the plain boot or when the variant has no such file."""
	if not variant:
		return []
	path = os.path.join(HERE, 'scenarios', variant, name)
	if not os.path.exists(path):
		return []
	with open(path) as f:
		return [w for line in f if not line.startswith('#')
			for w in line.split()]


def machine_args(variant, params, kernel):
	"""The machine and its devices: the words of scenarios/<variant>/
	machine.args when the variant needs the arch's devices otherwise
	(another slot, bus or property: edu behind a root port, edu at its
	default DMA mask) or another machine (another board of the arch),
	else the arch's own (qemu_configs/<arch>.py). In machine.args,
	{dtbs} stands for the kernel's built Device Trees and {sdcard} for
	an SD card image made afresh for the boot (sd_card)."""
	words = variant_words(variant, 'machine.args')
	if not words:
		return list(params.extra_qemu_params)
	dtbs = os.path.join(kernel.out, 'arch', kernel.arch, 'boot', 'dts')
	words = [w.replace('{dtbs}', dtbs) for w in words]
	if any('{sdcard}' in w for w in words):
		card = sd_card(kernel, variant)
		words = [w.replace('{sdcard}', card) for w in words]
	return words


def machine_name(cmd):
	"""The machine a QEMU command line boots (-machine or -M)."""
	for flag in ('-machine', '-M'):
		if flag in cmd:
			return cmd[cmd.index(flag) + 1].split(',')[0]
	return None


# The SD card of a machine variant's {sdcard}: QEMU's SD model wants a
# size that is a power of two.
SD_CARD_MIB = 64


def sd_card_path(kernel, variant):
	return os.path.join(kernel.out, 'guest', 'sdcard-%s.img' % variant)


def sd_card(kernel, variant):
	"""Makes the variant's SD card afresh: SD_CARD_MIB MiB holding an
	empty ext4 file system, made by the host's mke2fs (busybox has no
	mkfs.ext4); returns its path."""
	path = sd_card_path(kernel, variant)
	os.makedirs(os.path.dirname(path), exist_ok=True)
	with open(path, 'wb') as f:
		f.truncate(SD_CARD_MIB << 20)
	subprocess.run(['/sbin/mke2fs', '-q', '-F', '-t', 'ext4', '-L',
			'sdcard', path], check=True, stdout=subprocess.DEVNULL)
	return path


def sd_card_fsck(kernel, variant, results, prefix):
	"""When the variant's machine has an SD card ({sdcard}), the host's
	e2fsck -fn of it once the guest is gone (busybox has no e2fsck),
	added to results as one more scenario of the boot."""
	if not any('{sdcard}' in w for w in variant_words(variant,
							   'machine.args')):
		return
	proc = subprocess.run(['/sbin/e2fsck', '-f', '-n',
			       sd_card_path(kernel, variant)],
			      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
			      text=True)
	results.add('pass' if proc.returncode == 0 else 'fail',
		    prefix + 'scenario: host-e2fsck-sdcard', proc.stdout)


def variant_qemu_args(variant):
	"""Extra QEMU arguments of a machine variant: the words of
	scenarios/<variant>/qemu.args (e.g. a second device), if any. Its
	kernel.args, if any, are added to the kernel command line."""
	return variant_words(variant, 'qemu.args')
