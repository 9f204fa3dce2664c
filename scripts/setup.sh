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
)
[ "${1:-}" = docs ] && packages+=(python3-sphinx python3-sphinx-rtd-theme python3-yaml graphviz)
[ "${1:-}" = bench ] && packages+=(gnuplot-nox)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "  SETUP   apt-get install ${missing[*]}"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
