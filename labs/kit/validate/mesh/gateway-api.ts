import { type Finding, finding, type LabObject, ofKind } from './objects.ts';

// biome-ignore lint/suspicious/noExplicitAny: rules read specs defensively.
type Any = any;

/**
 * HTTPRoute backendRefs name Services of the lab (in the route's namespace unless they say another),
 * and no weight is negative.
 */
export function httpRouteFindings(objects: readonly LabObject[]): Finding[] {
  const services = new Set(ofKind(objects, 'Service').map((service) => `${service.namespace}/${service.name}`));
  const findings: Finding[] = [];
  for (const route of ofKind(objects, 'HTTPRoute', 'gateway.networking.k8s.io')) {
    const rules: Any[] = Array.isArray(route.spec.rules) ? route.spec.rules : [];
    for (const [index, rule] of rules.entries()) {
      const refs: Any[] = Array.isArray(rule?.backendRefs) ? rule.backendRefs : [];
      for (const [position, ref] of refs.entries()) {
        const where = `rules[${index}].backendRefs[${position}]`;
        const group = ref?.group ?? '';
        const kind = ref?.kind ?? 'Service';
        if (group === '' && kind === 'Service') {
          const key = `${ref?.namespace ?? route.namespace}/${String(ref?.name)}`;
          if (!services.has(key)) {
            findings.push(finding('unknown-backend', route, `${where}: Service ${key} is not defined by the lab`));
          }
        }
        if (typeof ref?.weight === 'number' && ref.weight < 0) {
          findings.push(finding('negative-weight', route, `${where}: weight ${ref.weight} is negative`));
        }
      }
    }
  }
  return findings;
}
