/**
 * apiVersions a manifest must not use: removed from Kubernetes, or deprecated
 * with a replacement served by the pinned version. The value says what to use.
 */
export const RETIRED_API_VERSIONS: Record<string, string> = {
  'extensions/v1beta1': 'apps/v1 (workloads) or networking.k8s.io/v1 (Ingress, NetworkPolicy); removed in 1.16/1.22',
  'apps/v1beta1': 'apps/v1; removed in 1.16',
  'apps/v1beta2': 'apps/v1; removed in 1.16',
  'policy/v1beta1':
    'policy/v1 (PodDisruptionBudget); PodSecurityPolicy was removed in 1.25: use Pod Security admission',
  'batch/v1beta1': 'batch/v1 (CronJob); removed in 1.25',
  'autoscaling/v2beta1': 'autoscaling/v2; removed in 1.25',
  'autoscaling/v2beta2': 'autoscaling/v2; removed in 1.26',
  'networking.k8s.io/v1beta1': 'networking.k8s.io/v1; removed in 1.22',
  'rbac.authorization.k8s.io/v1beta1': 'rbac.authorization.k8s.io/v1; removed in 1.22',
  'rbac.authorization.k8s.io/v1alpha1': 'rbac.authorization.k8s.io/v1',
  'storage.k8s.io/v1beta1': 'storage.k8s.io/v1 (CSIStorageCapacity moved to v1 in 1.24, removed from v1beta1 in 1.27)',
  'certificates.k8s.io/v1beta1': 'certificates.k8s.io/v1; removed in 1.22',
  'admissionregistration.k8s.io/v1beta1': 'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1beta1': 'apiextensions.k8s.io/v1; removed in 1.22',
  'apiregistration.k8s.io/v1beta1': 'apiregistration.k8s.io/v1; removed in 1.22',
  'coordination.k8s.io/v1beta1': 'coordination.k8s.io/v1; removed in 1.22',
  'discovery.k8s.io/v1beta1': 'discovery.k8s.io/v1; removed in 1.25',
  'events.k8s.io/v1beta1': 'events.k8s.io/v1; removed in 1.25',
  'flowcontrol.apiserver.k8s.io/v1beta1': 'flowcontrol.apiserver.k8s.io/v1; removed in 1.26',
  'flowcontrol.apiserver.k8s.io/v1beta2': 'flowcontrol.apiserver.k8s.io/v1; removed in 1.29',
  'flowcontrol.apiserver.k8s.io/v1beta3': 'flowcontrol.apiserver.k8s.io/v1; removed in 1.32',
  'node.k8s.io/v1beta1': 'node.k8s.io/v1; removed in 1.25',
  'scheduling.k8s.io/v1beta1': 'scheduling.k8s.io/v1; removed in 1.22',
  'networking.istio.io/v1alpha3': 'networking.istio.io/v1 (served since Istio 1.22)',
  'networking.istio.io/v1beta1': 'networking.istio.io/v1 (served since Istio 1.22)',
  'security.istio.io/v1beta1': 'security.istio.io/v1 (served since Istio 1.22)',
};

/** Kinds that still parse but teach the old way. */
export const RETIRED_KINDS: Record<string, string> = {
  Endpoints: 'EndpointSlice (discovery.k8s.io/v1): v1 Endpoints is deprecated since 1.33',
  ComponentStatus: "the API server's /livez and /readyz endpoints: ComponentStatus is deprecated since 1.19",
  PodSecurityPolicy: 'Pod Security admission (namespace labels): PodSecurityPolicy was removed in 1.25',
};
