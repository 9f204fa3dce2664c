# SPDX-License-Identifier: GPL-2.0
"""QMP: the host's side of a guest that asks for a device to be unplugged
or plugged in (scenarios/hotplug/).

The guest asks on its console and waits for the answer on the same
serial line (initramfs/lib.sh, qmp):

	guest -> host	@@qmp <command> [<arguments as one JSON object>]
	host -> guest	@@qmp-ok <command>
			@@qmp-error <command>: <what QEMU or the wait said>

The host runs the command on the guest's QEMU monitor (a unix socket
given to QEMU with -qmp) and answers once it has taken effect on QEMU's
side: for device_del that is QEMU's DEVICE_DELETED event for the device
(which, behind a PCIe root port, comes once the guest's pciehp has
powered the slot off), for any other command its return. What the guest
sees of it (the device gone from sysfs, bound again) the guest checks
itself. Requests run one at a time, in their own thread, so that the
console is drained while QEMU and the guest work on one.
"""

import json
import os
import queue
import shutil
import socket
import tempfile
import threading
import time

MARKER = '@@qmp '

# Wall-clock seconds for QEMU to answer a command, and for the guest's
# pciehp to let a device go (it waits 5 s of guest time after the
# attention button before it powers the slot off).
REPLY_TIMEOUT = 30
DELETE_TIMEOUT = 60


class QmpError(Exception):
	"""QEMU refused a command, or did not answer in time."""


class Monitor:
	"""A QMP connection to one QEMU, opened on first use."""

	def __init__(self, path):
		self.path = path
		self.sock = None
		self.buf = b''
		self.events = []

	def _connect(self):
		deadline = time.monotonic() + REPLY_TIMEOUT
		while True:
			sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			try:
				sock.connect(self.path)
				break
			except OSError:
				sock.close()
				if time.monotonic() >= deadline:
					raise QmpError('no QMP socket at ' + self.path)
				time.sleep(0.2)
		self.sock = sock
		self._message(time.monotonic() + REPLY_TIMEOUT)	# the greeting
		self.command('qmp_capabilities')

	def _message(self, deadline):
		"""The next message QEMU sends, before deadline."""
		while b'\n' not in self.buf:
			left = deadline - time.monotonic()
			if left <= 0:
				raise QmpError('QEMU did not answer in time')
			self.sock.settimeout(left)
			try:
				data = self.sock.recv(65536)
			except socket.timeout:
				continue
			if not data:
				raise QmpError('QEMU closed its monitor')
			self.buf += data
		line, self.buf = self.buf.split(b'\n', 1)
		return json.loads(line)

	def command(self, name, arguments=None):
		"""Runs a command; returns its "return" value. Events that come
		meanwhile are kept for wait_event."""
		if self.sock is None:
			self._connect()
		msg = {'execute': name}
		if arguments:
			msg['arguments'] = arguments
		self.sock.sendall(json.dumps(msg).encode() + b'\n')
		deadline = time.monotonic() + REPLY_TIMEOUT
		while True:
			reply = self._message(deadline)
			if 'event' in reply:
				self.events.append(reply)
			elif 'error' in reply:
				raise QmpError(reply['error'].get('desc', str(reply)))
			elif 'return' in reply:
				return reply['return']

	def wait_event(self, name, timeout, **data):
		"""Waits for event name whose data has these items."""
		deadline = time.monotonic() + timeout
		while True:
			for ev in self.events:
				if ev['event'] == name and all(
						ev.get('data', {}).get(k) == v
						for k, v in data.items()):
					self.events.remove(ev)
					return ev
			msg = self._message(deadline)
			if 'event' in msg:
				self.events.append(msg)

	def close(self):
		if self.sock is not None:
			self.sock.close()
			self.sock = None


def run_request(monitor, request):
	"""Runs one "<command> [<JSON object>]" request; returns the line
	that answers the guest."""
	name, _, args = request.strip().partition(' ')
	try:
		arguments = json.loads(args) if args else None
		monitor.command(name, arguments)
		if name == 'device_del':
			monitor.wait_event('DEVICE_DELETED', DELETE_TIMEOUT,
					   device=arguments['id'])
	except (QmpError, OSError, ValueError, KeyError, TypeError) as e:
		return '@@qmp-error %s: %s' % (name, e)
	return '@@qmp-ok ' + name


class Hook:
	"""What a boot adds for the guest's QMP requests: the -qmp option,
	a feed for its console lines and a thread answering the requests
	on the guest's serial input (answer: a function taking a line)."""

	def __init__(self):
		self.dir = tempfile.mkdtemp(prefix='dmaengine-qmp-')
		self.monitor = Monitor(os.path.join(self.dir, 'qmp.sock'))
		self.requests = queue.Queue()
		self.answer = None
		self.thread = None

	def qemu_args(self):
		return ['-qmp', 'unix:%s,server=on,wait=off' % self.monitor.path]

	def start(self, answer):
		self.answer = answer
		self.thread = threading.Thread(target=self._serve, daemon=True)
		self.thread.start()

	def console_line(self, line):
		"""Takes a request from a console line that starts with it."""
		if line.startswith(MARKER):
			self.requests.put(line[len(MARKER):])

	def _serve(self):
		while True:
			request = self.requests.get()
			if request is None:
				return
			try:
				self.answer(run_request(self.monitor, request) + '\n')
			except OSError:
				return		# QEMU is gone

	def stop(self):
		self.requests.put(None)
		if self.thread is not None:
			self.thread.join(REPLY_TIMEOUT + DELETE_TIMEOUT)
		self.monitor.close()
		shutil.rmtree(self.dir, ignore_errors=True)
