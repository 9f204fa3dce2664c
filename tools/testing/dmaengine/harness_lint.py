# SPDX-License-Identifier: GPL-2.0
"""Lint of our files: checkpatch --strict, kernel-doc, sparse and W=1."""

import copy
import filecmp
import hashlib
import os
import shutil
import subprocess
import time

import harness_record
from harness_paths import JOBS, TOP, out_dir
from harness_progress import Ticker
from harness_results import Results, tail

# Files of ours that the lint step checks.
LINT_DIRS = ('drivers', 'include', 'tools/testing/dmaengine/extmod')


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


def lint_kernel(kernel):
	"""The kernel's configuration in a build folder of lint's own
	(<arch>-lint), prepared for building single directories.

	W=1 changes the compiler's flags, so objects built with it in the
	kernel's own folder would be rebuilt by its next build, and vmlinux
	relinked; and lint would rewrite modules that guests booting beside
	it (harness_jobs) are installing.
	"""
	checked = copy.copy(kernel)
	checked.out = out_dir(kernel.tree, kernel.arch, 'lint')
	os.makedirs(checked.out, exist_ok=True)
	config = os.path.join(checked.out, '.config')
	wanted = os.path.join(kernel.out, '.config')
	if not os.path.exists(config) or not filecmp.cmp(config, wanted,
							 shallow=False):
		shutil.copy(wanted, config)
		checked.make('olddefconfig', stdout=subprocess.DEVNULL)
	checked.make('-j%d' % JOBS, 'modules_prepare',
		     stdout=subprocess.DEVNULL)
	return checked


# The clean run's record in lint's build folder (harness_record).
RECORD = 'lint-record.json'


def lint_key(kernel):
	"""A digest of everything lint reads: the tarball (checkpatch,
	kernel-doc and the upstream half of every compile), the compiler and
	sparse, this file, the kernel's .config and every file of ours under
	LINT_DIRS, Kconfig and Makefiles included."""
	h = hashlib.sha256()
	h.update(harness_record.stamp(harness_record.tarball()).encode())
	for tool in (kernel.cross_compile + 'gcc', 'sparse'):
		h.update(harness_record.tool_stamp(tool).encode())
	h.update(harness_record.file_digest(os.path.abspath(
		__file__)).encode())
	h.update(harness_record.file_digest(os.path.join(
		kernel.out, '.config')).encode())
	for path in sorted(our_files('')):
		h.update(path.encode() + b'\n')
		h.update(harness_record.file_digest(os.path.join(
			TOP, path)).encode())
	return h.hexdigest()


def lint(kernel, results):
	"""Lints our files, or, when nothing lint reads changed since its
	last clean run, gives that run's results again."""
	record = os.path.join(out_dir(kernel.tree, kernel.arch, 'lint'),
			      RECORD)
	key = lint_key(kernel)
	kept = harness_record.load(record)
	if kept.get('key') == key:
		for name in kept['passed']:
			results.add('pass', name)
		print('lint: nothing it reads changed since its clean run of '
		      '%s (%s)' % (kept['when'], record), flush=True)
		return
	checked = Results(buffered=True)
	lint_files(kernel, checked)
	results.merge(checked)
	if not checked.counts['fail']:
		harness_record.save(record, {
			'key': key, 'when': time.strftime('%Y-%m-%d %H:%M'),
			'passed': [line.split(None, 1)[1]
				   for line in checked.lines]})


def lint_files(kernel, results):
	src = kernel.src
	files = our_files('.c', '.h')
	with Ticker('lint: checkpatch --strict'):
		ok, log = checkpatch(kernel, files)
	results.add('pass' if ok else 'fail',
		    'lint: checkpatch --strict (%d files)' % len(files), log)

	kdoc = os.path.join(src, 'scripts', 'kernel-doc')
	with Ticker('lint: kernel-doc'):
		proc = subprocess.run([kdoc, '-none', '-Wall'] +
				      [os.path.join(TOP, f) for f in files],
				      stdout=subprocess.PIPE,
				      stderr=subprocess.STDOUT, text=True)
	results.add('pass' if not proc.stdout.strip() else 'fail',
		    'lint: kernel-doc -Wall', proc.stdout)

	# sparse and W=1 on the directories of ours that build into vmlinux
	# or modules. C=2 checks every file whether or not it is rebuilt.
	dirs = sorted({os.path.dirname(f) + '/' for f in files
		       if f.startswith('drivers/') and f.endswith('.c')})
	with Ticker('lint: sparse C=2 and W=1'):
		checked = lint_kernel(kernel)
		proc = checked.make('-j%d' % JOBS, 'C=2', 'W=1', *dirs,
				    check=False, stdout=subprocess.PIPE,
				    stderr=subprocess.STDOUT, text=True)
	# Upstream files in those directories are built too; only ours count.
	warned = [line for line in proc.stdout.splitlines()
		  if ('warning' in line or 'error' in line) and
		  any(f + ':' in line for f in files)]
	results.add('pass' if proc.returncode == 0 and not warned else 'fail',
		    'lint: sparse C=2 and W=1 on %s' % ' '.join(dirs),
		    '\n'.join(warned) or tail(proc.stdout))
