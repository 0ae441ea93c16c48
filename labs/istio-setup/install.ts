import type { Check, LabInput, Text } from '../kit/schema.ts';
import { ISTIO, PROXY_NEED } from './istio.ts';

type StepInput = LabInput['steps'][number];

/** What the Istio labs run with; a lab adds what only it needs (istio-setup: curl). */
export const ISTIO_TOOLS: LabInput['tools'] = [
  { name: 'docker', min: '24.0' },
  { name: 'kind', min: '0.33.0' },
  { name: 'kubectl', min: '1.35.0' },
  { name: 'istioctl', min: ISTIO.minIstioctl },
  { name: 'jq', min: '1.6' },
];

/**
 * GiB of memory the container engine needs for an Istio lab (`memory` in the schema; `doctor` checks it),
 * as the trainer guide asks: istiod, the ingress gateway and a sidecar in every Pod come on top of the
 * node (and istio-routing runs two nodes), so twice the 4 GiB of the other labs.
 */
export const ISTIO_MEMORY = 8;

/** A Deployment of the mesh is available: its Pods started with their sidecar, so this needs Envoy. */
export function meshAvailable(name: string, namespace: string): Check {
  return {
    type: 'condition',
    resource: `deployment/${name}`,
    namespace,
    condition: 'Available',
    timeout: '2m',
    needs: [PROXY_NEED],
    proves: { en: `${name} is available, sidecar and all`, 'zh-cn': `${name} 连同 sidecar 都已可用` },
  };
}

/** The command a reader types to let istioctl analyze a namespace, warnings failing it as in CI. */
export function analyzeCommand(namespace: string): string {
  return `istioctl analyze -n ${namespace} --failure-threshold Warning`;
}

/** istioctl analyze finds nothing in the namespace (it reports on stderr). */
export function analyzeCheck(namespace: string, proves: Text): Check {
  return {
    type: 'command',
    run: `${analyzeCommand(namespace)} 2>&1`,
    expect: { includes: 'No validation issues found' },
    proves,
  };
}

/**
 * Installing the control plane, the same way in the three Istio labs: each lab creates its own
 * cluster, so each starts with this step (its istio-system carries that lab's label).
 */
export function installControlPlane(): StepInput {
  return {
    id: 'install-control-plane',
    title: { en: 'Install the control plane with istioctl', 'zh-cn': '用 istioctl 安装控制平面' },
    explain: {
      en: `istioctl renders the charts built into it with the values of files/istio.yaml (profile minimal: istiod alone, images ${ISTIO.hub}/*:${ISTIO.release}), applies the result and waits until istiod is ready. The namespace comes first, from the lab, so that it carries the lab's label.`,
      'zh-cn': `istioctl 用 files/istio.yaml 里的取值（minimal 配置档：只装 istiod，镜像为 ${ISTIO.hub}/*:${ISTIO.release}）渲染它内置的 Chart，把结果应用到集群，并等到 istiod 就绪。命名空间由实验先建好，这样它带着实验的标签。`,
    },
    run: [
      'kubectl apply -f manifests/istio-system.yaml',
      'istioctl install -y -f files/istio.yaml --readiness-timeout 5m',
      'kubectl -n istio-system get deployments,services,pods',
    ],
    timeout: '6m',
    checks: [
      {
        type: 'condition',
        resource: 'deployment/istiod',
        namespace: 'istio-system',
        condition: 'Available',
        timeout: '3m',
        proves: { en: 'istiod is available', 'zh-cn': 'istiod 已经可用' },
      },
      {
        type: 'jsonpath',
        resource: 'deployment/istiod',
        namespace: 'istio-system',
        path: '{.spec.template.spec.containers[0].image}',
        expect: { equals: `${ISTIO.hub}/pilot:${ISTIO.release}` },
        proves: {
          en: `istiod runs the pinned release's image, ${ISTIO.hub}/pilot:${ISTIO.release}`,
          'zh-cn': `istiod 运行的是固定版本的镜像 ${ISTIO.hub}/pilot:${ISTIO.release}`,
        },
      },
      {
        type: 'command',
        run: "kubectl get crd virtualservices.networking.istio.io -o jsonpath='{.spec.versions[?(@.storage==true)].name}'",
        expect: { equals: 'v1' },
        proves: {
          en: 'the API server serves Istio resources, and stores VirtualServices as networking.istio.io/v1',
          'zh-cn': 'API 服务器已经提供 Istio 资源，VirtualService 以 networking.istio.io/v1 存储',
        },
      },
    ],
  };
}
