#!/usr/bin/env bash
# Answers one question of the "my Service does not answer" tree about the lab's app, from what
# kubectl (and, for the node, docker) report. Prints one line, "ok: ..." or "problem: ..." with
# what is wrong, and exits 1 on a problem. The decisions are the jq programs in diagnose/.
# Usage: bash files/diagnose.sh selector|ready|ports|dns|nodeport|forwarding|policy
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
question=${1:-}
app=tshoot-app
node=fieldlab-troubleshooting-control-plane
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Saves `kubectl get ... -o json` as $tmp/NAME.
save() {
  local name=$1
  shift
  kubectl get "$@" -o json >"${tmp}/${name}"
}

case "$question" in
  selector | ready | ports)
    save service -n "$app" service web
    save slices -n "$app" endpointslices -l kubernetes.io/service-name=web
    save pods -n "$app" pods
    ;;
  dns)
    save service -n kube-system service kube-dns
    save slices -n kube-system endpointslices -l kubernetes.io/service-name=kube-dns
    save deployment -n kube-system deployment coredns
    ;;
  nodeport)
    save service -n "$app" service web-nodeport
    docker inspect --format '{{json .HostConfig.PortBindings}}' "$node" >"${tmp}/published"
    ;;
  forwarding)
    docker exec "$node" sysctl -n net.ipv4.ip_forward | jq -R '{ipForward: .}' >"${tmp}/node"
    ;;
  policy)
    save policies -n "$app" networkpolicies
    save pods -n "$app" pods -l app.kubernetes.io/name=web
    save clients -n tshoot-client pods -l app.kubernetes.io/name=client
    save namespace namespace tshoot-client
    ;;
  *)
    echo "usage: bash files/diagnose.sh selector|ready|ports|dns|nodeport|forwarding|policy" >&2
    exit 2
    ;;
esac

# DIAGNOSE_SAVE=DIR keeps what was read (the lab's tests replay such recordings offline).
if [ -n "${DIAGNOSE_SAVE:-}" ]; then
  mkdir -p "$DIAGNOSE_SAVE"
  cp "$tmp"/* "$DIAGNOSE_SAVE"/
fi

# One object whose keys are the files saved above, for the question's jq program.
inputs=()
for file in "$tmp"/*; do
  inputs+=(--slurpfile "$(basename "$file")" "$file")
done
jq -n "${inputs[@]}" '$ARGS.named | map_values(.[0])' |
  jq -r -L "${here}/diagnose" -f "${here}/diagnose/${question}.jq" >"${tmp}/answer"
cat "${tmp}/answer"
grep -q '^ok: ' "${tmp}/answer"
