#!/usr/bin/env bash
# Environment: ENGINE, WORK, IMAGES, BIN_KUBE_ROUTER, ROOTFS_CACHE, DEBIAN_SUITE, DEBIAN_MIRROR, DEBIAN_PACKAGES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rootfs="${WORK}/rootfs"
"${here}/../lib/debian-rootfs.sh" "$rootfs" "$ROOTFS_CACHE" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$DEBIAN_PACKAGES"
cp "${BIN_KUBE_ROUTER}/kube-router" "${rootfs}/usr/local/bin/kube-router"
# One backend chooser for every iptables front end, the one the kube-proxy image uses. The root's
# front ends are absolute symlinks (/etc/alternatives/...): remove them first, because cp would
# follow them out of the root file system and overwrite the build machine's own iptables.
for name in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  rm -f "${rootfs}/usr/sbin/${name}"
  install -m 0755 "${here}/../kube-proxy/files/usr/sbin/iptables-wrapper" "${rootfs}/usr/sbin/${name}"
done
"$ENGINE" build --quiet -t "$IMAGES" -f "${here}/Containerfile" "$WORK" >/dev/null
