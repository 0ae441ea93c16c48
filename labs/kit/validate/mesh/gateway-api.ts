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

/**
 * HTTPRoute parentRefs name a parent the lab defines: a Service (the mesh, GAMMA) or a Gateway API Gateway,
 * in the route's namespace unless the ref says another.
 */
export function parentRefFindings(objects: readonly LabObject[]): Finding[] {
  const services = new Set(ofKind(objects, 'Service').map((service) => `${service.namespace}/${service.name}`));
  const gateways = new Set(
    ofKind(objects, 'Gateway', 'gateway.networking.k8s.io').map((gateway) => `${gateway.namespace}/${gateway.name}`),
  );
  const findings: Finding[] = [];
  for (const route of ofKind(objects, 'HTTPRoute', 'gateway.networking.k8s.io')) {
    const refs: Any[] = Array.isArray(route.spec.parentRefs) ? route.spec.parentRefs : [];
    for (const [index, ref] of refs.entries()) {
      const group = ref?.group ?? 'gateway.networking.k8s.io';
      const kind = ref?.kind ?? 'Gateway';
      const key = `${ref?.namespace ?? route.namespace}/${String(ref?.name)}`;
      const known =
        group === '' && kind === 'Service'
          ? services
          : group === 'gateway.networking.k8s.io' && kind === 'Gateway'
            ? gateways
            : undefined;
      if (known && !known.has(key)) {
        findings.push(
          finding('unknown-parent', route, `parentRefs[${index}]: ${kind} ${key} is not defined by the lab`),
        );
      }
    }
  }
  return findings;
}
