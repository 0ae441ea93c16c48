import { unknownFields } from '../fields.ts';

/**
 * Kubernetes types that Go structs of other projects embed (IstioOperator's `k8s:` settings), checked for
 * unknown field names with the pinned kubernetes-models declarations: the value is placed where that
 * type sits in a kind kubernetes-models knows, and the field paths are mapped back.
 */
const PROBES: Record<string, { apiVersion: string; kind: string; path: (string | number)[] }> = {
  'corev1.ResourceRequirements': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'containers', 0, 'resources'] },
  'corev1.Probe': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'containers', 0, 'readinessProbe'] },
  'corev1.EnvVar': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'containers', 0, 'env', 0] },
  'corev1.VolumeMount': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'containers', 0, 'volumeMounts', 0] },
  'corev1.Volume': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'volumes', 0] },
  'corev1.Toleration': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'tolerations', 0] },
  'corev1.Affinity': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'affinity'] },
  'corev1.PodSecurityContext': { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'securityContext'] },
  'corev1.ServiceSpec': { apiVersion: 'v1', kind: 'Service', path: ['spec'] },
  'appsv1.DeploymentStrategy': { apiVersion: 'apps/v1', kind: 'Deployment', path: ['spec', 'strategy'] },
  'autoscaling.HorizontalPodAutoscalerSpec': {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    path: ['spec'],
  },
  'policy.PodDisruptionBudgetSpec': { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', path: ['spec'] },
};

function render(path: (string | number)[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** Unknown field names of `value`, a Go type of PROBES, as paths under `where`; undefined for other types. */
export function kubernetesFieldProblems(goType: string, value: unknown, where: string): string[] | undefined {
  const probe = PROBES[goType.replace(/^\*/, '')];
  if (!probe) return undefined;
  let inner: unknown = value;
  for (const part of [...probe.path].reverse()) {
    inner = typeof part === 'number' ? [inner] : { [part]: inner };
  }
  const object = { apiVersion: probe.apiVersion, kind: probe.kind, ...(inner as Record<string, unknown>) };
  const prefix = render(probe.path);
  return (unknownFields(object) ?? []).map(
    (field) => `${where}${field.slice(prefix.length)}: unknown field (Kubernetes ${goType.replace(/^\*/, '')})`,
  );
}
