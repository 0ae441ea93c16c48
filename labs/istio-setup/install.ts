import type { LabInput } from '../kit/schema.ts';
import { ISTIO } from './istio.ts';

type StepInput = LabInput['steps'][number];

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
