#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs, with apt-get, whatever the build and the QEMU runs need and this
# Debian machine lacks. Quiet and quick when everything is there.
set -euo pipefail

packages=(
	linux-source-6.12 qemu-system-x86 qemu-system-data
	gcc make flex bison bc libelf-dev libssl-dev perl python3 git
	cpio busybox-static kmod rsync xz-utils ccache sparse
	acpica-tools device-tree-compiler
	gcc-aarch64-linux-gnu qemu-system-arm
)
[ "${1:-}" = docs ] && packages+=(python3-sphinx python3-sphinx-rtd-theme python3-yaml graphviz)
[ "${1:-}" = bench ] && packages+=(gnuplot-nox)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
	echo "  SETUP   apt-get install ${missing[*]}"
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The arm64 guest's busybox: Debian's static build for arm64, unpacked
# under build/ (not installed: it would replace the host's).
top=$(cd "$(dirname "$0")/.." && pwd)
busybox_arm64=$top/build/busybox-arm64
[ -x "$busybox_arm64/bin/busybox" ] && exit 0
echo "  SETUP   busybox-static:arm64 -> build/busybox-arm64"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$sudo dpkg --add-architecture arm64
	$sudo apt-get update -qq
fi
deb=$(mktemp -d)
trap 'rm -rf "$deb"' EXIT
chmod 755 "$deb"
(cd "$deb" && apt-get download -qq busybox-static:arm64 2>/dev/null) ||
	(cd "$deb" && $sudo apt-get update -qq && apt-get download -qq busybox-static:arm64)
mkdir -p "$busybox_arm64"
dpkg -x "$deb"/busybox-static_*_arm64.deb "$busybox_arm64"
