#!/usr/bin/env bash
# A busybox root file system plus the named binaries and the recipe's files/, built with the
# recipe's Containerfile (the layout of the Prometheus project's images).
# Usage: busybox-app-image.sh RECIPE_DIR BIN_DIR BINARY... (environment: ENGINE, WORK, IMAGES)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"${here}/busybox-rootfs.sh" "${WORK}/rootfs" >/dev/null
mkdir -p "${WORK}/rootfs/prometheus"
chown 65534:65534 "${WORK}/rootfs/prometheus"
exec "${here}/scratch-image.sh" "$@"
