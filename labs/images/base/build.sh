#!/usr/bin/env bash
# Builds kind's base image without a registry: a debootstrapped Debian root file
# system, kind's own base files from the kind Go module, and the container runtime
# built from Go modules, imported as one layer, as kind's Dockerfile squashes it.
#
# Environment (set by `npm run lab -- images build`):
#   ENGINE        podman or docker
#   IMAGE         the tag to produce
#   WORK          an empty scratch folder, removed afterwards
#   ROOTFS_CACHE  DEBIAN_SUITE  DEBIAN_MIRROR  DEBIAN_PACKAGES  (see lib/debian-rootfs.sh)
#   KIND_DIR      the sigs.k8s.io/kind module folder
#   BIN_CONTAINERD BIN_RUNC BIN_CRICTL BIN_CNI_PLUGINS  folders of built binaries
set -euo pipefail

rootfs="${WORK}/rootfs"
here=$(cd "$(dirname "$0")" && pwd)
"${here}/../lib/debian-rootfs.sh" "$rootfs" "$ROOTFS_CACHE" "$DEBIAN_SUITE" "$DEBIAN_MIRROR" "$DEBIAN_PACKAGES"

# kind's static files, with the modes its Dockerfile gives them (a module zip keeps none).
files="${KIND_DIR}/images/base/files"
cp -r "${files}/." "$rootfs/"
(cd "$files" && find . -type d) | while IFS= read -r dir; do chmod 0755 "${rootfs}/${dir}"; done
find "$rootfs/kind" "$rootfs/etc/containerd" "$rootfs/etc/systemd/system" "$rootfs/etc/sysctl.d" "$rootfs/etc/default" \
  "$rootfs/LICENSES" -type f -exec chmod 0644 {} +
chmod 0644 "$rootfs/etc/crictl.yaml"
chmod 0755 "$rootfs"/usr/local/bin/* "$rootfs/kind" "$rootfs/kind/bin" "$rootfs"/kind/bin/*

# The clean-up steps of kind's Dockerfile: no units that would fight the node's own services.
find "$rootfs/lib/systemd/system/sysinit.target.wants/" -name systemd-tmpfiles-setup.service -delete
rm -f "$rootfs"/lib/systemd/system/multi-user.target.wants/* "$rootfs"/etc/systemd/system/*.wants/* \
  "$rootfs"/lib/systemd/system/local-fs.target.wants/* "$rootfs"/lib/systemd/system/sockets.target.wants/*udev* \
  "$rootfs"/lib/systemd/system/sockets.target.wants/*initctl* "$rootfs"/lib/systemd/system/basic.target.wants/*
echo "ReadKMsg=no" >>"$rootfs/etc/systemd/journald.conf"
ln -sf /usr/lib/systemd/systemd "$rootfs/sbin/init"
systemctl --root="$rootfs" enable kubelet.service containerd.service undo-mount-hacks.service >/dev/null 2>&1
systemctl --root="$rootfs" mask systemd-binfmt.service >/dev/null 2>&1
mkdir -p "$rootfs/etc/kubernetes/manifests"

# The runtime, built from Go modules, where kind's Dockerfile puts it.
install -m 0755 "${BIN_CONTAINERD}/containerd" "${BIN_CONTAINERD}/ctr" "${BIN_CONTAINERD}/containerd-shim-runc-v2" "$rootfs/usr/local/bin/"
install -m 0755 "${BIN_RUNC}/runc" "$rootfs/usr/local/sbin/runc"
install -m 0755 "${BIN_CRICTL}/crictl" "$rootfs/usr/local/bin/"
mkdir -p "$rootfs/opt/cni/bin"
install -m 0755 "${BIN_CNI_PLUGINS}/host-local" "${BIN_CNI_PLUGINS}/loopback" "${BIN_CNI_PLUGINS}/ptp" "${BIN_CNI_PLUGINS}/portmap" "$rootfs/opt/cni/bin/"
"${BIN_CONTAINERD}/ctr" oci spec |
  jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' |
  jq 'del(.process.rlimits)' >"$rootfs/etc/containerd/cri-base.json"

tar -C "$rootfs" --numeric-owner -cf - . |
  "$ENGINE" import \
    --change 'ENV container=docker' \
    --change 'STOPSIGNAL SIGRTMIN+3' \
    --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' \
    - "$IMAGE" >/dev/null
