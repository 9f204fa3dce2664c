# SPDX-License-Identifier: GPL-2.0
"""Results as they come: one line per thing checked, KTAP documents and the
guest's @@scenario verdicts turned into results."""

import io
import os
import re
import sys

from harness_paths import src_dir

class Results:
	"""Collects results and prints them as they come; a buffered one
	(see harness_jobs) keeps its lines until merged into another."""

	def __init__(self, buffered=False):
		self.counts = {'pass': 0, 'fail': 0, 'skip': 0}
		self.failed = []
		self.lines = [] if buffered else None

	def emit(self, line):
		if self.lines is None:
			print(line, flush=True)
		else:
			self.lines.append(line)

	def add(self, status, name, detail=''):
		self.counts[status] += 1
		self.emit('  %-4s  %s' % (status.upper(), name))
		if status == 'fail':
			self.failed.append(name)
			for line in detail.rstrip().splitlines():
				self.emit('        | ' + line)
		elif status == 'skip' and detail:
			self.emit('        | ' + detail.strip().splitlines()[0])

	def merge(self, other):
		"""Takes over a buffered Results: its lines, counts, failures."""
		for line in other.lines:
			self.emit(line)
		for status, count in other.counts.items():
			self.counts[status] += count
		self.failed += other.failed

	def summary(self):
		line = '%d passed, %d failed' % (self.counts['pass'],
						  self.counts['fail'])
		if self.counts['skip']:
			line += ', %d skipped' % self.counts['skip']
		return line


def tail(text, lines=40):
	return '\n'.join(text.splitlines()[-lines:])


def ktap_results(results, group, lines):
	"""Adds one result per leaf test of a KTAP document."""
	sys.path.insert(0, os.path.join(src_dir('ours'), 'tools', 'testing',
					'kunit'))
	import kunit_parser
	import kunit_printer
	# The parser prints its own report; the harness prints results.
	kunit_parser.stdout = kunit_printer.Printer(io.StringIO())
	tree = kunit_parser.parse_run_tests(lines)
	status = kunit_parser.TestStatus

	def walk(test, prefix):
		if not test.subtests:
			name = prefix + test.name
			log = '\n'.join(test.log)
			if test.status == status.SUCCESS:
				results.add('pass', name)
			elif test.status == status.SKIPPED:
				results.add('skip', name, log.split('# SKIP')[-1]
					    if '# SKIP' in log else '')
			else:
				results.add('fail', '%s (%s)' % (name,
					    test.status.name.lower()), log)
			return
		for sub in test.subtests:
			walk(sub, prefix + (test.name + '.' if test.name else ''))

	if not tree.subtests:
		results.add('fail', group + ': no KTAP results found')
		return
	for suite in tree.subtests:
		walk(suite, group + ': ')


SCENARIO_LINE = re.compile(r'^@@scenario (\S+) (pass|fail|skip)(?: (.*))?$')


def guest_results(results, text, prefix=''):
	"""Reads scenario verdicts and the KTAP of test modules from a console.

	Each test module logs a KTAP document of its own when it loads; the
	kunit_module helper puts it between @@ktap-begin and @@ktap-end.
	"""
	block = None
	for line in text.splitlines():
		m = SCENARIO_LINE.match(line.strip())
		if m:
			name, status, why = m.groups()
			detail = why or ''
			if status == 'fail':
				start = text.find('@@begin ' + name)
				detail = tail(text[start:text.find(line)], 30)
			results.add(status, prefix + 'scenario: ' + name, detail)
		elif line.startswith('@@ktap-begin'):
			block = []
			params = line.split()[2:]
			group = prefix + 'kunit-module' + (
				'[%s]' % ' '.join(params) if params else '')
		elif line.startswith('@@ktap-end'):
			ktap_results(results, group, block)
			block = None
		elif block is not None:
			block.append(line)
	if '@@guest-done' not in text:
		results.add('fail', prefix + 'guest: init did not finish',
			    tail(text))
