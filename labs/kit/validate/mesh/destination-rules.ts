import {
  type Finding,
  finding,
  hostNamespace,
  isObject,
  type LabObject,
  MESH_DOMAIN,
  ofKind,
  resolveHost,
  selects,
  stringMap,
  workloads,
} from './objects.ts';

const shown = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

/** The pod selector of each Service of the lab that has one, by the Service's host name. */
function serviceSelectors(objects: readonly LabObject[]): Map<string, Record<string, string>> {
  const selectors = new Map<string, Record<string, string>>();
  for (const service of ofKind(objects, 'Service')) {
    const selector = stringMap(service.spec.selector);
    if (Object.keys(selector).length > 0) {
      selectors.set(`${service.name}.${service.namespace}.${MESH_DOMAIN}`, selector);
    }
  }
  return selectors;
}

/**
 * Every subset of a DestinationRule selects the pod labels of at least one workload of the lab in the
 * namespace of its host's Service; a subset that selects nothing is a route to no endpoint (503s).
 * Where the host is a Service of the lab with a selector, the pods must be that Service's too: a subset
 * label that only some other app's pods carry is still a route to no endpoint.
 */
export function subsetSelectorFindings(objects: readonly LabObject[]): Finding[] {
  const pods = workloads(objects);
  const selectors = serviceSelectors(objects);
  const findings: Finding[] = [];
  for (const rule of ofKind(objects, 'DestinationRule', 'networking.istio.io')) {
    if (typeof rule.spec.host !== 'string') continue;
    const host = resolveHost(rule.spec.host, rule.namespace);
    const namespace = hostNamespace(host) ?? rule.namespace;
    const service = selectors.get(host);
    for (const [index, subset] of (Array.isArray(rule.spec.subsets) ? rule.spec.subsets : []).entries()) {
      const labels = stringMap(isObject(subset) ? subset.labels : undefined);
      const name = isObject(subset) ? String(subset.name) : `#${index}`;
      const selected = pods.filter(
        (pod) =>
          pod.namespace === namespace && selects(labels, pod.labels) && (!service || selects(service, pod.labels)),
      );
      if (selected.length === 0) {
        findings.push(
          finding(
            'subset-selects-nothing',
            rule,
            `subsets[${index}] "${name}": labels {${shown(labels)}} select no Deployment's pods in namespace ${namespace}${service ? ` among those of Service ${host.split('.')[0]} {${shown(service)}}` : ''}`,
          ),
        );
      }
    }
  }
  return findings;
}
