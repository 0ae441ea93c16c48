#!/usr/bin/env bash
# Usage: build.sh (environment: ENGINE, WORK, BIN_KUBERNETES, IMAGES as a newline-separated list)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
while IFS= read -r image; do
  [ -n "$image" ] || continue
  binary=${image##*/}
  binary=${binary%%:*}
  cp "${BIN_KUBERNETES}/${binary}" "${WORK}/${binary}"
  "$ENGINE" build --quiet --build-arg "BINARY=${binary}" -t "$image" -f "${here}/Containerfile" "$WORK" >/dev/null
done <<<"$IMAGES"
