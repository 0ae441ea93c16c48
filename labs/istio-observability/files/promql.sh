#!/bin/sh
# Asks the lab's Prometheus an instant PromQL query and prints one line per series:
# its labels (without __name__) and its value. The request goes through the API server's
# proxy to the prometheus Service: no port-forward, and your kubeconfig's rights decide.
# Usage: sh files/promql.sh 'sum by (destination_version) (istio_requests_total)'
set -eu
query=$(jq -rn --arg q "$1" '$q | @uri')
kubectl get --raw "/api/v1/namespaces/istio-system/services/prometheus:http/proxy/api/v1/query?query=${query}" |
  jq -r '.data.result[] | (.metric | del(.__name__) | to_entries | map("\(.key)=\(.value)") | join(",")) as $labels
    | if $labels == "" then .value[1] else "\($labels) \(.value[1])" end' |
  sort
