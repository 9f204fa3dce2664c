# SPDX-License-Identifier: GPL-2.0
"""Compat: every upstream user of the dmaengine API type-checked against a
tree's core headers, in the x86_64 and the arm64 allmodconfig.

A user is a .c file that the allmodconfig of that architecture compiles
and whose preprocessing reads one of our headers, directly or through any
chain of includes, as the configuration decides. It is found in three
steps, each narrowing the last:

  1. a static include walk (harness_includes) over every #include line,
     whatever the #if around it: a superset of the users;
  2. kbuild's own compile commands for those candidates, from a dry run
     (make -n) of their top-level folders: only what allmodconfig builds;
  3. each command run with -fsyntax-only instead of -c: the compiler's
     dependency file (kbuild's -Wp,-MMD) says whether it read one of our
     headers, and its exit status (kbuild's -Werror) whether it compiled.

A sample of configured files the walk left out is preprocessed too: one
that reads our headers means the walk is wrong, and fails the step.
"""

import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import time

import harness_record
from harness_includes import KERNEL_ARCH, IncludeGraph
from harness_kernel import Kernel, overlay
from harness_lint import our_files
from harness_paths import HERE, JOBS, TOP
from harness_progress import Ticker
from harness_record import file_digest
from harness_results import Results

# The architectures of the census, in the order of the output line.
ARCHES = ('x86_64', 'arm64')

# Files of the build folder: the census' record (reused while its inputs
# are unchanged), its list of users and the compiler's output.
RECORD = 'compat-census.json'
USERS = 'compat-users.txt'
LOG = 'compat.log'

# Configured non-candidates preprocessed per arch to check the walk.
WALK_SAMPLE = 24

# The harness code whose change must redo the census.
CODE = ('harness_compat.py', 'harness_includes.py', 'harness_kernel.py',
	'configs/compat.config')

# A compiler diagnostic that is an error, for the first-error column.
ERROR = re.compile(r'(?:^|: )(?:fatal )?error: ')


def census_key(kernel, headers_read):
	"""A digest of everything the census of one arch depends on: the
	tarball, the compiler, the compat code and config, the overlay, every
	file of ours but the .c files (Kconfig and Makefiles decide the
	configuration) and, of our headers, the content of those the last
	run's compiler read. Another header of ours counts by its name only:
	no upstream file can read it unless one it reads changes first."""
	h = hashlib.sha256()
	h.update(harness_record.stamp(harness_record.tarball()).encode())
	h.update(harness_record.tool_stamp(kernel.cross_compile +
					   'gcc').encode())
	for name in CODE:
		h.update(file_digest(os.path.join(HERE, name)).encode())
	h.update(file_digest(os.path.join(TOP, 'scripts',
					  'overlay.sh')).encode())
	h.update(' '.join(kernel.make_options()).encode())
	read = set(headers_read)
	for path in sorted(our_files('')):
		h.update(path.encode() + b'\n')
		if path.endswith('.c') or (path.endswith('.h') and
					   path not in read):
			continue
		h.update(file_digest(os.path.join(kernel.src, path)).encode())
	return h.hexdigest()


def configure(kernel):
	"""allmodconfig with the compat fragment, then prepare: what every
	single-object compile of the folder needs."""
	os.makedirs(kernel.out, exist_ok=True)
	frag = os.path.join(HERE, 'configs', 'compat.config')
	with Ticker('compat: %s allmodconfig and prepare' % kernel.arch):
		kernel.make('KCONFIG_ALLCONFIG=' + frag, 'allmodconfig',
			    stdout=subprocess.DEVNULL)
		kernel.make('-j%d' % JOBS, 'prepare', stdout=subprocess.DEVNULL)


def candidates(kernel, headers):
	"""Step 1: the .c files that some chain of #include lines leads to one
	of our headers, without our own .c files."""
	with Ticker('compat: %s include walk' % kernel.arch):
		graph = IncludeGraph(kernel.src, kernel.out, kernel.arch)
		sources, _ = graph.closure(headers)
	ours = set(our_files('.c'))
	return [s for s in sources if s not in ours]


def top_folder(src, arch):
	"""The top-level folder whose dry run lists src's compile (arch/ is
	built per architecture: arch/<karch>/)."""
	parts = src.split('/')
	if parts[0] == 'arch':
		return 'arch/%s/' % KERNEL_ARCH.get(arch, arch)
	return parts[0] + '/'


def compile_pattern(kernel):
	"""kbuild's compile of one .c file to one object, in a recipe line of
	make -n: the compiler as the harness gives it, up to the source."""
	cc = re.escape(kernel.make_options()[0][len('CC='):])
	return re.compile(r'(?:^|;)\s*(%s .*? -c -o (\S+\.o) (\S+\.c))'
			  r'(?=\s*(?:;|$))' % cc, re.M)


def dry_run(kernel, tops):
	"""Step 2: {source: command} for every .c the configuration compiles
	under the top-level folders tops, from kbuild's dry run. The answer
	depends only on .config and the folders asked about, so it is kept in
	the build folder against a digest of the two. No object is ever made
	in a compat folder, so make lists every one."""
	digest = hashlib.sha256(file_digest(os.path.join(
		kernel.out, '.config')).encode())
	digest.update(' '.join(tops).encode())
	kept = os.path.join(kernel.out, 'compat-commands.json')
	try:
		with open(kept) as f:
			saved = json.load(f)
		if saved['key'] == digest.hexdigest():
			return saved['commands']
	except (OSError, ValueError, KeyError):
		pass
	with Ticker('compat: %s dry run of %s' % (kernel.arch,
						  ' '.join(tops))):
		proc = kernel.make('-n', *tops, check=False,
				   stdout=subprocess.PIPE,
				   stderr=subprocess.DEVNULL,
				   text=True, errors='replace')
	commands = {}
	prefix = kernel.src + '/'
	for m in compile_pattern(kernel).finditer(proc.stdout):
		src = m.group(3)
		if src.startswith(prefix):
			src = src[len(prefix):]
		# A file built twice (two objects) is checked once: the
		# compiler reads the same headers either way.
		commands.setdefault(os.path.normpath(src), m.group(1))
	with open(kept, 'w') as f:
		json.dump({'key': digest.hexdigest(), 'commands': commands}, f)
	return commands


def checking_command(command, mode):
	"""kbuild's command with -c -o <obj> replaced by mode (-fsyntax-only,
	or -E for preprocessing only), and without ccache, which keeps no
	result of either. Returns (command, dependency file)."""
	m = re.search(r' -c -o (\S+\.o) ', command)
	cmd = command[:m.start()] + ' %s -o /dev/null ' % mode + \
		command[m.end():]
	if cmd.startswith('ccache '):
		cmd = cmd[len('ccache '):]
	dep = re.search(r'-Wp,-MM?D,(\S+)', cmd).group(1)
	return cmd, dep


def dependencies(path, src):
	"""The files a kbuild dependency file names, relative to the source
	tree (generated headers of the build folder keep their own path)."""
	with open(path) as f:
		text = f.read().replace('\\\n', ' ')
	_, _, deps = text.partition(': ')
	prefix = src + '/'
	return [d[len(prefix):] if d.startswith(prefix) else d
		for d in deps.split()]


def check_file(kernel, command, mode, headers):
	"""Runs one check; returns (our headers read, first error or None,
	compiler output)."""
	cmd, dep = checking_command(command, mode)
	dep_path = os.path.join(kernel.out, dep)
	os.makedirs(os.path.dirname(dep_path), exist_ok=True)
	if os.path.exists(dep_path):
		os.unlink(dep_path)
	proc = subprocess.run(['sh', '-c', cmd], cwd=kernel.out,
			      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
			      text=True, errors='replace')
	read = []
	if os.path.exists(dep_path):
		read = [d for d in dependencies(dep_path, kernel.src)
			if d in headers]
	error = None
	if proc.returncode:
		error = next((line for line in proc.stdout.splitlines()
			      if ERROR.search(line)),
			     'exit status %d' % proc.returncode)
		error = error.replace(kernel.src + '/', '')
	return read, error, proc.stdout


def sample(sources, count):
	"""A fixed sample: the same files every run, spread over the tree."""
	return sorted(sources, key=lambda s: hashlib.sha1(
		s.encode()).hexdigest())[:count]


def run_checks(kernel, jobs, headers):
	"""Runs (source, command, mode) jobs on JOBS workers; returns
	{source: (read, error, output)}."""
	done = {}

	def progress():
		return '%d of %d files' % (len(done), len(jobs))

	with Ticker('compat: %s' % kernel.arch, progress), \
	     concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
		futures = {pool.submit(check_file, kernel, cmd, mode,
				       headers): src
			   for src, cmd, mode in jobs}
		for future in concurrent.futures.as_completed(futures):
			done[futures[future]] = future.result()
	return done


def census(kernel, headers):
	"""The census of one arch: configures, walks, dry-runs and checks.
	Returns the record kept in the build folder."""
	started = time.monotonic()
	configure(kernel)
	found = candidates(kernel, headers)
	tops = sorted({top_folder(s, kernel.arch) for s in found})
	commands = dry_run(kernel, tops)
	configured = [s for s in found if s in commands]
	walked = set(found)
	# Generated sources (asn1, lex, ...) do not exist before a real
	# build, and none is a candidate: they are left out of the sample.
	others = sample([s for s in commands if s not in walked and
			 os.path.exists(os.path.join(kernel.src, s))],
			WALK_SAMPLE)
	jobs = [(s, commands[s], '-fsyntax-only') for s in configured] + \
	       [(s, commands[s], '-E') for s in others]
	checked = run_checks(kernel, jobs, set(headers))
	users, failed, read, log = [], {}, set(), []
	for src in configured:
		hdrs, error, output = checked[src]
		read.update(hdrs)
		if output:
			log.append('== %s\n%s' % (src, output))
		# A file that fails is counted whatever it read: its error may
		# be what hid the include.
		if hdrs or error:
			users.append(src)
		if error:
			failed[src] = error
	missed = [s for s in others if checked[s][0]]
	with open(os.path.join(kernel.out, LOG), 'w') as f:
		f.write('\n'.join(log))
	with open(os.path.join(kernel.out, USERS), 'w') as f:
		for src in users:
			f.write('%s%s\n' % (src, '\tFAILED: ' + failed[src]
					    if src in failed else ''))
	return {'users': users, 'failed': failed, 'missed': missed,
		'read': sorted(read), 'candidates': len(found),
		'configured': len(configured), 'sampled': len(others),
		'seconds': round(time.monotonic() - started)}


def arch_census(tree, arch, headers):
	"""One arch's record: the kept one while its inputs are unchanged,
	else a new census (its record is reused only if it passed: a failure is
	checked again on the next run)."""
	kernel = Kernel(tree, arch, 'compat')
	kept = harness_record.load(os.path.join(kernel.out, RECORD))
	key = census_key(kernel, kept.get('read', []))
	if kept.get('key') == key:
		print('compat: %s unchanged since its last census, %d users '
		      '(%s)' % (arch, len(kept['users']),
				os.path.join(kernel.out, USERS)), flush=True)
		return kept
	record = census(kernel, headers)
	record['key'] = census_key(kernel, record['read'])
	if record['failed'] or record['missed']:
		record['key'] = None
	harness_record.save(os.path.join(kernel.out, RECORD), record)
	print('compat: %s: %d candidates by include walk, %d configured, %d '
	      'users (%d s; %s)' % (arch, record['candidates'],
				     record['configured'],
				     len(record['users']), record['seconds'],
				     os.path.join(kernel.out, USERS)),
	      flush=True)
	return record


def compat(tree, arch, results):
	"""Type-checks every upstream dmaengine user of the x86_64 and arm64
	allmodconfig against the tree's core headers (arch is not used: the
	census covers both)."""
	del arch
	overlay(tree)
	# Every header of ours is one the census watches: upstream files can
	# only read the ones that replace upstream's.
	headers = our_files('.h')
	records = {a: arch_census(tree, a, headers) for a in ARCHES}
	total = sum(len(r['users']) for r in records.values())
	failed = sum(len(r['failed']) for r in records.values())
	per_arch = []
	detail = []
	for a in ARCHES:
		r = records[a]
		n = len(r['users'])
		bad = len(r['failed'])
		per_arch.append('%s %d' % (a, n) if not bad else
				'%s %d of %d' % (a, n - bad, n))
		detail += ['%s: %s: %s' % (a, src, err)
			   for src, err in sorted(r['failed'].items())]
		detail += ['%s: %s reads our headers but the include walk '
			   'missed it' % (a, src) for src in r['missed']]
	missed = any(r['missed'] for r in records.values())
	results.add('fail' if failed or missed else 'pass',
		    'compat: %d of %d objects compiled (%s)' %
		    (total - failed, total, ', '.join(per_arch)),
		    '\n'.join(detail))


def cmd_compat(args):
	results = Results()
	compat(args.tree, args.arch, results)
	print(results.summary())
	return 1 if results.counts['fail'] else 0
