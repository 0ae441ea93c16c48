#!/usr/bin/env bash
# Environment: ENGINE, WORK, IMAGES, ROOTFS_CACHE, DEBIAN_SUITE, DEBIAN_MIRROR, DEBIAN_PACKAGES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rootfs="${WORK}/rootfs"
"${here}/../lib/debian-rootfs.sh" "$rootfs" "$ROOTFS_CACHE" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$DEBIAN_PACKAGES"
"$ENGINE" build --quiet -t "$IMAGES" -f "${here}/Containerfile" "$WORK" >/dev/null
