#!/usr/bin/env bash
# Multi-node kind clusters on podman: a worker joins the control plane by its container name, which
# podman resolves only on a network with DNS. With podman's CNI backend (podman 4 on Debian 12) that
# needs the dnsname plugin; without it `kubeadm join` waits until kind gives up (seen here on the
# two-node istio-routing cluster). Installs the plugin, and removes a `kind` network that was created
# without DNS while no container uses it (kind creates it again, now with DNS). Idempotent; as root.
set -euo pipefail

command -v podman >/dev/null 2>&1 || exit 0
backend=$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null || echo unknown)
[ "$backend" = cni ] || exit 0

if [ ! -x /usr/lib/cni/dnsname ] && ! dpkg-query -W -f='${Status}' golang-github-containernetworking-plugin-dnsname 2>/dev/null | grep -q 'install ok installed'; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends golang-github-containernetworking-plugin-dnsname >/dev/null
  echo "installed golang-github-containernetworking-plugin-dnsname (podman network DNS for multi-node kind clusters)"
fi

if podman network exists kind 2>/dev/null; then
  dns=$(podman network inspect kind --format '{{.DNSEnabled}}' 2>/dev/null || echo unknown)
  if [ "$dns" = false ] && [ -z "$(podman ps -a -q --filter network=kind)" ]; then
    podman network rm kind >/dev/null
    echo "removed the podman network kind, created without DNS; kind creates it again with DNS"
  fi
fi
