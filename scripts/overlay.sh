#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds a kernel source tree from Debian's linux-source-6.12 tarball with
# this project's files laid over it.
#
#   scripts/overlay.sh ours       -> build/ours/src      (our core replaces upstream's)
#   scripts/overlay.sh upstream   -> build/upstream/src  (upstream core kept as shipped)
#
# Each tree's O= build folders sit beside its source (build/<tree>/<arch>-
# <flavour>), so the compiler sees the source as ../src/... from either tree:
# with ccache's base_dir set to the clone, an object whose source and headers
# are the same in both trees is one cache entry, whatever the tree or clone.
#
# The tarball is unpacked once per tree. Later runs copy only files whose
# content changed (rsync -c), so an incremental O= build recompiles only what
# we touched. Files we stop shipping are restored from the tarball.
set -euo pipefail

flavour=${1:?usage: overlay.sh ours|upstream}
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=${LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
tree=$top/build/$flavour/src
manifest=$tree/.overlay-manifest

# Upstream's core, kept as shipped in the "upstream" tree.
core_files=(
	drivers/dma/dmaengine.c drivers/dma/dmaengine.h
	drivers/dma/dmaengine-core.h drivers/dma/dmaengine-registry.c
	drivers/dma/dmaengine-lookup.c drivers/dma/dmaengine-public.c
	drivers/dma/dmaengine-desc.c drivers/dma/dmaengine-sysfs.c
	drivers/dma/dmaengine-trace.c drivers/dma/dmaengine-debug.c
	include/trace/events/dmaengine.h
	drivers/dma/virt-dma.c drivers/dma/virt-dma.h
	drivers/dma/of-dma.c drivers/dma/acpi-dma.c
	include/linux/dmaengine.h include/linux/of_dma.h include/linux/acpi_dma.h
)

# New directories of ours, and the line that hooks each into upstream's Kbuild.
hooks=(
	"Kconfig|source \"Kconfig.dmaengine\""
	"drivers/dma/Makefile|obj-y += tests/"
	"drivers/dma/Makefile|obj-y += edu/"
	"drivers/block/Makefile|obj-y += dmacard/"
	"drivers/dma/Makefile|obj-y += bench/"
)

# Lines only the "ours" tree gets: our core is several files linked into
# the one object, dmaengine.o, that upstream's Makefile already builds.
ours_hooks=(
	"drivers/dma/Makefile|dmaengine-y := dmaengine-registry.o dmaengine-lookup.o dmaengine-public.o dmaengine-desc.o dmaengine-sysfs.o dmaengine-trace.o"
	"drivers/dma/Makefile|dmaengine-\$(CONFIG_DMA_ENGINE_DEBUG_MISUSE) += dmaengine-debug.o"
)

case $flavour in
ours|upstream) ;;
*) echo "overlay.sh: unknown tree '$flavour'" >&2; exit 2 ;;
esac

if [ ! -f "$tree/.unpacked" ]; then
	echo "  UNPACK  $tarball -> ${tree#"$top"/}"
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
	touch "$tree.tmp/.unpacked"
	mv "$tree.tmp" "$tree"
fi

# The list of files to lay: everything we keep at a kernel path.
new_manifest=$(mktemp)
trap 'rm -f "$new_manifest"' EXIT
(cd "$top" && git ls-files --cached --others --exclude-standard \
	drivers include Documentation tools) | sort >"$new_manifest"
if [ "$flavour" = upstream ]; then
	printf '%s\n' "${core_files[@]}" | sort | comm -23 "$new_manifest" - >"$new_manifest.f"
	mv "$new_manifest.f" "$new_manifest"
fi

# Files laid last time but gone now: put upstream's copy back, or remove ours.
if [ -f "$manifest" ]; then
	comm -13 "$new_manifest" "$manifest" | while read -r f; do
		if tar -tf "$tarball" "linux-source-6.12/$f" >/dev/null 2>&1; then
			tar -xf "$tarball" -C "$tree" --strip-components=1 "linux-source-6.12/$f"
		else
			rm -f "$tree/$f"
		fi
	done
fi

rsync -cl --files-from="$new_manifest" "$top" "$tree"
rsync -c "$top/Kconfig" "$tree/Kconfig.dmaengine"
cp "$new_manifest" "$manifest"

[ "$flavour" = ours ] && hooks+=("${ours_hooks[@]}")
for hook in "${hooks[@]}"; do
	file=${hook%%|*}
	line=${hook#*|}
	grep -qxF "$line" "$tree/$file" || printf '%s\n' "$line" >>"$tree/$file"
done
