import {
  type Finding,
  finding,
  hostNamespace,
  isObject,
  type LabObject,
  ofKind,
  resolveHost,
  selects,
  stringMap,
  workloads,
} from './objects.ts';

/**
 * Every subset of a DestinationRule selects the pod labels of at least one workload of the lab in the
 * namespace of its host's Service; a subset that selects nothing is a route to no endpoint (503s).
 */
export function subsetSelectorFindings(objects: readonly LabObject[]): Finding[] {
  const pods = workloads(objects);
  const findings: Finding[] = [];
  for (const rule of ofKind(objects, 'DestinationRule', 'networking.istio.io')) {
    if (typeof rule.spec.host !== 'string') continue;
    const host = resolveHost(rule.spec.host, rule.namespace);
    const namespace = hostNamespace(host) ?? rule.namespace;
    for (const [index, subset] of (Array.isArray(rule.spec.subsets) ? rule.spec.subsets : []).entries()) {
      const labels = stringMap(isObject(subset) ? subset.labels : undefined);
      const name = isObject(subset) ? String(subset.name) : `#${index}`;
      const selected = pods.filter((pod) => pod.namespace === namespace && selects(labels, pod.labels));
      if (selected.length === 0) {
        const shown = Object.entries(labels)
          .map(([key, value]) => `${key}=${value}`)
          .join(',');
        findings.push(
          finding(
            'subset-selects-nothing',
            rule,
            `subsets[${index}] "${name}": labels {${shown}} select no Deployment's pods in namespace ${namespace}`,
          ),
        );
      }
    }
  }
  return findings;
}
