#!/usr/bin/env bash
# Environment: ENGINE, WORK, IMAGES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"${here}/../lib/busybox-rootfs.sh" "${WORK}/rootfs" >/dev/null
"$ENGINE" build --quiet -t "$IMAGES" -f "${here}/Containerfile" "$WORK" >/dev/null
