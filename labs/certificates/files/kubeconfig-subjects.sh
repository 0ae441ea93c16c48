#!/usr/bin/env bash
# Usage: bash files/kubeconfig-subjects.sh [NODE]
#
# Prints who each kubeadm kubeconfig on a kind control-plane node authenticates as:
# the subject of its client certificate (CN = user, O = groups). The files are read with
# `docker exec` and decoded by the openssl on your machine; nothing is copied or changed.
set -euo pipefail

node="${1:-fieldlab-control-plane}"

for conf in admin super-admin controller-manager scheduler kubelet; do
  file="/etc/kubernetes/$conf.conf"
  if ! docker exec "$node" test -f "$file"; then
    echo "$conf.conf: not on this node"
    continue
  fi
  data="$(docker exec "$node" cat "$file" | sed -n 's/^ *client-certificate-data: *//p')"
  if [ -n "$data" ]; then
    printf '%s: %s\n' "$conf.conf" "$(printf '%s' "$data" | openssl base64 -d -A | openssl x509 -noout -subject)"
    continue
  fi
  # kubelet.conf points at a file that the kubelet rotates itself instead of embedding the certificate.
  path="$(docker exec "$node" cat "$file" | sed -n 's/^ *client-certificate: *//p')"
  printf '%s: %s (from %s)\n' "$conf.conf" "$(docker exec "$node" cat "$path" | openssl x509 -noout -subject)" "$path"
done
