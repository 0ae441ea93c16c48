#!/usr/bin/env bash
# Usage: bash files/apiserver-serials.sh [NODE]
#
# Compares three serial numbers of the API server certificate: the one saved in
# apiserver-serial-before.txt before renewal, the one on disk in the node's
# /etc/kubernetes/pki, and the one the running API server presents on the address
# of $KUBECONFIG. It also compares the kube-apiserver container saved in
# apiserver-container-before.txt with the one running now: kube-apiserver re-reads its
# serving certificate from disk by itself (about once a minute), so the served serial
# alone would not prove the restart. Exits 0 only when the certificate was renewed, the
# container was replaced, and the new container serves the renewed certificate.
set -euo pipefail

node="${1:-fieldlab-control-plane}"
server="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
address="${server#https://}"

before="$(cat apiserver-serial-before.txt)"
on_disk="$(docker exec "$node" cat /etc/kubernetes/pki/apiserver.crt | openssl x509 -noout -serial)"
served="$(openssl s_client -connect "$address" </dev/null 2>/dev/null | openssl x509 -noout -serial)"
container_before="$(cat apiserver-container-before.txt)"
container_now="$(docker exec "$node" crictl ps -q --name '^kube-apiserver$')"

echo "before renewal: $before"
echo "on disk:        $on_disk"
echo "served:         $served"
echo "container before renewal: $container_before"
echo "container now:            ${container_now:-none running}"
if [ "$on_disk" = "$before" ]; then
  echo "not renewed: the certificate on disk is still the old one"
  exit 1
fi
if [ -z "$container_now" ] || [ "$container_now" = "$container_before" ]; then
  echo "not restarted: the kube-apiserver container from before the renewal is still the one running"
  exit 1
fi
if [ "$served" != "$on_disk" ]; then
  echo "renewed on disk only: the API server still presents the old certificate"
  exit 1
fi
echo "the restarted API server serves the renewed certificate"
