# Label selectors as the API server evaluates them: matchLabels and matchExpressions together.
def labels_text: to_entries | map("\(.key)=\(.value)") | join(",");
def selector_matches($selector; $labels):
  (($selector.matchLabels // {}) | to_entries | all(.value == ($labels[.key])))
  and (($selector.matchExpressions // []) | all(
    . as $e
    | if $e.operator == "In" then ($labels[$e.key] as $v | $v != null and ($e.values | index($v)) != null)
      elif $e.operator == "NotIn" then ($labels[$e.key] as $v | $v == null or ($e.values | index($v)) == null)
      elif $e.operator == "Exists" then ($labels | has($e.key))
      else ($labels | has($e.key) | not) end));
# A Service selector is a plain map: every key must be there with that value.
def service_selects($selector; $labels): $selector | to_entries | all(.value == ($labels[.key]));
def live_pods: [.pods.items[] | select(.metadata.deletionTimestamp == null)];
def endpoints: [.slices.items[] | (.endpoints // [])[]];
def service_name: "\(.service.metadata.namespace)/\(.service.metadata.name)";
