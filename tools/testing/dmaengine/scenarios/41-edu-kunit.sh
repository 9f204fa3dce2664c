# SPDX-License-Identifier: GPL-2.0
#
# The edu driver's KUnit suites, against the real (emulated) card, with the
# driver loaded as the module it is.
. /scenarios/lib.sh

load_edu
kunit_module edu_kunit
