import {
  analyzeCheck,
  analyzeCommand,
  ISTIO_MEMORY,
  ISTIO_TOOLS,
  installControlPlane,
  meshAvailable,
} from '../istio-setup/install.ts';
import { ISTIO, PILOT_IMAGE, PROXY_IMAGE, PROXY_NEED } from '../istio-setup/istio.ts';
import type { Check } from '../kit/schema.ts';
import { defineLab } from '../kit/schema.ts';
import { acceptanceRegion, integerRangePattern } from './split.ts';
import { countVersionsIn } from './traffic.ts';

const countVersions = (n: number, header?: string) => countVersionsIn(NS, n, header);

const NS = 'istio-routing-lab';
const GATEWAY_API_CRDS = `https://github.com/kubernetes-sigs/gateway-api/releases/download/${ISTIO.gatewayApi}/standard-install.yaml`;

/** The 90/10 split is measured over this many requests. */
export const SPLIT_REQUESTS = 400;
/** Below one false failure in a million runs of a correct 90/10 split (split.test.ts has the numbers). */
export const SPLIT_REGION = acceptanceRegion(SPLIT_REQUESTS, 0.1, 1e-6);

function splitCheck(what: { en: string; 'zh-cn': string }): Check {
  return {
    type: 'command',
    run: countVersions(SPLIT_REQUESTS),
    expect: {
      matches: `^v1=[0-9]+ v2=${integerRangePattern(SPLIT_REGION.low, SPLIT_REGION.high)} errors=0$`,
      describe: {
        en: `one line “v1=<n> v2=<k> errors=0” with k from ${SPLIT_REGION.low} to ${SPLIT_REGION.high}`,
        'zh-cn': `一行“v1=<n> v2=<k> errors=0”，其中 k 在 ${SPLIT_REGION.low} 到 ${SPLIT_REGION.high} 之间`,
      },
    },
    timeout: '3m',
    needs: [PROXY_NEED],
    proves: what,
  };
}

const routesAnalyzed = (): Check =>
  analyzeCheck(NS, {
    en: `istioctl analyze finds no issue with the routes in ${NS}`,
    'zh-cn': `istioctl analyze 没有在 ${NS} 的路由里发现问题`,
  });

export default defineLab({
  id: 'istio-routing',
  title: { en: 'Istio: route traffic between versions', 'zh-cn': 'Istio：在版本之间分配流量' },
  summary: {
    en: 'Two versions of a frontend share one volume; Istio decides which one answers. Send everything to v1, split 90/10 and measure it, route testers to v2 by a header, inject an abort and a delay, set a timeout with retries, then write the same split with the Gateway API.',
    'zh-cn':
      '同一个前端的两个版本共用一个卷，由 Istio 决定哪个版本来应答。先把流量全部发给 v1，再按 90/10 分流并实测比例，用请求头把测试人员导向 v2，注入中止和延迟，设置超时与重试，最后用 Gateway API 写出同样的分流。',
  },
  duration: 40,
  tools: ISTIO_TOOLS,
  memory: ISTIO_MEMORY,
  images: [PILOT_IMAGE, PROXY_IMAGE, 'busybox:1.37.0'],
  namespaces: ['istio-system', NS],
  steps: [
    installControlPlane(),
    {
      id: 'site-volume',
      title: { en: 'Put the site on one volume', 'zh-cn': '把网站放到一个卷上' },
      explain: {
        en: "The namespace asks for injection; the claim waits for its first Pod (kind's StorageClass binds on first use), and that Pod is a Job that copies the page onto the volume and opts out of the mesh. Where the Job ran, the volume now lives.",
        'zh-cn':
          '命名空间要求注入；PVC 会等它的第一个 Pod（kind 的 StorageClass 在首次使用时才绑定），而这个 Pod 是一个 Job：它把页面复制到卷上，并且选择不加入网格。Job 在哪个节点上运行，卷就落在哪个节点上。',
      },
      run: [
        'kubectl apply -f manifests/namespace.yaml',
        'kubectl apply -f manifests/site.yaml',
        `kubectl -n ${NS} wait --for=condition=Complete job/seed-site --timeout=120s`,
        `kubectl -n ${NS} get pvc site`,
      ],
      timeout: '3m',
      checks: [
        {
          type: 'jsonpath',
          resource: 'pvc/site',
          namespace: NS,
          path: '{.status.phase}',
          expect: { equals: 'Bound' },
          proves: { en: 'the claim is bound to a volume', 'zh-cn': 'PVC 已经绑定到一个卷' },
        },
        {
          type: 'command',
          run: `kubectl get pv "$(kubectl -n ${NS} get pvc site -o jsonpath='{.spec.volumeName}')" -o jsonpath='{.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].key}'`,
          expect: { equals: 'kubernetes.io/hostname' },
          proves: {
            en: 'the volume is pinned to one node by its node affinity',
            'zh-cn': '卷通过节点亲和性固定在一个节点上',
          },
        },
      ],
    },
    {
      id: 'frontends',
      title: { en: 'Start v1, v2 and a client', 'zh-cn': '启动 v1、v2 和一个客户端' },
      explain: {
        en: "Both versions mount the same claim read-only and fill the page's banner from their VERSION variable. ReadWriteOnce is per node, and the local-path volume's node affinity makes the scheduler put every Pod that mounts it on the volume's node: both versions land there, with no affinity rule of ours. Every Pod gets a sidecar; the client's applies the routes to what it sends.",
        'zh-cn':
          '两个版本都以只读方式挂载同一个 PVC，并用各自的 VERSION 变量填写页面上的版本横幅。ReadWriteOnce 的限制是按节点算的，而 local-path 卷的节点亲和性让调度器把所有挂载它的 Pod 放到卷所在的节点上：两个版本都落在那里，我们不用写任何亲和性规则。每个 Pod 都有 sidecar；客户端的 sidecar 负责把路由规则用到它发出的请求上。',
      },
      run: [
        'kubectl apply -f manifests/frontend.yaml',
        'kubectl apply -f manifests/client.yaml',
        `kubectl -n ${NS} wait --for=create pod -l app=frontend --timeout=60s`,
        `kubectl -n ${NS} get pods -o wide`,
      ],
      timeout: '3m',
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${NS} get pods -l 'app in (frontend,client)' -o jsonpath='{range .items[*]}{.spec.initContainers[?(@.name=="istio-proxy")].name}{"\\n"}{end}' | sort | uniq -c | awk '{print $1, $2}'`,
          expect: { equals: '3 istio-proxy' },
          timeout: '60s',
          proves: {
            en: 'the injector gave all three Pods (v1, v2, client) an istio-proxy sidecar',
            'zh-cn': '注入器给三个 Pod（v1、v2 和客户端）都加上了 istio-proxy sidecar',
          },
        },
        {
          type: 'command',
          run: `node=$(kubectl get pv "$(kubectl -n ${NS} get pvc site -o jsonpath='{.spec.volumeName}')" -o jsonpath='{.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]}'); kubectl -n ${NS} get pods -l app=frontend -o jsonpath='{range .items[*]}{.spec.nodeName}{"\\n"}{end}' | sort -u | sed "s/^$node$/the volume's node/"`,
          expect: { equals: "the volume's node" },
          timeout: '60s',
          proves: {
            en: 'v1 and v2 were both scheduled onto the node that holds the volume',
            'zh-cn': 'v1 和 v2 都被调度到了卷所在的节点上',
          },
        },
        ...['frontend-v1', 'frontend-v2', 'client'].map((name) => meshAvailable(name, NS)),
      ],
    },
    {
      id: 'all-to-v1',
      title: { en: 'Send every request to v1', 'zh-cn': '把所有请求都发给 v1' },
      explain: {
        en: "Without a route, the client's sidecar balances requests over every endpoint of the Service, both versions alike. A DestinationRule names the versions as subsets by their version label; a VirtualService for the host frontend sends everything to subset v1. The client sends 40 requests and counts who answered.",
        'zh-cn':
          '没有路由规则时，客户端的 sidecar 会把请求均衡到 Service 的所有端点上，两个版本一视同仁。DestinationRule 按 version 标签把两个版本定义为子集（subset）；针对主机 frontend 的 VirtualService 把所有请求都发往子集 v1。客户端发 40 个请求，数一数是谁应答的。',
      },
      run: [
        'kubectl apply -f files/destination-rule.yaml',
        'kubectl apply -f files/route-all-v1.yaml',
        analyzeCommand(NS),
      ],
      show: ['files/destination-rule.yaml', 'files/route-all-v1.yaml'],
      checks: [
        routesAnalyzed(),
        {
          type: 'command',
          run: countVersions(40),
          expect: { equals: 'v1=40 v2=0 errors=0' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: { en: 'all 40 requests were answered by v1', 'zh-cn': '40 个请求全部由 v1 应答' },
          // A later step replaces the route: `check` on a kept cluster skips it.
          moment: true,
        },
      ],
    },
    {
      id: 'split',
      title: { en: 'Split 90/10 and measure it', 'zh-cn': '按 90/10 分流并实测' },
      explain: {
        en: `Weights send 90 % to v1 and 10 % to v2, drawn per request. Over ${SPLIT_REQUESTS} requests the v2 count of a correct split lies in ${SPLIT_REGION.low}..${SPLIT_REGION.high} except about once in ${Math.round(1 / SPLIT_REGION.falseFailure / 1e5) / 10} million runs, while everything-to-v1 or an even split always falls outside.`,
        'zh-cn': `权重让 90% 的请求去 v1、10% 去 v2，每个请求单独抽取。发 ${SPLIT_REQUESTS} 个请求时，分流正确的情况下 v2 的计数落在 ${SPLIT_REGION.low} 到 ${SPLIT_REGION.high} 之间，大约 ${Math.round(1 / SPLIT_REGION.falseFailure / 1e4)} 万次运行里才有一次例外；而全部发给 v1 或者对半分，永远落不进这个范围。`,
      },
      run: ['kubectl apply -f files/route-split.yaml', `kubectl -n ${NS} get virtualservice frontend`],
      show: ['files/route-split.yaml'],
      timeout: '4m',
      checks: [
        {
          type: 'jsonpath',
          resource: 'virtualservice/frontend',
          namespace: NS,
          path: '{.spec.http[0].route[*].weight}',
          expect: { equals: '90 10' },
          proves: { en: 'the route weighs v1 at 90 and v2 at 10', 'zh-cn': '路由给 v1 的权重是 90，给 v2 的是 10' },
          // A later step replaces the route: `check` on a kept cluster skips it.
          moment: true,
        },
        splitCheck({
          en: `the v2 count of ${SPLIT_REQUESTS} requests is within ${SPLIT_REGION.low}..${SPLIT_REGION.high}, and none failed`,
          'zh-cn': `${SPLIT_REQUESTS} 个请求里 v2 的计数在 ${SPLIT_REGION.low} 到 ${SPLIT_REGION.high} 之间，而且没有请求失败`,
        }),
      ],
    },
    {
      id: 'header-route',
      title: { en: 'Route testers to v2 by a header', 'zh-cn': '按请求头把测试人员导向 v2' },
      explain: {
        en: 'A first route matches the header end-user: tester and sends it to v2; every other request falls through to the 90/10 route. Header routing is deterministic: 20 requests as a tester are 20 answers from v2.',
        'zh-cn':
          '第一条路由匹配请求头 end-user: tester 并把请求发往 v2；其余请求落到后面的 90/10 路由上。按请求头路由是确定性的：以测试人员身份发 20 个请求，就有 20 个来自 v2 的应答。',
      },
      run: ['kubectl apply -f files/route-header.yaml'],
      show: ['files/route-header.yaml'],
      checks: [
        routesAnalyzed(),
        {
          type: 'command',
          run: countVersions(20, 'end-user: tester'),
          expect: { equals: 'v1=0 v2=20 errors=0' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: {
            en: 'every request with end-user: tester reached v2',
            'zh-cn': '带 end-user: tester 的请求全部到了 v2',
          },
          // The faults step replaces the route without the testers' match.
          moment: true,
        },
      ],
    },
    {
      id: 'faults',
      title: {
        en: 'Inject an abort and a delay; set a timeout with retries',
        'zh-cn': '注入中止和延迟，设置超时与重试',
      },
      explain: {
        en: "The client's sidecar answers x-fault: abort with a 503 itself, without calling any frontend, and holds x-fault: delay for 2 s before it forwards. All other requests get a 3 s timeout and up to two retries of 1 s each; istioctl shows them in the client's Envoy route configuration.",
        'zh-cn':
          '客户端的 sidecar 收到 x-fault: abort 的请求时自己直接回 503，根本不去调用前端；收到 x-fault: delay 的请求时先压住 2 秒再转发。其余请求都有 3 秒的超时，以及最多两次、每次 1 秒的重试；istioctl 能在客户端 Envoy 的路由配置里看到这些设置。',
      },
      run: ['kubectl apply -f files/route-faults.yaml'],
      show: ['files/route-faults.yaml'],
      checks: [
        routesAnalyzed(),
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/client -c client -- wget -qO- --header "x-fault: abort" http://frontend/version 2>&1`,
          expect: { includes: '503 Service Unavailable', exitCode: 'nonzero' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: { en: 'the injected abort answers 503', 'zh-cn': '注入的中止返回 503' },
        },
        {
          type: 'command',
          run: `start=$(date +%s); kubectl -n ${NS} exec deploy/client -c client -- wget -qO- --header "x-fault: delay" http://frontend/version >/dev/null; echo "took $(( $(date +%s) - start ))s"`,
          expect: { matches: '^took [2-5]s$' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: {
            en: 'the injected delay holds a request for 2 s (the time is measured on your machine, kubectl exec included)',
            'zh-cn': '注入的延迟让请求等了 2 秒（时间在你的机器上量，含 kubectl exec 本身的开销）',
          },
        },
        {
          type: 'command',
          run: `istioctl proxy-config routes deploy/client.${NS} --name 80 -o json | jq -r '.[].virtualHosts[].routes[] | select(.name == "everyone") | "timeout=\\(.route.timeout) retries=\\(.route.retryPolicy.numRetries) perTry=\\(.route.retryPolicy.perTryTimeout)"' | sort -u`,
          expect: { equals: 'timeout=3s retries=2 perTry=1s' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: {
            en: "the client's Envoy holds the timeout and the retries",
            'zh-cn': '客户端的 Envoy 里有这条超时和重试设置',
          },
        },
      ],
    },
    {
      id: 'gateway-api',
      title: { en: 'The same split with the Gateway API', 'zh-cn': '用 Gateway API 写同样的分流' },
      explain: {
        en: "The Gateway API is Kubernetes' own routing API, and Istio implements it for the mesh too: an HTTPRoute whose parent is the frontend Service, with weighted backendRefs to one Service per version. Its CRDs are not part of Kubernetes: install the standard channel first. Remove the VirtualService, so that one route decides.",
        'zh-cn':
          'Gateway API 是 Kubernetes 自己的路由 API，Istio 在网格内部也实现了它：一个以 frontend Service 为父对象（parent）的 HTTPRoute，用带权重的 backendRefs 指向每个版本各自的 Service。它的 CRD 不在 Kubernetes 里，要先安装标准通道（standard channel）的 CRD。再删掉 VirtualService，只让一条路由说了算。',
      },
      run: [
        `kubectl apply --server-side -f ${GATEWAY_API_CRDS}`,
        `kubectl -n ${NS} delete virtualservice frontend`,
        'kubectl apply -f files/gateway-api.yaml',
        `kubectl -n ${NS} wait --for=jsonpath='{.status.parents[0].conditions[?(@.type=="Accepted")].status}'=True httproute/frontend --timeout=60s`,
      ],
      show: ['files/gateway-api.yaml'],
      timeout: '4m',
      needs: [{ download: GATEWAY_API_CRDS }, PROXY_NEED],
      checks: [
        splitCheck({
          en: `through the HTTPRoute, the v2 count of ${SPLIT_REQUESTS} requests is within ${SPLIT_REGION.low}..${SPLIT_REGION.high}, and none failed`,
          'zh-cn': `经由 HTTPRoute，${SPLIT_REQUESTS} 个请求里 v2 的计数在 ${SPLIT_REGION.low} 到 ${SPLIT_REGION.high} 之间，而且没有请求失败`,
        }),
      ],
    },
  ],
  cleanup: [
    'istioctl uninstall --purge -y',
    'kubectl delete namespace -l fieldlab.dev/lab=istio-routing --wait=true --timeout=180s',
  ],
});
