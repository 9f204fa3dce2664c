# SPDX-License-Identifier: GPL-2.0
#
# The KUnit module built out of tree (make -C <build> M=<dir>) loads and its
# cases pass: the "kernel headers" way a client developer consumes us.
. /scenarios/lib.sh

ko=/extmod/dmaengine_client_kunit.ko
[ -f $ko ] || fail "$ko was not built"
kunit_module $ko
