# SPDX-License-Identifier: GPL-2.0
#
# The project's entry points; "make help" lists them. Everything is built
# under build/ (git-ignored): the kernel source trees, the O= build folders
# and the guest images.

TREE    ?= ours
ARCH    ?= x86_64
TIMEOUT ?= 600
ONLY    ?= *

harness := python3 tools/testing/dmaengine/harness.py --tree=$(TREE) \
	   --arch=$(ARCH) --timeout=$(TIMEOUT)

# ccache shares objects between clones at different paths: paths under the
# clone are hashed relative to it, and the kernel's -fmacro-prefix-map (the
# clone's path, whose whole effect is to strip that path) is left out. The
# two trees share too: both compile from build/<tree>/<arch>-<flavour>, so
# the source reads ../src/... in either (see scripts/overlay.sh).
export CCACHE_DIR ?= $(HOME)/.cache/ccache
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
export CCACHE_IGNOREOPTIONS := -fmacro-prefix-map=*
export CCACHE_MAXSIZE ?= 20G

.PHONY: help run check kunit guest lint docs shell compat clean setup bench \
	profile stress

help:
	@echo 'make run     boot the plain kernel in QEMU and show the demo'
	@echo 'make check   build the debug kernel; run KUnit, guest scenarios,'
	@echo '             the harness self-test and lint; ends "N passed, N failed"'
	@echo 'make kunit   only the built-in KUnit suites (debug kernel)'
	@echo 'make stress  the reliability campaign: every fail-nth injection point'
	@echo '             and 100-cycle soaks (debug guest, over 1 h, untimed; STRESS_TIMEOUT'
	@echo '             per boot; ONLY=<glob>: some of its scenarios); ends'
	@echo '             "N passed, N failed"'
	@echo 'make guest   boot the debug guest and run its scenarios (ONLY=<glob>)'
	@echo 'make lint    checkpatch --strict, kernel-doc, sparse and W=1 on our files'
	@echo 'make docs    Sphinx HTML of Documentation/driver-api/dmaengine'
	@echo 'make shell   an interactive shell in the debug guest'
	@echo 'make compat  type-check every upstream dmaengine user of the x86_64 and'
	@echo '             arm64 allmodconfig against the core headers;'
	@echo '             "compat: N of N objects compiled (x86_64 A, arm64 B)"'
	@echo 'make bench   dmaengine core costs, ours against upstream 6.12, in'
	@echo '             QEMU at -icount shift=0 (RUNS=2); build/bench/ holds'
	@echo '             the CSV and plot'
	@echo 'make profile where the bench figures spend their instructions, by'
	@echo '             function, ours beside upstream (FIG=lifecycle,status,...)'
	@echo 'make clean   remove build/ (kept: ~/.cache/ccache)'
	@echo 'Variables: TREE=ours|upstream (core under test),'
	@echo '           ARCH=x86_64|arm64 (arm64: QEMU virt with a DT, plain'
	@echo '           kernel; make check boots it after the x86_64 guest),'
	@echo '           TIMEOUT=<seconds per guest boot>'

setup:
	@scripts/setup.sh

run: setup
	@$(harness) run

check: setup
	@$(harness) check

# The campaign's boots run far longer than a check's: their own limit.
STRESS_TIMEOUT ?= 10800

stress: setup
	@python3 tools/testing/dmaengine/harness.py --tree=$(TREE) \
		--arch=$(ARCH) --timeout=$(STRESS_TIMEOUT) stress --only='$(ONLY)'

kunit: setup
	@$(harness) kunit

guest: setup
	@$(harness) guest --only='$(ONLY)'

lint: setup
	@$(harness) lint

shell: setup
	@$(harness) shell

compat: setup
	@$(harness) compat

docs: setup
	@scripts/setup.sh docs
	@scripts/overlay.sh $(TREE)
	$(MAKE) -C build/$(TREE)/src O=$(CURDIR)/build/$(TREE)/docs \
		SPHINXDIRS=driver-api/dmaengine htmldocs
	@echo "HTML: build/$(TREE)/docs/Documentation/output/driver-api/dmaengine/index.html"

bench: setup
	@scripts/setup.sh bench
	@$(harness) bench --runs=$(or $(RUNS),2)

profile: setup
	@scripts/setup.sh bench
	@$(harness) profile $(if $(FIG),--figures=$(FIG))

clean:
	rm -rf build
