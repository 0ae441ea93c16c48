import type { Check } from '../kit/schema.ts';
import { defineLab } from '../kit/schema.ts';

const NS = 'monitoring-lab';
const DEMO = 'monitoring-demo';
const NODE = 'fieldlab-control-plane';
const SA = `system:serviceaccount:${NS}:prometheus`;

/** The one way the lab asks Prometheus a question: promtool inside the Prometheus Pod. */
export const PROMQL_PREFIX = `kubectl -n ${NS} exec deploy/prometheus -- \\\n  promtool query instant http://localhost:9090`;

export function promql(query: string): string {
  if (query.includes("'")) throw new Error(`PromQL must not contain a single quote: ${query}`);
  const expression = query.includes('\n') ? `\n    ${query.replaceAll('\n', '\n    ')}` : query;
  return `${PROMQL_PREFIX} '${expression}'`;
}

/**
 * Reads the kubelet's own /metrics once and counts two kinds of lines in one pass. A kubectl
 * failure fails the pipeline (pipefail), and the kubelet_* count proves the endpoint answered,
 * so "0 container series" cannot come from an empty or failed request.
 */
export const KUBELET_METRICS_COUNT = `kubectl get --raw /api/v1/nodes/${NODE}/proxy/metrics | awk '/^kubelet_/ {k++} /^container_cpu_usage_seconds_total/ {c++} END {print "kubelet_* series: " (k+0) ", container_cpu_usage_seconds_total series: " (c+0)}'`;

/** Every PromQL expression the lab teaches, by the question it answers. */
export const QUERIES = {
  cpu: `sum by (pod, container) (rate(container_cpu_usage_seconds_total{namespace="${DEMO}", container!=""}[2m]))`,
  memory: `sum by (pod, container) (container_memory_working_set_bytes{namespace="${DEMO}", container!=""})`,
  rawSeries: `container_cpu_usage_seconds_total{namespace="${DEMO}", container="cpu-burner"}`,
  // Two lines, numerator over denominator, as a reader would write the ratio: PromQL takes newlines as spaces.
  throttling: [
    `  sum by (pod, container) (rate(container_cpu_cfs_throttled_periods_total{namespace="${DEMO}", container!=""}[2m]))`,
    `/ sum by (pod, container) (rate(container_cpu_cfs_periods_total{namespace="${DEMO}", container!=""}[2m]))`,
  ].join('\n'),
  restarts: `kube_pod_container_status_restarts_total{namespace="${DEMO}"}`,
  recentRestarts: `increase(kube_pod_container_status_restarts_total{namespace="${DEMO}"}[10m])`,
  lastTermination: `kube_pod_container_status_last_terminated_reason{namespace="${DEMO}"} == 1`,
  firing: `ALERTS{alertstate="firing", namespace="${DEMO}"}`,
} as const;

/** The break of the exercise: the 2017 mistake, scraping cAdvisor metrics from /metrics. */
export const BREAK_SED = 's#metrics_path: /metrics/cadvisor#metrics_path: /metrics#';

function targetUp(job: string, timeout = '3m'): Check {
  return {
    type: 'command',
    run: promql(`up{job="${job}"} == 1`),
    expect: { matches: '=> 1 @' },
    timeout,
    proves: {
      en: `Prometheus scrapes the ${job} target successfully`,
      'zh-cn': `Prometheus 能成功抓取 ${job} 目标`,
    },
  };
}

export default defineLab({
  id: 'monitoring',
  title: { en: 'Prometheus on Kubernetes', 'zh-cn': '在 Kubernetes 上运行 Prometheus' },
  summary: {
    en: 'Deploy Prometheus 3 with plain manifests and least-privilege RBAC, scrape the API server, the kubelets and cAdvisor on /metrics/cadvisor, add kube-state-metrics, and answer real questions: CPU, memory, throttling and restarts per container.',
    'zh-cn':
      '用纯 YAML 清单和最小权限的 RBAC 部署 Prometheus 3，抓取 API 服务器、kubelet 以及 /metrics/cadvisor 上的 cAdvisor 指标，再加上 kube-state-metrics，回答真正的问题：每个容器的 CPU、内存、CPU 节流和重启。',
  },
  duration: 40,
  tools: [
    { name: 'docker', min: '24.0' },
    { name: 'kind', min: '0.33.0' },
    { name: 'kubectl', min: '1.35.0' },
  ],
  images: [
    'prom/prometheus:v3.13.3',
    'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0',
    'busybox:1.37.0',
  ],
  namespaces: [NS, DEMO],
  steps: [
    {
      id: 'create-namespaces',
      title: { en: 'Create the lab namespaces', 'zh-cn': '创建实验用的命名空间' },
      explain: {
        en: 'monitoring-lab holds Prometheus and kube-state-metrics, monitoring-demo the workloads they watch. Both enforce the restricted Pod Security level: a monitoring stack needs no privileges inside its Pods.',
        'zh-cn':
          'monitoring-lab 放 Prometheus 和 kube-state-metrics，monitoring-demo 放被监控的工作负载。两个命名空间都强制执行 restricted 级别的 Pod 安全标准：监控组件的 Pod 不需要任何特权。',
      },
      run: ['kubectl apply -f manifests/namespaces.yaml'],
      checks: [
        {
          type: 'jsonpath',
          resource: `namespace/${NS}`,
          path: '{.metadata.labels.pod-security\\.kubernetes\\.io/enforce}',
          expect: { equals: 'restricted' },
          proves: {
            en: 'the monitoring-lab namespace enforces the restricted Pod Security level',
            'zh-cn': 'monitoring-lab 命名空间强制执行 restricted 级别',
          },
        },
      ],
    },
    {
      id: 'find-container-metrics',
      title: { en: 'Find where container metrics live', 'zh-cn': '找到容器指标所在的端点' },
      explain: {
        en: 'Ask the kubelet directly, through the API server proxy, with your admin rights: container_cpu_usage_seconds_total is on /metrics/cadvisor and nowhere on /metrics. This is the move of Kubernetes 1.7.3 that still breaks old configurations.',
        'zh-cn':
          '用管理员权限、经 API 服务器代理直接询问 kubelet：container_cpu_usage_seconds_total 在 /metrics/cadvisor 上，而 /metrics 上一条都没有。这正是 Kubernetes 1.7.3 的那次迁移，至今仍让旧配置失效。',
      },
      run: [
        `kubectl get --raw /api/v1/nodes/${NODE}/proxy/metrics/cadvisor | grep '^container_cpu_usage_seconds_total' | grep 'container="etcd"'`,
        KUBELET_METRICS_COUNT,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl get --raw /api/v1/nodes/${NODE}/proxy/metrics/cadvisor | grep -c '^container_cpu_usage_seconds_total'`,
          expect: { matches: '^[1-9][0-9]*$' },
          proves: {
            en: 'the kubelet serves per-container CPU series on /metrics/cadvisor',
            'zh-cn': 'kubelet 在 /metrics/cadvisor 上提供每个容器的 CPU 序列',
          },
        },
        {
          type: 'command',
          run: KUBELET_METRICS_COUNT,
          expect: { matches: '^kubelet_[*] series: [1-9][0-9]*, container_cpu_usage_seconds_total series: 0$' },
          proves: {
            en: "the kubelet's /metrics answers with its own kubelet_* series and has no container_cpu_usage_seconds_total series",
            'zh-cn':
              'kubelet 的 /metrics 正常应答，有它自己的 kubelet_* 序列，却没有 container_cpu_usage_seconds_total 序列',
          },
        },
      ],
    },
    {
      id: 'grant-rbac',
      title: { en: 'Give Prometheus exactly the access it needs', 'zh-cn': '只授予 Prometheus 必需的权限' },
      explain: {
        en: 'Discovery needs list and watch on Nodes, Services, Pods and EndpointSlices; scraping needs get on nodes/metrics (the kubelet asks the API server) and on the /metrics URL of the API server. Nothing else: not Secrets, not nodes/proxy.',
        'zh-cn':
          '服务发现需要对 Node、Service、Pod 和 EndpointSlice 的 list 与 watch 权限；抓取需要 nodes/metrics 的 get（由 kubelet 向 API 服务器核实）和 API 服务器 /metrics 这个 URL 的 get。除此之外一概不给：没有 Secret，也没有 nodes/proxy。',
      },
      run: [
        'kubectl apply -f manifests/prometheus-rbac.yaml',
        `kubectl auth can-i get nodes --subresource=metrics --as=${SA}`,
        `kubectl auth can-i get /metrics --as=${SA}`,
        `kubectl auth can-i get nodes --subresource=proxy --as=${SA} || echo "refused, as expected"`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl auth can-i get nodes --subresource=metrics --as=${SA}`,
          expect: { equals: 'yes' },
          proves: {
            en: "Prometheus may read the kubelets' metrics",
            'zh-cn': 'Prometheus 可以读取 kubelet 的指标',
          },
        },
        {
          type: 'command',
          run: `kubectl auth can-i list endpointslices.discovery.k8s.io --all-namespaces --as=${SA}`,
          expect: { equals: 'yes' },
          proves: {
            en: 'Prometheus may discover targets through EndpointSlices',
            'zh-cn': 'Prometheus 可以通过 EndpointSlice 发现目标',
          },
        },
        {
          type: 'command',
          run: `kubectl auth can-i get nodes --subresource=proxy --as=${SA}`,
          expect: { exitCode: 'nonzero', equals: 'no' },
          proves: {
            en: 'Prometheus may not use the node proxy, which would reach every kubelet API',
            'zh-cn': 'Prometheus 不能使用节点代理（它能访问 kubelet 的全部 API）',
          },
        },
        {
          type: 'command',
          run: `kubectl auth can-i list secrets --all-namespaces --as=${SA}`,
          expect: { exitCode: 'nonzero', equals: 'no' },
          proves: { en: 'Prometheus may not read Secrets', 'zh-cn': 'Prometheus 不能读取 Secret' },
        },
      ],
    },
    {
      id: 'deploy-prometheus',
      title: { en: 'Deploy Prometheus', 'zh-cn': '部署 Prometheus' },
      explain: {
        en: 'The ConfigMap carries prometheus.yml and a rule file; the Deployment mounts it at /etc/prometheus and keeps its data in an emptyDir. promtool, shipped in the same image, checks the configuration with the exact version that runs it.',
        'zh-cn':
          'ConfigMap 里装着 prometheus.yml 和一个规则文件；Deployment 把它挂载到 /etc/prometheus，数据放在 emptyDir 里。同一镜像自带的 promtool 用正在运行的那个版本检查配置。',
      },
      run: [
        'kubectl apply -f manifests/prometheus-config.yaml',
        'kubectl apply -f manifests/prometheus.yaml',
        `kubectl -n ${NS} rollout status deployment/prometheus --timeout=180s`,
        `kubectl -n ${NS} exec deploy/prometheus -- promtool check config /etc/prometheus/prometheus.yml`,
      ],
      timeout: '4m',
      checks: [
        {
          type: 'condition',
          resource: 'deployment/prometheus',
          namespace: NS,
          condition: 'Available',
          timeout: '3m',
          proves: { en: 'the Prometheus Deployment is available', 'zh-cn': 'Prometheus 的 Deployment 已可用' },
        },
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/prometheus -- promtool check config /etc/prometheus/prometheus.yml`,
          expect: { includes: 'is valid prometheus config file syntax' },
          proves: {
            en: 'Prometheus 3 accepts the configuration, Kubernetes service discovery included',
            'zh-cn': 'Prometheus 3 接受这份配置，包括 Kubernetes 服务发现部分',
          },
        },
      ],
    },
    {
      id: 'targets-up',
      title: { en: 'See which targets are up', 'zh-cn': '查看哪些目标是 up' },
      explain: {
        en: 'up is the metric Prometheus writes for every scrape: 1 when it worked, 0 when it did not. The API server, the kubelet and cAdvisor must all report 1: TLS, token and RBAC are right. The scheduler and the controller-manager report 0, on purpose: the last step shows why.',
        'zh-cn':
          'up 是 Prometheus 每次抓取后自己写入的指标：成功为 1，失败为 0。API 服务器、kubelet 和 cAdvisor 都必须是 1，说明 TLS、令牌和 RBAC 都配置正确。调度器和控制器管理器是 0，这是有意为之，最后一步会解释原因。',
      },
      run: [promql('up')],
      checks: [targetUp('apiserver'), targetUp('kubelet'), targetUp('cadvisor')],
    },
    {
      id: 'deploy-kube-state-metrics',
      title: { en: 'Add kube-state-metrics', 'zh-cn': '加入 kube-state-metrics' },
      explain: {
        en: 'cAdvisor measures what containers use; it knows nothing of restarts or why a container died. kube-state-metrics reads those facts from the API server and exposes them as metrics. It watches only Pods in monitoring-demo here, with a namespaced Role.',
        'zh-cn':
          'cAdvisor 度量容器用了多少资源，却不知道容器重启了几次、为什么退出。kube-state-metrics 从 API 服务器读取这些事实并以指标形式暴露。这里它只用一个命名空间级的 Role 监视 monitoring-demo 里的 Pod。',
      },
      run: [
        'kubectl apply -f manifests/kube-state-metrics.yaml',
        `kubectl -n ${NS} rollout status deployment/kube-state-metrics --timeout=180s`,
      ],
      timeout: '4m',
      checks: [targetUp('kube-state-metrics')],
    },
    {
      id: 'deploy-demo',
      title: { en: 'Start a busy and a crashing workload', 'zh-cn': '启动一个忙碌和一个反复崩溃的工作负载' },
      explain: {
        en: 'cpu-burner spins a shell loop under a 100m CPU limit, so the kernel throttles it in almost every period. crasher exits with an error after 20 seconds, so the kubelet keeps restarting it with a growing back-off.',
        'zh-cn':
          'cpu-burner 在 100m 的 CPU 限制下跑一个死循环，几乎每个 CFS 周期都会被内核节流。crasher 20 秒后带错误退出，kubelet 会以逐渐变长的退避间隔不断重启它。',
      },
      run: [
        'kubectl apply -f manifests/demo.yaml',
        `kubectl -n ${DEMO} rollout status deployment/cpu-burner --timeout=120s`,
        `kubectl -n ${DEMO} get pods`,
      ],
      timeout: '3m',
      checks: [
        {
          type: 'condition',
          resource: 'deployment/cpu-burner',
          namespace: DEMO,
          condition: 'Available',
          timeout: '2m',
          proves: { en: 'cpu-burner is running', 'zh-cn': 'cpu-burner 正在运行' },
        },
        {
          type: 'command',
          run: `kubectl -n ${DEMO} get pods -l app.kubernetes.io/name=crasher -o jsonpath='{.items[0].status.containerStatuses[0].restartCount}'`,
          expect: { matches: '^[1-9][0-9]*$' },
          timeout: '2m',
          proves: { en: 'the kubelet has restarted crasher', 'zh-cn': 'kubelet 已经重启过 crasher' },
        },
      ],
    },
    {
      id: 'query-cpu-memory',
      title: { en: 'CPU and memory per container', 'zh-cn': '每个容器的 CPU 和内存' },
      explain: {
        en: 'rate() turns the CPU-seconds counter into cores in use; the working set is the memory the kernel would not reclaim, the number the OOM killer and evictions act on. container!="" drops the Pod-level cgroup, which would count everything twice.',
        'zh-cn':
          'rate() 把 CPU 秒计数器换算成正在使用的核数；工作集（working set）是内核无法回收的内存，也是 OOM killer 和驱逐所依据的数值。container!="" 去掉 Pod 级的 cgroup，否则会重复计算。',
      },
      run: [promql(QUERIES.rawSeries), promql(QUERIES.cpu), promql(QUERIES.memory)],
      checks: [
        {
          type: 'command',
          run: promql(QUERIES.rawSeries),
          expect: { matches: `job="cadvisor".*node="${NODE}"` },
          timeout: '2m',
          proves: {
            en: 'cAdvisor series of the demo container arrive, labelled with the node by relabelling',
            'zh-cn': '演示容器的 cAdvisor 序列已经入库，并经重新标记带上了 node 标签',
          },
        },
        {
          type: 'command',
          run: promql(`${QUERIES.cpu} > 0.06 < 0.11`),
          expect: { matches: 'container="cpu-burner".* => 0\\.[0-9]+ @' },
          timeout: '3m',
          proves: {
            en: 'as the two-minute window fills, the CPU use of cpu-burner climbs to near its 100m limit (between 0.06 and 0.11 cores), never above',
            'zh-cn':
              '随着两分钟的窗口逐渐填满，cpu-burner 的 CPU 用量升到接近 100m 的限制（0.06 到 0.11 核之间），从不超过',
          },
        },
        {
          type: 'command',
          run: promql(QUERIES.memory),
          expect: { matches: 'container="cpu-burner".* => [1-9][0-9]* @' },
          proves: {
            en: 'the working-set memory of cpu-burner is known',
            'zh-cn': '已经能查到 cpu-burner 的工作集内存',
          },
        },
      ],
    },
    {
      id: 'query-throttling',
      title: { en: 'Is the container throttled?', 'zh-cn': '容器是否被节流？' },
      explain: {
        en: 'The CFS quota works in 100ms periods. The share of periods in which the container hit its quota tells you that the CPU limit, not the node, is what slows it down, even while the node is idle.',
        'zh-cn':
          'CFS 配额以 100ms 为一个周期。容器用完配额的周期占多大比例，就说明拖慢它的是 CPU 限制而不是节点本身，哪怕节点正闲着。',
      },
      run: [promql(QUERIES.throttling)],
      checks: [
        {
          type: 'command',
          run: promql(`(${QUERIES.throttling}) > 0.8`),
          expect: { matches: 'container="cpu-burner".* => [0-9.]+ @' },
          timeout: '2m',
          proves: {
            en: 'cpu-burner is throttled in more than 80% of its CPU periods',
            'zh-cn': 'cpu-burner 在超过 80% 的 CFS 周期里被节流',
          },
        },
      ],
    },
    {
      id: 'query-restarts',
      title: { en: 'Which containers restart, and why?', 'zh-cn': '哪些容器在重启，原因是什么？' },
      explain: {
        en: 'The restart counter comes from the Pod status, through kube-state-metrics. increase() over ten minutes answers "is it restarting now?"; the last termination reason tells an error exit from an OOM kill.',
        'zh-cn':
          '重启计数来自 Pod 的状态，经 kube-state-metrics 暴露。对十分钟窗口求 increase() 回答“它现在还在重启吗？”；最近一次终止原因能区分是错误退出还是被 OOM 终止。',
      },
      run: [promql(QUERIES.restarts), promql(QUERIES.recentRestarts), promql(QUERIES.lastTermination)],
      checks: [
        {
          type: 'command',
          run: promql(QUERIES.restarts),
          expect: { matches: 'container="crasher".* => [1-9][0-9]* @' },
          timeout: '2m',
          proves: {
            en: 'Prometheus counts the restarts of crasher',
            'zh-cn': 'Prometheus 记录到了 crasher 的重启次数',
          },
        },
        {
          type: 'command',
          run: promql(QUERIES.lastTermination),
          expect: { matches: 'container="crasher".*reason="Error"' },
          timeout: '2m',
          proves: {
            en: 'crasher last ended with an error exit, not an OOM kill',
            'zh-cn': 'crasher 最近一次是错误退出，而不是被 OOM 终止',
          },
        },
      ],
    },
    {
      id: 'alerts-fire',
      title: { en: 'The alerting rules fire', 'zh-cn': '告警规则触发' },
      explain: {
        en: 'The rule file records the throttling ratio and alerts when it stays over 25% for two minutes, and when a container restarted in the last ten minutes. Without an Alertmanager the alerts only show in Prometheus, as the ALERTS series.',
        'zh-cn':
          '规则文件把节流比例记录下来，当它连续两分钟高于 25% 时告警；容器在最近十分钟内重启过也会告警。没有部署 Alertmanager 时，告警只出现在 Prometheus 里，即 ALERTS 序列。',
      },
      run: [promql(QUERIES.firing)],
      timeout: '1m',
      checks: [
        {
          type: 'command',
          run: promql(QUERIES.firing),
          expect: { includes: 'alertname="ContainerCpuThrottled"' },
          timeout: '5m',
          proves: { en: 'the throttling alert fires for the demo', 'zh-cn': '节流告警针对演示工作负载触发了' },
        },
        {
          type: 'command',
          run: promql(QUERIES.firing),
          expect: { includes: 'alertname="ContainerRestarting"' },
          timeout: '5m',
          proves: { en: 'the restart alert fires for crasher', 'zh-cn': '重启告警针对 crasher 触发了' },
        },
      ],
    },
    {
      id: 'control-plane-bind-addresses',
      title: {
        en: 'Why scheduler and controller-manager are down',
        'zh-cn': '为什么调度器和控制器管理器是 down',
      },
      explain: {
        en: 'Prometheus has scraped the scheduler (port 10259) and the controller-manager (10257) on the node address since it started, and failed every time. kubeadm, and so kind, starts both with --bind-address=127.0.0.1, and etcd serves its metrics on 127.0.0.1:2381: only the node itself can reach them.',
        'zh-cn':
          'Prometheus 从启动起就在节点地址上抓取调度器（10259 端口）和控制器管理器（10257 端口），每次都失败。kubeadm（kind 也一样）启动这两个组件时使用 --bind-address=127.0.0.1，etcd 的指标也只在 127.0.0.1:2381 上提供：只有节点自己能访问它们。',
      },
      run: [
        promql('up{job=~"kube-scheduler|kube-controller-manager"}'),
        `docker exec ${NODE} ss -Hltn '( sport = :10257 or sport = :10259 or sport = :2381 )'`,
        "kubectl -n kube-system get pod -l component=kube-scheduler -o jsonpath='{.items[0].spec.containers[0].command}'",
      ],
      checks: [
        {
          type: 'command',
          run: promql('up{job="kube-scheduler"}'),
          expect: { matches: ' => 0 @' },
          timeout: '1m',
          proves: { en: 'Prometheus sees the scheduler down', 'zh-cn': 'Prometheus 看到调度器是 down' },
        },
        {
          type: 'command',
          run: promql('up{job="kube-controller-manager"}'),
          expect: { matches: ' => 0 @' },
          timeout: '1m',
          proves: { en: 'Prometheus sees the controller-manager down', 'zh-cn': 'Prometheus 看到控制器管理器是 down' },
        },
        {
          type: 'command',
          run: `docker exec ${NODE} ss -Hltn '( sport = :10257 or sport = :10259 or sport = :2381 )' | awk '{print $4}' | sort | paste -sd ' '`,
          expect: { equals: '127.0.0.1:10257 127.0.0.1:10259 127.0.0.1:2381' },
          proves: {
            en: 'the three metrics ports listen on the loopback address and nowhere else',
            'zh-cn': '这三个指标端口只监听回环地址，别处都不监听',
          },
        },
        {
          type: 'command',
          run: "kubectl -n kube-system get pod -l component=kube-scheduler -o jsonpath='{.items[0].spec.containers[0].command}'",
          expect: { includes: '--bind-address=127.0.0.1' },
          proves: { en: 'the scheduler is told to listen on loopback only', 'zh-cn': '调度器的参数让它只监听回环地址' },
        },
        {
          type: 'command',
          run: "kubectl -n kube-system get pod -l component=kube-controller-manager -o jsonpath='{.items[0].spec.containers[0].command}'",
          expect: { includes: '--bind-address=127.0.0.1' },
          proves: {
            en: 'the controller-manager is told to listen on loopback only',
            'zh-cn': '控制器管理器的参数让它只监听回环地址',
          },
        },
      ],
    },
  ],
  exercises: [
    {
      id: 'cadvisor-metrics-path',
      title: { en: 'The container metrics are gone', 'zh-cn': '容器指标不见了' },
      after: ['query-cpu-memory'],
      break: [
        `kubectl -n ${NS} get configmap prometheus-config -o yaml | sed '${BREAK_SED}' | kubectl replace -f -`,
        `kubectl -n ${NS} rollout restart deployment/prometheus`,
        `kubectl -n ${NS} rollout status deployment/prometheus --timeout=100s`,
      ],
      hint: {
        en: 'The cadvisor target is still up, yet no container CPU or memory series arrive. Look at the path the job scrapes, and at where the kubelet has served cAdvisor metrics since Kubernetes 1.7.3.',
        'zh-cn':
          'cadvisor 目标仍然是 up，却没有任何容器 CPU 或内存序列进来。看看这个任务抓取的路径，再想想自 Kubernetes 1.7.3 起 kubelet 把 cAdvisor 指标放在了哪里。',
      },
      verify: [
        {
          type: 'command',
          run: promql(`count(container_cpu_usage_seconds_total{job="cadvisor", namespace="${DEMO}"})`),
          expect: { matches: '=> [1-9][0-9]* @' },
          timeout: '2m',
          proves: {
            en: 'container CPU series of the demo namespace arrive again',
            'zh-cn': '演示命名空间的容器 CPU 序列重新出现了',
          },
        },
      ],
      solve: [
        'kubectl apply -f manifests/prometheus-config.yaml',
        `kubectl -n ${NS} rollout restart deployment/prometheus`,
        `kubectl -n ${NS} rollout status deployment/prometheus --timeout=100s`,
      ],
    },
  ],
  cleanup: [
    'kubectl delete namespace -l fieldlab.dev/lab=monitoring --wait=true --timeout=180s',
    'kubectl delete clusterrolebinding,clusterrole -l fieldlab.dev/lab=monitoring',
  ],
});
