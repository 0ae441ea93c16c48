# Cluster DNS: the kube-dns Service answers only while CoreDNS Pods are ready behind it.
include "common";
endpoints as $all
| [$all[] | select(.conditions.ready == true)] as $ready
| .deployment.status as $status
| "\($status.readyReplicas // 0) of \(.deployment.spec.replicas) wanted (\($status.replicas // 0) existing)" as $replicas
| if ($ready | length) == 0 then
    "problem: Service kube-system/kube-dns, the cluster's DNS server, has no ready endpoint: Deployment coredns has \($replicas) ready replicas"
  else
    "ok: Service kube-system/kube-dns has \($ready | length) ready endpoint(s); Deployment coredns has \($replicas) ready replicas"
  end
