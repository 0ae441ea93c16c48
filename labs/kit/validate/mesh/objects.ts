import { parseAllDocuments } from '../../deps.ts';

/** One Kubernetes object of a lab, as its YAML declares it. */
export interface LabObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace, or `default` where the file leaves it out. */
  namespace: string;
  labels: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the spec is read field by field by each rule, defensively.
  spec: any;
  file: string;
}

/** A problem `istioctl analyze` would report, found offline. */
export interface Finding {
  rule: string;
  /** `Kind namespace/name`. */
  object: string;
  file: string;
  message: string;
}

export const MESH_DOMAIN = 'svc.cluster.local';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}

/** The objects of some YAML files (documents that are not Kubernetes objects are skipped). */
export function labObjects(files: readonly { file: string; text: string }[]): LabObject[] {
  const objects: LabObject[] = [];
  for (const { file, text } of files) {
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) continue;
      const value = document.toJS() as unknown;
      if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') continue;
      const metadata = isObject(value.metadata) ? value.metadata : {};
      objects.push({
        apiVersion: value.apiVersion,
        kind: value.kind,
        name: String(metadata.name ?? ''),
        namespace: typeof metadata.namespace === 'string' ? metadata.namespace : 'default',
        labels: stringMap(metadata.labels),
        spec: isObject(value.spec) ? value.spec : {},
        file,
      });
    }
  }
  return objects;
}

export function describe(object: LabObject): string {
  return `${object.kind} ${object.namespace}/${object.name}`;
}

export function finding(rule: string, object: LabObject, message: string): Finding {
  return { rule, object: describe(object), file: object.file, message };
}

export function ofKind(objects: readonly LabObject[], kind: string, group?: string): LabObject[] {
  return objects.filter(
    (object) => object.kind === kind && (group === undefined || object.apiVersion.startsWith(`${group}/`)),
  );
}

/**
 * A host as Istio resolves it in a rule of namespace `namespace`: a short name (no dot) is a Service of
 * that namespace; a name with a dot is taken as written.
 */
export function resolveHost(host: string, namespace: string): string {
  return host.includes('.') ? host : `${host}.${namespace}.${MESH_DOMAIN}`;
}

/** The fully qualified names of the lab's Services and the hosts its ServiceEntries declare. */
export function knownHosts(objects: readonly LabObject[]): Set<string> {
  const hosts = new Set<string>();
  for (const service of ofKind(objects, 'Service')) hosts.add(`${service.name}.${service.namespace}.${MESH_DOMAIN}`);
  for (const entry of ofKind(objects, 'ServiceEntry', 'networking.istio.io')) {
    for (const host of Array.isArray(entry.spec.hosts) ? entry.spec.hosts : []) hosts.add(String(host));
  }
  return hosts;
}

/** The namespace of a host inside the mesh domain (`name.ns.svc.cluster.local`), if it is one. */
export function hostNamespace(host: string): string | undefined {
  const parts = host.split('.');
  return host.endsWith(`.${MESH_DOMAIN}`) && parts.length === 5 ? parts[1] : undefined;
}

/** A workload: a pod template (or Pod) with its labels, in a namespace. */
export interface Workload {
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
}

const TEMPLATED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/**
 * Workloads the lab does not declare but makes: istioctl installs istiod and each enabled ingress gateway
 * of an IstioOperator file (with the labels of the pinned charts: app=istiod,istio=pilot and
 * app=istio-ingressgateway,istio=ingressgateway plus the component's `label`), and Istio deploys a
 * `<name>-istio` Deployment for each Gateway API Gateway of class istio, labelled with the gateway's name.
 */
export function installedWorkloads(objects: readonly LabObject[]): Workload[] {
  const found: Workload[] = [];
  const installed = (name: string, namespace: string, labels: Record<string, string>, serviceAccount: string) =>
    found.push({ kind: 'Deployment', name, namespace, labels, serviceAccount });
  for (const operator of ofKind(objects, 'IstioOperator', 'install.istio.io')) {
    const components = isObject(operator.spec.components) ? operator.spec.components : {};
    const pilot = isObject(components.pilot) ? components.pilot : {};
    if (pilot.enabled !== false && (operator.spec.profile ?? 'default') !== 'empty') {
      installed('istiod', String(pilot.namespace ?? 'istio-system'), { app: 'istiod', istio: 'pilot' }, 'istiod');
    }
    for (const gateway of Array.isArray(components.ingressGateways) ? components.ingressGateways : []) {
      if (!isObject(gateway) || gateway.enabled !== true) continue;
      const name = String(gateway.name ?? 'istio-ingressgateway');
      const labels = { app: 'istio-ingressgateway', istio: 'ingressgateway', ...stringMap(gateway.label) };
      installed(name, String(gateway.namespace ?? 'istio-system'), labels, `${name}-service-account`);
    }
  }
  for (const gateway of ofKind(objects, 'Gateway', 'gateway.networking.k8s.io')) {
    if (gateway.spec.gatewayClassName !== 'istio') continue;
    const labels = { 'gateway.networking.k8s.io/gateway-name': gateway.name };
    installed(`${gateway.name}-istio`, gateway.namespace, labels, `${gateway.name}-istio`);
  }
  return found;
}

/** The lab's Deployments (and other pod templates, and bare Pods) with their pod labels, and what its installs make. */
export function workloads(objects: readonly LabObject[]): Workload[] {
  const found: Workload[] = installedWorkloads(objects);
  for (const object of objects) {
    if (TEMPLATED.has(object.kind)) {
      const template = isObject(object.spec.template) ? object.spec.template : {};
      const metadata = isObject(template.metadata) ? template.metadata : {};
      const spec = isObject(template.spec) ? template.spec : {};
      found.push({
        kind: object.kind,
        name: object.name,
        namespace: object.namespace,
        labels: stringMap(metadata.labels),
        serviceAccount: String(spec.serviceAccountName ?? 'default'),
      });
    } else if (object.kind === 'Pod') {
      found.push({
        kind: 'Pod',
        name: object.name,
        namespace: object.namespace,
        labels: object.labels,
        serviceAccount: String(object.spec.serviceAccountName ?? 'default'),
      });
    }
  }
  return found;
}

/** Whether every key of `selector` is in `labels` with the same value (an empty selector selects all). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export function matchLabels(value: unknown): Record<string, string> | undefined {
  return isObject(value) && isObject(value.matchLabels) ? stringMap(value.matchLabels) : undefined;
}

export { isObject, stringMap };
