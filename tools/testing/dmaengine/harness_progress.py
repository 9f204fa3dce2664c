# SPDX-License-Identifier: GPL-2.0
"""Progress of long steps, and where a run's time went.

A step that can take more than a few seconds runs inside a Ticker, which
shows that it is alive: on a terminal one line, rewritten every second; when
output is not a terminal (CI logs) one line every 30 seconds, so that a log
shows progress without a flood. Progress lines start with "  .." and never
look like a result line ("  PASS", "  FAIL", "  SKIP").
"""

import os
import sys
import threading
import time

from harness_paths import JOBS

# Seconds between progress lines when stdout is not a terminal.
LOG_INTERVAL = 30

# Kernel build folders whose objects this harness counts; a build records
# its total here so that the next build of that kernel has an estimate.
OBJECTS_FILE = '.harness-objects'

# Objects of a full build of each flavour, for a first build with no record
# (measured on x86_64; arm64 is of the same order).
OBJECTS_GUESS = {'debug': 1550, 'plain': 1450, 'bench': 1450}

_lock = threading.Lock()

# Tickers now running, oldest first: on a terminal their texts share the
# one progress line.
_active = []


def clock(seconds):
	"""m:ss, or h:mm:ss."""
	seconds = int(seconds)
	if seconds >= 3600:
		return '%d:%02d:%02d' % (seconds // 3600, seconds // 60 % 60,
					 seconds % 60)
	return '%d:%02d' % (seconds // 60, seconds % 60)


def terminal_width(stream):
	try:
		width = os.get_terminal_size(stream.fileno()).columns
	except OSError:
		width = 0
	return width if width >= 20 else 80


class Ticker:
	"""Context manager: a progress line for a step while it runs.

	status, if given, is called (from the ticker's thread) for the part of
	the line after the elapsed time; it must be cheap or rate-limit itself.
	"""

	def __init__(self, label, status=None, stream=None):
		self.label = label
		self.status = status
		self.stream = stream or sys.stdout
		self.tty = self.stream.isatty()
		self.interval = 1 if self.tty else LOG_INTERVAL
		self.started = time.monotonic()
		self.stop = threading.Event()
		self.thread = None
		self.shown = False
		self.text = ''

	def line(self):
		text = '  ..    %s: %s' % (self.label,
					 clock(time.monotonic() - self.started))
		if self.status:
			try:
				extra = self.status()
			except Exception:  # pylint: disable=broad-except
				extra = ''
			if extra:
				text += ', ' + extra
		return text

	def run(self):
		while not self.stop.wait(self.interval):
			text = self.text = self.line()
			with _lock:
				if self.tty:
					width = terminal_width(self.stream)
					text = ' | '.join(t.text for t in _active
							  if t.text) or text
					self.stream.write('\r\033[K' +
							  text[:width - 1])
				else:
					self.stream.write(text + '\n')
				self.stream.flush()
				self.shown = True

	def __enter__(self):
		with _lock:
			_active.append(self)
		self.thread = threading.Thread(target=self.run, daemon=True)
		self.thread.start()
		return self

	def __exit__(self, *exc):
		self.stop.set()
		self.thread.join()
		with _lock:
			_active.remove(self)
		if self.tty and self.shown:
			with _lock:
				self.stream.write('\r\033[K')
				self.stream.flush()
		return False


class ObjectCounter:
	"""Objects (*.o) a kernel build has written since it started, against
	the count of the kernel's last full build. Counting walks the build
	folder, so it runs at most every few seconds."""

	def __init__(self, out, flavour):
		self.out = out
		self.started = time.time()
		self.done = 0
		self.when = 0
		self.estimate = OBJECTS_GUESS.get(flavour, 1500)
		try:
			with open(os.path.join(out, OBJECTS_FILE)) as f:
				self.estimate = int(f.read())
		except (OSError, ValueError):
			pass

	def count(self, since=None):
		done = 0
		for root, _, files in os.walk(self.out):
			for name in files:
				if not name.endswith('.o'):
					continue
				if since is None:
					done += 1
					continue
				try:
					st = os.stat(os.path.join(root, name))
				except OSError:
					continue
				if st.st_mtime >= since:
					done += 1
		return done

	def __call__(self):
		if time.monotonic() - self.when >= 5:
			self.done = self.count(self.started)
			self.when = time.monotonic()
		return '%d of ~%d objects compiled' % (self.done, self.estimate)

	def record(self):
		"""Saves the build's total for the next build's estimate."""
		try:
			with open(os.path.join(self.out, OBJECTS_FILE), 'w') as f:
				f.write('%d\n' % self.count())
		except OSError:
			pass


class StepTimes:
	"""Wall-clock seconds per step of a run, printed as a table."""

	def __init__(self):
		self.steps = []
		self.started = time.monotonic()

	def step(self, name):
		times = self

		class _Step:
			def __enter__(self):
				self.t0 = time.monotonic()
				return self

			def __exit__(self, *exc):
				times.add(name, time.monotonic() - self.t0)
				return False
		return _Step()

	def add(self, name, seconds):
		self.steps.append((name, seconds))

	def table(self):
		width = max([len(n) for n, _ in self.steps] + [5])
		lines = ['Time per step (wall clock, seconds; the steps after '
			 'the builds run %d at a time, so they add up to more '
			 'than the total):' % JOBS]
		for name, took in self.steps:
			lines.append('  %-*s %6.0f' % (width, name, took))
		lines.append('  %-*s %6.0f' % (width, 'total',
					       time.monotonic() - self.started))
		return '\n'.join(lines)
