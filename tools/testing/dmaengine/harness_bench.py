# SPDX-License-Identifier: GPL-2.0
"""Bench: dmaengine core costs, ours against upstream 6.12, in QEMU at
-icount shift=0; the table, the CSV, the gnuplot chart and the verdicts."""

import dataclasses
import math
import os
import re
import shutil
import subprocess

from harness_guest import boot, scan_console, stage_initramfs
from harness_kernel import Kernel, build
from harness_paths import BUILD, HERE, TOP

BENCH_DIR = os.path.join(BUILD, 'bench')
BENCH_LINE = re.compile(r'^@@bench-(result|note|error) ?(.*)$')

# Figures in table order: issue 7's figure number, name, and whether it is
# measured on both trees (ratio ours/upstream) or on ours only.
BENCH_FIGURES = (
	('1', 'lifecycle_b1', True), ('1', 'lifecycle_b8', True),
	('1', 'lifecycle_b64', True),
	('1p', 'phase_prep', True), ('1p', 'phase_submit', True),
	('1p', 'phase_issue', True), ('1p', 'phase_callback', True),
	('2', 'status_inflight', True), ('2', 'status_complete', True),
	('3', 'request_1', True), ('3', 'request_64', True),
	('3', 'request_4096', True),
	('4', 'terminate_sync', True),
	('5', 'threads_one_chan', True), ('5', 'threads_two_chans', True),
	('c', 'client_dma_write', False), ('c', 'client_cpu_write', False),
	('c', 'client_dma_read', False), ('c', 'client_cpu_read', False),
	('c', 'edu_busy', False),
)


# Housekeeping that wakes an idle guest on a timer: the clocksource
# watchdog (every 0.5 s) and the soft-lockup detector (every 4 s). The
# client path idles 100 ms per edu move; these wakeups would land on
# whichever I/Os they happen to coincide with.
BENCH_QUIET = ' tsc=reliable nowatchdog'


class BenchKernel(Kernel):
	"""The bench flavour, booted with -icount shift=0: each guest
	nanosecond is one guest instruction. sleep=off still lets an idle
	guest skip to its next timer. Runs are to repeat, so nothing is left
	to chance: addresses are not randomized (nokaslr, norandmaps; where a
	buffer or an object lands changes the work done on it) and the
	real-time clock starts at a fixed date and follows guest time, which
	fixes the boot-time seeds of the random pool. The client path boots
	a guest of its own with cpus = 1."""

	cpus = 2

	def qemu_params(self):
		params = super().qemu_params()
		extra = list(params.extra_qemu_params)
		if '-smp' in extra:
			extra[extra.index('-smp') + 1] = str(self.cpus)
		if '-icount' in extra:
			extra[extra.index('-icount') + 1] = 'shift=0,sleep=off'
		else:
			extra += ['-icount', 'shift=0,sleep=off']
		extra += ['-rtc', 'base=2025-01-01T00:00:00,clock=vm']
		# RDRAND would seed the kernel's RNG from the host, differently
		# on every boot.
		if 'qemu64,+rdrand' in extra:
			extra[extra.index('qemu64,+rdrand')] = 'qemu64'
		return dataclasses.replace(
			params, extra_qemu_params=extra,
			kernel_command_line=params.kernel_command_line +
			' nokaslr norandmaps' + BENCH_QUIET)


def bench_boot(kernel, client, timeout, run, params='', ksyms=False,
	       profile_client=False):
	"""One guest run; returns ({figure: (value, unit)}, notes, problems).
	With client set, the guest runs the client path instead of the
	module's figures."""
	guest_dir = os.path.join(kernel.out, 'guest')
	os.makedirs(guest_dir, exist_ok=True)
	conf = os.path.join(guest_dir, 'bench.conf')
	with open(conf, 'w') as f:
		f.write('BENCH_CLIENT=%d\nBENCH_PARAMS="%s"\nBENCH_KSYMS=%d\n'
			'BENCH_PROFILE_CLIENT=%d\n' %
			(client, params, ksyms, profile_client))
	image = stage_initramfs(kernel, [os.path.join(HERE, 'bench.sh'), conf])
	text, timed_out = boot(kernel, image, 'bench', timeout)
	kernel.console = text
	os.makedirs(BENCH_DIR, exist_ok=True)
	shutil.copy(os.path.join(guest_dir, 'console-bench.log'),
		    os.path.join(BENCH_DIR, 'console-%s-run%d%s.log' %
				 (kernel.tree, run, '-client' if client else '')))
	figures, notes, problems = {}, [], []
	for line in text.splitlines():
		m = BENCH_LINE.match(line.strip())
		if not m:
			continue
		kind, rest = m.groups()
		if kind == 'result':
			name, value, unit = rest.split(None, 2)
			figures[name] = (float(value), unit)
		elif kind == 'note':
			notes.append(rest)
		else:
			problems.append(rest)
	problems += scan_console(text)
	if timed_out:
		problems.append('timed out, guest killed')
	elif '@@bench-end' not in text:
		problems.append('the bench did not finish')
	return figures, notes, problems


def bench_cell(runs, name, i):
	return runs[i][name][0] if i < len(runs) and name in runs[i] else None


def bench_mean(runs, name):
	vals = [r[name][0] for r in runs if name in r]
	return sum(vals) / len(vals) if vals else None


def bench_spread(runs, name):
	"""Largest difference between runs, relative to the smallest value."""
	vals = [r[name][0] for r in runs if name in r]
	if len(vals) < 2 or not min(vals):
		return None
	return (max(vals) - min(vals)) / min(vals)


def bench_rows(data, nruns):
	"""One row per figure: name, unit, ours and upstream per run, ratio,
	run-to-run spread."""
	rows = []
	for num, name, both in BENCH_FIGURES:
		unit = next((r[name][1] for runs in data.values() for r in runs
			     if name in r), '')
		ours = [bench_cell(data['ours'], name, i) for i in range(nruns)]
		ups = [bench_cell(data['upstream'], name, i) if both else None
		       for i in range(nruns)]
		mo, mu = bench_mean(data['ours'], name), \
			bench_mean(data['upstream'], name) if both else None
		ratio = mo / mu if mo is not None and mu else None
		spreads = [s for s in (bench_spread(data['ours'], name),
				       bench_spread(data['upstream'], name)
				       if both else None) if s is not None]
		rows.append((num, name, unit, ours, ups, ratio,
			     max(spreads) if spreads else None))
	return rows


def bench_fmt(value, spec='%.1f'):
	return '-' if value is None else spec % value


def bench_table(rows, nruns):
	head = ['fig', 'figure', 'unit'] + \
		['ours#%d' % (i + 1) for i in range(nruns)] + \
		['upstream#%d' % (i + 1) for i in range(nruns)] + \
		['ours/upstream', 'run spread']
	lines = [head]
	for num, name, unit, ours, ups, ratio, spread in rows:
		spec = '%.2f' if unit == '%' else '%.1f'
		lines.append([num, name, unit] +
			     [bench_fmt(v, spec) for v in ours + ups] +
			     [bench_fmt(ratio, '%.3f'),
			      bench_fmt(None if spread is None else spread * 100,
					'%.2f%%')])
	widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
	return '\n'.join('  '.join(c.ljust(w) for c, w in zip(r, widths))
			 .rstrip() for r in lines)


def bench_csv(rows, nruns, path):
	with open(path, 'w') as f:
		f.write(','.join(['figure_no', 'figure', 'unit'] +
				 ['ours_run%d' % (i + 1) for i in range(nruns)] +
				 ['upstream_run%d' % (i + 1)
				  for i in range(nruns)] +
				 ['ratio_ours_upstream', 'run_spread']) + '\n')
		for num, name, unit, ours, ups, ratio, spread in rows:
			cells = [num, name, unit] + \
				[bench_fmt(v, '%.10g') for v in ours + ups] + \
				[bench_fmt(ratio, '%.4f'),
				 bench_fmt(spread, '%.5f')]
			f.write(','.join('' if c == '-' else c
					 for c in cells) + '\n')


def bench_plot(rows, path):
	"""Bar chart of ours/upstream per figure, with the 1.0 line."""
	dat = os.path.join(BENCH_DIR, 'ratio.dat')
	with open(dat, 'w') as f:
		for num, name, _, _, _, ratio, _ in rows:
			if ratio is not None:
				f.write('"%s %s" %.4f\n' % (num, name, ratio))
	script = '\n'.join([
		'set terminal pngcairo size 1100,600 font ",10"',
		'set bmargin 8',
		'set rmargin 10',
		'set output "%s"' % path,
		'set title "dmaengine core cost, ours / upstream 6.12 '
		'(guest instructions at icount shift=0; lower is better)"',
		'set style data histograms',
		'set style fill solid 0.7 border -1',
		'set boxwidth 0.8',
		'set yrange [0:*]',
		'set ylabel "ours / upstream"',
		'set xtics rotate by -35 noenhanced',
		'set grid ytics',
		'set key off',
		'plot "%s" using 2:xtic(1) lc rgb "#3a7ebf", '
		'1 with lines lc rgb "#c03030" lw 2' % dat, ''])
	proc = subprocess.run(['gnuplot'], input=script, text=True,
			      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
	return proc.returncode == 0, proc.stdout


def bench_ratio(rows, name):
	return next((r[5] for r in rows if r[1] == name), None)


def bench_value(rows, name):
	row = next((r for r in rows if r[1] == name), None)
	vals = [v for v in row[3] if v is not None] if row else []
	return sum(vals) / len(vals) if vals else None


def bench_verdict(ok):
	return 'n/a' if ok is None else ('met' if ok else 'MISSED')


def bench_le(value, limit):
	return None if value is None else value <= limit


def bench_summary(rows):
	"""One line per figure, with issue 7's target and whether it was met."""
	r = {row[1]: row[5] for row in rows}
	out = []
	b = [r.get('lifecycle_b%d' % n) for n in (1, 8, 64)]
	ok = None if None in b else all(x <= 0.8 for x in b)
	out.append('figure 1 lifecycle: ours/upstream %s at batch 1/8/64; '
		   'target <= 0.8: %s' % ('/'.join(bench_fmt(x, '%.2f')
						  for x in b), bench_verdict(ok)))
	s = [r.get('status_inflight'), r.get('status_complete')]
	ok = None if None in s else all(x <= 1.0 for x in s)
	out.append('figure 2 tx_status: ours/upstream %s in flight/complete; '
		   'target <= 1.0: %s' % ('/'.join(bench_fmt(x, '%.2f')
						  for x in s), bench_verdict(ok)))
	q = [r.get('request_%d' % n) for n in (1, 64, 4096)]
	c64, c4k = bench_value(rows, 'request_64'), \
		bench_value(rows, 'request_4096')
	slope = math.log(c4k / c64, 64) if c64 and c4k else None
	ok = None if None in (q[2], slope) else q[2] <= 0.2 and slope < 1
	out.append('figure 3 request+release: ours/upstream %s at 1/64/4096 '
		   'entries; ours grows as entries^%s from 64 to 4096; target '
		   '<= 0.2 at 4096, sublinear: %s' % (
			   '/'.join(bench_fmt(x, '%.2f') for x in q),
			   bench_fmt(slope, '%.2f'), bench_verdict(ok)))
	t = r.get('terminate_sync')
	out.append('figure 4 terminate_sync busy: ours/upstream %s; target '
		   '<= 1.0: %s' % (bench_fmt(t, '%.2f'),
				   bench_verdict(bench_le(t, 1.0))))
	th = [r.get('threads_one_chan'), r.get('threads_two_chans')]
	ok = None if None in th else all(x <= 1.0 for x in th)
	out.append('figure 5 two threads: ours/upstream %s on one/two '
		   'channels; target <= 1.0: %s' % (
			   '/'.join(bench_fmt(x, '%.2f') for x in th),
			   bench_verdict(ok)))
	cl = []
	for d in ('write', 'read'):
		dma = bench_value(rows, 'client_dma_' + d)
		cpu = bench_value(rows, 'client_cpu_' + d)
		cl.append(dma / cpu if dma is not None and cpu else None)
	ok = None if None in cl else all(x <= 0.5 for x in cl)
	out.append('client path (ours): DMA/CPU-copy instructions per 4 KiB '
		   'I/O %s write/read; target <= 0.5: %s' % (
			   '/'.join(bench_fmt(x, '%.2f') for x in cl),
			   bench_verdict(ok)))
	busy = bench_value(rows, 'edu_busy')
	out.append('edu busy under a queued stream (ours): %s %%; target >= '
		   '99 %%: %s' % (bench_fmt(busy, '%.2f'), bench_verdict(
			   None if busy is None else busy >= 99)))
	spreads = [row[6] for row in rows if row[6] is not None]
	worst = max(spreads) if spreads else None
	out.append('repeatability: largest run-to-run difference %s; target '
		   'within 1%%: %s' % (
			   bench_fmt(None if worst is None else worst * 100,
				     '%.2f%%'),
			   bench_verdict(bench_le(worst, 0.01))))
	return out


def cmd_bench(args):
	kernels = {tree: BenchKernel(tree, args.arch, 'bench')
		   for tree in ('ours', 'upstream')}
	for kernel in kernels.values():
		print('Building the %s kernel (incremental) ...' % kernel.name,
		      flush=True)
		if not build(kernel):
			return 1
	data = {'ours': [], 'upstream': []}
	notes, failed = [], False
	# The client path gets a one-CPU guest: with a second CPU, even
	# offline, the scheduler's idle entry did load-balancing work on some
	# boots and not on others (4 % of the DMA path).
	client = BenchKernel('ours', args.arch, 'bench')
	client.cpus = 1
	boots = [(tree, kernel, False) for tree, kernel in kernels.items()] + \
		[('ours', client, True)]
	for run in range(1, args.runs + 1):
		for tree, kernel, is_client in boots:
			print('Run %d of %d: %s core%s ...' %
			      (run, args.runs, tree,
			       ', client path' if is_client else ''), flush=True)
			figures, run_notes, problems = bench_boot(
				kernel, is_client, args.timeout, run)
			if is_client:
				data[tree][-1].update(figures)
			else:
				data[tree].append(figures)
			notes += [n for n in run_notes if n not in notes]
			for p in problems:
				print('  PROBLEM (%s run %d): %s' % (tree, run, p))
			failed = failed or bool(problems)
	for tree, runs in data.items():
		for run, figures in enumerate(runs, 1):
			missing = [name for _, name, both in BENCH_FIGURES
				   if (both or tree == 'ours') and
				   name not in figures]
			if missing:
				print('  PROBLEM (%s run %d): no result for %s' %
				      (tree, run, ', '.join(missing)))
				failed = True
	rows = bench_rows(data, args.runs)
	csv = os.path.join(BENCH_DIR, 'bench.csv')
	png = os.path.join(BENCH_DIR, 'bench.png')
	bench_csv(rows, args.runs, csv)
	plotted, log = bench_plot(rows, png)
	print()
	for note in notes:
		print('note: ' + note)
	print('Units: guest ns = guest instructions (QEMU -icount shift=0); '
	      'best of the rounds in each run; edu_busy in %.')
	print(bench_table(rows, args.runs))
	print()
	print('CSV: ' + os.path.relpath(csv, TOP))
	print('Plot: ' + (os.path.relpath(png, TOP) if plotted else
			  'gnuplot failed: ' + log.strip()))
	for line in bench_summary(rows):
		print(line)
	return 1 if failed or not plotted else 0
