# Are the endpoints ready? Pods that fail their readiness probe stay listed, with ready=false,
# and kube-proxy sends them nothing.
include "common";
service_name as $name
| endpoints as $all
| [$all[] | select(.conditions.ready == true)] as $ready
| if ($all | length) == 0 then
    "problem: the EndpointSlices of Service \($name) list no endpoints at all: its selector matches no running Pod"
  elif ($ready | length) == 0 then
    "problem: 0 of \($all | length) endpoints of Service \($name) are ready (\([$all[] | .targetRef.name // .addresses[0]] | join(", "))): the Pods run, but their readiness probe fails; kubectl describe pod shows why"
  else
    "ok: \($ready | length) of \($all | length) endpoints of Service \($name) are ready"
  end
