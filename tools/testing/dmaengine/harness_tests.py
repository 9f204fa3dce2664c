# SPDX-License-Identifier: GPL-2.0
"""The test steps that run in guests: the built-in KUnit suites (through
kunit.py), the example external module, the guest scenarios per machine
variant and the harness's own hung-guest self-test."""

import fnmatch
import functools
import os
import re
import shutil
import subprocess
import time

from harness_guest import (add_console_result, boot, boot_name,
			   sd_card_fsck, stage_initramfs)
from harness_jobs import Job
from harness_paths import HERE
from harness_progress import Ticker
from harness_results import guest_results, ktap_results, tail

# A suite's start in KTAP, as the progress line names it.
KTAP_SUITE = re.compile(r'^(?:\[[^]]*\] )?    # Subtest: (\S+)')


def kunit(kernel, results, timeout, group='kunit'):
	"""Runs the built-in suites through kunit.py and the project's QEMU."""
	started = time.monotonic()
	suite = ['']
	out = []
	with Ticker('kunit boot ' + kernel.name, lambda: suite[0]):
		# No KMEMLEAK scan judges a KUnit boot, and tracking every
		# allocation from boot on costs it 10 s or more under TCG.
		proc = subprocess.Popen(kernel.kunit_cmd(
			'exec', '--timeout=%d' % timeout, '--raw_output=all',
			'--kernel_args=kmemleak=off'),
			cwd=kernel.src, stdout=subprocess.PIPE,
			stderr=subprocess.STDOUT, text=True, errors='replace')
		for line in proc.stdout:
			out.append(line)
			m = KTAP_SUITE.match(line)
			if m:
				suite[0] = 'suite ' + m.group(1)
		proc.wait()
	took = time.monotonic() - started
	log = ''.join(out)
	timed_out = took >= timeout
	ktap_results(results, group, log.splitlines())
	add_console_result(results, 'kunit boot %s (%.0f s)' % (kernel.name,
							       took),
			   log, timed_out)


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


def scenario_arches(path):
	"""The arches a scenario names on a "# arches: a b" line; x86_64 (the
	machine with ACPI and the slave map) when it names none."""
	with open(path) as f:
		for line in f:
			m = re.match(r'# arches: (.*)$', line)
			if m:
				return m.group(1).split()
	return ['x86_64']


def scenario_boots(arch, only):
	"""[(variant, scenario paths)] for arch: the plain boot's
	scenarios/*.sh, then one boot per machine variant, a directory
	scenarios/<variant>/ whose scenarios need a machine of their own (see
	variant_qemu_args, machine_args and acpi_tables)."""
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


def guest_jobs(kernel, results, timeout, only='*', prefix='',
	       kernel_args=()):
	"""Jobs (harness_jobs), one per guest boot, that boot the guest and
	run the scenarios whose names match only and that run on the
	kernel's arch; prefix starts each result's name, kernel_args go on
	each boot's kernel command line (STRESS=1: make stress). The example
	external module they carry is built first, its result added to
	results."""
	ok, mods, log = extmod_build(kernel)
	results.add('pass' if ok else 'fail',
		    prefix + 'extmod: built with make -C <build> M=<dir>',
		    tail(log))
	jobs = []
	for variant, scenarios in scenario_boots(kernel.arch, only):
		run = functools.partial(guest_boot, kernel, variant, scenarios,
					mods, timeout, prefix, kernel_args)
		jobs.append(Job(prefix + 'guest ' + boot_name(kernel, variant),
				run))
	return jobs


def guest_boot(kernel, variant, scenarios, mods, timeout, prefix,
	       kernel_args, results):
	"""One boot of the guest for a variant's scenarios."""
	image = stage_initramfs(kernel, scenarios, mods,
				name='check-' + (variant or 'plain'))
	started = time.monotonic()
	text, timed_out = boot(kernel, image, 'check', timeout,
			       variant=variant, kernel_args=kernel_args)
	guest_results(results, text, prefix)
	sd_card_fsck(kernel, variant, results, prefix)
	add_console_result(results, prefix + 'guest boot %s (%.0f s)' % (
		boot_name(kernel, variant), time.monotonic() - started), text,
		timed_out)


def hang_selftest(kernel, results):
	"""Proves the runner kills a guest that never finishes."""
	image = stage_initramfs(kernel, [], name='hang')
	text, timed_out = boot(kernel, image, 'hang', 300,
			       rearm=('@@hanging', 5))
	if timed_out and '@@hanging' in text:
		results.add('pass', 'harness: hung guest killed at its timeout')
	else:
		results.add('fail', 'harness: hung guest not detected',
			    tail(text))
