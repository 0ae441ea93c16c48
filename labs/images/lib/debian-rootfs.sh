#!/usr/bin/env bash
# Unpacks a debootstrapped Debian root file system into DEST, debootstrapping it first when
# CACHE_TAR does not exist yet (the caller keys CACHE_TAR by suite and package list).
# Usage: debian-rootfs.sh DEST CACHE_TAR SUITE MIRROR PACKAGES(comma-separated)
set -euo pipefail
dest=$1
cache_tar=$2
suite=$3
mirror=$4
packages=$5
mkdir -p "$(dirname "$cache_tar")"
if [ ! -s "$cache_tar" ]; then
  scratch="${cache_tar}.debootstrap"
  rm -rf "$scratch"
  echo "debootstrap ${suite} (minbase) with ${packages}" >&2
  if ! debootstrap --variant=minbase --include="$packages" "$suite" "$scratch" "$mirror" >"${scratch}.log" 2>&1; then
    tail -n 20 "${scratch}.log" >&2
    exit 1
  fi
  rm -rf "${scratch}"/var/cache/apt/archives/*.deb "${scratch}"/var/lib/apt/lists/*
  tar -C "$scratch" --numeric-owner -cf "${cache_tar}.partial" .
  mv "${cache_tar}.partial" "$cache_tar"
  rm -rf "$scratch" "${scratch}.log"
fi
mkdir -p "$dest"
tar -C "$dest" --numeric-owner -xf "$cache_tar"
