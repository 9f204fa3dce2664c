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
  harness_jobs.py     steps run side by side once the kernels are built
  harness_results.py  results, KTAP, scenario verdicts
  harness_lint.py     checkpatch, kernel-doc, sparse, W=1
  harness_compat.py   upstream users against the core headers
  harness_record.py   kept results of steps whose inputs are unchanged
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
from harness_jobs import Job, run_jobs
from harness_kernel import DEFAULT_FLAVOUR, Kernel, build
from harness_lint import lint
from harness_paths import HERE
from harness_profile import cmd_profile
from harness_progress import StepTimes
from harness_results import Results, tail
from harness_tests import guest_jobs, hang_selftest, kunit

# The arm64 machines a check boots, with the scenario files each one runs
# (harness_tests.guest_jobs' "only"; the Versal and raspi3b scenarios are
# in scenarios/<variant>/) and the label its results carry.
ARM64_MACHINES = (('arm64', '6*'), ('versal', '7*'), ('raspi3b', '8*'))


def check_kernels(args):
	"""The kernels a check builds: the tree's debug kernel; the upstream
	core's (the contract suites test the API, not our core, so they must
	pass there too: cases about our additions skip); and from x86_64 the
	arm64 one, whose DT machine is the Device Tree lookup's proof and
	whose Versal and raspi3b guests run upstream's drivers on our core,
	and its upstream-core twin, which runs those drivers on upstream's
	(the same config: ccache compiles only the core files again)."""
	main = Kernel(args.tree, args.arch, 'debug')
	upstream = Kernel('upstream', args.arch, 'debug') \
		if args.tree == 'ours' else None
	arm64 = Kernel(args.tree, 'arm64', DEFAULT_FLAVOUR['arm64']) \
		if args.arch == 'x86_64' else None
	arm64_upstream = Kernel('upstream', 'arm64', DEFAULT_FLAVOUR['arm64']) \
		if args.arch == 'x86_64' and args.tree == 'ours' else None
	return main, upstream, arm64, arm64_upstream


def check_jobs(args, built, results):
	"""What runs once the kernels are built, longest first so that the
	short jobs fill the other core at the end: compat (when its census
	must be redone, the longest job of a cold run; a second otherwise),
	then the guest boots, the plain x86_64 one the longest of a warm run.
	The upstream drivers' arm64 machines boot on both cores, as
	guest[versal] and guest[versal, upstream core] (a difference is a bug
	of ours until shown otherwise); virt's DT scenario on ours only."""
	main, upstream, arm64, arm64_upstream = built
	jobs = []
	if main:
		jobs.append(Job('compat (upstream users against our headers)',
				lambda r: compat(args.tree, args.arch, r)))
		jobs += guest_jobs(main, results, args.timeout)
		jobs += [
			Job('kunit ' + main.name,
			    lambda r: kunit(main, r, args.timeout)),
			Job('lint', lambda r: lint(main, r)),
		]
	# Any kernel proves the runner kills a hung guest; the plain arm64
	# one boots in about 7 s, the debug one in about 40.
	if main or arm64:
		jobs.append(Job('harness self-test',
				lambda r: hang_selftest(arm64 or main, r)))
	if upstream:
		jobs.append(Job('kunit ' + upstream.name, lambda r: kunit(
			upstream, r, args.timeout, group='kunit[upstream core]')))
	if arm64:
		for label, only in ARM64_MACHINES:
			jobs += guest_jobs(arm64, results, args.timeout, only,
					   prefix='guest[%s] ' % label)
	if arm64_upstream:
		for label, only in ARM64_MACHINES[1:]:
			jobs += guest_jobs(arm64_upstream, results,
					   args.timeout, only,
					   prefix='guest[%s, upstream core] ' % label)
	return jobs


def cmd_check(args):
	results = Results()
	steps = StepTimes()
	print('== build')
	built = []
	for kernel in check_kernels(args):
		ok = False
		if kernel:
			with steps.step('build ' + kernel.name):
				ok = build(kernel, results)
		built.append(kernel if ok else None)
	run_jobs(check_jobs(args, built, results), results, steps)
	print(steps.table())
	for name in results.failed:
		print('FAILED: ' + name)
	print(results.summary())
	return 1 if results.counts['fail'] else 0


# What "make stress" runs: the fault-injection sweeps and soaks named
# 5[4-9]* (the plain boot's, and card/'s ACPI sweep) with STRESS=1, so
# that every injection point is tried and the soaks run 100 cycles,
# instead of make check's sample and 2 cycles. ONLY=<glob> runs
# a part of the campaign (some of those scenarios) in full.
STRESS_SCENARIOS = '5[4-9]*'


def cmd_stress(args):
	results = Results()
	steps = StepTimes()
	kernel = Kernel(args.tree, args.arch, args.flavour)
	with steps.step('build ' + kernel.name):
		ok = build(kernel, results)
	if ok:
		only = STRESS_SCENARIOS if args.only == '*' else args.only
		run_jobs(guest_jobs(kernel, results, args.timeout, only,
				    kernel_args=['STRESS=1']),
			 results, steps)
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
		run_jobs(guest_jobs(kernel, results, args.timeout, args.only),
			 results, StepTimes())
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
	    'stress': cmd_stress,
	    'compat': cmd_compat, 'bench': cmd_bench, 'profile': cmd_profile}


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument('command', choices=['check', 'kunit', 'guest',
						'lint', 'run', 'shell', 'stress',
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
