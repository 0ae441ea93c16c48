#!/usr/bin/env bash
# Assembles the node image the way kind's node-image builder does (pkg/build/nodeimage):
# a container from the base image gets kubeadm, kubelet and kubectl in /usr/bin, /kind/version,
# kind's default CNI and storage manifests, and every component image imported into its
# containerd (pinned, not unpacked); then the container is committed with kind's entrypoint.
#
# Environment: ENGINE, WORK, IMAGES (one), IMAGE_BASE, BIN_KUBERNETES, KUBERNETES_VERSION,
#   ARCHIVES (a folder of image archives), MANIFESTS (a folder with default-cni.yaml and
#   default-storage.yaml)
set -euo pipefail

container=$("$ENGINE" run -d --privileged --entrypoint sleep "$IMAGE_BASE" infinity)
cleanup() { "$ENGINE" rm -f "$container" >/dev/null 2>&1 || true; }
trap cleanup EXIT
in_node() { "$ENGINE" exec "$container" "$@"; }

for binary in kubeadm kubelet kubectl; do
  "$ENGINE" cp "${BIN_KUBERNETES}/${binary}" "${container}:/usr/bin/${binary}"
  in_node chmod 0755 "/usr/bin/${binary}"
  in_node chown root:root "/usr/bin/${binary}"
done
printf '%s' "$KUBERNETES_VERSION" | "$ENGINE" exec -i "$container" tee /kind/version >/dev/null
in_node mkdir -p /kind/manifests
for manifest in default-cni.yaml default-storage.yaml; do
  "$ENGINE" exec -i "$container" tee "/kind/manifests/${manifest}" <"${MANIFESTS}/${manifest}" >/dev/null
done

in_node bash -c 'nohup containerd >/var/log/containerd-build.log 2>&1 &'
for _ in $(seq 1 30); do
  in_node test -S /run/containerd/containerd.sock && in_node ctr version >/dev/null 2>&1 && break
  sleep 1
done
in_node ctr version >/dev/null
for archive in "$ARCHIVES"/*.tar; do
  "$ENGINE" exec -i "$container" ctr --namespace=k8s.io images import --label=io.cri-containerd.pinned=pinned \
    --all-platforms --no-unpack --digests - <"$archive" >/dev/null
done
in_node ctr --namespace=k8s.io images list -q | grep -v '^sha256:' | sort
in_node pkill containerd
for _ in $(seq 1 30); do
  in_node pgrep -x containerd >/dev/null || break
  sleep 1
done
in_node rm -f /var/log/containerd-build.log

"$ENGINE" commit \
  --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' \
  --change 'ENV container=docker' \
  --change 'STOPSIGNAL SIGRTMIN+3' \
  "$container" "$IMAGES" >/dev/null
