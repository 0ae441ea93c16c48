#!/usr/bin/env bash
# Environment: ENGINE, WORK, IMAGES, KUBERNETES_DIR (the k8s.io/kubernetes module folder)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_file="${KUBERNETES_DIR}/build/pause/linux/pause.c"
version=$(sed -n 's/^\([0-9][0-9.]*\).*/\1/p' <<<"${IMAGES##*:}")
mkdir -p "${WORK}/bin"
gcc -Os -Wall -Werror -static -DVERSION="v${version}-fieldlab" -o "${WORK}/bin/pause" "$source_file"
strip "${WORK}/bin/pause"
exec "${here}/../lib/scratch-image.sh" "$here" "${WORK}/bin" pause
