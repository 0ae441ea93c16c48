#!/usr/bin/env bash
# Environment: ENGINE, WORK, BIN_KUBERNETES, IMAGES (one), IMAGE_BASE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cp "${BIN_KUBERNETES}/kube-proxy" "${WORK}/kube-proxy"
cp -r "${here}/files" "${WORK}/files"
"$ENGINE" build --quiet --build-arg "BASE=${IMAGE_BASE}" -t "$IMAGES" -f "${here}/Containerfile" "$WORK" >/dev/null
