import type { Text } from '../kit/schema.ts';
import { APP, CALL_NODEPORT, diagnose, NODE } from './lab.ts';

/**
 * "My Service does not answer" as a decision tree: each branch asks one question with one command
 * that a step of the lab runs (so the page shows tested commands only), says what a healthy answer
 * looks like, and what a bad one means and which exercise makes you fix it.
 */
export interface Branch {
  id: string;
  question: Text;
  /** The step whose commands include `command`. */
  step: string;
  command: string;
  healthy: Text;
  broken: Text;
  exercise?: string;
}

export const TREE: readonly Branch[] = [
  {
    id: 'endpoints',
    question: { en: 'Does the Service have endpoints?', 'zh-cn': 'Service 有端点吗？' },
    step: 'tree-endpoints',
    command: `kubectl -n ${APP} get endpointslices -l kubernetes.io/service-name=web -o wide`,
    healthy: {
      en: 'ENDPOINTS lists Pod IPs: go on.',
      'zh-cn': 'ENDPOINTS 列出了 Pod IP：继续往下。',
    },
    broken: {
      en: '<unset>: the selector matches no Pod. Compare the Service’s selector with kubectl get pods --show-labels.',
      'zh-cn':
        '显示 <unset>：选择算符没有匹配到任何 Pod。把 Service 的选择算符和 kubectl get pods --show-labels 对比。',
    },
    exercise: 'selector-mismatch',
  },
  {
    id: 'ready',
    question: { en: 'Are the endpoints ready?', 'zh-cn': '端点就绪了吗？' },
    step: 'tree-endpoints',
    command: diagnose('ready'),
    healthy: { en: 'Ready endpoints: go on.', 'zh-cn': '有就绪的端点：继续往下。' },
    broken: {
      en: 'ready=false: the readiness probe fails. kubectl describe pod shows its events; kube-proxy sends nothing to such Pods.',
      'zh-cn': 'ready=false：就绪探针失败。kubectl describe pod 能看到探针事件；kube-proxy 不会把流量发给这样的 Pod。',
    },
    exercise: 'readiness-probe',
  },
  {
    id: 'target-port',
    question: {
      en: 'Does targetPort lead to a port the app listens on?',
      'zh-cn': 'targetPort 指向应用真正监听的端口吗？',
    },
    step: 'tree-endpoints',
    command: diagnose('ports'),
    healthy: { en: 'The ports match: go on.', 'zh-cn': '端口一致：继续往下。' },
    broken: {
      en: 'Connection refused: the EndpointSlice’s port is not what the container listens on. An ephemeral container with ss -ltn shows the truth.',
      'zh-cn': '连接被拒绝：EndpointSlice 里的端口不是容器监听的端口。用临时容器执行 ss -ltn 就能看到真实情况。',
    },
    exercise: 'wrong-target-port',
  },
  {
    id: 'dns',
    question: { en: 'Does the name resolve from the caller?', 'zh-cn': '从调用方能解析这个名称吗？' },
    step: 'tree-dns',
    command: `kubectl -n tshoot-client exec deploy/client -- dig +search +short web.${APP}`,
    healthy: { en: 'It prints the Service’s cluster IP: go on.', 'zh-cn': '输出 Service 的集群 IP：继续往下。' },
    broken: {
      en: 'NXDOMAIN: wrong name, or a short name from another namespace (see the search line of resolv.conf). No servers reached: CoreDNS is not ready behind the kube-dns Service.',
      'zh-cn':
        'NXDOMAIN：名称写错了，或者在另一个命名空间里用了短名称（看 resolv.conf 的 search 行）。连不上任何服务器：kube-dns Service 后面没有就绪的 CoreDNS。',
    },
    exercise: 'dns-down',
  },
  {
    id: 'policy',
    question: {
      en: 'Does a NetworkPolicy select the Pods, and is anything enforcing it?',
      'zh-cn': '有 NetworkPolicy 选中这些 Pod 吗？有组件在执行它吗？',
    },
    step: 'policy-enforcer',
    command: diagnose('policy'),
    healthy: {
      en: 'No policy selects them, or one admits the caller: go on.',
      'zh-cn': '没有策略选中它们，或者策略放行了调用方：继续往下。',
    },
    broken: {
      en: 'Calls are refused or time out: no rule admits the caller. A podSelector alone in from means the policy’s own namespace. And with no enforcer on the nodes, policies do nothing at all.',
      'zh-cn':
        '调用被拒绝或超时：没有任何规则放行调用方。from 里只有 podSelector 时，指的是策略所在命名空间的 Pod。另外，节点上没有执行者时，策略根本不起作用。',
    },
    exercise: 'network-policy',
  },
  {
    id: 'nodeport',
    question: { en: 'From the host: is the node port published?', 'zh-cn': '从主机访问：节点端口发布出来了吗？' },
    step: 'tree-nodeport',
    command: CALL_NODEPORT,
    healthy: { en: '200: done.', 'zh-cn': '200：完成。' },
    broken: {
      en: 'No answer: kind publishes only the extraPortMappings of kind.yaml, fixed at creation, and containerPort must equal the nodePort.',
      'zh-cn':
        '没有应答：kind 只发布 kind.yaml 里 extraPortMappings 列出的端口，而且创建后不能再改；containerPort 必须等于 nodePort。',
    },
    exercise: 'nodeport-unreachable',
  },
  {
    id: 'forwarding',
    question: { en: 'Does the node forward packets?', 'zh-cn': '节点会转发数据包吗？' },
    step: 'tree-node',
    command: diagnose('forwarding'),
    healthy: { en: 'ip_forward = 1: go on.', 'zh-cn': 'ip_forward = 1：继续往下。' },
    broken: {
      en: 'ip_forward = 0: the node drops every packet it should route, Pod to Pod and NodePort to Pod, even by IP address.',
      'zh-cn': 'ip_forward = 0：节点会丢弃所有需要它转发的包，Pod 到 Pod、NodePort 到 Pod 都不通，直接用 IP 也一样。',
    },
    exercise: 'ip-forward-off',
  },
  {
    id: 'kube-proxy',
    question: {
      en: 'Has kube-proxy written the Service’s rules?',
      'zh-cn': 'kube-proxy 写好这个 Service 的规则了吗？',
    },
    step: 'tree-node',
    command: `docker exec ${NODE} iptables -t nat -S KUBE-SERVICES | grep '${APP}/web:http'`,
    healthy: {
      en: 'A KUBE-SVC rule per Service port: the data path is complete.',
      'zh-cn': '每个 Service 端口都有一条 KUBE-SVC 规则：数据通路完整。',
    },
    broken: {
      en: 'No rule: check kube-proxy’s Pod and logs, and its mode (iptables by default, nftables GA since 1.33, IPVS deprecated): each mode writes different rules.',
      'zh-cn':
        '没有规则：检查 kube-proxy 的 Pod 和日志，以及它的模式（默认 iptables，nftables 自 1.33 起 GA，IPVS 已弃用）：不同模式写的规则不同。',
    },
  },
];
