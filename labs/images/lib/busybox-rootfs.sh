#!/usr/bin/env bash
# Unpacks Debian's busybox-static into DEST with a link for every applet, as the busybox
# image lays it out (/bin/busybox, /bin/sh, /bin/ls, ...). Prints the package version.
# Usage: busybox-rootfs.sh DEST (the package comes from the host's apt sources)
set -euo pipefail
dest=$1
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
(cd "$download" && apt-get download -q busybox-static >/dev/null 2>&1) ||
  { echo "apt-get download busybox-static failed: run apt-get update, or check the Debian mirror" >&2; exit 1; }
deb=$(ls "$download"/busybox-static_*.deb)
dpkg-deb -x "$deb" "${download}/x"
mkdir -p "${dest}/bin" "${dest}/sbin" "${dest}/usr/bin" "${dest}/usr/sbin" "${dest}/tmp" "${dest}/etc"
install -m 0755 "${download}/x/bin/busybox" "${dest}/bin/busybox"
"${dest}/bin/busybox" --list-full | while IFS= read -r applet; do
  [ "$applet" = "bin/busybox" ] || ln -sf /bin/busybox "${dest}/${applet}"
done
chmod 1777 "${dest}/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"${dest}/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"${dest}/etc/group"
dpkg-deb -f "$deb" Version
