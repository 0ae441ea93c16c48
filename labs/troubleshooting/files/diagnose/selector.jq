# Does the Service's selector match any Pod? An empty EndpointSlice usually means it does not.
include "common";
(.service.spec.selector // {}) as $selector
| service_name as $name
| [live_pods[] | select(service_selects($selector; .metadata.labels // {}))] as $matched
| if ($selector | length) == 0 then
    "problem: Service \($name) has no selector, so nothing writes its EndpointSlices for it"
  elif ($matched | length) == 0 then
    "problem: Service \($name) selects \($selector | labels_text), and no Pod in \(.service.metadata.namespace) carries those labels (its Pods carry: \([live_pods[] | .metadata.labels // {} | labels_text] | unique | join(" | ")))"
  else
    "ok: Service \($name) selects \($matched | length) Pod(s): \([$matched[].metadata.name] | join(", "))"
  end
