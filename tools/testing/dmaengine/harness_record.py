# SPDX-License-Identifier: GPL-2.0
"""Kept results: a step that only reads files (the compat census, lint)
records a clean run with a digest of everything it read, and a later run
whose inputs digest the same reuses that record instead of redoing the
work. A failed run is never kept, so a failure is looked at again."""

import hashlib
import json
import os
import shutil


def tarball():
	"""The kernel source both trees are unpacked from."""
	return os.environ.get('LINUX_TARBALL',
			      '/usr/src/linux-source-6.12.tar.xz')


def file_digest(path):
	with open(path, 'rb') as f:
		return hashlib.sha256(f.read()).hexdigest()


def stamp(path):
	"""A file too large to read each run (the tarball, a compiler),
	known by its resolved name, size and modification time."""
	real = os.path.realpath(path)
	st = os.stat(real)
	return '%s %d %d\n' % (real, st.st_size, st.st_mtime_ns)


def tool_stamp(name):
	"""stamp() of a program found on PATH."""
	return stamp(shutil.which(name))


def load(path):
	"""The record at path, or {} when there is none or it is unreadable."""
	try:
		with open(path) as f:
			return json.load(f)
	except (OSError, ValueError):
		return {}


def save(path, record):
	with open(path, 'w') as f:
		json.dump(record, f, indent=1)
