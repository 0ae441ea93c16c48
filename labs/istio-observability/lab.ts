import { SPLIT_REGION, SPLIT_REQUESTS } from '../istio-routing/lab.ts';
import { integerRangePattern } from '../istio-routing/split.ts';
import { countVersionsIn } from '../istio-routing/traffic.ts';
import { ISTIO_MEMORY, ISTIO_TOOLS, installControlPlane, meshAvailable } from '../istio-setup/install.ts';
import { ISTIO, PILOT_IMAGE, PROXY_IMAGE, PROXY_NEED } from '../istio-setup/istio.ts';
import type { Check } from '../kit/schema.ts';
import { defineLab } from '../kit/schema.ts';

const NS = 'istio-observability-lab';
const OUTSIDE = 'istio-observability-outside';
const KIALI_IMAGE = 'quay.io/kiali/kiali:v2.27';
const KIALI_ADDON = 'https://raw.githubusercontent.com/istio/istio/release-1.31/samples/addons/kiali.yaml';
const PROMQL = 'sh files/promql.sh';
/** What the client's sidecar counted, by the version that answered: the source side of each request. */
const BY_VERSION =
  'sum by (destination_version) (istio_requests_total{reporter="source", destination_service_name="frontend", response_code="200"})';
const countVersions = (n: number) => countVersionsIn(NS, n);
const OUTSIDER_GET = `kubectl -n ${OUTSIDE} exec deploy/outsider -- wget -qO- -T 5 http://frontend.${NS}/version`;
const INTRUDER_GET = `kubectl -n ${NS} exec deploy/intruder -c intruder -- wget -qO- http://frontend/version`;

function clientStillServed(): Check {
  return {
    type: 'command',
    run: countVersions(20),
    expect: { matches: '^v1=[0-9]+ v2=[0-9]+ errors=0$' },
    timeout: '60s',
    needs: [PROXY_NEED],
    proves: {
      en: 'the in-mesh client still gets all 20 answers',
      'zh-cn': '网格内的客户端仍然拿到了全部 20 个应答',
    },
  };
}

export default defineLab({
  id: 'istio-observability',
  title: { en: 'Istio: metrics, Kiali and mutual TLS', 'zh-cn': 'Istio：指标、Kiali 与双向 TLS' },
  summary: {
    en: "Scrape the mesh with a Prometheus of your own and check the 90/10 split in istio_requests_total, draw it in Kiali, then lock the namespace down: STRICT mutual TLS shuts out a client outside the mesh, and an AuthorizationPolicy lets only the client's identity in.",
    'zh-cn':
      '用自己部署的 Prometheus 抓取网格指标，在 istio_requests_total 里核对 90/10 的分流，用 Kiali 画出调用关系；然后把命名空间锁起来：STRICT 双向 TLS 把网格外的客户端挡在门外，AuthorizationPolicy 只放行客户端的身份。',
  },
  duration: 40,
  tools: ISTIO_TOOLS,
  memory: ISTIO_MEMORY,
  images: [PILOT_IMAGE, PROXY_IMAGE, 'busybox:1.37.0', 'prom/prometheus:v3.13.3', KIALI_IMAGE],
  namespaces: ['istio-system', NS, OUTSIDE],
  steps: [
    installControlPlane(),
    {
      id: 'prometheus',
      title: { en: 'Run a Prometheus that scrapes the mesh', 'zh-cn': '部署一个抓取网格指标的 Prometheus' },
      explain: {
        en: "Istio's own Prometheus add-on is a sample, not something to keep. This one is small and yours: it scrapes istiod's monitoring port, and every Pod of the mesh namespace at the port and path the injector writes into the Pod's prometheus.io annotations. Ask it through the API server's proxy: files/promql.sh does that.",
        'zh-cn':
          'Istio 自带的 Prometheus 插件只是示例，不该长期使用。这里部署的这个小而完全归你管：它抓取 istiod 的监控端口，以及网格命名空间里每个 Pod——端口和路径取自注入器写进 Pod 的 prometheus.io 注解。查询走 API 服务器的代理，files/promql.sh 就是这么做的。',
      },
      run: [
        'kubectl apply -f manifests/namespaces.yaml',
        'kubectl apply -f manifests/prometheus.yaml',
        'kubectl -n istio-system rollout status deployment/prometheus --timeout=180s',
        `${PROMQL} 'up'`,
      ],
      show: ['files/promql.sh'],
      timeout: '4m',
      checks: [
        {
          type: 'command',
          run: `${PROMQL} 'up{job="istiod"}'`,
          expect: { matches: 'job=istiod 1$' },
          timeout: '90s',
          proves: { en: 'Prometheus scrapes istiod', 'zh-cn': 'Prometheus 正在抓取 istiod' },
        },
        {
          type: 'command',
          run: `${PROMQL} 'istio_build{job="istiod"}'`,
          expect: { matches: `tag=${ISTIO.release} 1$` },
          timeout: '60s',
          proves: {
            en: `istiod's own metrics are in Prometheus: istio_build names release ${ISTIO.release}`,
            'zh-cn': `istiod 自身的指标已经进了 Prometheus：istio_build 标明的版本是 ${ISTIO.release}`,
          },
        },
      ],
    },
    {
      id: 'mesh-app',
      title: { en: 'Deploy the frontends with a 90/10 split', 'zh-cn': '部署前端，按 90/10 分流' },
      explain: {
        en: "The routing lab's frontend v1 and v2, its client and its 90/10 route. The injector also annotates each Pod for Prometheus, which finds the three Pods by those annotations alone.",
        'zh-cn':
          '沿用路由实验的前端 v1、v2，客户端，以及 90/10 的路由。注入器还会给每个 Pod 加上给 Prometheus 看的注解，Prometheus 单凭这些注解就找到了这三个 Pod。',
      },
      run: [
        'kubectl apply -f manifests/frontend.yaml -f manifests/client.yaml',
        'kubectl apply -f files/destination-rule.yaml -f files/route-split.yaml',
        `kubectl -n ${NS} wait --for=create pod -l app=frontend --timeout=60s`,
        `kubectl -n ${NS} get pods -o custom-columns='POD:.metadata.name,SCRAPE:.metadata.annotations.prometheus\\.io/port,PATH:.metadata.annotations.prometheus\\.io/path'`,
      ],
      show: ['files/destination-rule.yaml', 'files/route-split.yaml'],
      timeout: '3m',
      checks: [
        {
          type: 'command',
          run: `${PROMQL} 'count(up{job="mesh-pods"})'`,
          expect: { equals: '3' },
          timeout: '90s',
          proves: {
            en: 'Prometheus found the three mesh Pods by their annotations',
            'zh-cn': 'Prometheus 凭注解找到了网格里的三个 Pod',
          },
        },
        meshAvailable('frontend-v1', NS),
        meshAvailable('frontend-v2', NS),
        meshAvailable('client', NS),
      ],
    },
    {
      id: 'requests-total',
      title: { en: 'Check the split in istio_requests_total', 'zh-cn': '在 istio_requests_total 里核对分流' },
      explain: {
        en: `Every sidecar counts the requests it sends and receives in istio_requests_total, labelled with both ends' workload, version and response code. Send ${SPLIT_REQUESTS} requests, then ask Prometheus what the client's sidecar counted per destination version: the v2 count must pass the routing lab's test (${SPLIT_REGION.low}..${SPLIT_REGION.high}).`,
        'zh-cn': `每个 sidecar 都把自己发出和收到的请求计入 istio_requests_total，标签里有两端的工作负载、版本和响应码。发 ${SPLIT_REQUESTS} 个请求，再问 Prometheus 客户端 sidecar 按目标版本数到了多少：v2 的计数必须通过路由实验里的检验（${SPLIT_REGION.low} 到 ${SPLIT_REGION.high}）。`,
      },
      run: [countVersions(SPLIT_REQUESTS), 'sleep 10', `${PROMQL} '${BY_VERSION}'`],
      timeout: '4m',
      needs: [PROXY_NEED],
      checks: [
        {
          type: 'command',
          run: `${PROMQL} 'sum(istio_requests_total{reporter="source", destination_service_name="frontend"})'`,
          expect: { equals: String(SPLIT_REQUESTS) },
          timeout: '60s',
          proves: {
            en: `the client's sidecar counted all ${SPLIT_REQUESTS} requests`,
            'zh-cn': `客户端 sidecar 数到了全部 ${SPLIT_REQUESTS} 个请求`,
          },
        },
        {
          type: 'command',
          run: `${PROMQL} '${BY_VERSION}'`,
          expect: {
            matches: `^destination_version=v2 ${integerRangePattern(SPLIT_REGION.low, SPLIT_REGION.high)}$`,
            describe: {
              en: `one line “destination_version=v2 <k>” with k from ${SPLIT_REGION.low} to ${SPLIT_REGION.high}`,
              'zh-cn': `一行“destination_version=v2 <k>”，其中 k 在 ${SPLIT_REGION.low} 到 ${SPLIT_REGION.high} 之间`,
            },
          },
          timeout: '60s',
          proves: {
            en: `the v2 count in istio_requests_total is within ${SPLIT_REGION.low}..${SPLIT_REGION.high}`,
            'zh-cn': `istio_requests_total 里 v2 的计数在 ${SPLIT_REGION.low} 到 ${SPLIT_REGION.high} 之间`,
          },
        },
      ],
    },
    {
      id: 'kiali',
      title: { en: 'Draw the traffic in Kiali', 'zh-cn': '用 Kiali 画出流量' },
      explain: {
        en: "Kiali reads the same istio_requests_total from the Prometheus at prometheus.istio-system:9090 and draws the graph: client to frontend, split into v1 and v2. The add-on from Istio's release branch is fine for a lab; on a laptop, istioctl dashboard kiali opens it in the browser.",
        'zh-cn':
          'Kiali 从 prometheus.istio-system:9090 上的 Prometheus 读取同一份 istio_requests_total，画出调用图：客户端指向前端，再分成 v1 和 v2。实验里用 Istio 发布分支上的插件清单就够了；在笔记本上，istioctl dashboard kiali 会在浏览器里打开它。',
      },
      run: [
        `kubectl apply -f ${KIALI_ADDON}`,
        'kubectl -n istio-system rollout status deployment/kiali --timeout=180s',
        countVersions(50),
      ],
      timeout: '5m',
      needs: [{ download: KIALI_ADDON }, { image: KIALI_IMAGE }, PROXY_NEED],
      checks: [
        {
          type: 'command',
          run: `kubectl get --raw '/api/v1/namespaces/istio-system/services/kiali:20001/proxy/kiali/api/namespaces/graph?namespaces=${NS}&graphType=versionedApp&duration=10m' | jq -r '[.elements.nodes[].data | select(.app == "frontend" and .version != null) | .version] | sort | join(" ")'`,
          expect: { equals: 'v1 v2' },
          timeout: '90s',
          proves: {
            en: "Kiali's graph has a node for frontend v1 and one for v2",
            'zh-cn': 'Kiali 的图里 frontend v1 和 v2 各有一个节点',
          },
        },
      ],
    },
    {
      id: 'permissive',
      title: { en: 'PERMISSIVE: a client outside the mesh gets in', 'zh-cn': 'PERMISSIVE：网格外的客户端进得来' },
      explain: {
        en: "The outsider runs in a namespace without injection: no sidecar, no certificate, plain HTTP. Under PERMISSIVE, the mesh default written out here, the frontend's sidecar accepts it.",
        'zh-cn':
          'outsider 运行在没有开启注入的命名空间里：没有 sidecar、没有证书，说的是明文 HTTP。在 PERMISSIVE 模式下（网格的默认值，这里明确写出来），前端的 sidecar 会接受它。',
      },
      run: [
        'kubectl apply -f manifests/outsider.yaml',
        'kubectl apply -f files/peer-authentication-permissive.yaml',
        `kubectl -n ${OUTSIDE} rollout status deployment/outsider --timeout=120s`,
      ],
      show: ['files/peer-authentication-permissive.yaml'],
      checks: [
        {
          type: 'command',
          run: OUTSIDER_GET,
          expect: { matches: '^v[12]$' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: {
            en: 'under PERMISSIVE the client outside the mesh gets an answer',
            'zh-cn': 'PERMISSIVE 模式下，网格外的客户端得到了应答',
          },
          // The next step turns on STRICT: `check` on a kept cluster skips it.
          moment: true,
        },
      ],
    },
    {
      id: 'strict',
      title: { en: 'STRICT: only mutual TLS gets in', 'zh-cn': 'STRICT：只有双向 TLS 进得来' },
      explain: {
        en: "Switch the namespace to STRICT. The outsider's plain-text connection is now refused by the frontend's sidecar; the client's requests still arrive, over mutual TLS its sidecar sets up; and Prometheus still scrapes, because port 15020 is the agent's, outside the proxy's capture.",
        'zh-cn':
          '把命名空间切换到 STRICT。前端的 sidecar 现在会拒绝 outsider 的明文连接；客户端的请求仍然能到达，走的是它的 sidecar 建立的双向 TLS；Prometheus 也照样能抓取，因为 15020 端口属于代理的 agent，不在流量拦截范围之内。',
      },
      run: ['kubectl apply -f files/peer-authentication-strict.yaml'],
      show: ['files/peer-authentication-strict.yaml'],
      checks: [
        {
          type: 'jsonpath',
          resource: 'peerauthentication/default',
          namespace: NS,
          path: '{.spec.mtls.mode}',
          expect: { equals: 'STRICT' },
          proves: { en: `${NS} requires mutual TLS`, 'zh-cn': `${NS} 要求双向 TLS` },
        },
        {
          type: 'command',
          run: `${OUTSIDER_GET} 2>&1`,
          expect: { exitCode: 'nonzero' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: {
            en: 'the client outside the mesh is now refused',
            'zh-cn': '网格外的客户端现在被拒之门外',
          },
        },
        clientStillServed(),
        {
          type: 'command',
          run: `${PROMQL} 'count(up{job="mesh-pods"} == 1)'`,
          expect: { equals: '3' },
          timeout: '60s',
          needs: [PROXY_NEED],
          proves: {
            en: 'Prometheus, outside the mesh, still scrapes all three Pods',
            'zh-cn': '身在网格之外的 Prometheus 仍然能抓取全部三个 Pod',
          },
        },
      ],
    },
    {
      id: 'authorization',
      title: { en: "Allow only the client's identity", 'zh-cn': '只放行客户端的身份' },
      explain: {
        en: "Mutual TLS proves who is calling; an AuthorizationPolicy decides who may. A second in-mesh workload, intruder, with its own ServiceAccount, gets through STRICT like the client does. An ALLOW policy on the frontend naming the client's identity (cluster.local/ns/…/sa/client) lets the client in and answers the intruder 403.",
        'zh-cn':
          '双向 TLS 证明了是谁在调用，AuthorizationPolicy 决定谁可以调用。第二个网格内的工作负载 intruder 有自己的 ServiceAccount，它和客户端一样能通过 STRICT。在前端上加一条 ALLOW 策略，写明客户端的身份（cluster.local/ns/…/sa/client），客户端照常访问，intruder 则收到 403。',
      },
      run: [
        'kubectl apply -f manifests/intruder.yaml',
        'kubectl apply -f files/authorization-policy.yaml',
        `kubectl -n ${NS} wait --for=create pod -l app=intruder --timeout=60s`,
      ],
      show: ['files/authorization-policy.yaml'],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${NS} get pods -l app=intruder -o jsonpath='{.items[0].spec.initContainers[?(@.name=="istio-proxy")].name}'`,
          expect: { equals: 'istio-proxy' },
          timeout: '60s',
          proves: { en: 'the intruder is in the mesh: it has a sidecar', 'zh-cn': 'intruder 在网格里：它有 sidecar' },
        },
        clientStillServed(),
        {
          type: 'command',
          run: `${INTRUDER_GET} 2>&1`,
          expect: { includes: '403 Forbidden', exitCode: 'nonzero' },
          timeout: '90s',
          needs: [PROXY_NEED],
          proves: {
            en: "the frontend's sidecar answers the intruder 403",
            'zh-cn': '前端的 sidecar 给 intruder 回了 403',
          },
        },
      ],
    },
  ],
  cleanup: [
    'istioctl uninstall --purge -y',
    'kubectl delete namespace -l fieldlab.dev/lab=istio-observability --wait=true --timeout=180s',
  ],
});
