#!/usr/bin/env bash
# Environment: ENGINE, WORK, IMAGES, BIN_KUBERNETES, BIN_KUBE_NETWORK_POLICIES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"${here}/../lib/busybox-rootfs.sh" "${WORK}/rootfs" >/dev/null
cp "${BIN_KUBERNETES}/kubectl" "${BIN_KUBE_NETWORK_POLICIES}/kube-network-policies" "$WORK/"
cp -r "${here}/files" "${WORK}/files"
"$ENGINE" build --quiet -t "$IMAGES" -f "${here}/Containerfile" "$WORK" >/dev/null
