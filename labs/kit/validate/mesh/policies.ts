import { type Finding, finding, type LabObject, matchLabels, ofKind, selects, workloads } from './objects.ts';

/** Istio's root namespace: a policy there applies mesh-wide, so its selector may pick pods of any namespace. */
export const ROOT_NAMESPACE = 'istio-system';

const POLICY_KINDS = ['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'];

/** A PeerAuthentication's or AuthorizationPolicy's selector (where it has one) matches a workload of the lab. */
export function policySelectorFindings(objects: readonly LabObject[]): Finding[] {
  const pods = workloads(objects);
  const findings: Finding[] = [];
  for (const policy of objects.filter(
    (object) => POLICY_KINDS.includes(object.kind) && object.apiVersion.startsWith('security.istio.io/'),
  )) {
    const selector = matchLabels(policy.spec.selector);
    if (!selector) continue;
    const matched = pods.filter(
      (pod) =>
        (policy.namespace === ROOT_NAMESPACE || pod.namespace === policy.namespace) && selects(selector, pod.labels),
    );
    if (matched.length === 0) {
      const shown = Object.entries(selector)
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
      findings.push(
        finding(
          'selector-matches-nothing',
          policy,
          `selector {${shown}} matches no workload of the lab in ${policy.namespace}`,
        ),
      );
    }
  }
  return findings;
}

/** AuthorizationPolicy principals `cluster.local/ns/<ns>/sa/<name>` name a ServiceAccount the lab defines. */
export function principalFindings(objects: readonly LabObject[]): Finding[] {
  const accounts = new Set(ofKind(objects, 'ServiceAccount').map((account) => `${account.namespace}/${account.name}`));
  const findings: Finding[] = [];
  for (const policy of ofKind(objects, 'AuthorizationPolicy', 'security.istio.io')) {
    const rules = Array.isArray(policy.spec.rules) ? policy.spec.rules : [];
    for (const [index, rule] of rules.entries()) {
      const froms = Array.isArray(rule?.from) ? rule.from : [];
      for (const [position, from] of froms.entries()) {
        for (const field of ['principals', 'notPrincipals'] as const) {
          const principals: unknown[] = Array.isArray(from?.source?.[field]) ? from.source[field] : [];
          for (const principal of principals) {
            const match = String(principal).match(/^cluster\.local\/ns\/([^/]+)\/sa\/([^/]+)$/);
            if (!match || match[1]?.includes('*') || match[2]?.includes('*')) continue;
            if (!accounts.has(`${match[1]}/${match[2]}`)) {
              findings.push(
                finding(
                  'unknown-principal',
                  policy,
                  `rules[${index}].from[${position}].source.${field}: ${String(principal)} names ServiceAccount ${match[1]}/${match[2]}, which the lab does not define`,
                ),
              );
            }
          }
        }
      }
    }
  }
  return findings;
}
