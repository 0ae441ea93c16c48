# Does a NetworkPolicy that selects web admit the client on web's http port (80)? Policies add
# up: a Pod that some policy selects for ingress takes what any of them allows, and nothing else.
include "common";
def http_port: 80;
(.pods.items[0] // {}) as $web
| (.clients.items[0] // {}) as $client
| (.namespace.metadata.labels // {}) as $namespaceLabels
| (.namespace.metadata.name // "") as $clientNamespace
| ($client.metadata.labels // {}) as $clientLabels
| [$web.spec.containers[]? | (.ports // [])[] | select(.containerPort == http_port) | .name] as $portNames
| def port_open($rule):
    ($rule.ports // []) as $ports
    | ($ports | length) == 0
      or ($ports | any(.port == null or .port == http_port or (. as $p | $portNames | index($p.port)) != null));
  def peer_admits($peer; $policyNamespace):
    if $peer.ipBlock != null then false
    elif $peer.namespaceSelector != null and $peer.podSelector != null then
      selector_matches($peer.namespaceSelector; $namespaceLabels) and selector_matches($peer.podSelector; $clientLabels)
    elif $peer.namespaceSelector != null then selector_matches($peer.namespaceSelector; $namespaceLabels)
    elif $peer.podSelector != null then
      $clientNamespace == $policyNamespace and selector_matches($peer.podSelector; $clientLabels)
    else false end;
  def rule_admits($rule; $policyNamespace):
    port_open($rule)
    and (($rule.from // []) as $from | ($from | length) == 0 or ($from | any(. as $peer | peer_admits($peer; $policyNamespace))));
  [.policies.items[]
    | select(selector_matches(.spec.podSelector; $web.metadata.labels // {}))
    | select((.spec.policyTypes // ["Ingress"]) | index("Ingress") != null)] as $selecting
| [$selecting[] | . as $policy | select((.spec.ingress // []) | any(. as $rule | rule_admits($rule; $policy.metadata.namespace)))] as $admitting
| "\($clientNamespace)/\($client.metadata.name // "?") (labels \($clientLabels | labels_text); namespace labels \($namespaceLabels | labels_text))" as $who
| if ($web | length) == 0 then
    "problem: no web Pod is running, so no policy decision can be read"
  elif ($client | length) == 0 then
    "problem: no client Pod is running in namespace \($clientNamespace)"
  elif ($selecting | length) == 0 then
    "problem: no NetworkPolicy selects the web Pods any more, so every Pod in the cluster may call them: fix the policy rather than delete it"
  elif ($admitting | length) == 0 then
    "problem: NetworkPolicy \([$selecting[].metadata.name] | join(", ")) selects the web Pods, and no ingress rule admits the client \($who) on port \(http_port); a from entry with only a podSelector means Pods of the policy's own namespace"
  else
    "ok: NetworkPolicy \([$admitting[].metadata.name] | join(", ")) selects the web Pods and admits the client \($who)"
  end
