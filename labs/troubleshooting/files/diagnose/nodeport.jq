# From the host, a NodePort answers only if the node container publishes that port: kind.yaml's
# extraPortMappings, fixed when the cluster was created.
(.service.spec.ports // [] | map(.nodePort) | map(select(. != null))) as $nodePorts
| (.published // {}) as $published
| [$nodePorts[] | select($published["\(.)/tcp"] != null)] as $reachable
| ($published | to_entries | map("\(.key) on \(.value[0].HostIp // "")\(if (.value[0].HostIp // "") == "" then "" else ":" end)\(.value[0].HostPort)") | join(", ")) as $mapped
| if .service.spec.type != "NodePort" then
    "problem: Service \(.service.metadata.name) is of type \(.service.spec.type), not NodePort: no node port is open for it"
  elif ($reachable | length) == 0 then
    "problem: Service \(.service.metadata.name) listens on node port \($nodePorts | map(tostring) | join(", ")), and the node container publishes only \($mapped): kind maps host ports at cluster creation (extraPortMappings)"
  else
    "ok: node port \($reachable | map(tostring) | join(", ")) of Service \(.service.metadata.name) is published on the host (\($mapped))"
  end
