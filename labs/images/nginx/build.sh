#!/usr/bin/env bash
# Environment: ENGINE, WORK, IMAGES, ROOTFS_CACHE, DEBIAN_SUITE, DEBIAN_MIRROR, DEBIAN_PACKAGES
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rootfs="${WORK}/rootfs"
"${here}/../lib/debian-rootfs.sh" "$rootfs" "$ROOTFS_CACHE" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$DEBIAN_PACKAGES"
rm -rf "${rootfs}/etc/nginx/sites-enabled" "${rootfs}/etc/nginx/sites-available"
cp -r "${here}/files/." "$rootfs/"
# The alpine image answers wget and other busybox applets the labs exec; link the missing ones.
for applet in wget nc vi less; do
  [ -e "${rootfs}/usr/bin/${applet}" ] || [ -e "${rootfs}/bin/${applet}" ] || ln -s /bin/busybox "${rootfs}/usr/bin/${applet}"
done
"$ENGINE" build --quiet -t "$IMAGES" -f "${here}/Containerfile" "$WORK" >/dev/null
