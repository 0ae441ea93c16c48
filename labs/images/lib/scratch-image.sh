#!/usr/bin/env bash
# Builds the recipe folder's Containerfile with the named binaries from BIN_<ID> folders.
# Usage: scratch-image.sh RECIPE_DIR BIN_DIR BINARY... (environment: ENGINE, WORK, IMAGES)
set -euo pipefail
recipe_dir=$1
bin_dir=$2
shift 2
for binary in "$@"; do
  cp "${bin_dir}/${binary}" "${WORK}/${binary}"
done
if [ -d "${recipe_dir}/files" ]; then
  cp -r "${recipe_dir}/files" "${WORK}/files"
fi
first=
tags=()
while IFS= read -r image; do
  [ -n "$image" ] || continue
  [ -n "$first" ] || first=$image
  tags+=(-t "$image")
done <<<"$IMAGES"
"$ENGINE" build --quiet "${tags[@]}" -f "${recipe_dir}/Containerfile" "$WORK" >/dev/null
