# SPDX-License-Identifier: GPL-2.0
"""Compat: upstream's dmaengine users compiled against a tree's core
headers (x86_64 allmodconfig)."""

import hashlib
import os
import re
import subprocess

from harness_kernel import Kernel, overlay
from harness_lint import our_files
from harness_paths import HERE, JOBS
from harness_progress import Ticker
from harness_results import Results

COMPAT_ERROR = re.compile(r'^(?:\.\./src/|/\S*?/\w+/src/)?(\S+?\.[ch]):\d+:'
			  r'\d+: error: (.*)$')
# make's line for a target whose recipe failed.
MAKE_ERROR = re.compile(r'\*\*\* \[[^]]*: (\S+\.o)\] Error ')


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
	Only missing objects are listed, so their objects are deleted first.
	The answer depends on nothing but .config and the sources asked about,
	so it is kept in the build folder against a digest of the two."""
	with open(os.path.join(kernel.out, '.config'), 'rb') as f:
		digest = hashlib.sha256(f.read())
	digest.update('\n'.join(sources).encode())
	key = digest.hexdigest()
	kept = os.path.join(kernel.out, 'compat-objects.txt')
	if os.path.exists(kept):
		with open(kept) as f:
			lines = f.read().split()
		if lines and lines[0] == key:
			return lines[1:]
	for src in sources:
		path = os.path.join(kernel.out, src[:-2] + '.o')
		if os.path.exists(path):
			os.unlink(path)
	tops = sorted({s.split('/')[0] for s in sources} - {'arch'} |
		      {'arch/' + kernel.arch.replace('x86_64', 'x86')})
	proc = kernel.make('-n', *[t + '/' for t in tops], check=False,
			   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
			   text=True, errors='replace')
	listed = set(re.findall(r' -o (\S+\.o) ', proc.stdout))
	found = [s for s in sources if s[:-2] + '.o' in listed]
	with open(kept, 'w') as f:
		f.write('\n'.join([key] + found) + '\n')
	return found


def compat(tree, arch, results):
	"""Compiles upstream's dmaengine users against the tree's core headers.

	An x86_64 allmodconfig (COMPILE_TEST, -Werror) decides which of the
	candidates build here; those are made as single-object targets and
	counted. kbuild's own dependency records decide what is recompiled:
	after a change to one of our headers, every user that includes it.
	"""
	kernel = Kernel(tree, arch, 'compat')
	overlay(kernel.tree)
	os.makedirs(kernel.out, exist_ok=True)
	frag = os.path.join(HERE, 'configs', 'compat.config')
	with Ticker('compat: allmodconfig and prepare'):
		kernel.make('KCONFIG_ALLCONFIG=' + frag, 'allmodconfig',
			    stdout=subprocess.DEVNULL)
		kernel.make('-j%d' % JOBS, 'prepare', stdout=subprocess.DEVNULL)
	candidates = compat_candidates(kernel.src)
	sources = configured_objects(kernel, candidates)
	objects = [s[:-2] + '.o' for s in sources]
	print('Compiling the %d of %d dmaengine users that x86_64 allmodconfig '
	      'builds, against the %s core ...' % (len(objects),
						   len(candidates),
						   kernel.tree), flush=True)
	def compiled():
		return '%d of %d objects' % (sum(
			os.path.exists(os.path.join(kernel.out, o))
			for o in objects), len(objects))

	with Ticker('compat', compiled):
		proc = kernel.make('-k', '-j%d' % JOBS, *objects, check=False,
				   stdout=subprocess.PIPE,
				   stderr=subprocess.STDOUT, text=True,
				   errors='replace')
	errors = {}
	broken = set()
	for line in proc.stdout.splitlines():
		m = COMPAT_ERROR.match(line)
		if m:
			errors.setdefault(m.group(1), m.group(2))
		m = MAKE_ERROR.search(line)
		if m:
			broken.add(m.group(1))
	# A failed compile can leave the object of an earlier run behind, so
	# make's own error lines count as well as a missing object.
	failed = [s for s in sources if s[:-2] + '.o' in broken or
		  not os.path.exists(os.path.join(kernel.out, s[:-2] + '.o'))]
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
