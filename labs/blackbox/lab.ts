import { defineLab } from '../kit/schema.ts';

const NS = 'blackbox-lab';
const WEB = 'http://web.blackbox-lab.svc:8080';

/** A PromQL query, run by the promtool inside the Prometheus Pod: what a reader types to read a value. */
export function promQuery(expr: string): string {
  return `kubectl -n ${NS} exec deploy/prometheus -- \\\n  promtool query instant http://localhost:9090 '${expr}'`;
}

/** Ask the exporter to probe one target right now, from inside its own Pod. */
export function probeByHand(module: string, target: string): string {
  return `kubectl -n ${NS} exec deploy/blackbox-exporter -- wget -qO- 'http://localhost:9115/probe?module=${module}&target=${target}'`;
}

/** Ping the web Pod's own IP from the exporter: ICMP needs a host, and a Pod IP is one. */
const WEB_POD_PING = `WEB_POD_IP=$(kubectl -n ${NS} get pod -l app=web -o jsonpath='{.items[0].status.podIP}') && kubectl -n ${NS} exec deploy/blackbox-exporter -- wget -qO- "http://localhost:9115/probe?module=icmp&target=$WEB_POD_IP"`;

/** promtool prints one sample a line: `metric{labels} => value @[timestamp]`. */
const value = (v: string) => ` => ${v} @`;

export default defineLab({
  id: 'blackbox',
  title: { en: 'Probing from the outside with the Blackbox exporter', 'zh-cn': '用 Blackbox exporter 从外部探测' },
  summary: {
    en: 'HTTP, TLS, DNS, TCP and ICMP probes with the Blackbox exporter, the Prometheus relabelling that drives them, alerts on failed and slow probes and expiring certificates, and unit tests for those alerts.',
    'zh-cn':
      '用 Blackbox exporter 做 HTTP、TLS、DNS、TCP 和 ICMP 探测，理解驱动探测的 Prometheus 重新标记（relabeling），为探测失败、探测变慢和证书即将过期编写告警规则，并为告警写单元测试。',
  },
  duration: 40,
  tools: [
    { name: 'openssl', min: '3.0', for: 'host' },
    { name: 'docker', min: '24.0' },
    { name: 'kind', min: '0.33.0' },
    { name: 'kubectl', min: '1.35.0' },
  ],
  images: ['nginx:1.30.4-alpine', 'prom/blackbox-exporter:v0.28.0', 'prom/prometheus:v3.13.3'],
  namespaces: [NS],
  steps: [
    {
      id: 'web-certificate',
      where: 'host',
      title: { en: 'Make a certificate that expires in a week', 'zh-cn': '生成一张一周后过期的证书' },
      explain: {
        en: 'The HTTPS target needs a certificate, and the expiry alert needs one that is about to run out. openssl makes a self-signed one valid for 7 days, for the names the Service answers to.',
        'zh-cn':
          'HTTPS 目标需要一张证书，而“证书即将过期”告警需要一张快到期的证书。这里用 openssl 生成一张有效期 7 天的自签名证书，包含 Service 的 DNS 名称。',
      },
      run: [
        'mkdir -p certs',
        [
          'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \\',
          '  -subj "/CN=web.blackbox-lab.svc" \\',
          '  -addext "subjectAltName=DNS:web.blackbox-lab.svc,DNS:web.blackbox-lab.svc.cluster.local" \\',
          '  -keyout certs/web.key -out certs/web.crt',
        ].join('\n'),
        'openssl x509 -in certs/web.crt -noout -subject -enddate -ext subjectAltName',
      ],
      checks: [
        {
          type: 'command',
          run: 'openssl x509 -in certs/web.crt -noout -checkend 518400',
          expect: { includes: 'Certificate will not expire' },
          proves: {
            en: 'the certificate is still valid six days from now',
            'zh-cn': '六天后这张证书仍然有效',
          },
        },
        {
          type: 'command',
          run: 'openssl x509 -in certs/web.crt -noout -checkend 1209600',
          expect: { exitCode: 'nonzero', includes: 'Certificate will expire' },
          proves: {
            en: 'the certificate expires within the 14 days the alert warns about',
            'zh-cn': '这张证书会在告警所关注的 14 天内过期',
          },
        },
        {
          type: 'command',
          run: 'openssl x509 -in certs/web.crt -noout -ext subjectAltName',
          expect: { includes: 'DNS:web.blackbox-lab.svc' },
          proves: { en: 'the certificate names the Service', 'zh-cn': '证书中包含 Service 的名称' },
        },
      ],
    },
    {
      id: 'deploy-targets',
      title: { en: 'Deploy something to probe', 'zh-cn': '部署被探测的目标' },
      explain: {
        en: 'One nginx serves 200 on /, a deliberate 500 on /broken, and HTTPS on 8443 with the certificate from the previous step, stored in a Secret.',
        'zh-cn':
          '一个 nginx 在 / 上返回 200，在 /broken 上故意返回 500，并在 8443 端口用上一步的证书提供 HTTPS；证书保存在一个 Secret 中。',
      },
      run: [
        'kubectl apply -f manifests/namespace.yaml',
        `kubectl -n ${NS} create secret tls web-tls --cert=certs/web.crt --key=certs/web.key --dry-run=client -o yaml | kubectl apply -f -`,
        'kubectl apply -f manifests/web.yaml',
        `kubectl -n ${NS} rollout status deployment/web --timeout=120s`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/web -- wget -qO- http://127.0.0.1:8080/`,
          expect: { equals: 'healthy' },
          proves: { en: 'nginx answers on / with a 2xx body', 'zh-cn': 'nginx 在 / 上正常应答' },
        },
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/web -- wget -qO- http://127.0.0.1:8080/broken`,
          expect: { exitCode: 'nonzero', includes: '500' },
          proves: { en: '/broken answers with a 500', 'zh-cn': '/broken 返回 500' },
        },
      ],
    },
    {
      id: 'deploy-exporter',
      title: { en: 'Run the Blackbox exporter', 'zh-cn': '运行 Blackbox exporter' },
      explain: {
        en: 'The exporter holds modules (how to probe) and waits for requests that name a module and a target. It runs as nobody without capabilities; a projected volume gives it its config and both CA files.',
        'zh-cn':
          'exporter 只保存模块（怎么探测），等待指定了模块和目标的请求。它以 nobody 身份运行，不带任何权能（capability）；一个投射卷为它提供配置文件和两个 CA 文件。',
      },
      run: [
        'kubectl apply -f manifests/blackbox-config.yaml',
        'kubectl apply -f manifests/blackbox-exporter.yaml',
        `kubectl -n ${NS} rollout status deployment/blackbox-exporter --timeout=120s`,
        `kubectl -n ${NS} exec deploy/blackbox-exporter -- ls /etc/blackbox`,
      ],
      checks: [
        {
          type: 'condition',
          resource: 'deployment/blackbox-exporter',
          namespace: NS,
          condition: 'Available',
          proves: { en: 'the exporter is up and ready', 'zh-cn': 'exporter 已启动并就绪' },
        },
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/blackbox-exporter -- ls /etc/blackbox/blackbox.yml /etc/blackbox/kube-root-ca.crt /etc/blackbox/web-ca.crt`,
          expect: { includes: '/etc/blackbox/web-ca.crt' },
          proves: {
            en: 'the config and both CA files sit in the working directory',
            'zh-cn': '配置文件和两个 CA 文件都在工作目录中',
          },
        },
      ],
    },
    {
      id: 'probe-by-hand',
      title: { en: 'Probe by hand', 'zh-cn': '手动发起一次探测' },
      explain: {
        en: 'Before Prometheus is involved, call /probe yourself. The answer is a small page of metrics about one probe: probe_success says whether it met the module, the others say why.',
        'zh-cn':
          '在引入 Prometheus 之前，先自己调用 /probe。返回的是关于这一次探测的一小页指标：probe_success 表示探测是否满足模块的要求，其余指标说明原因。',
      },
      run: [probeByHand('http_2xx', `${WEB}/`), probeByHand('http_2xx', `${WEB}/broken`)],
      checks: [
        {
          type: 'command',
          run: probeByHand('http_2xx', `${WEB}/`),
          expect: { matches: '^probe_success 1$' },
          proves: { en: 'the probe of / succeeds', 'zh-cn': '对 / 的探测成功' },
        },
        {
          type: 'command',
          run: probeByHand('http_2xx', `${WEB}/broken`),
          expect: { matches: '^probe_http_status_code 500$' },
          proves: { en: 'the exporter saw the 500 from /broken', 'zh-cn': 'exporter 看到了 /broken 返回的 500' },
        },
        {
          type: 'command',
          run: probeByHand('http_2xx', `${WEB}/broken`),
          expect: { matches: '^probe_success 0$' },
          proves: { en: 'a 500 makes the http_2xx probe fail', 'zh-cn': '500 让 http_2xx 探测失败' },
        },
      ],
    },
    {
      id: 'icmp-without-root',
      title: { en: 'ICMP without root or CAP_NET_RAW', 'zh-cn': '不用 root 和 CAP_NET_RAW 也能 ICMP 探测' },
      explain: {
        en: 'A ping needs a raw socket (root or CAP_NET_RAW) or an unprivileged ICMP socket, which the kernel allows only to groups in net.ipv4.ping_group_range. containerd 2 already opens that range to every group in each Pod; this Pod sets the safe sysctl itself, to its own group, so it does not depend on the runtime. The range you read proves the Pod value won.',
        'zh-cn':
          'ping 需要原始套接字（root 或 CAP_NET_RAW），或者非特权 ICMP 套接字；后者只对 net.ipv4.ping_group_range 范围内的组开放。containerd 2 默认已为每个 Pod 向所有组开放这个范围；这个 Pod 自己设置这个安全的 sysctl，只放行自己的组，不依赖容器运行时的默认值。读出来的范围证明生效的是 Pod 的设置。',
      },
      run: [
        `kubectl -n ${NS} exec deploy/blackbox-exporter -- id`,
        `kubectl -n ${NS} exec deploy/blackbox-exporter -- grep CapEff /proc/self/status`,
        `kubectl -n ${NS} exec deploy/blackbox-exporter -- cat /proc/sys/net/ipv4/ping_group_range`,
        probeByHand('icmp', '127.0.0.1'),
        WEB_POD_PING,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/blackbox-exporter -- grep CapEff /proc/self/status`,
          expect: { matches: 'CapEff:.0000000000000000' },
          proves: { en: 'the exporter holds no capabilities at all', 'zh-cn': 'exporter 没有任何权能' },
        },
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/blackbox-exporter -- cat /proc/sys/net/ipv4/ping_group_range`,
          expect: { matches: '^65534.65534$' },
          proves: {
            en: "the Pod's own sysctl, not containerd's default 0 2147483647, lets group 65534 open ICMP sockets",
            'zh-cn':
              '生效的是 Pod 自己的 sysctl（而不是 containerd 的默认值 0 2147483647），它允许 65534 组打开 ICMP 套接字',
          },
        },
        {
          type: 'command',
          run: probeByHand('icmp', '127.0.0.1'),
          expect: { matches: '^probe_success 1$' },
          proves: { en: 'the unprivileged exporter can ping', 'zh-cn': '无特权的 exporter 可以 ping' },
        },
        {
          type: 'command',
          run: WEB_POD_PING,
          expect: { matches: '^probe_success 1$' },
          proves: {
            en: "the ping crosses the Pod network: the web Pod's IP answers",
            'zh-cn': 'ping 穿过了 Pod 网络：web Pod 的 IP 有应答',
          },
        },
      ],
    },
    {
      id: 'deploy-prometheus',
      title: { en: 'Let Prometheus drive the probes', 'zh-cn': '让 Prometheus 驱动探测' },
      explain: {
        en: 'Each probe job lists targets, and three relabelling rules turn every target into a scrape of the exporter with ?module=…&target=…. promtool checks the config and runs the alert unit tests inside the Pod.',
        'zh-cn':
          '每个探测任务列出目标，三条重新标记（relabeling）规则把每个目标变成一次对 exporter 的抓取，带上 ?module=…&target=…。promtool 在 Pod 内检查配置并运行告警的单元测试。',
      },
      run: [
        'kubectl apply -f manifests/prometheus-config.yaml',
        'kubectl apply -f manifests/prometheus.yaml',
        `kubectl -n ${NS} rollout status deployment/prometheus --timeout=180s`,
        `kubectl -n ${NS} exec deploy/prometheus -- promtool check config /etc/prometheus/prometheus.yml`,
        `kubectl -n ${NS} exec deploy/prometheus -- promtool test rules /etc/prometheus/blackbox-alerts.test.yml`,
      ],
      // The Prometheus image is the largest of the three; a first pull can take a while.
      timeout: '4m',
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/prometheus -- promtool check config /etc/prometheus/prometheus.yml`,
          expect: { includes: 'SUCCESS: 1 rule files found' },
          proves: {
            en: 'the running Prometheus accepts its config and rule file',
            'zh-cn': '运行中的 Prometheus 接受它的配置和规则文件',
          },
        },
        {
          type: 'command',
          run: `kubectl -n ${NS} exec deploy/prometheus -- promtool test rules /etc/prometheus/blackbox-alerts.test.yml`,
          expect: { includes: 'SUCCESS' },
          proves: {
            en: 'the alert unit tests pass with the Prometheus version that runs the rules',
            'zh-cn': '告警单元测试在实际运行规则的 Prometheus 版本上通过',
          },
        },
        {
          type: 'command',
          run: promQuery('up{job="blackbox-http"}'),
          expect: { matches: value('1') },
          timeout: '90s',
          proves: {
            en: 'Prometheus scrapes the exporter for the HTTP probe job',
            'zh-cn': 'Prometheus 已经为 HTTP 探测任务抓取 exporter',
          },
        },
      ],
    },
    {
      id: 'healthy-targets',
      title: { en: 'Healthy targets report probe_success 1', 'zh-cn': '健康目标的 probe_success 为 1' },
      explain: {
        en: 'up only says the exporter answered. Whether the target is healthy is in probe_success, one series per target, with the target as the instance label.',
        'zh-cn':
          'up 只说明 exporter 应答了；目标是否健康要看 probe_success：每个目标一条序列，instance 标签就是被探测的目标。',
      },
      run: [promQuery('probe_success')],
      checks: [
        {
          type: 'command',
          run: promQuery(`probe_success{job="blackbox-http",instance="${WEB}/"}`),
          expect: { matches: value('1') },
          timeout: '90s',
          proves: { en: 'nginx on / probes healthy', 'zh-cn': 'nginx 的 / 探测结果为健康' },
        },
        {
          type: 'command',
          run: promQuery('count(probe_success{job="blackbox-tcp"} == 1)'),
          expect: { matches: value('2') },
          timeout: '90s',
          proves: {
            en: 'both TCP connect probes succeed',
            'zh-cn': '两个 TCP 连接探测都成功',
          },
        },
        {
          type: 'command',
          run: promQuery('probe_success{job="blackbox-icmp"} == 1'),
          expect: { matches: 'instance="10\\.244\\.[0-9.]+", job="blackbox-icmp"} => 1 @' },
          timeout: '90s',
          proves: {
            en: 'the ICMP job found the web Pod through the headless Service and pings its IP',
            'zh-cn': 'ICMP 任务通过无头 Service 找到了 web Pod，并能 ping 通它的 IP',
          },
        },
        {
          type: 'command',
          run: promQuery('probe_http_status_code{job="blackbox-apiserver"}'),
          expect: { matches: value('200') },
          timeout: '90s',
          proves: {
            en: 'the API server answers /readyz over TLS that the cluster CA verifies',
            'zh-cn': 'API 服务器通过集群 CA 可验证的 TLS 应答 /readyz',
          },
        },
      ],
    },
    {
      id: 'broken-targets',
      title: { en: 'Broken targets report probe_success 0', 'zh-cn': '故障目标的 probe_success 为 0' },
      explain: {
        en: 'Both broken targets still have up 1, because the exporter answered. probe_success is 0, and probe_http_status_code tells the two failures apart: 500 for /broken, 0 for a name that never resolved.',
        'zh-cn':
          '两个故障目标的 up 仍然是 1，因为 exporter 应答了。它们的 probe_success 为 0，而 probe_http_status_code 能区分两种失败：/broken 是 500，无法解析的名称是 0（根本没发出请求）。',
      },
      run: [promQuery('probe_http_status_code{job="blackbox-http"}')],
      checks: [
        {
          type: 'command',
          run: promQuery(`probe_success{instance="${WEB}/broken"}`),
          expect: { matches: value('0') },
          timeout: '90s',
          proves: { en: 'the 500 target probes as failed', 'zh-cn': '返回 500 的目标探测失败' },
        },
        {
          type: 'command',
          run: promQuery(`probe_http_status_code{instance="${WEB}/broken"}`),
          expect: { matches: value('500') },
          proves: { en: 'the failure is the 500 status', 'zh-cn': '失败原因是 500 状态码' },
        },
        {
          type: 'command',
          run: promQuery('probe_success{instance="http://no-such-service.blackbox-lab.svc:8080/"}'),
          expect: { matches: value('0') },
          proves: { en: 'a name that does not resolve probes as failed', 'zh-cn': '无法解析的名称探测失败' },
        },
        {
          type: 'command',
          run: promQuery('up{instance="http://no-such-service.blackbox-lab.svc:8080/"}'),
          expect: { matches: value('1') },
          proves: {
            en: 'up stays 1 for a failed probe: it only measures the exporter',
            'zh-cn': '探测失败时 up 仍为 1：它只反映 exporter 本身',
          },
        },
      ],
    },
    {
      id: 'dns-answers',
      title: { en: 'DNS probes validate the answer', 'zh-cn': 'DNS 探测会校验应答内容' },
      explain: {
        en: 'The dns_kubernetes module asks kube-dns for kubernetes.default.svc.cluster.local and fails unless the answer section holds the API server Service IP. The same module on a port where nothing answers fails.',
        'zh-cn':
          'dns_kubernetes 模块向 kube-dns 查询 kubernetes.default.svc.cluster.local，只有应答部分包含 API 服务器 Service 的 IP 才算成功。同一个模块探测一个无人应答的端口则失败。',
      },
      run: [promQuery('probe_dns_answer_rrs{job="blackbox-dns"}')],
      checks: [
        {
          type: 'command',
          run: promQuery('probe_dns_answer_rrs{instance="kube-dns.kube-system.svc:53"}'),
          expect: { matches: value('1') },
          timeout: '90s',
          proves: { en: 'kube-dns returned exactly one answer record', 'zh-cn': 'kube-dns 恰好返回一条应答记录' },
        },
        {
          type: 'command',
          run: promQuery('probe_success{instance="kube-dns.kube-system.svc:53"}'),
          expect: { matches: value('1') },
          proves: { en: 'the answer passed validation', 'zh-cn': '应答通过了校验' },
        },
        {
          type: 'command',
          run: promQuery('probe_success{instance="web-pods.blackbox-lab.svc:5353"}'),
          expect: { matches: value('0') },
          proves: {
            en: 'a Pod port with no DNS server behind it probes as failed',
            'zh-cn': '没有 DNS 服务器监听的 Pod 端口探测失败',
          },
        },
      ],
    },
    {
      id: 'certificate-expiry',
      title: { en: 'Read certificate expiry', 'zh-cn': '读取证书到期时间' },
      explain: {
        en: 'TLS probes export two expiry times. probe_ssl_earliest_cert_expiry is when the soonest-expiring certificate the server sent runs out, leaf or intermediate. probe_ssl_last_chain_expiry_timestamp_seconds looks only at the chains that verified and takes the longest-lived one: that is what clients experience, and what the alert uses. Subtract time() and divide by a day to get days left.',
        'zh-cn':
          'TLS 探测导出两个到期时间。probe_ssl_earliest_cert_expiry 是服务器发来的所有证书（叶子证书或中间证书）中最早过期那张的到期时间。probe_ssl_last_chain_expiry_timestamp_seconds 只看验证通过的证书链，并取其中最晚失效的那条：这才是客户端实际感受到的，告警用的也是它。减去 time() 再除以一天的秒数，就是剩余天数。',
      },
      run: [
        promQuery('(probe_ssl_earliest_cert_expiry - time()) / 86400'),
        promQuery('(probe_ssl_last_chain_expiry_timestamp_seconds - time()) / 86400'),
      ],
      checks: [
        {
          type: 'command',
          run: promQuery('round((probe_ssl_last_chain_expiry_timestamp_seconds{job="blackbox-tls"} - time()) / 86400)'),
          expect: { matches: value('7') },
          timeout: '90s',
          proves: { en: 'the web certificate has about 7 days left', 'zh-cn': 'web 证书大约还剩 7 天' },
        },
        {
          type: 'command',
          run: promQuery(
            'probe_ssl_last_chain_expiry_timestamp_seconds{job="blackbox-tls"} - probe_ssl_earliest_cert_expiry{job="blackbox-tls"}',
          ),
          expect: { matches: value('0') },
          proves: {
            en: 'a self-signed certificate is its own only chain, so the two metrics agree here',
            'zh-cn': '自签名证书自己就是唯一的一条链，所以这里两个指标相同',
          },
        },
        {
          type: 'command',
          run: promQuery(
            'probe_ssl_last_chain_expiry_timestamp_seconds{job="blackbox-apiserver"} - time() > 30 * 86400',
          ),
          expect: { matches: ' => [0-9.e+]+ @' },
          proves: {
            en: 'the API server certificate has more than 30 days left',
            'zh-cn': 'API 服务器证书还剩 30 天以上',
          },
        },
      ],
    },
    {
      id: 'alerts-firing',
      title: { en: 'Alerts fire for the broken targets', 'zh-cn': '故障目标触发告警' },
      explain: {
        en: 'After their one-minute for: clause, ProbeFailed fires for the three failing probes and CertificateExpiringSoon for the certificate that runs out in a week. Prometheus exposes active alerts as the ALERTS series.',
        'zh-cn':
          '经过一分钟的 for: 等待后，ProbeFailed 会为三个失败的探测触发，CertificateExpiringSoon 会为那张一周后过期的证书触发。Prometheus 以 ALERTS 序列暴露活动的告警。',
      },
      run: [promQuery('ALERTS{alertstate="firing"}')],
      checks: [
        {
          type: 'command',
          run: promQuery(`ALERTS{alertname="ProbeFailed",alertstate="firing",instance="${WEB}/broken"}`),
          expect: { matches: value('1') },
          timeout: '3m',
          proves: { en: 'ProbeFailed fires for the 500 target', 'zh-cn': 'ProbeFailed 为返回 500 的目标触发' },
        },
        {
          type: 'command',
          run: promQuery('count(ALERTS{alertname="ProbeFailed",alertstate="firing"})'),
          expect: { matches: value('3') },
          timeout: '2m',
          proves: {
            en: 'exactly the three failing probes alert, no healthy one',
            'zh-cn': '恰好三个失败的探测触发告警，健康目标没有',
          },
        },
        {
          type: 'command',
          run: promQuery('ALERTS{alertname="CertificateExpiringSoon",alertstate="firing"}'),
          expect: { includes: 'instance="https://web.blackbox-lab.svc:8443/"' },
          timeout: '2m',
          proves: {
            en: 'the certificate that runs out in a week raises CertificateExpiringSoon',
            'zh-cn': '一周后过期的证书触发了 CertificateExpiringSoon',
          },
        },
      ],
    },
  ],
  cleanup: ['kubectl delete namespace -l fieldlab.dev/lab=blackbox --wait=true --timeout=180s'],
});
