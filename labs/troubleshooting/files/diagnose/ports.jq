# Does each Service port lead to a port the Pods declare? targetPort is a number or the name of
# a container port; the EndpointSlice holds what it resolved to.
include "common";
service_name as $name
| (.service.spec.selector // {}) as $selector
| [live_pods[] | select(service_selects($selector; .metadata.labels // {}))] as $pods
| [$pods[] | .spec.containers[] | (.ports // [])[]] as $declared
| [.service.spec.ports[]
    | . as $port
    | ($port.targetPort // $port.port) as $target
    | if ($target | type) == "string" then
        (if ([$declared[] | select(.name == $target)] | length) == 0 then
          "Service port \($port.port) sends to the port named \($target), and no container of the selected Pods has a port of that name"
        else empty end)
      else
        (if ([$declared[] | select(.containerPort == $target)] | length) == 0 then
          "Service port \($port.port) sends to port \($target), and the selected Pods declare only \([$declared[] | "\(.containerPort)\(if .name then " (\(.name))" else "" end)"] | unique | join(", "))"
        else empty end)
      end
  ] as $wrong
| if ($pods | length) == 0 then
    "problem: Service \($name) selects no Pod, so its target ports cannot be checked (see selector)"
  elif ($wrong | length) > 0 then
    "problem: \($wrong | join("; ")); what the container really listens on: kubectl debug with ss -ltn"
  else
    "ok: every port of Service \($name) leads to a port the Pods declare (\([.slices.items[] | (.ports // [])[] | "\(.name // "")=\(.port)"] | unique | join(", ")))"
  end
