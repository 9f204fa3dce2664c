#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build, boot and test the dmaengine project's kernels in QEMU.

One entry point for the top-level Makefile. Each step yields results, one per
thing checked (a KUnit case, a guest scenario, a lint pass, a clean console),
and "check" ends with the line "N passed, N failed".

Paths, all below the repository's build/ folder:
  src-<tree>/                 kernel source with our files laid over it
  <tree>-<arch>-<flavour>/    O= build folder of one kernel
  <tree>-<arch>-<flavour>/guest/  initramfs staging for guest boots
"""

import argparse
import bisect
import dataclasses
import fnmatch
import gzip
import importlib.util
import io
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
	os.path.dirname(os.path.abspath(__file__)))))
HERE = os.path.join(TOP, 'tools', 'testing', 'dmaengine')
BUILD = os.path.join(TOP, 'build')
JOBS = os.cpu_count() or 2

# Console lines that fail a boot whatever the tests said. A kmemleak scan
# may flag an object that a later scan finds referenced again; only what the
# guest's final listing still shows ("unreferenced object") counts as a leak.
SPLAT = re.compile(
	r'BUG: |WARNING: |UBSAN: |Kernel panic|Oops|general protection fault|'
	r'unreferenced object 0x|INFO: task .* blocked for more than|'
	r'ODEBUG: |INFO: trying to register non-static key|'
	r'possible recursive locking|possible circular locking|'
	r'inconsistent lock state|RCU stall')

# Cross toolchains (Debian's gcc-<triplet> packages) by kernel arch.
CROSS_COMPILE = {'arm64': 'aarch64-linux-gnu-'}

# Static busybox for the guest: the host's, or the one scripts/setup.sh
# unpacks from Debian's busybox-static package of the guest's arch.
BUSYBOX = {'arm64': os.path.join(BUILD, 'busybox-arm64', 'bin', 'busybox')}

# The flavour a command uses when none is given. TCG emulates arm64 too
# slowly for KASAN and lockdep within CI's budget: arm64 guests are plain.
DEFAULT_FLAVOUR = {'arm64': 'plain'}

# Files of ours that the lint step checks.
LINT_DIRS = ('drivers', 'include', 'tools/testing/dmaengine/extmod')


class Results:
	"""Collects and prints results as they come."""

	def __init__(self):
		self.counts = {'pass': 0, 'fail': 0, 'skip': 0}
		self.failed = []

	def add(self, status, name, detail=''):
		self.counts[status] += 1
		print('  %-4s  %s' % (status.upper(), name), flush=True)
		if status == 'fail':
			self.failed.append(name)
			for line in detail.rstrip().splitlines():
				print('        | ' + line)
		elif status == 'skip' and detail:
			print('        | ' + detail.strip().splitlines()[0])

	def summary(self):
		line = '%d passed, %d failed' % (self.counts['pass'],
						  self.counts['fail'])
		if self.counts['skip']:
			line += ', %d skipped' % self.counts['skip']
		return line


class Kernel:
	"""One kernel: a source tree, an architecture and a config flavour."""

	def __init__(self, tree, arch, flavour):
		self.tree, self.arch, self.flavour = tree, arch, flavour
		self.src = os.path.join(BUILD, 'src-' + tree)
		self.out = os.path.join(BUILD, '%s-%s-%s' % (tree, arch, flavour))
		self.name = '%s/%s/%s' % (tree, arch, flavour)
		cfg = os.path.join(HERE, 'configs')
		self.fragments = [os.path.join(cfg, 'base.config'),
				  os.path.join(cfg, flavour + '.config')]
		arch_frag = os.path.join(cfg, arch + '.config')
		if os.path.exists(arch_frag):
			self.fragments = [self.merged_fragment(arch_frag)]
		self.qemu_config = os.path.join(HERE, 'qemu_configs',
						arch + '.py')
		self.cross_compile = CROSS_COMPILE.get(arch, '')

	def merged_fragment(self, arch_frag):
		"""kunit.py refuses two values for one option; an arch fragment
		replaces what base.config says for x86, so merge here, later
		lines winning, into one fragment in the build folder."""
		options = {}
		for path in self.fragments + [arch_frag]:
			with open(path) as f:
				for line in f:
					m = re.match(r'(CONFIG_\w+)=', line)
					if m:
						options[m.group(1)] = line.strip()
		os.makedirs(self.out, exist_ok=True)
		merged = os.path.join(self.out, 'fragments.config')
		with open(merged, 'w') as f:
			f.write('\n'.join(options.values()) + '\n')
		return merged

	def make_options(self):
		if not self.cross_compile:
			return ['CC=ccache gcc', 'ARCH=' + self.arch]
		return ['CC=ccache %sgcc' % self.cross_compile,
			'ARCH=' + self.arch,
			'CROSS_COMPILE=' + self.cross_compile]

	def make(self, *targets, check=True, **kw):
		cmd = ['make', '-C', self.src, 'O=' + self.out,
		       '--no-print-directory'] + self.make_options()
		return subprocess.run(cmd + list(targets), check=check, **kw)

	def kunit_tool(self, *args, **kw):
		tool = os.path.join(self.src, 'tools', 'testing', 'kunit',
				    'kunit.py')
		cmd = [sys.executable, tool] + list(args) + [
			'--arch=' + self.arch, '--build_dir=' + self.out,
			'--qemu_config=' + self.qemu_config]
		if self.cross_compile:
			cmd.append('--cross_compile=' + self.cross_compile)
		return subprocess.run(cmd, cwd=self.src, **kw)

	def image(self):
		return os.path.join(self.out, self.qemu_params().kernel_path)

	def release(self):
		path = os.path.join(self.out, 'include', 'config',
				    'kernel.release')
		with open(path) as f:
			return f.read().strip()

	def qemu_params(self):
		"""Loads the qemu_config exactly as kunit.py does."""
		sys.path.insert(0, os.path.join(self.src, 'tools', 'testing',
						'kunit'))
		# kunit.py's module name, which makes the config's relative
		# import of qemu_config resolve to kunit's own module.
		name = '.qemu_configs/' + os.path.basename(self.qemu_config)
		spec = importlib.util.spec_from_file_location(name,
							      self.qemu_config)
		mod = importlib.util.module_from_spec(spec)
		spec.loader.exec_module(mod)
		return mod.QEMU_ARCH


def tail(text, lines=40):
	return '\n'.join(text.splitlines()[-lines:])


def overlay(tree):
	subprocess.run([os.path.join(TOP, 'scripts', 'overlay.sh'), tree],
		       check=True)


def build(kernel, results=None):
	"""Configures (kunit.py) and builds the kernel and its modules."""
	overlay(kernel.tree)
	started = time.monotonic()
	args = ['build', '--jobs=%d' % JOBS, '--make_options']
	args += kernel.make_options()[:1]
	for frag in kernel.fragments:
		args.append('--kunitconfig=' + frag)
	proc = kernel.kunit_tool(*args, stdout=subprocess.PIPE,
				 stderr=subprocess.STDOUT, text=True)
	ok = proc.returncode == 0
	took = time.monotonic() - started
	if results is not None:
		results.add('pass' if ok else 'fail',
			    'build %s (%.0f s)' % (kernel.name, took),
			    tail(proc.stdout))
	elif not ok:
		print(tail(proc.stdout))
	return ok


def scan_console(text):
	hits = [line for line in text.splitlines() if SPLAT.search(line)]
	return hits


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


def ktap_results(results, group, lines):
	"""Adds one result per leaf test of a KTAP document."""
	sys.path.insert(0, os.path.join(BUILD, 'src-ours', 'tools', 'testing',
					'kunit'))
	import kunit_parser
	import kunit_printer
	# The parser prints its own report; the harness prints results.
	kunit_parser.stdout = kunit_printer.Printer(io.StringIO())
	tree = kunit_parser.parse_run_tests(lines)
	status = kunit_parser.TestStatus

	def walk(test, prefix):
		if not test.subtests:
			name = prefix + test.name
			log = '\n'.join(test.log)
			if test.status == status.SUCCESS:
				results.add('pass', name)
			elif test.status == status.SKIPPED:
				results.add('skip', name, log.split('# SKIP')[-1]
					    if '# SKIP' in log else '')
			else:
				results.add('fail', '%s (%s)' % (name,
					    test.status.name.lower()), log)
			return
		for sub in test.subtests:
			walk(sub, prefix + (test.name + '.' if test.name else ''))

	if not tree.subtests:
		results.add('fail', group + ': no KTAP results found')
		return
	for suite in tree.subtests:
		walk(suite, group + ': ')


def kunit(kernel, results, timeout, group='kunit'):
	"""Runs the built-in suites through kunit.py and the project's QEMU."""
	started = time.monotonic()
	proc = kernel.kunit_tool('exec', '--timeout=%d' % timeout,
				 '--raw_output=all', stdout=subprocess.PIPE,
				 stderr=subprocess.STDOUT, text=True,
				 errors='replace')
	took = time.monotonic() - started
	log = proc.stdout
	timed_out = took >= timeout
	ktap_results(results, group, log.splitlines())
	add_console_result(results, 'kunit boot %s (%.0f s)' % (kernel.name,
							       took),
			   log, timed_out)


# ---------------------------------------------------------------- guest


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


def stage_initramfs(kernel, scenarios, extra_files=()):
	"""Builds the initramfs: busybox, /init, modules, scenarios."""
	stage = os.path.join(kernel.out, 'guest', 'root')
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
	kernel.make('modules_install', 'INSTALL_MOD_PATH=' + stage,
		    'INSTALL_MOD_STRIP=1', stdout=subprocess.DEVNULL)
	image = os.path.join(kernel.out, 'guest', 'initramfs.cpio.gz')
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
	out = os.path.join(kernel.out, 'guest', 'acpi')
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
	"""Builds the arm64 guest's DTB; returns QEMU's -dtb args (or none).

	QEMU's machine DTB (dumped with the very command line that boots, since
	CPUs, memory and GIC show in it) is completed with the nodes of
	dt/virt-dma-lookup.dtsi, which names the PCIe host bridge "pcie".
	"""
	frag = os.path.join(HERE, 'dt', 'virt-dma-lookup.dtsi')
	if kernel.arch != 'arm64':
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
	 rearm=None, variant=None):
	"""Boots the guest; returns (console text, timed out).

	The guest is killed once timeout wall-clock seconds have passed. With
	rearm=(marker, seconds), a console line starting with marker sets the
	limit to that many seconds from then on.
	"""
	params = kernel.qemu_params()
	append = ' '.join([params.kernel_command_line, 'printk.time=0',
			   'panic=-1', 'kunit.filter_glob=-',
			   'guest_mode=' + mode] +
			  variant_words(variant, 'kernel.args'))
	# A variant's devices come first: QEMU wants an IOMMU created before
	# the devices behind it.
	cmd = ['qemu-system-' + params.qemu_arch, '-nodefaults', '-m', '1024',
	       '-kernel', kernel.image(), '-initrd', initramfs,
	       '-append', append, '-no-reboot', '-nographic'] + \
		variant_qemu_args(variant) + params.extra_qemu_params + \
		acpi_tables(kernel, variant)
	cmd += device_tree(kernel, cmd)
	if interactive:
		cmd += ['-serial', 'mon:stdio']
		return subprocess.call(cmd), False
	cmd += ['-serial', 'stdio']
	proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
				stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
				start_new_session=True)
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
	for raw in proc.stdout:
		line = raw.decode('utf-8', 'replace')
		out.append(line)
		if rearm and line.startswith(rearm[0]):
			deadline[0] = time.monotonic() + rearm[1]
		if echo:
			sys.stdout.write(line)
			sys.stdout.flush()
	proc.wait()
	watcher.join()
	text = ''.join(out).replace('\r', '')
	log = 'console-%s%s.log' % (mode, '-' + variant if variant else '')
	with open(os.path.join(kernel.out, 'guest', log), 'w') as f:
		f.write(text)
	return text, killed.is_set()


def extmod_build(kernel):
	"""Builds the example external module the way a client developer does."""
	src = os.path.join(HERE, 'extmod')
	work = os.path.join(kernel.out, 'guest', 'extmod')
	shutil.rmtree(work, ignore_errors=True)
	shutil.copytree(src, work)
	proc = subprocess.run(['make', '-C', kernel.out, 'M=' + work, 'W=1',
			       'modules'] + kernel.make_options(),
			      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
			      text=True)
	mods = [os.path.join(work, f) for f in sorted(os.listdir(work))
		if f.endswith('.ko')]
	warned = [line for line in proc.stdout.splitlines()
		  if 'warning:' in line]
	return proc.returncode == 0 and not warned, mods, proc.stdout


SCENARIO_LINE = re.compile(r'^@@scenario (\S+) (pass|fail|skip)(?: (.*))?$')


def guest_results(results, text, prefix=''):
	"""Reads scenario verdicts and the KTAP of test modules from a console.

	Each test module logs a KTAP document of its own when it loads; the
	kunit_module helper puts it between @@ktap-begin and @@ktap-end.
	"""
	block = None
	for line in text.splitlines():
		m = SCENARIO_LINE.match(line.strip())
		if m:
			name, status, why = m.groups()
			detail = why or ''
			if status == 'fail':
				start = text.find('@@begin ' + name)
				detail = tail(text[start:text.find(line)], 30)
			results.add(status, prefix + 'scenario: ' + name, detail)
		elif line.startswith('@@ktap-begin'):
			block = []
			params = line.split()[2:]
			group = prefix + 'kunit-module' + (
				'[%s]' % ' '.join(params) if params else '')
		elif line.startswith('@@ktap-end'):
			ktap_results(results, group, block)
			block = None
		elif block is not None:
			block.append(line)
	if '@@guest-done' not in text:
		results.add('fail', prefix + 'guest: init did not finish',
			    tail(text))


def scenario_arches(path):
	"""The arches a scenario names on a "# arches: a b" line; x86_64 (the
	machine with ACPI and the slave map) when it names none."""
	with open(path) as f:
		for line in f:
			m = re.match(r'# arches: (.*)$', line)
			if m:
				return m.group(1).split()
	return ['x86_64']


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


def variant_qemu_args(variant):
	"""Extra QEMU arguments of a machine variant: the words of
	scenarios/<variant>/qemu.args (e.g. a second device), if any. Its
	kernel.args, if any, are added to the kernel command line."""
	return variant_words(variant, 'qemu.args')


def scenario_boots(arch, only):
	"""[(variant, scenario paths)] for arch: the plain boot's
	scenarios/*.sh, then one boot per machine variant, a directory
	scenarios/<variant>/ whose scenarios need a machine of their own (see
	variant_qemu_args and acpi_tables)."""
	top = os.path.join(HERE, 'scenarios')
	boots = []
	for variant in [None] + sorted(
			d for d in os.listdir(top)
			if os.path.isdir(os.path.join(top, d))):
		d = os.path.join(top, variant) if variant else top
		paths = [os.path.join(d, f) for f in sorted(os.listdir(d))
			 if f.endswith('.sh') and fnmatch.fnmatch(f, only)]
		paths = [p for p in paths if arch in scenario_arches(p)]
		if paths:
			boots.append((variant, paths))
	return boots


def guest(kernel, results, timeout, only='*', prefix=''):
	"""Boots the guest and runs the scenarios whose names match only and
	that run on the kernel's arch; prefix starts each result's name."""
	ok, mods, log = extmod_build(kernel)
	results.add('pass' if ok else 'fail',
		    prefix + 'extmod: built with make -C <build> M=<dir>',
		    tail(log))
	for variant, scenarios in scenario_boots(kernel.arch, only):
		image = stage_initramfs(kernel, scenarios, mods)
		started = time.monotonic()
		text, timed_out = boot(kernel, image, 'check', timeout,
				       variant=variant)
		guest_results(results, text, prefix)
		name = kernel.name + (' + %s' % variant if variant else '')
		add_console_result(results, prefix + 'guest boot %s (%.0f s)' % (
			name, time.monotonic() - started), text, timed_out)


def hang_selftest(kernel, results):
	"""Proves the runner kills a guest that never finishes."""
	image = stage_initramfs(kernel, [])
	text, timed_out = boot(kernel, image, 'hang', 300,
			       rearm=('@@hanging', 5))
	if timed_out and '@@hanging' in text:
		results.add('pass', 'harness: hung guest killed at its timeout')
	else:
		results.add('fail', 'harness: hung guest not detected',
			    tail(text))


# ---------------------------------------------------------------- lint


def our_files(*exts):
	out = subprocess.run(['git', 'ls-files', '--cached', '--others',
			      '--exclude-standard'] + list(LINT_DIRS),
			     cwd=TOP, stdout=subprocess.PIPE, text=True,
			     check=True).stdout.split()
	return [f for f in out if f.endswith(exts)]


# checkpatch types a file may break because upstream's API fixes the code:
# dma_cap_mask_t is a typedef every dmaengine user names, and pause, resume,
# config and terminate_all return -ENOSYS when a channel lacks them.
CHECKPATCH_ALLOWED = {
	'include/linux/dmaengine.h': 'NEW_TYPEDEFS,ENOSYS',
}


def checkpatch(kernel, files):
	"""Runs checkpatch --strict on each group of files; returns (ok, log)."""
	script = os.path.join(kernel.src, 'scripts', 'checkpatch.pl')
	groups = {}
	for f in files:
		groups.setdefault(CHECKPATCH_ALLOWED.get(f, ''), []).append(f)
	ok, log = True, ''
	for allowed, group in sorted(groups.items()):
		cmd = [script, '--strict', '--no-tree', '--quiet', '--terse',
		       '--show-types', '-f']
		if allowed:
			cmd += ['--ignore', allowed]
		proc = subprocess.run(cmd + [os.path.join(TOP, f) for f in group],
				      cwd=kernel.src, stdout=subprocess.PIPE,
				      stderr=subprocess.STDOUT, text=True)
		ok = ok and proc.returncode == 0
		log += proc.stdout
	return ok, log


def lint(kernel, results):
	src = kernel.src
	files = our_files('.c', '.h')
	ok, log = checkpatch(kernel, files)
	results.add('pass' if ok else 'fail',
		    'lint: checkpatch --strict (%d files)' % len(files), log)

	kdoc = os.path.join(src, 'scripts', 'kernel-doc')
	proc = subprocess.run([kdoc, '-none', '-Wall'] +
			      [os.path.join(TOP, f) for f in files],
			      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
			      text=True)
	results.add('pass' if not proc.stdout.strip() else 'fail',
		    'lint: kernel-doc -Wall', proc.stdout)

	# sparse and W=1 on the directories of ours that build into vmlinux
	# or modules. C=2 checks every file whether or not it is rebuilt.
	dirs = sorted({os.path.dirname(f) + '/' for f in files
		       if f.startswith('drivers/') and f.endswith('.c')})
	proc = kernel.make('C=2', 'W=1', *dirs, check=False,
			   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
			   text=True)
	# Upstream files in those directories are built too; only ours count.
	warned = [line for line in proc.stdout.splitlines()
		  if ('warning' in line or 'error' in line) and
		  any(f + ':' in line for f in files)]
	results.add('pass' if proc.returncode == 0 and not warned else 'fail',
		    'lint: sparse C=2 and W=1 on %s' % ' '.join(dirs),
		    '\n'.join(warned) or tail(proc.stdout))


# ---------------------------------------------------------------- compat


COMPAT_ERROR = re.compile(r'^(?:\.\./src-\w+/|/\S*/src-\w+/)?(\S+?\.[ch]):\d+:'
			  r'\d+: error: (.*)$')


def compat_candidates(src):
	"""Upstream sources that use the dmaengine API: all of drivers/dma and
	every other C file that includes linux/dmaengine.h directly."""
	found = set()
	for root, _, files in os.walk(os.path.join(src, 'drivers', 'dma')):
		found.update(os.path.relpath(os.path.join(root, f), src)
			     for f in files if f.endswith('.c'))
	grep = subprocess.run(['grep', '-rl', '--include=*.c',
			       '#include <linux/dmaengine.h>', '.'],
			      cwd=src, stdout=subprocess.PIPE, text=True)
	for path in grep.stdout.split():
		path = os.path.normpath(path)
		if not path.startswith(('tools/', 'Documentation/', 'samples/')):
			found.add(path)
	ours = set(our_files('.c'))
	return sorted(found - ours)


def configured_objects(kernel, sources):
	"""Which of these sources the configuration builds: a dry run (make -n)
	over their top-level directories lists every object it would compile.
	Only missing objects are listed, so the caller deletes them first."""
	tops = sorted({s.split('/')[0] for s in sources} - {'arch'} |
		      {'arch/' + kernel.arch.replace('x86_64', 'x86')})
	proc = kernel.make('-n', *[t + '/' for t in tops], check=False,
			   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
			   text=True, errors='replace')
	listed = set(re.findall(r' -o (\S+\.o) ', proc.stdout))
	return [s for s in sources if s[:-2] + '.o' in listed]


def compat(tree, arch, results):
	"""Compiles upstream's dmaengine users against the tree's core headers.

	An x86_64 allmodconfig (COMPILE_TEST, -Werror) decides which of the
	candidates build here; those are compiled as single-object targets and
	counted.
	"""
	kernel = Kernel(tree, arch, 'compat')
	overlay(kernel.tree)
	os.makedirs(kernel.out, exist_ok=True)
	frag = os.path.join(HERE, 'configs', 'compat.config')
	kernel.make('KCONFIG_ALLCONFIG=' + frag, 'allmodconfig',
		    stdout=subprocess.DEVNULL)
	kernel.make('-j%d' % JOBS, 'prepare', stdout=subprocess.DEVNULL)
	candidates = compat_candidates(kernel.src)
	for src in candidates:
		path = os.path.join(kernel.out, src[:-2] + '.o')
		if os.path.exists(path):
			os.unlink(path)
	sources = configured_objects(kernel, candidates)
	objects = [s[:-2] + '.o' for s in sources]
	print('Compiling the %d of %d dmaengine users that x86_64 allmodconfig '
	      'builds, against the %s core ...' % (len(objects),
						   len(candidates),
						   kernel.tree), flush=True)
	proc = kernel.make('-k', '-j%d' % JOBS, *objects, check=False,
			   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
			   text=True, errors='replace')
	errors = {}
	for line in proc.stdout.splitlines():
		m = COMPAT_ERROR.match(line)
		if m:
			errors.setdefault(m.group(1), m.group(2))
	failed = [s for s in sources
		  if not os.path.exists(os.path.join(kernel.out,
						     s[:-2] + '.o'))]
	log = os.path.join(kernel.out, 'compat.log')
	with open(log, 'w') as f:
		f.write(proc.stdout)
	detail = '\n'.join('%s: %s' % (src, errors.get(src, 'see ' + log))
			   for src in failed)
	results.add('fail' if failed else 'pass',
		    'compat: %d of %d objects compiled' %
		    (len(sources) - len(failed), len(sources)), detail)


def cmd_compat(args):
	results = Results()
	compat(args.tree, args.arch, results)
	print(results.summary())
	return 1 if results.counts['fail'] else 0


# ---------------------------------------------------------------- bench


BENCH_DIR = os.path.join(BUILD, 'bench')
BENCH_LINE = re.compile(r'^@@bench-(result|note|error) ?(.*)$')

# Figures in table order: issue 7's figure number, name, and whether it is
# measured on both trees (ratio ours/upstream) or on ours only.
BENCH_FIGURES = (
	('1', 'lifecycle_b1', True), ('1', 'lifecycle_b8', True),
	('1', 'lifecycle_b64', True),
	('1p', 'phase_prep', True), ('1p', 'phase_submit', True),
	('1p', 'phase_issue', True), ('1p', 'phase_callback', True),
	('2', 'status_inflight', True), ('2', 'status_complete', True),
	('3', 'request_1', True), ('3', 'request_64', True),
	('3', 'request_4096', True),
	('4', 'terminate_sync', True),
	('5', 'threads_one_chan', True), ('5', 'threads_two_chans', True),
	('c', 'client_dma_write', False), ('c', 'client_cpu_write', False),
	('c', 'client_dma_read', False), ('c', 'client_cpu_read', False),
	('c', 'edu_busy', False),
)


# Housekeeping that wakes an idle guest on a timer: the clocksource
# watchdog (every 0.5 s) and the soft-lockup detector (every 4 s). The
# client path idles 100 ms per edu move; these wakeups would land on
# whichever I/Os they happen to coincide with.
BENCH_QUIET = ' tsc=reliable nowatchdog'


class BenchKernel(Kernel):
	"""The bench flavour, booted with -icount shift=0: each guest
	nanosecond is one guest instruction. sleep=off still lets an idle
	guest skip to its next timer. Runs are to repeat, so nothing is left
	to chance: addresses are not randomized (nokaslr, norandmaps; where a
	buffer or an object lands changes the work done on it) and the
	real-time clock starts at a fixed date and follows guest time, which
	fixes the boot-time seeds of the random pool. The client path boots
	a guest of its own with cpus = 1."""

	cpus = 2

	def qemu_params(self):
		params = super().qemu_params()
		extra = list(params.extra_qemu_params)
		if '-smp' in extra:
			extra[extra.index('-smp') + 1] = str(self.cpus)
		if '-icount' in extra:
			extra[extra.index('-icount') + 1] = 'shift=0,sleep=off'
		else:
			extra += ['-icount', 'shift=0,sleep=off']
		extra += ['-rtc', 'base=2025-01-01T00:00:00,clock=vm']
		# RDRAND would seed the kernel's RNG from the host, differently
		# on every boot.
		if 'qemu64,+rdrand' in extra:
			extra[extra.index('qemu64,+rdrand')] = 'qemu64'
		return dataclasses.replace(
			params, extra_qemu_params=extra,
			kernel_command_line=params.kernel_command_line +
			' nokaslr norandmaps' + BENCH_QUIET)


def bench_boot(kernel, client, timeout, run, params='', ksyms=False,
	       profile_client=False):
	"""One guest run; returns ({figure: (value, unit)}, notes, problems).
	With client set, the guest runs the client path instead of the
	module's figures."""
	guest_dir = os.path.join(kernel.out, 'guest')
	os.makedirs(guest_dir, exist_ok=True)
	conf = os.path.join(guest_dir, 'bench.conf')
	with open(conf, 'w') as f:
		f.write('BENCH_CLIENT=%d\nBENCH_PARAMS="%s"\nBENCH_KSYMS=%d\n'
			'BENCH_PROFILE_CLIENT=%d\n' %
			(client, params, ksyms, profile_client))
	image = stage_initramfs(kernel, [os.path.join(HERE, 'bench.sh'), conf])
	text, timed_out = boot(kernel, image, 'bench', timeout)
	kernel.console = text
	os.makedirs(BENCH_DIR, exist_ok=True)
	shutil.copy(os.path.join(guest_dir, 'console-bench.log'),
		    os.path.join(BENCH_DIR, 'console-%s-run%d%s.log' %
				 (kernel.tree, run, '-client' if client else '')))
	figures, notes, problems = {}, [], []
	for line in text.splitlines():
		m = BENCH_LINE.match(line.strip())
		if not m:
			continue
		kind, rest = m.groups()
		if kind == 'result':
			name, value, unit = rest.split(None, 2)
			figures[name] = (float(value), unit)
		elif kind == 'note':
			notes.append(rest)
		else:
			problems.append(rest)
	problems += scan_console(text)
	if timed_out:
		problems.append('timed out, guest killed')
	elif '@@bench-end' not in text:
		problems.append('the bench did not finish')
	return figures, notes, problems


def bench_cell(runs, name, i):
	return runs[i][name][0] if i < len(runs) and name in runs[i] else None


def bench_mean(runs, name):
	vals = [r[name][0] for r in runs if name in r]
	return sum(vals) / len(vals) if vals else None


def bench_spread(runs, name):
	"""Largest difference between runs, relative to the smallest value."""
	vals = [r[name][0] for r in runs if name in r]
	if len(vals) < 2 or not min(vals):
		return None
	return (max(vals) - min(vals)) / min(vals)


def bench_rows(data, nruns):
	"""One row per figure: name, unit, ours and upstream per run, ratio,
	run-to-run spread."""
	rows = []
	for num, name, both in BENCH_FIGURES:
		unit = next((r[name][1] for runs in data.values() for r in runs
			     if name in r), '')
		ours = [bench_cell(data['ours'], name, i) for i in range(nruns)]
		ups = [bench_cell(data['upstream'], name, i) if both else None
		       for i in range(nruns)]
		mo, mu = bench_mean(data['ours'], name), \
			bench_mean(data['upstream'], name) if both else None
		ratio = mo / mu if mo is not None and mu else None
		spreads = [s for s in (bench_spread(data['ours'], name),
				       bench_spread(data['upstream'], name)
				       if both else None) if s is not None]
		rows.append((num, name, unit, ours, ups, ratio,
			     max(spreads) if spreads else None))
	return rows


def bench_fmt(value, spec='%.1f'):
	return '-' if value is None else spec % value


def bench_table(rows, nruns):
	head = ['fig', 'figure', 'unit'] + \
		['ours#%d' % (i + 1) for i in range(nruns)] + \
		['upstream#%d' % (i + 1) for i in range(nruns)] + \
		['ours/upstream', 'run spread']
	lines = [head]
	for num, name, unit, ours, ups, ratio, spread in rows:
		spec = '%.2f' if unit == '%' else '%.1f'
		lines.append([num, name, unit] +
			     [bench_fmt(v, spec) for v in ours + ups] +
			     [bench_fmt(ratio, '%.3f'),
			      bench_fmt(None if spread is None else spread * 100,
					'%.2f%%')])
	widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
	return '\n'.join('  '.join(c.ljust(w) for c, w in zip(r, widths))
			 .rstrip() for r in lines)


def bench_csv(rows, nruns, path):
	with open(path, 'w') as f:
		f.write(','.join(['figure_no', 'figure', 'unit'] +
				 ['ours_run%d' % (i + 1) for i in range(nruns)] +
				 ['upstream_run%d' % (i + 1)
				  for i in range(nruns)] +
				 ['ratio_ours_upstream', 'run_spread']) + '\n')
		for num, name, unit, ours, ups, ratio, spread in rows:
			cells = [num, name, unit] + \
				[bench_fmt(v, '%.10g') for v in ours + ups] + \
				[bench_fmt(ratio, '%.4f'),
				 bench_fmt(spread, '%.5f')]
			f.write(','.join('' if c == '-' else c
					 for c in cells) + '\n')


def bench_plot(rows, path):
	"""Bar chart of ours/upstream per figure, with the 1.0 line."""
	dat = os.path.join(BENCH_DIR, 'ratio.dat')
	with open(dat, 'w') as f:
		for num, name, _, _, _, ratio, _ in rows:
			if ratio is not None:
				f.write('"%s %s" %.4f\n' % (num, name, ratio))
	script = '\n'.join([
		'set terminal pngcairo size 1100,600 font ",10"',
		'set bmargin 8',
		'set rmargin 10',
		'set output "%s"' % path,
		'set title "dmaengine core cost, ours / upstream 6.12 '
		'(guest instructions at icount shift=0; lower is better)"',
		'set style data histograms',
		'set style fill solid 0.7 border -1',
		'set boxwidth 0.8',
		'set yrange [0:*]',
		'set ylabel "ours / upstream"',
		'set xtics rotate by -35 noenhanced',
		'set grid ytics',
		'set key off',
		'plot "%s" using 2:xtic(1) lc rgb "#3a7ebf", '
		'1 with lines lc rgb "#c03030" lw 2' % dat, ''])
	proc = subprocess.run(['gnuplot'], input=script, text=True,
			      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
	return proc.returncode == 0, proc.stdout


def bench_ratio(rows, name):
	return next((r[5] for r in rows if r[1] == name), None)


def bench_value(rows, name):
	row = next((r for r in rows if r[1] == name), None)
	vals = [v for v in row[3] if v is not None] if row else []
	return sum(vals) / len(vals) if vals else None


def bench_verdict(ok):
	return 'n/a' if ok is None else ('met' if ok else 'MISSED')


def bench_le(value, limit):
	return None if value is None else value <= limit


def bench_summary(rows):
	"""One line per figure, with issue 7's target and whether it was met."""
	r = {row[1]: row[5] for row in rows}
	out = []
	b = [r.get('lifecycle_b%d' % n) for n in (1, 8, 64)]
	ok = None if None in b else all(x <= 0.8 for x in b)
	out.append('figure 1 lifecycle: ours/upstream %s at batch 1/8/64; '
		   'target <= 0.8: %s' % ('/'.join(bench_fmt(x, '%.2f')
						  for x in b), bench_verdict(ok)))
	s = [r.get('status_inflight'), r.get('status_complete')]
	ok = None if None in s else all(x <= 1.0 for x in s)
	out.append('figure 2 tx_status: ours/upstream %s in flight/complete; '
		   'target <= 1.0: %s' % ('/'.join(bench_fmt(x, '%.2f')
						  for x in s), bench_verdict(ok)))
	q = [r.get('request_%d' % n) for n in (1, 64, 4096)]
	c64, c4k = bench_value(rows, 'request_64'), \
		bench_value(rows, 'request_4096')
	slope = math.log(c4k / c64, 64) if c64 and c4k else None
	ok = None if None in (q[2], slope) else q[2] <= 0.2 and slope < 1
	out.append('figure 3 request+release: ours/upstream %s at 1/64/4096 '
		   'entries; ours grows as entries^%s from 64 to 4096; target '
		   '<= 0.2 at 4096, sublinear: %s' % (
			   '/'.join(bench_fmt(x, '%.2f') for x in q),
			   bench_fmt(slope, '%.2f'), bench_verdict(ok)))
	t = r.get('terminate_sync')
	out.append('figure 4 terminate_sync busy: ours/upstream %s; target '
		   '<= 1.0: %s' % (bench_fmt(t, '%.2f'),
				   bench_verdict(bench_le(t, 1.0))))
	th = [r.get('threads_one_chan'), r.get('threads_two_chans')]
	ok = None if None in th else all(x <= 1.0 for x in th)
	out.append('figure 5 two threads: ours/upstream %s on one/two '
		   'channels; target <= 1.0: %s' % (
			   '/'.join(bench_fmt(x, '%.2f') for x in th),
			   bench_verdict(ok)))
	cl = []
	for d in ('write', 'read'):
		dma = bench_value(rows, 'client_dma_' + d)
		cpu = bench_value(rows, 'client_cpu_' + d)
		cl.append(dma / cpu if dma is not None and cpu else None)
	ok = None if None in cl else all(x <= 0.5 for x in cl)
	out.append('client path (ours): DMA/CPU-copy instructions per 4 KiB '
		   'I/O %s write/read; target <= 0.5: %s' % (
			   '/'.join(bench_fmt(x, '%.2f') for x in cl),
			   bench_verdict(ok)))
	busy = bench_value(rows, 'edu_busy')
	out.append('edu busy under a queued stream (ours): %s %%; target >= '
		   '99 %%: %s' % (bench_fmt(busy, '%.2f'), bench_verdict(
			   None if busy is None else busy >= 99)))
	spreads = [row[6] for row in rows if row[6] is not None]
	worst = max(spreads) if spreads else None
	out.append('repeatability: largest run-to-run difference %s; target '
		   'within 1%%: %s' % (
			   bench_fmt(None if worst is None else worst * 100,
				     '%.2f%%'),
			   bench_verdict(bench_le(worst, 0.01))))
	return out


def cmd_bench(args):
	kernels = {tree: BenchKernel(tree, args.arch, 'bench')
		   for tree in ('ours', 'upstream')}
	for kernel in kernels.values():
		print('Building the %s kernel (incremental) ...' % kernel.name,
		      flush=True)
		if not build(kernel):
			return 1
	data = {'ours': [], 'upstream': []}
	notes, failed = [], False
	# The client path gets a one-CPU guest: with a second CPU, even
	# offline, the scheduler's idle entry did load-balancing work on some
	# boots and not on others (4 % of the DMA path).
	client = BenchKernel('ours', args.arch, 'bench')
	client.cpus = 1
	boots = [(tree, kernel, False) for tree, kernel in kernels.items()] + \
		[('ours', client, True)]
	for run in range(1, args.runs + 1):
		for tree, kernel, is_client in boots:
			print('Run %d of %d: %s core%s ...' %
			      (run, args.runs, tree,
			       ', client path' if is_client else ''), flush=True)
			figures, run_notes, problems = bench_boot(
				kernel, is_client, args.timeout, run)
			if is_client:
				data[tree][-1].update(figures)
			else:
				data[tree].append(figures)
			notes += [n for n in run_notes if n not in notes]
			for p in problems:
				print('  PROBLEM (%s run %d): %s' % (tree, run, p))
			failed = failed or bool(problems)
	for tree, runs in data.items():
		for run, figures in enumerate(runs, 1):
			missing = [name for _, name, both in BENCH_FIGURES
				   if (both or tree == 'ours') and
				   name not in figures]
			if missing:
				print('  PROBLEM (%s run %d): no result for %s' %
				      (tree, run, ', '.join(missing)))
				failed = True
	rows = bench_rows(data, args.runs)
	csv = os.path.join(BENCH_DIR, 'bench.csv')
	png = os.path.join(BENCH_DIR, 'bench.png')
	bench_csv(rows, args.runs, csv)
	plotted, log = bench_plot(rows, png)
	print()
	for note in notes:
		print('note: ' + note)
	print('Units: guest ns = guest instructions (QEMU -icount shift=0); '
	      'best of the rounds in each run; edu_busy in %.')
	print(bench_table(rows, args.runs))
	print()
	print('CSV: ' + os.path.relpath(csv, TOP))
	print('Plot: ' + (os.path.relpath(png, TOP) if plotted else
			  'gnuplot failed: ' + log.strip()))
	for line in bench_summary(rows):
		print(line)
	return 1 if failed or not plotted else 0


class ProfileKernel(BenchKernel):
	"""A bench kernel booted with QEMU's insn-profile plugin loaded."""

	plugin_args = ()

	def qemu_params(self):
		params = super().qemu_params()
		return dataclasses.replace(
			params, extra_qemu_params=params.extra_qemu_params +
			list(self.plugin_args))


def profile_plugin():
	"""Builds insn-profile.so (a QEMU plugin) when its source is newer."""
	src = os.path.join(HERE, 'insn-profile.c')
	so = os.path.join(BENCH_DIR, 'insn-profile.so')
	os.makedirs(BENCH_DIR, exist_ok=True)
	if os.path.exists(so) and \
	   os.path.getmtime(so) >= os.path.getmtime(src):
		return so
	subprocess.run(['cc', '-shared', '-fPIC', '-O2', '-Wall', '-o', so, src],
		       check=True)
	return so


def profile_symbols(kernel, console):
	"""Sorted (address, name) of the text symbols of the kernel
	(System.map) and of its loaded modules (printed by the guest)."""
	syms = []
	with open(os.path.join(kernel.out, 'System.map')) as f:
		for line in f:
			addr, kind, name = line.split()[:3]
			if kind in 'tT':
				syms.append((int(addr, 16), name))
	for m in re.finditer(r'^@@ksym ([0-9a-f]+) (\S+)', console, re.M):
		syms.append((int(m.group(1), 16), m.group(2)))
	syms.sort()
	return syms


class ProfileError(Exception):
	"""The guest's window log and the plugin's counts disagree."""


def profile_windows(path, console, syms):
	"""[(figure, ops, {symbol: instructions})], one per profile window:
	the plugin's blocks, each charged to the symbol it starts in."""
	labels = re.findall(r'^@@bench-note profile window \d+ (\S+) (\d+) ops',
			    console, re.M)
	addrs = [a for a, _ in syms]
	windows = []
	with open(path) as f:
		for line in f:
			if line.startswith('window'):
				windows.append({})
				continue
			addr, insns = line.split()
			i = bisect.bisect_right(addrs, int(addr, 16)) - 1
			name = syms[i][1] if i >= 0 else '(user space)'
			windows[-1][name] = windows[-1].get(name, 0) + int(insns)
	if len(labels) != len(windows):
		raise ProfileError('%d windows logged by the guest, %d counted '
				   'by the plugin' % (len(labels), len(windows)))
	return [(fig, int(ops), counts)
		for (fig, ops), counts in zip(labels, windows)]


def profile_table(figure, ops, counts, top):
	"""Instructions per operation by function, ours beside upstream
	(whose column is empty for figures of our tree only)."""
	per_op = {tree: {k: v / ops[tree] for k, v in counts[tree].items()}
		  for tree in counts}
	per_op.setdefault('upstream', {})
	names = sorted(set(per_op['ours']) | set(per_op['upstream']),
		       key=lambda k: -max(per_op['ours'].get(k, 0),
					  per_op['upstream'].get(k, 0)))
	lines = ['%s: guest instructions per operation by function '
		 '(%d operations on each core)' % (figure, ops['ours']),
		 '  %-42s %10s %10s %9s' % ('function', 'ours', 'upstream',
					    'diff')]
	rest = {'ours': 0.0, 'upstream': 0.0}
	for i, name in enumerate(names):
		o = per_op['ours'].get(name, 0.0)
		u = per_op['upstream'].get(name, 0.0)
		if i >= top:
			rest['ours'] += o
			rest['upstream'] += u
			continue
		lines.append('  %-42s %10.1f %10.1f %+9.1f' % (name[:42], o, u,
							       o - u))
	lines.append('  %-42s %10.1f %10.1f %+9.1f' %
		     ('(%d more functions)' % max(0, len(names) - top),
		      rest['ours'], rest['upstream'],
		      rest['ours'] - rest['upstream']))
	tot = {t: sum(per_op[t].values()) for t in per_op}
	lines.append('  %-42s %10.1f %10.1f %+9.1f' %
		     ('total', tot['ours'], tot['upstream'],
		      tot['ours'] - tot['upstream']))
	return '\n'.join(lines)


def cmd_profile(args):
	"""Where the bench figures' instructions go, function by function, on
	both cores: the figures' rounds run between markers that the QEMU
	plugin insn-profile.c counts between."""
	if args.arch != 'x86_64':
		print('profile: x86_64 only (the markers are x86 instructions)')
		return 1
	plugin = profile_plugin()
	client = args.figures == 'client'
	params = 'figures=%s rounds=%d profile=1' % (
		'' if client else args.figures, args.rounds)
	profiles = {'upstream': []}
	for tree in ('ours',) if client else ('ours', 'upstream'):
		kernel = ProfileKernel(tree, args.arch, 'bench')
		kernel.cpus = 1 if client else 2
		print('Building the %s kernel (incremental) ...' % kernel.name,
		      flush=True)
		if not build(kernel):
			return 1
		out = os.path.join(BENCH_DIR, 'profile-%s.txt' % tree)
		if os.path.exists(out):
			os.remove(out)
		kernel.plugin_args = ('-plugin', '%s,out=%s' % (plugin, out))
		print('Profiling %s (%s) ...' % (tree, params), flush=True)
		_, _, problems = bench_boot(kernel, client, args.timeout, 0,
					    params, ksyms=True,
					    profile_client=client)
		for p in problems:
			print('  PROBLEM (%s): %s' % (tree, p))
		if problems or not os.path.exists(out):
			return 1
		syms = profile_symbols(kernel, kernel.console)
		try:
			profiles[tree] = profile_windows(out, kernel.console,
							 syms)
		except ProfileError as e:
			print('  PROBLEM (%s): %s' % (tree, e))
			return 1
	upstream = {fig: (ops, counts)
		    for fig, ops, counts in profiles['upstream']}
	for fig, ops_o, ours in profiles['ours']:
		ops = {'ours': ops_o}
		counts = {'ours': ours}
		if fig in upstream:
			ops['upstream'], counts['upstream'] = upstream[fig]
		print()
		print(profile_table(fig, ops, counts, args.top))
	return 0


# ---------------------------------------------------------------- commands


def cmd_check(args):
	results = Results()
	kernel = Kernel(args.tree, args.arch, 'debug')
	print('== build')
	if build(kernel, results):
		print('== kunit (built-in suites)')
		kunit(kernel, results, args.timeout)
		print('== guest (modules and scenarios)')
		guest(kernel, results, args.timeout)
		print('== harness self-test')
		hang_selftest(kernel, results)
		print('== lint')
		lint(kernel, results)
		print('== compat (upstream users against our headers)')
		compat(args.tree, args.arch, results)
	if args.tree == 'ours':
		# The contract suites test the API, not our core: they must pass
		# on upstream's core too (cases about our additions skip there).
		print('== kunit on the upstream core')
		upstream = Kernel('upstream', args.arch, 'debug')
		if build(upstream, results):
			kunit(upstream, results, args.timeout,
			      group='kunit[upstream core]')
	if args.arch == 'x86_64':
		# The Device Tree lookup path needs a DT machine: arm64 virt.
		print('== guest[arm64] (Device Tree lookup)')
		arm64 = Kernel(args.tree, 'arm64', DEFAULT_FLAVOUR['arm64'])
		if build(arm64, results):
			guest(arm64, results, args.timeout,
			      prefix='guest[arm64] ')
	for name in results.failed:
		print('FAILED: ' + name)
	print(results.summary())
	return 1 if results.counts['fail'] else 0


def cmd_kunit(args):
	results = Results()
	kernel = Kernel(args.tree, args.arch, args.flavour)
	if build(kernel, results):
		kunit(kernel, results, args.timeout)
	print(results.summary())
	return 1 if results.counts['fail'] else 0


def cmd_guest(args):
	results = Results()
	kernel = Kernel(args.tree, args.arch, args.flavour)
	if build(kernel, results):
		guest(kernel, results, args.timeout, args.only)
	for name in results.failed:
		print('FAILED: ' + name)
	print(results.summary())
	return 1 if results.counts['fail'] else 0


def cmd_lint(args):
	results = Results()
	kernel = Kernel(args.tree, args.arch, 'debug')
	if build(kernel, results):
		lint(kernel, results)
	print(results.summary())
	return 1 if results.counts['fail'] else 0


def cmd_run(args):
	kernel = Kernel(args.tree, args.arch, 'plain')
	print('Building the %s kernel (incremental after the first time) ...'
	      % kernel.name, flush=True)
	if not build(kernel):
		return 1
	demo = os.path.join(HERE, 'demo.sh')
	image = stage_initramfs(kernel, [demo])
	text, timed_out = boot(kernel, image, 'run', args.timeout, echo=False)
	shown = False
	for line in text.splitlines():
		if line.startswith('@@demo-begin'):
			shown = True
		elif line.startswith('@@demo-end'):
			shown = False
		elif shown:
			print(line)
	hits = scan_console(text)
	if timed_out or hits or '@@demo-end' not in text:
		print('The demo did not finish cleanly; console tail:')
		print('\n'.join(hits) + '\n' + tail(text))
		return 1
	return 0


def cmd_shell(args):
	kernel = Kernel(args.tree, args.arch, args.flavour)
	if not build(kernel):
		return 1
	image = stage_initramfs(kernel, [])
	print('Booting; leave with "poweroff -f" or Ctrl-A X.')
	boot(kernel, image, 'shell', 0, interactive=True)
	return 0


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument('command', choices=['check', 'kunit', 'guest',
						'lint', 'run', 'shell',
						'build', 'compat', 'bench',
						'profile'])
	parser.add_argument('--tree', default='ours',
			    choices=['ours', 'upstream'])
	parser.add_argument('--arch', default='x86_64')
	parser.add_argument('--flavour', choices=['debug', 'plain', 'bench'],
			    help='default: debug, plain on arm64')
	parser.add_argument('--timeout', type=int, default=300,
			    help='wall-clock seconds per guest boot')
	parser.add_argument('--runs', type=int, default=2,
			    help='bench: runs of each tree, to show repeatability')
	parser.add_argument('--figures',
			    default='lifecycle,phases,status,terminate',
			    help='profile: the dma_bench figures to profile')
	parser.add_argument('--rounds', type=int, default=3,
			    help='profile: rounds of each figure')
	parser.add_argument('--top', type=int, default=25,
			    help='profile: functions listed per figure')
	parser.add_argument('--only', default='*',
			    help='guest: run only scenarios matching this glob')
	args = parser.parse_args()
	args.flavour = args.flavour or DEFAULT_FLAVOUR.get(args.arch, 'debug')
	if args.command == 'build':
		ok = build(Kernel(args.tree, args.arch, args.flavour))
		return 0 if ok else 1
	return globals()['cmd_' + args.command](args)


if __name__ == '__main__':
	sys.exit(main())
