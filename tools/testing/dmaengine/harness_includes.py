# SPDX-License-Identifier: GPL-2.0
"""A static include graph of a kernel tree, for one architecture.

Which .c files can see a given set of headers, directly or through any
chain of #include lines. Preprocessor conditionals are ignored, so every
#include line counts, and the answer is a superset of what any one
configuration compiles; the compiler's dependency records then say which
of these really reach the headers (see harness_compat.py).

An include resolves as gcc resolves it under kbuild's -I list: a quoted
name first beside the including file, then in arch/<arch>/include,
include/ and their uapi and generated variants. A name found in none of
these is one that kbuild's per-directory -I flags (or the directory of
the object being compiled) supply; such a name is matched against every
file of the graph whose path ends with it, which can only add candidates.
Includes through a macro (#include TRACE_INCLUDE(...)) are not followed:
the trace machinery re-includes a header the .c file named itself.
"""

import collections
import os
import re

INCLUDE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]',
		     re.M)

# Top-level folders that hold no kernel code.
SKIPPED = ('.git', 'Documentation', 'tools')

# What kbuild's command line includes in every file: if one of these saw
# the headers, every object of the tree would be a user.
FORCED = ('include/linux/kconfig.h', 'include/linux/compiler_types.h',
	  'include/linux/compiler-version.h')

KERNEL_ARCH = {'x86_64': 'x86', 'arm64': 'arm64'}


def search_dirs(arch):
	"""kbuild's LINUXINCLUDE, in its order (source and O= folder alike:
	paths here are relative to either)."""
	a = 'arch/%s/include' % KERNEL_ARCH.get(arch, arch)
	return (a, a + '/generated', 'include', a + '/uapi',
		a + '/generated/uapi', 'include/uapi', 'include/generated/uapi')


class IncludeGraph:
	"""Every .c and .h file of the source tree (other architectures'
	folders left out) and of the O= folder's generated headers, with
	their #include lines."""

	def __init__(self, src, out, arch):
		self.arch = arch
		self.files = set()
		self.includes = {}
		self._scan(src, KERNEL_ARCH.get(arch, arch))
		self._scan(out, KERNEL_ARCH.get(arch, arch), generated=True)
		self.dirs = search_dirs(arch)

	def _scan(self, base, karch, generated=False):
		for root, dirs, files in os.walk(base):
			rel = os.path.relpath(root, base)
			if rel == '.':
				dirs[:] = [d for d in dirs if d not in SKIPPED]
				if generated:
					dirs[:] = [d for d in dirs
						   if d in ('include', 'arch')]
			elif rel == 'arch':
				dirs[:] = [d for d in dirs if d == karch]
			for name in files:
				if not name.endswith(('.c', '.h')):
					continue
				if generated and not name.endswith('.h'):
					continue
				path = os.path.normpath(os.path.join(rel, name))
				self.files.add(path)
				with open(os.path.join(root, name), 'rb') as f:
					text = f.read()
				if b'include' in text:
					self.includes[path] = [
						(q == b'"', n.decode('latin-1'))
						for q, n in INCLUDE.findall(text)]

	def resolve(self, path, quoted, name):
		"""The file an include names, or None if only a per-directory
		-I flag can supply it."""
		if quoted:
			local = os.path.normpath(os.path.join(
				os.path.dirname(path), name))
			if local in self.files:
				return local
		for d in self.dirs:
			found = os.path.normpath(os.path.join(d, name))
			if found in self.files:
				return found
		return None

	def closure(self, headers):
		"""(sources, headers): every .c and .h file that can include one
		of headers, directly or not. Raises if one of kbuild's forced
		includes is among them (then every object would be a user)."""
		users = collections.defaultdict(set)
		loose = collections.defaultdict(set)
		for path, incs in self.includes.items():
			for quoted, name in incs:
				target = self.resolve(path, quoted, name)
				if target:
					users[target].add(path)
				else:
					loose[name].add(path)
		seen = set(h for h in headers if h in self.files)

		def spread(start):
			todo = list(start)
			while todo:
				for user in users.get(todo.pop(), ()):
					if user not in seen:
						seen.add(user)
						todo.append(user)

		spread(seen)
		# Names no search path supplies: matched by path suffix against
		# what is already known to see the headers, until nothing new.
		while True:
			tails = collections.defaultdict(list)
			for path in seen:
				tails[os.path.basename(path)].append(path)
			new = set()
			for name, includers in loose.items():
				parts = [p for p in name.split('/')
					 if p not in ('', '.', '..')]
				if not parts:
					continue
				suffix = '/'.join(parts)
				for path in tails.get(parts[-1], ()):
					if path == suffix or \
					   path.endswith('/' + suffix):
						new.update(includers - seen)
			if not new:
				break
			seen.update(new)
			spread(new)
		forced = [f for f in FORCED if f in seen]
		if forced:
			raise RuntimeError('include walk: %s sees the headers'
					   % ', '.join(forced))
		return (sorted(p for p in seen if p.endswith('.c')),
			sorted(p for p in seen if p.endswith('.h')))
