# SPDX-License-Identifier: GPL-2.0
"""Independent steps of a run, side by side.

QEMU with -icount runs its vCPUs in one thread, so a guest boot keeps one
host CPU busy whatever -smp says; on a two-core machine two boots, or a
boot beside lint, take the wall-clock time of one. Once the kernels are
built, the steps that only read them (guest boots, lint, compat) run as
jobs, JOBS at a time. Each job collects its results and prints them as one
block, under its name, when it ends: a log reads as if the jobs had run one
after the other, in the order they finished. Only progress lines of running
jobs interleave.
"""

import concurrent.futures
import time
import traceback

from harness_paths import JOBS
from harness_results import Results


class Job:
	"""A named step: run(results) adds its results to a Results."""

	def __init__(self, name, run):
		self.name = name
		self.run = run


def _run(job):
	results = Results(buffered=True)
	started = time.monotonic()
	try:
		job.run(results)
	except Exception:  # pylint: disable=broad-except
		# A harness bug in one job must not hide the others' results.
		results.add('fail', job.name + ': harness error',
			    traceback.format_exc())
	return results, time.monotonic() - started


def run_jobs(jobs, results, steps, workers=JOBS):
	"""Runs jobs, workers at a time; merges their results into results
	and their wall-clock times into steps (a StepTimes)."""
	with concurrent.futures.ThreadPoolExecutor(workers) as pool:
		running = {pool.submit(_run, job): job for job in jobs}
		for done in concurrent.futures.as_completed(running):
			job = running[done]
			buffered, took = done.result()
			print('== ' + job.name, flush=True)
			results.merge(buffered)
			steps.add(job.name, took)
