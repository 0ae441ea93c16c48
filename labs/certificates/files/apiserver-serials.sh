#!/usr/bin/env bash
# Usage: bash files/apiserver-serials.sh [NODE]
#
# Compares three serial numbers of the API server certificate: the one saved in
# apiserver-serial-before.txt before renewal, the one on disk in the node's
# /etc/kubernetes/pki, and the one the running API server presents on the address
# of $KUBECONFIG. Exits 0 only when the renewed certificate is the one being served.
set -euo pipefail

node="${1:-fieldlab-control-plane}"
server="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
address="${server#https://}"

before="$(cat apiserver-serial-before.txt)"
on_disk="$(docker exec "$node" cat /etc/kubernetes/pki/apiserver.crt | openssl x509 -noout -serial)"
served="$(openssl s_client -connect "$address" </dev/null 2>/dev/null | openssl x509 -noout -serial)"

echo "before renewal: $before"
echo "on disk:        $on_disk"
echo "served:         $served"
if [ "$on_disk" = "$before" ]; then
  echo "not renewed: the certificate on disk is still the old one"
  exit 1
fi
if [ "$served" != "$on_disk" ]; then
  echo "renewed on disk only: the API server still presents the old certificate; restart it"
  exit 1
fi
echo "the API server serves the renewed certificate"
