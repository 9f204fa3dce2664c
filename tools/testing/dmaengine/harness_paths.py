# SPDX-License-Identifier: GPL-2.0
"""Where the harness finds the project and puts what it builds.

Paths, all below the repository's build/ folder:
  <tree>/src/                 kernel source with our files laid over it
  <tree>/<arch>-<flavour>/    O= build folder of one kernel
  <tree>/<arch>-<flavour>/guest/  initramfs staging for guest boots

Every O= folder is a sibling of its tree's source, so compiler command
lines name the source as ../src/... in both trees; ccache (base_dir = the
clone) then shares the objects the two trees have in common.
"""

import os

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
	os.path.dirname(os.path.abspath(__file__)))))
HERE = os.path.join(TOP, 'tools', 'testing', 'dmaengine')
BUILD = os.path.join(TOP, 'build')
JOBS = os.cpu_count() or 2


def src_dir(tree):
	"""The kernel source tree that scripts/overlay.sh lays for tree."""
	return os.path.join(BUILD, tree, 'src')


def out_dir(tree, arch, flavour):
	"""The O= build folder of one kernel."""
	return os.path.join(BUILD, tree, '%s-%s' % (arch, flavour))
