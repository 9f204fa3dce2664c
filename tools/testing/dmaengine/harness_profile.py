# SPDX-License-Identifier: GPL-2.0
"""Profile: where the bench figures spend their guest instructions, by
function, ours beside upstream (QEMU plugin insn-profile.c)."""

import bisect
import dataclasses
import os
import re
import subprocess

from harness_bench import BENCH_DIR, BenchKernel, bench_boot
from harness_kernel import build
from harness_paths import HERE

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
