#!/usr/bin/env bash
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "${here}/../lib/scratch-image.sh" "$here" "$BIN_PILOT_DISCOVERY" pilot-discovery
