# SPDX-License-Identifier: GPL-2.0
#
# Helpers for guest scenarios; source with ". /scenarios/lib.sh".
# A scenario exits 0 for pass, 77 for skip (reason in /tmp/skip-reason),
# anything else for fail.

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "$*" >/tmp/skip-reason
	exit 77
}

# kunit_module MODULE|FILE.ko [PARAM=VALUE ...]
# Loads a KUnit test module, prints the KTAP its suites logged between
# markers for the harness, then unloads it.
kunit_module() {
	mod=$1
	shift
	dmesg -c >/dev/null
	case $mod in
	*.ko) insmod "$mod" "$@" ;;
	*)    modprobe "$mod" "$@" ;;
	esac || fail "cannot load $mod"
	echo "@@ktap-begin $mod $*"
	dmesg -c | sed -n '/KTAP version/,$p'
	echo "@@ktap-end $mod"
	name=$(basename "$mod" .ko)
	rmmod "$name" || fail "cannot unload $name"
}
