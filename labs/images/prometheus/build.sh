#!/usr/bin/env bash
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "${here}/../lib/busybox-app-image.sh" "$here" "$BIN_PROMETHEUS" prometheus promtool
