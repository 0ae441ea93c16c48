import { type Finding, finding, isObject, knownHosts, type LabObject, ofKind, resolveHost } from './objects.ts';

// biome-ignore lint/suspicious/noExplicitAny: rules read specs defensively.
type Any = any;

function list(value: unknown): Any[] {
  return Array.isArray(value) ? value : [];
}

/** Every route destination of a VirtualService (http, tcp, tls; mirrors too), with where it sits. */
export function destinations(service: LabObject): { where: string; host: string; subset?: string }[] {
  const found: { where: string; host: string; subset?: string }[] = [];
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    for (const [index, route] of list(service.spec[protocol]).entries()) {
      for (const [position, target] of list(route?.route).entries()) {
        const destination = target?.destination;
        if (isObject(destination) && typeof destination.host === 'string') {
          found.push({
            where: `${protocol}[${index}].route[${position}]`,
            host: destination.host,
            ...(typeof destination.subset === 'string' ? { subset: destination.subset } : {}),
          });
        }
      }
      const mirror = route?.mirror;
      if (isObject(mirror) && typeof mirror.host === 'string') {
        found.push({
          where: `${protocol}[${index}].mirror`,
          host: mirror.host,
          ...(typeof mirror.subset === 'string' ? { subset: mirror.subset } : {}),
        });
      }
    }
  }
  return found;
}

/**
 * The weights of one route (http, tcp or tls) add up to 100, so a page's percentages are the split the
 * mesh makes; a single destination may leave its weight out. (Istio 1.31 itself takes weights as relative
 * and refuses only a total of 0 across several destinations; this is the labs' stricter rule.)
 */
export function weightFindings(objects: readonly LabObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const service of ofKind(objects, 'VirtualService', 'networking.istio.io')) {
    for (const protocol of ['http', 'tcp', 'tls'] as const) {
      for (const [index, route] of list(service.spec[protocol]).entries()) {
        const targets = list(route?.route);
        if (targets.length === 1 && targets[0]?.weight === undefined) continue;
        if (targets.length === 0) continue;
        const weights = targets.map((target) => (typeof target?.weight === 'number' ? target.weight : 0));
        const sum = weights.reduce((total, weight) => total + weight, 0);
        if (sum !== 100) {
          findings.push(
            finding(
              'route-weights',
              service,
              `${protocol}[${index}]: route weights ${weights.join(' + ')} add up to ${sum}, not 100`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

/** Every subset a route names is declared by a DestinationRule for the same (resolved) host. */
export function subsetFindings(objects: readonly LabObject[]): Finding[] {
  const subsets = new Map<string, Set<string>>();
  for (const rule of ofKind(objects, 'DestinationRule', 'networking.istio.io')) {
    if (typeof rule.spec.host !== 'string') continue;
    const host = resolveHost(rule.spec.host, rule.namespace);
    const names = subsets.get(host) ?? new Set<string>();
    for (const subset of list(rule.spec.subsets)) if (typeof subset?.name === 'string') names.add(subset.name);
    subsets.set(host, names);
  }
  const findings: Finding[] = [];
  for (const service of ofKind(objects, 'VirtualService', 'networking.istio.io')) {
    for (const destination of destinations(service)) {
      if (destination.subset === undefined) continue;
      const host = resolveHost(destination.host, service.namespace);
      const declared = subsets.get(host);
      if (!declared?.has(destination.subset)) {
        findings.push(
          finding(
            'missing-subset',
            service,
            `${destination.where}: subset "${destination.subset}" of ${host} is in no DestinationRule${declared ? ` (its DestinationRule declares ${[...declared].join(', ') || 'no subsets'})` : ' (no DestinationRule has that host)'}`,
          ),
        );
      }
    }
  }
  return findings;
}

/** Whether a VirtualService applies to sidecars (no gateways, or `mesh` among them): then its hosts are services. */
function appliesToMesh(service: LabObject): boolean {
  const gateways = list(service.spec.gateways);
  return gateways.length === 0 || gateways.includes('mesh');
}

/**
 * Every destination host (and every host of a VirtualService for the mesh, and every DestinationRule host)
 * is a Service the lab defines, or a ServiceEntry host. Wildcard hosts are left alone.
 */
export function hostFindings(objects: readonly LabObject[]): Finding[] {
  const known = knownHosts(objects);
  const findings: Finding[] = [];
  const check = (object: LabObject, where: string, host: string) => {
    if (host.includes('*')) return;
    const resolved = resolveHost(host, object.namespace);
    if (!known.has(resolved)) {
      findings.push(
        finding(
          'unknown-host',
          object,
          `${where}: host "${host}" (${resolved}) is no Service or ServiceEntry of the lab`,
        ),
      );
    }
  };
  for (const service of ofKind(objects, 'VirtualService', 'networking.istio.io')) {
    if (appliesToMesh(service)) {
      for (const [index, host] of list(service.spec.hosts).entries()) check(service, `hosts[${index}]`, String(host));
    }
    for (const destination of destinations(service)) check(service, destination.where, destination.host);
  }
  for (const rule of ofKind(objects, 'DestinationRule', 'networking.istio.io')) {
    if (typeof rule.spec.host === 'string') check(rule, 'host', rule.spec.host);
  }
  return findings;
}
