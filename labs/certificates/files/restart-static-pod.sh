#!/usr/bin/env bash
# Usage: bash files/restart-static-pod.sh NODE COMPONENT
#
# Restarts one control-plane static Pod of a kind node the way the kubeadm docs describe:
# move /etc/kubernetes/manifests/COMPONENT.yaml out of the folder the kubelet watches, wait
# until the kubelet has stopped the container, move the manifest back, and wait for a new
# container. For kube-apiserver it then waits until /readyz answers "ok" through $KUBECONFIG.
#
# The manifest goes back whatever happens (a failed command, a wait that runs out, Ctrl-C),
# so the node is never left without it. Each wait gives up after RESTART_TIMEOUT seconds
# (default 150) and the script then exits 1. Containers are read with crictl inside the node.
set -euo pipefail

node="${1:?usage: restart-static-pod.sh NODE COMPONENT}"
component="${2:?usage: restart-static-pod.sh NODE COMPONENT}"
limit="${RESTART_TIMEOUT:-150}"
manifest="/etc/kubernetes/manifests/$component.yaml"
parked="/etc/kubernetes/$component.yaml.parked"
old=""

# The ID of the running container of the component; empty when none runs.
container() { docker exec "$node" crictl ps -q --name "^$component\$"; }

# Each test answers "not yet" (non-zero) when crictl or kubectl cannot tell.
running() {
  local ids
  ids="$(container)" || return 1
  [ -n "$ids" ]
}
stopped() {
  local ids
  ids="$(container)" || return 1
  [ -z "$ids" ]
}
replaced() {
  local ids
  ids="$(container)" || return 1
  [ -n "$ids" ] && [ "$ids" != "$old" ]
}
ready() { [ "$(kubectl get --raw=/readyz 2>/dev/null)" = ok ]; }

# wait_for WHAT TEST: runs TEST every 2 seconds until it passes or $limit seconds have gone by.
wait_for() {
  local what=$1 test=$2 deadline=$((SECONDS + limit))
  until "$test"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "gave up after ${limit}s waiting for $what" >&2
      return 1
    fi
    sleep 2
  done
}

# Puts a parked manifest back; does nothing when the manifest is in place.
restore() {
  docker exec "$node" sh -c "if [ -f '$parked' ]; then mv '$parked' '$manifest'; fi"
}
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

restore # a manifest left parked by an interrupted earlier run goes back first
wait_for "a running $component container" running
old="$(container)"
echo "running container: $old"

docker exec "$node" mv "$manifest" "$parked"
echo "moved $manifest out; waiting for the kubelet to stop the Pod"
wait_for "the kubelet to stop $component" stopped

restore
echo "moved it back; waiting for the kubelet to start a new container"
wait_for "a new $component container" replaced
echo "new container:     $(container)"

if [ "$component" = kube-apiserver ]; then
  wait_for "the API server to answer /readyz" ready
  echo "the API server answers /readyz: ok"
fi
