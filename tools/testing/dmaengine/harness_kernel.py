# SPDX-License-Identifier: GPL-2.0
"""Kernels: their source trees (overlay), configs (kunit.py fragments) and
builds."""

import importlib.util
import os
import re
import subprocess
import sys
import time

from harness_paths import HERE, JOBS, TOP, out_dir, src_dir
from harness_progress import ObjectCounter, Ticker
from harness_results import tail

# Cross toolchains (Debian's gcc-<triplet> packages) by kernel arch.
CROSS_COMPILE = {'arm64': 'aarch64-linux-gnu-'}

# The flavour a command uses when none is given. TCG emulates arm64 too
# slowly for KASAN and lockdep within CI's budget: arm64 guests are plain.
DEFAULT_FLAVOUR = {'arm64': 'plain'}


class Kernel:
	"""One kernel: a source tree, an architecture and a config flavour."""

	def __init__(self, tree, arch, flavour):
		self.tree, self.arch, self.flavour = tree, arch, flavour
		self.src = src_dir(tree)
		self.out = out_dir(tree, arch, flavour)
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
		"""The compilers first (what kunit.py is given), then what
		kunit.py adds itself. Host programs (fixdep, kconfig, objtool,
		modpost) go through ccache too: every build folder compiles
		them, and they are the same in all of them."""
		compilers = ['CC=ccache %sgcc' % self.cross_compile,
			     'HOSTCC=ccache gcc']
		if not self.cross_compile:
			return compilers + ['ARCH=' + self.arch]
		return compilers + ['ARCH=' + self.arch,
				    'CROSS_COMPILE=' + self.cross_compile]

	def make(self, *targets, check=True, **kw):
		cmd = ['make', '-C', self.src, 'O=' + self.out,
		       '--no-print-directory'] + self.make_options()
		return subprocess.run(cmd + list(targets), check=check, **kw)

	def kunit_cmd(self, *args):
		tool = os.path.join(self.src, 'tools', 'testing', 'kunit',
				    'kunit.py')
		cmd = [sys.executable, tool] + list(args) + [
			'--arch=' + self.arch, '--build_dir=' + self.out,
			'--qemu_config=' + self.qemu_config]
		if self.cross_compile:
			cmd.append('--cross_compile=' + self.cross_compile)
		return cmd

	def kunit_tool(self, *args, **kw):
		return subprocess.run(self.kunit_cmd(*args), cwd=self.src, **kw)

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


def overlay(tree):
	with Ticker('overlay ' + tree):
		subprocess.run([os.path.join(TOP, 'scripts', 'overlay.sh'),
				tree], check=True)


def build(kernel, results=None):
	"""Configures (kunit.py) and builds the kernel and its modules."""
	overlay(kernel.tree)
	started = time.monotonic()
	args = ['build', '--jobs=%d' % JOBS]
	for opt in kernel.make_options()[:2]:
		args += ['--make_options', opt]
	for frag in kernel.fragments:
		args.append('--kunitconfig=' + frag)
	objects = ObjectCounter(kernel.out, kernel.flavour)
	with Ticker('build ' + kernel.name, objects):
		proc = kernel.kunit_tool(*args, stdout=subprocess.PIPE,
					 stderr=subprocess.STDOUT, text=True)
	ok = proc.returncode == 0
	if ok:
		objects.record()
	took = time.monotonic() - started
	if results is not None:
		results.add('pass' if ok else 'fail',
			    'build %s (%.0f s)' % (kernel.name, took),
			    tail(proc.stdout))
	elif not ok:
		print(tail(proc.stdout))
	return ok
