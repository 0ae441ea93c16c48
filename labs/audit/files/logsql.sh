#!/bin/sh
# Asks VictoriaLogs a LogsQL question and prints the matching records, one JSON object a line.
# The request goes through the API server's proxy to the victoria-logs Service: no port-forward,
# and your kubeconfig's rights decide who may ask.
# Usage: sh files/logsql.sh 'verb:=delete | fields _time, user.username'
set -eu
query=$(jq -rn --arg q "$1" '$q | @uri')
kubectl get --raw "/api/v1/namespaces/audit-lab/services/victoria-logs:http/proxy/select/logsql/query?query=${query}"
