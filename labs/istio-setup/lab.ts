import { defineLab } from '../kit/schema.ts';
import {
  analyzeCheck,
  analyzeCommand,
  ISTIO_MEMORY,
  ISTIO_TOOLS,
  installControlPlane,
  meshAvailable,
} from './install.ts';
import { ISTIO, PILOT_IMAGE, PROXY_IMAGE, PROXY_NEED } from './istio.ts';

const NODE = 'fieldlab-istio-setup-control-plane';
const DEMO = 'istio-setup-demo';
/** Every container name of the sleep Pod, init containers first. */
const CONTAINERS = `kubectl -n ${DEMO} get pods -l app=sleep -o jsonpath='{.items[0].spec.initContainers[*].name} | {.items[0].spec.containers[*].name}'`;

export default defineLab({
  id: 'istio-setup',
  title: { en: 'Istio: install and inject', 'zh-cn': 'Istio：安装与注入' },
  summary: {
    en: `Install Istio ${ISTIO.release}'s control plane on kind with istioctl, measure what it costs, label a namespace and watch the injector add the sidecar to a Pod, let istioctl analyze check the result, and publish an ingress gateway through a NodePort.`,
    'zh-cn': `用 istioctl 在 kind 上安装 Istio ${ISTIO.release} 的控制平面，量一量它占多少资源；给命名空间打上标签，看注入器怎样把 sidecar 加进 Pod；让 istioctl analyze 检查结果；再通过 NodePort 发布一个入口网关。`,
  },
  duration: 30,
  tools: [...ISTIO_TOOLS, { name: 'curl', min: '7.83' }],
  memory: ISTIO_MEMORY,
  images: [PILOT_IMAGE, PROXY_IMAGE, 'busybox:1.37.0'],
  namespaces: ['istio-system', DEMO],
  ports: [38080],
  steps: [
    {
      id: 'precheck',
      title: { en: 'Ask istioctl whether the cluster is ready', 'zh-cn': '先问 istioctl 集群能不能装' },
      explain: {
        en: 'istioctl carries its charts and its own version: check that the client is the release the lab pins, then let it look at the cluster (Kubernetes version, permissions, an Istio already there) before it changes anything.',
        'zh-cn':
          'istioctl 自带 Chart，也自带版本号：先确认客户端就是实验固定的版本，再让它在改动任何东西之前看一眼集群（Kubernetes 版本、权限、是否已经装过 Istio）。',
      },
      run: ['istioctl version --remote=false', 'istioctl x precheck'],
      checks: [
        {
          type: 'command',
          run: 'istioctl x precheck 2>&1',
          expect: { includes: 'No issues found when checking the cluster' },
          proves: {
            en: 'istioctl finds nothing in the cluster that would stop an install',
            'zh-cn': 'istioctl 在集群里没有发现妨碍安装的问题',
          },
        },
      ],
    },
    installControlPlane(),
    {
      id: 'measure',
      title: { en: 'Measure what the control plane costs', 'zh-cn': '量一量控制平面的开销' },
      explain: {
        en: "Requests are what the scheduler reserves; the working set is what the process really holds. Read both: istiod's requests from its Deployment, its memory from the container runtime inside the node.",
        'zh-cn':
          '资源请求（requests）是调度器预留的量，工作集（working set）才是进程实际占着的内存。两样都看：istiod 的请求值从它的 Deployment 里读，内存用量从节点里的容器运行时读。',
      },
      run: [
        'kubectl -n istio-system get deployment istiod -o jsonpath=\'{.spec.template.spec.containers[0].resources}{"\\n"}\'',
        `docker exec ${NODE} crictl stats --label io.kubernetes.container.name=discovery`,
      ],
      checks: [
        {
          type: 'jsonpath',
          resource: 'deployment/istiod',
          namespace: 'istio-system',
          path: '{.spec.template.spec.containers[0].resources.requests.memory}',
          expect: { equals: '256Mi' },
          proves: {
            en: "istiod requests the lab's 256Mi, not the production default",
            'zh-cn': 'istiod 申请的是实验设定的 256Mi，而不是生产环境的默认值',
          },
        },
        {
          type: 'command',
          run: `docker exec ${NODE} crictl stats -o json --label io.kubernetes.container.name=discovery | jq '.stats[0].memory.workingSetBytes.value | tonumber / 1048576 | floor | . < 512'`,
          expect: { equals: 'true' },
          proves: {
            en: "istiod's working set is below 512 MiB on a cluster this size",
            'zh-cn': '在这样规模的集群上，istiod 的工作集不到 512 MiB',
          },
        },
      ],
    },
    {
      id: 'label-namespace',
      title: { en: 'Turn injection on for a namespace', 'zh-cn': '为命名空间打开注入' },
      explain: {
        en: 'The injector is a mutating admission webhook: the API server calls it for every new Pod in a namespace labelled istio-injection=enabled, and it adds the proxy to the Pod before the Pod is stored. Pods that already run are not touched.',
        'zh-cn':
          '注入器是一个变更准入 webhook：带有 istio-injection=enabled 标签的命名空间里每新建一个 Pod，API 服务器都会调用它，它在 Pod 存进集群之前把代理加进去。已经在运行的 Pod 不受影响。',
      },
      run: [
        'kubectl apply -f manifests/demo-namespace.yaml',
        'kubectl get namespace -L istio-injection',
        'kubectl get mutatingwebhookconfigurations',
      ],
      checks: [
        {
          type: 'jsonpath',
          resource: `namespace/${DEMO}`,
          path: '{.metadata.labels.istio-injection}',
          expect: { equals: 'enabled' },
          proves: {
            en: `the namespace ${DEMO} asks for injection`,
            'zh-cn': `命名空间 ${DEMO} 要求注入`,
          },
        },
        {
          type: 'command',
          run: "kubectl get mutatingwebhookconfiguration istio-sidecar-injector -o jsonpath='{.webhooks[*].name}'",
          expect: { includes: 'sidecar-injector.istio.io' },
          proves: {
            en: 'the injector webhook is registered with the API server',
            'zh-cn': '注入器的 webhook 已经在 API 服务器上注册',
          },
        },
      ],
    },
    {
      id: 'inject',
      title: { en: 'Watch a Pod get its sidecar', 'zh-cn': '看 Pod 怎样得到 sidecar' },
      explain: {
        en: "Apply a Deployment that names one container. The Pod the API server stores has more: istio-init, which redirects the Pod's traffic with iptables, and istio-proxy, the Envoy sidecar. When every node's kubelet is 1.33 or later (sidecar containers are stable since 1.33), Istio injects the proxy as a native sidecar: an init container with restartPolicy Always, started before the app and stopped after it.",
        'zh-cn':
          '应用一个只写了一个容器的 Deployment。API 服务器存下的 Pod 却不止一个：istio-init 用 iptables 把 Pod 的流量重定向，istio-proxy 是 Envoy sidecar。当所有节点的 kubelet 都是 1.33 或更新版本时（sidecar 容器从 1.33 起进入稳定版），Istio 把代理作为原生 sidecar 注入：一个 restartPolicy 为 Always 的 init 容器，先于应用启动、晚于应用停止。',
      },
      run: [
        'kubectl apply -f manifests/sleep.yaml',
        `kubectl -n ${DEMO} wait --for=create pod -l app=sleep --timeout=60s`,
        CONTAINERS,
      ],
      checks: [
        {
          type: 'command',
          run: CONTAINERS,
          expect: { matches: '^istio-init istio-proxy \\| sleep$' },
          timeout: '60s',
          proves: {
            en: 'the stored Pod has istio-init and the istio-proxy native sidecar before its own container',
            'zh-cn': '存下来的 Pod 在自己的容器之前多了 istio-init 和原生 sidecar istio-proxy',
          },
        },
        {
          type: 'command',
          run: `kubectl -n ${DEMO} get pods -l app=sleep -o jsonpath='{.items[0].spec.initContainers[?(@.name=="istio-proxy")].restartPolicy}'`,
          expect: { equals: 'Always' },
          proves: {
            en: 'istio-proxy is a native sidecar (an init container that keeps running)',
            'zh-cn': 'istio-proxy 是原生 sidecar（一个持续运行的 init 容器）',
          },
        },
        {
          ...meshAvailable('sleep', DEMO),
          proves: {
            en: 'the Pod starts with its sidecar: the Deployment is available',
            'zh-cn': 'Pod 带着 sidecar 启动了：Deployment 已经可用',
          },
        },
      ],
    },
    {
      id: 'analyze',
      title: { en: 'Let istioctl analyze the namespace', 'zh-cn': '让 istioctl analyze 检查命名空间' },
      explain: {
        en: 'istioctl analyze reads the live configuration (and any files you give it) and reports what Istio would trip over: a route to a host that does not exist, a Pod without a proxy in an injected namespace, a port whose protocol it cannot tell. --failure-threshold Warning makes a warning fail the command too, as a CI job should.',
        'zh-cn':
          'istioctl analyze 读取集群里正在生效的配置（以及你给它的文件），报告 Istio 会在哪里出问题：路由指向不存在的主机、已注入的命名空间里有没带代理的 Pod、认不出协议的端口等。--failure-threshold Warning 让警告也使命令失败，CI 里就该这样用。',
      },
      run: [analyzeCommand(DEMO)],
      checks: [
        analyzeCheck(DEMO, {
          en: `istioctl analyze finds no issue in ${DEMO}`,
          'zh-cn': `istioctl analyze 在 ${DEMO} 里没有发现问题`,
        }),
      ],
    },
    {
      id: 'ingress-gateway',
      title: { en: 'Publish an ingress gateway on the host', 'zh-cn': '在主机上发布入口网关' },
      explain: {
        en: "Install again with the gateway overlay: istioctl merges the files in order, so the control plane stays as it is and a gateway Deployment (Envoy, the proxyv2 image) is added with a NodePort Service. kind publishes that nodePort on 127.0.0.1:38080; with no route configured yet, the gateway's Envoy answers 404.",
        'zh-cn':
          '带上网关的叠加文件再安装一次：istioctl 按顺序合并这些文件，控制平面保持原样，只多出一个网关 Deployment（Envoy，即 proxyv2 镜像）和一个 NodePort Service。kind 把这个 nodePort 发布在 127.0.0.1:38080；还没有配置任何路由时，网关的 Envoy 回答 404。',
      },
      run: [
        'istioctl install -y -f files/istio.yaml -f files/ingress-gateway.yaml --readiness-timeout 5m',
        'kubectl -n istio-system get service istio-ingressgateway',
        'curl -sS -o /dev/null -w "%{http_code} from %header{server}\\n" http://127.0.0.1:38080/',
      ],
      timeout: '6m',
      needs: [PROXY_NEED],
      checks: [
        {
          type: 'condition',
          resource: 'deployment/istio-ingressgateway',
          namespace: 'istio-system',
          condition: 'Available',
          timeout: '2m',
          proves: { en: 'the ingress gateway is available', 'zh-cn': '入口网关已经可用' },
        },
        {
          type: 'command',
          run: 'curl -sS -o /dev/null -w "%{http_code} %header{server}" http://127.0.0.1:38080/',
          expect: { equals: '404 istio-envoy' },
          timeout: '60s',
          proves: {
            en: "the host reaches the gateway's Envoy through kind's port mapping, and Envoy has no route yet",
            'zh-cn': '主机经由 kind 的端口映射访问到了网关的 Envoy，而 Envoy 还没有任何路由',
          },
        },
      ],
    },
  ],
  cleanup: [
    'istioctl uninstall --purge -y',
    'kubectl delete namespace -l fieldlab.dev/lab=istio-setup --wait=true --timeout=180s',
  ],
});
