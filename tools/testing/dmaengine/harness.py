#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build, boot and test the dmaengine project's kernels in QEMU.

One entry point for the top-level Makefile. Each step yields results, one per
thing checked (a KUnit case, a guest scenario, a lint pass, a clean console),
and "check" ends with the line "N passed, N failed".

The work is done by modules next to this file, one job each:
  harness_paths.py    where sources and build folders live
  harness_kernel.py   kernels: overlay, configs, builds
  harness_guest.py    guests: initramfs, QEMU boot, machine variants,
                      console checks
  harness_tests.py    KUnit, extmod, scenarios, hung-guest self-test
  harness_results.py  results, KTAP, scenario verdicts
  harness_lint.py     checkpatch, kernel-doc, sparse, W=1
  harness_compat.py   upstream users against the core headers
  harness_bench.py    bench figures, table, CSV, plot
  harness_profile.py  per-function instruction profiles
  harness_progress.py progress lines of long steps, time per step
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
from harness_bench import cmd_bench
from harness_compat import compat, cmd_compat
from harness_guest import boot, scan_console, stage_initramfs
from harness_kernel import DEFAULT_FLAVOUR, Kernel, build
from harness_lint import lint
from harness_paths import HERE
from harness_profile import cmd_profile
from harness_progress import StepTimes
from harness_results import Results, tail
from harness_tests import guest, hang_selftest, kunit

def cmd_check(args):
	results = Results()
	steps = StepTimes()
	step = steps.step
	kernel = Kernel(args.tree, args.arch, 'debug')
	print('== build')
	with step('build ' + kernel.name):
		built = build(kernel, results)
	if built:
		print('== kunit (built-in suites)')
		with step('kunit ' + kernel.name):
			kunit(kernel, results, args.timeout)
		print('== guest (modules and scenarios)')
		with step('guest ' + kernel.name):
			guest(kernel, results, args.timeout)
		print('== harness self-test')
		with step('harness self-test'):
			hang_selftest(kernel, results)
		print('== lint')
		with step('lint'):
			lint(kernel, results)
		print('== compat (upstream users against our headers)')
		with step('compat (allmodconfig, prepare, compile)'):
			compat(args.tree, args.arch, results)
	if args.tree == 'ours':
		# The contract suites test the API, not our core: they must pass
		# on upstream's core too (cases about our additions skip there).
		print('== kunit on the upstream core')
		upstream = Kernel('upstream', args.arch, 'debug')
		with step('build ' + upstream.name):
			built = build(upstream, results)
		if built:
			with step('kunit ' + upstream.name):
				kunit(upstream, results, args.timeout,
				      group='kunit[upstream core]')
	if args.arch == 'x86_64':
		# The Device Tree lookup path needs a DT machine: arm64 virt.
		print('== guest[arm64] (Device Tree lookup)')
		arm64 = Kernel(args.tree, 'arm64', DEFAULT_FLAVOUR['arm64'])
		with step('build ' + arm64.name):
			built = build(arm64, results)
		if built:
			with step('guest ' + arm64.name):
				guest(arm64, results, args.timeout,
				      prefix='guest[arm64] ')
	print(steps.table())
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


COMMANDS = {'check': cmd_check, 'kunit': cmd_kunit, 'guest': cmd_guest,
	    'lint': cmd_lint, 'run': cmd_run, 'shell': cmd_shell,
	    'compat': cmd_compat, 'bench': cmd_bench, 'profile': cmd_profile}


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
	parser.add_argument('--timeout', type=int, default=600,
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
	return COMMANDS[args.command](args)


if __name__ == '__main__':
	sys.exit(main())
