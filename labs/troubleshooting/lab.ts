import type { Check, Text } from '../kit/schema.ts';
import { defineLab } from '../kit/schema.ts';

export const APP = 'tshoot-app';
export const CLIENT = 'tshoot-client';
export const SYSTEM = 'tshoot-system';
export const NODE = 'fieldlab-troubleshooting-control-plane';
export const TOOLBOX = 'localhost/fieldlab/toolbox:1.0';
/** kind.yaml publishes the web-nodeport Service's node port here, on the host's loopback only. */
export const HOST_PORT = 38480;
export const NODE_PORT = 30480;
const STATIC_POD = `toolbox-${NODE}`;
const IN_CLIENT = `kubectl -n ${CLIENT} exec deploy/client --`;
/** The call every exercise ends with: the client asks web by name, as the app would. */
export const CALL_WEB = `${IN_CLIENT} curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' http://web.${APP}/`;
export const CALL_NODEPORT = `curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:${HOST_PORT}/`;

export function diagnose(question: string): string {
  return `bash files/diagnose.sh ${question}`;
}

/** A branch of the decision tree answers "ok" on a healthy app; the exercises make it answer "problem". */
function healthy(question: string, proves: Text, timeout = '30s'): Check {
  return { type: 'command', run: diagnose(question), expect: { matches: '^ok: ' }, timeout, proves };
}

const webAnswers: Check = {
  type: 'command',
  run: CALL_WEB,
  expect: { equals: '200' },
  timeout: '30s',
  proves: {
    en: 'the client reaches web by its DNS name and gets 200',
    'zh-cn': 'client 通过 DNS 名称访问 web，得到 200',
  },
};

const hostAnswers: Check = {
  type: 'command',
  run: CALL_NODEPORT,
  expect: { equals: '200' },
  timeout: '30s',
  proves: {
    en: `the host reaches web through 127.0.0.1:${HOST_PORT}, the node port kind publishes`,
    'zh-cn': `主机经由 127.0.0.1:${HOST_PORT}（kind 发布的节点端口）访问到 web`,
  },
};

export default defineLab({
  id: 'troubleshooting',
  title: { en: 'Troubleshooting Services and nodes', 'zh-cn': 'Service 与节点的故障排查' },
  summary: {
    en: 'Build a toolbox image and use it four ways (an ephemeral container, a Pod copy, a node debugger, a static Pod), check the control plane with /readyz and crictl, then follow a decision tree for the Service that does not answer, and fix seven real faults that the lab injects and verifies.',
    'zh-cn':
      '构建一个工具箱镜像，并用四种方式使用它（临时容器、Pod 副本、节点调试 Pod、静态 Pod）；用 /readyz 和 crictl 检查控制平面；再顺着一棵决策树排查“Service 不应答”，亲手修好实验注入并验证的七个真实故障。',
  },
  duration: 75,
  tools: [
    { name: 'docker', min: '24.0' },
    { name: 'kind', min: '0.33.0' },
    { name: 'kubectl', min: '1.35.0' },
    { name: 'jq', min: '1.6' },
    { name: 'curl', min: '7.68' },
  ],
  images: ['nginx:1.30.4-alpine', TOOLBOX, 'docker.io/cloudnativelabs/kube-router:v2.1.0'],
  namespaces: [APP, CLIENT, SYSTEM],
  ports: [HOST_PORT],
  steps: [
    {
      id: 'create-namespaces',
      title: { en: 'Create the lab namespaces', 'zh-cn': '创建实验用的命名空间' },
      explain: {
        en: 'tshoot-app holds the app the exercises break, tshoot-client the caller, tshoot-system the node-level tools, which need the privileged Pod Security level.',
        'zh-cn':
          'tshoot-app 放练习要弄坏的应用，tshoot-client 放调用方，tshoot-system 放节点级工具（它们需要 privileged 级别的 Pod 安全标准）。',
      },
      run: ['kubectl apply -f manifests/namespaces.yaml'],
      checks: [
        {
          type: 'jsonpath',
          resource: `namespace/${SYSTEM}`,
          path: '{.metadata.labels.pod-security\\.kubernetes\\.io/enforce}',
          expect: { equals: 'privileged' },
          proves: {
            en: 'only tshoot-system allows privileged Pods',
            'zh-cn': '只有 tshoot-system 允许特权 Pod',
          },
        },
        {
          type: 'jsonpath',
          resource: `namespace/${CLIENT}`,
          path: '{.metadata.labels.fieldlab\\.dev/role}',
          expect: { equals: 'client' },
          proves: {
            en: 'the client namespace carries the label the NetworkPolicy admits',
            'zh-cn': 'client 所在命名空间带有 NetworkPolicy 放行的那个标签',
          },
        },
      ],
    },
    {
      id: 'load-toolbox',
      title: { en: 'Build the toolbox and load it into the node', 'zh-cn': '构建工具箱镜像并加载到节点' },
      explain: {
        en: 'The toolbox exists only on your machine: docker build makes it (skipped when the image is already there), kind load copies it into the node, and the Pods use it with imagePullPolicy Never.',
        'zh-cn':
          '工具箱镜像只存在于你的机器上：docker build 构建它（镜像已存在时跳过），kind load 把它复制进节点，Pod 以 imagePullPolicy: Never 使用它。',
      },
      run: [
        `docker image inspect ${TOOLBOX} >/dev/null 2>&1 || docker build -t ${TOOLBOX} files/toolbox`,
        `kind load docker-image ${TOOLBOX} --name fieldlab-troubleshooting`,
        `docker exec ${NODE} crictl images | grep fieldlab/toolbox`,
      ],
      show: ['files/toolbox/Dockerfile', 'files/toolbox/packages.txt'],
      timeout: '10m',
      checks: [
        {
          type: 'command',
          run: `docker exec ${NODE} crictl images -o json | jq -r '.images[].repoTags[]' | grep -c '^${TOOLBOX}$'`,
          expect: { equals: '1' },
          proves: {
            en: "the node's container runtime holds the toolbox image",
            'zh-cn': '节点的容器运行时里已经有工具箱镜像',
          },
        },
      ],
    },
    {
      id: 'deploy-app',
      title: { en: 'Deploy the app and its caller', 'zh-cn': '部署应用和调用方' },
      explain: {
        en: 'web is two nginx replicas behind a ClusterIP Service and a NodePort Service; client is an idle toolbox Pod in another namespace, from which the checks call web.',
        'zh-cn':
          'web 是两个 nginx 副本，前面有一个 ClusterIP Service 和一个 NodePort Service；client 是另一个命名空间里空转的工具箱 Pod，检查都从它发起对 web 的调用。',
      },
      run: [
        'kubectl apply -f manifests/web.yaml -f manifests/client.yaml',
        `kubectl -n ${APP} rollout status deployment/web --timeout=120s`,
        `kubectl -n ${CLIENT} rollout status deployment/client --timeout=120s`,
      ],
      timeout: '4m',
      checks: [
        {
          type: 'condition',
          resource: 'deployment/web',
          namespace: APP,
          condition: 'Available',
          proves: { en: 'web is available', 'zh-cn': 'web 已可用' },
        },
        {
          type: 'condition',
          resource: 'deployment/client',
          namespace: CLIENT,
          condition: 'Available',
          proves: { en: 'the client runs the toolbox image', 'zh-cn': 'client 已用工具箱镜像运行起来' },
        },
        // Ready Pods are not yet a routable Service: the EndpointSlice controller lists them, then kube-proxy
        // writes its rules. A run once called web in that gap and was refused (curl exit 7).
        {
          ...webAnswers,
          proves: {
            en: 'the Service already routes to the ready Pods: the client reaches web by name and gets 200',
            'zh-cn': 'Service 已经把流量转发到就绪的 Pod：client 按名称访问 web，得到 200',
          },
        },
      ],
    },
    {
      id: 'call-the-service',
      title: { en: 'Call the Service, then load it', 'zh-cn': '调用 Service，再给它加压' },
      explain: {
        en: 'A healthy baseline first: the client calls web by name and gets 200, and ApacheBench sends 500 requests, 10 at a time, without one failure. Every exercise returns to this call.',
        'zh-cn':
          '先建立健康基线：client 按名称调用 web 得到 200，ApacheBench 以 10 个并发发出 500 个请求，一个都不失败。之后每个练习最终都回到这个调用。',
      },
      run: [CALL_WEB, `${IN_CLIENT} ab -n 500 -c 10 http://web.${APP}.svc.cluster.local/`],
      checks: [
        webAnswers,
        {
          type: 'command',
          run: `${IN_CLIENT} ab -n 500 -c 10 http://web.${APP}.svc.cluster.local/ | grep -E '^(Complete|Failed) requests'`,
          expect: { matches: '^Failed requests: +0$' },
          proves: {
            en: 'web answers 500 requests at a concurrency of 10 without a failure',
            'zh-cn': 'web 在 10 个并发下应答了 500 个请求，没有一个失败',
          },
        },
      ],
    },
    {
      id: 'debug-ephemeral',
      title: { en: 'An ephemeral container next to the app', 'zh-cn': '在应用旁边加一个临时容器' },
      explain: {
        en: 'kubectl debug adds a container to a running Pod without restarting it. --target joins the process namespace of the app container, so ps shows nginx; the network namespace is the Pod’s anyway, so ss shows what it listens on.',
        'zh-cn':
          'kubectl debug 能在不重启的前提下给运行中的 Pod 加一个容器。--target 让它加入应用容器的进程命名空间，所以 ps 能看到 nginx；网络命名空间本来就是整个 Pod 共享的，所以 ss 能看到它监听的端口。',
      },
      run: [
        `kubectl -n ${APP} get pods -l app.kubernetes.io/name=web -o name | sed -n 1p | tee web-pod.txt`,
        [
          `kubectl -n ${APP} debug "$(cat web-pod.txt)" --image=${TOOLBOX} --image-pull-policy=Never \\`,
          "  --profile=baseline --target=web -c netcheck -- sh -c 'ss -ltn; ps -e -o pid,user,args'",
        ].join('\n'),
        `kubectl -n ${APP} wait "$(cat web-pod.txt)" --for=jsonpath='{.status.ephemeralContainerStatuses[0].state.terminated.reason}'=Completed --timeout=60s`,
        `kubectl -n ${APP} logs "$(cat web-pod.txt)" -c netcheck`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${APP} logs "$(cat web-pod.txt)" -c netcheck`,
          expect: { matches: 'LISTEN .*0[.]0[.]0[.]0:80 ' },
          proves: {
            en: 'the debug container sees the Pod’s sockets: nginx listens on port 80',
            'zh-cn': '调试容器能看到 Pod 的套接字：nginx 监听在 80 端口',
          },
        },
        {
          type: 'command',
          run: `kubectl -n ${APP} logs "$(cat web-pod.txt)" -c netcheck`,
          expect: { includes: 'nginx: master process' },
          proves: {
            en: 'with --target, the debug container sees the app container’s processes',
            'zh-cn': '带上 --target 后，调试容器能看到应用容器里的进程',
          },
        },
      ],
    },
    {
      id: 'debug-copy',
      title: { en: 'A debug copy of the Pod', 'zh-cn': 'Pod 的调试副本' },
      explain: {
        en: 'When you must not touch the running Pod, --copy-to makes a copy with the toolbox added. The copy drops the labels (so no Service sends it traffic) and the probes, unless you ask to keep them.',
        'zh-cn':
          '不能碰正在运行的 Pod 时，--copy-to 会做一个副本并加上工具箱容器。副本默认不带原来的标签（所以没有 Service 会把流量发给它），也不带探针，除非你要求保留。',
      },
      run: [
        [
          `kubectl -n ${APP} debug "$(cat web-pod.txt)" --copy-to=web-debug \\`,
          `  --image=${TOOLBOX} --image-pull-policy=Never --profile=baseline -c toolbox -- sleep 600`,
        ].join('\n'),
        `kubectl -n ${APP} wait pod/web-debug --for=condition=Ready --timeout=60s`,
        `kubectl -n ${APP} exec web-debug -c toolbox -- curl -sS -o /dev/null -w '%{http_code}\\n' http://localhost/`,
        `kubectl -n ${APP} get pod web-debug --show-labels`,
        `kubectl -n ${APP} delete pod web-debug --wait=false`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${APP} get endpointslices -l kubernetes.io/service-name=web -o jsonpath='{.items[*].endpoints[*].targetRef.name}'`,
          expect: { matches: '^web-[a-z0-9]+-[a-z0-9]+ web-[a-z0-9]+-[a-z0-9]+$' },
          proves: {
            en: 'the copy never joined the Service: its EndpointSlice lists only the two web replicas',
            'zh-cn': '副本从未加入 Service：EndpointSlice 里只有 web 的两个副本',
          },
        },
      ],
    },
    {
      id: 'debug-node',
      title: { en: 'Debug the node from a Pod', 'zh-cn': '从 Pod 里调试节点' },
      explain: {
        en: 'kubectl debug node/NAME runs a Pod in the node’s network and process namespaces with its file system at /host. With the sysadmin profile it is privileged, so it may read the node’s sysctls and use the node’s crictl through chroot.',
        'zh-cn':
          'kubectl debug node/名称 会在节点的网络和进程命名空间里运行一个 Pod，节点的文件系统挂载在 /host。配合 sysadmin 配置它是特权 Pod，可以读取节点的 sysctl，也能通过 chroot 使用节点上的 crictl。',
      },
      run: [
        [
          `kubectl -n ${SYSTEM} debug node/${NODE} \\`,
          `  --image=${TOOLBOX} --image-pull-policy=Never --profile=sysadmin \\`,
          "  -- sh -c 'sysctl net.ipv4.ip_forward; ip -brief address show eth0; chroot /host crictl ps --name kube-apiserver'",
        ].join('\n'),
        `kubectl -n ${SYSTEM} get pods -o name | grep node-debugger | tee node-debugger.txt`,
        `kubectl -n ${SYSTEM} wait "$(cat node-debugger.txt)" --for=jsonpath='{.status.phase}'=Succeeded --timeout=60s`,
        `kubectl -n ${SYSTEM} logs "$(cat node-debugger.txt)"`,
      ],
      checks: [
        {
          type: 'command',
          run: `kubectl -n ${SYSTEM} logs "$(cat node-debugger.txt)"`,
          expect: { includes: 'net.ipv4.ip_forward = 1' },
          proves: {
            en: 'the node debugger reads the node’s own network settings',
            'zh-cn': '节点调试 Pod 读到的是节点自己的网络设置',
          },
        },
        {
          type: 'command',
          run: `kubectl -n ${SYSTEM} logs "$(cat node-debugger.txt)"`,
          expect: { matches: 'Running +kube-apiserver' },
          proves: {
            en: 'through chroot /host, the Pod asks the node’s container runtime',
            'zh-cn': '通过 chroot /host，这个 Pod 能直接询问节点的容器运行时',
          },
        },
      ],
    },
    {
      id: 'control-plane',
      title: { en: 'Is the control plane healthy?', 'zh-cn': '控制平面健康吗？' },
      explain: {
        en: 'The API server reports its own health check by check at /readyz and /livez; ComponentStatus, the old answer, is deprecated. The control plane runs as static Pods: their manifests are on the node, and crictl shows the containers and their logs even when the API server does not answer.',
        'zh-cn':
          'API 服务器在 /readyz 和 /livez 上逐项报告自身的健康检查；老办法 ComponentStatus 已被弃用。控制平面以静态 Pod 运行：清单就在节点上，即使 API 服务器不应答，crictl 也能列出这些容器并读取日志。',
      },
      run: [
        "kubectl get --raw='/readyz?verbose'",
        "kubectl get --raw='/livez?verbose' | tail -n 3",
        'kubectl get componentstatuses',
        `docker exec ${NODE} ls /etc/kubernetes/manifests`,
        `docker exec ${NODE} crictl ps --name 'kube-apiserver|kube-scheduler|kube-controller-manager|etcd'`,
        `docker exec ${NODE} sh -c 'crictl logs --tail 3 "$(crictl ps -q --name kube-scheduler)"'`,
      ],
      checks: [
        {
          type: 'command',
          run: "kubectl get --raw='/readyz?verbose'",
          expect: { includes: 'readyz check passed' },
          proves: {
            en: 'every readiness check of the API server passes, etcd included',
            'zh-cn': 'API 服务器的每一项就绪检查都通过，包括 etcd',
          },
        },
        {
          type: 'command',
          run: "kubectl get --raw='/readyz?verbose' | grep -c '^\\[+\\]'",
          expect: { matches: '^[1-9][0-9]+$' },
          proves: {
            en: '/readyz?verbose lists each check on its own line, marked [+] when it passes',
            'zh-cn': '/readyz?verbose 每行列出一项检查，通过的标为 [+]',
          },
        },
        {
          type: 'command',
          run: 'kubectl get componentstatuses 2>&1 >/dev/null',
          expect: { includes: 'ComponentStatus is deprecated' },
          proves: {
            en: 'the API server itself warns that ComponentStatus is deprecated',
            'zh-cn': 'API 服务器自己就会警告 ComponentStatus 已被弃用',
          },
        },
        {
          type: 'command',
          run: `docker exec ${NODE} ls /etc/kubernetes/manifests`,
          expect: { matches: '^kube-apiserver[.]yaml$' },
          proves: {
            en: 'the API server is a static Pod whose manifest sits on the node',
            'zh-cn': 'API 服务器是一个静态 Pod，它的清单就在节点上',
          },
        },
      ],
    },
    {
      id: 'static-pod',
      title: { en: 'A toolbox as a static Pod', 'zh-cn': '以静态 Pod 运行工具箱' },
      explain: {
        en: 'Copy a Pod manifest into /etc/kubernetes/manifests and the kubelet runs it by itself; the API server only shows a mirror Pod named after the node. It runs on the node’s network, so it can ask kube-proxy on 127.0.0.1 which mode it runs in.',
        'zh-cn':
          '把 Pod 清单复制到 /etc/kubernetes/manifests，kubelet 就会自己运行它；API 服务器里只显示一个以节点名结尾的镜像 Pod（mirror Pod）。它使用节点的网络，所以能在 127.0.0.1 上问 kube-proxy 用的是哪种模式。',
      },
      run: [
        `docker cp manifests/static/toolbox-static.yaml ${NODE}:/etc/kubernetes/manifests/tshoot-toolbox.yaml`,
        `kubectl -n ${SYSTEM} wait pod/${STATIC_POD} --for=create --timeout=60s`,
        `kubectl -n ${SYSTEM} wait pod/${STATIC_POD} --for=condition=Ready --timeout=60s`,
        `docker exec ${NODE} crictl ps --name toolbox`,
        `kubectl -n ${SYSTEM} exec ${STATIC_POD} -- curl -sS http://127.0.0.1:10249/proxyMode`,
      ],
      checks: [
        {
          type: 'jsonpath',
          resource: `pod/${STATIC_POD}`,
          namespace: SYSTEM,
          path: '{.metadata.annotations.kubernetes\\.io/config\\.source}',
          expect: { equals: 'file' },
          proves: {
            en: 'the kubelet runs the Pod from a file on the node; the API server holds only its mirror',
            'zh-cn': 'kubelet 根据节点上的文件运行这个 Pod，API 服务器里只有它的镜像',
          },
        },
        {
          type: 'command',
          run: `kubectl -n ${SYSTEM} exec ${STATIC_POD} -- curl -sS http://127.0.0.1:10249/proxyMode`,
          expect: { equals: 'iptables' },
          proves: {
            en: 'kube-proxy runs in iptables mode, the default',
            'zh-cn': 'kube-proxy 以默认的 iptables 模式运行',
          },
        },
      ],
    },
    {
      id: 'tree-endpoints',
      title: { en: 'Branch 1: selector, readiness, target port', 'zh-cn': '分支一：选择算符、就绪、目标端口' },
      explain: {
        en: 'A Service is a name for the endpoints in its EndpointSlices. Empty slices mean the selector matches no Pod; endpoints with ready=false mean failing readiness probes; a targetPort the Pods do not serve means refused connections. diagnose.sh reads the same JSON and says which.',
        'zh-cn':
          'Service 只是 EndpointSlice 里那些端点的名字。EndpointSlice 为空，说明选择算符没匹配到 Pod；端点 ready=false，说明就绪探针失败；targetPort 指向 Pod 没有提供服务的端口，连接就会被拒绝。diagnose.sh 读取同样的 JSON，告诉你是哪一种。',
      },
      run: [
        `kubectl -n ${APP} get service web -o wide`,
        `kubectl -n ${APP} get endpointslices -l kubernetes.io/service-name=web -o wide`,
        diagnose('selector'),
        diagnose('ready'),
        diagnose('ports'),
      ],
      show: ['files/diagnose.sh', 'files/diagnose/selector.jq'],
      checks: [
        healthy('selector', { en: 'the Service selects the web Pods', 'zh-cn': 'Service 选中了 web 的 Pod' }),
        healthy('ready', { en: 'the endpoints are ready', 'zh-cn': '端点已就绪' }),
        healthy('ports', {
          en: 'the Service’s target port is a port the Pods declare',
          'zh-cn': 'Service 的目标端口是 Pod 声明过的端口',
        }),
      ],
    },
    {
      id: 'tree-dns',
      title: { en: 'Branch 2: the name', 'zh-cn': '分支二：名称解析' },
      explain: {
        en: 'From another namespace, web alone is not enough: the search list of the client’s resolv.conf starts with its own namespace. web.tshoot-app works through the search list; the full name always does. Names resolve only while CoreDNS runs behind the kube-dns Service.',
        'zh-cn':
          '在另一个命名空间里，只写 web 是不够的：client 的 resolv.conf 搜索列表先从它自己的命名空间找起。web.tshoot-app 借助搜索列表可以解析，完整域名则总能解析。只有 kube-dns Service 后面有 CoreDNS 在运行，名称才能解析。',
      },
      run: [
        `${IN_CLIENT} cat /etc/resolv.conf`,
        `${IN_CLIENT} dig +search +short web.${APP}`,
        `${IN_CLIENT} dig +search web | grep -E 'status|^web'`,
        diagnose('dns'),
      ],
      checks: [
        {
          type: 'command',
          run: `${IN_CLIENT} grep '^search' /etc/resolv.conf`,
          // The kubelet appends the node's own search domains (a laptop's, or podman's dns.podman) after
          // the cluster's three: those three, in this order, come first.
          expect: { matches: `^search ${CLIENT}[.]svc[.]cluster[.]local svc[.]cluster[.]local cluster[.]local( |$)` },
          proves: {
            en: 'the client looks names up in its own namespace first',
            'zh-cn': 'client 先在自己的命名空间里查找名称',
          },
        },
        {
          type: 'command',
          run: `test "$(${IN_CLIENT} dig +search +short web.${APP})" = "$(kubectl -n ${APP} get service web -o jsonpath='{.spec.clusterIP}')" && echo same`,
          expect: { equals: 'same' },
          proves: {
            en: 'web.tshoot-app resolves to the Service’s cluster IP',
            'zh-cn': 'web.tshoot-app 解析到 Service 的集群 IP',
          },
        },
        {
          type: 'command',
          run: `${IN_CLIENT} dig +search web | grep -o 'status: [A-Z]*'`,
          expect: { equals: 'status: NXDOMAIN' },
          proves: {
            en: 'the short name web does not exist from the client’s namespace',
            'zh-cn': '从 client 的命名空间看，短名称 web 并不存在',
          },
        },
        healthy('dns', {
          en: 'CoreDNS serves the kube-dns Service',
          'zh-cn': 'CoreDNS 在 kube-dns Service 后面提供服务',
        }),
      ],
    },
    {
      id: 'tree-nodeport',
      title: { en: 'Branch 3: from the host, through a NodePort', 'zh-cn': '分支三：从主机经 NodePort 访问' },
      explain: {
        en: 'A kind node is a container: the host reaches a NodePort only through a port the node container publishes, and kind publishes only the extraPortMappings of kind.yaml, at creation.',
        'zh-cn':
          'kind 的节点是一个容器：主机只能通过节点容器发布的端口访问 NodePort，而 kind 只在创建集群时发布 kind.yaml 里 extraPortMappings 列出的端口。',
      },
      run: [`kubectl -n ${APP} get service web-nodeport`, `docker port ${NODE}`, CALL_NODEPORT, diagnose('nodeport')],
      show: ['kind.yaml'],
      checks: [
        hostAnswers,
        healthy('nodeport', {
          en: 'the node port of web-nodeport is published on the host',
          'zh-cn': 'web-nodeport 的节点端口已发布到主机',
        }),
      ],
    },
    {
      id: 'tree-node',
      title: { en: 'Branch 4: the node forwards, kube-proxy programs', 'zh-cn': '分支四：节点转发，kube-proxy 写规则' },
      explain: {
        en: 'Pod traffic crosses the node’s routing table, so the node must forward (net.ipv4.ip_forward = 1), and kube-proxy must have written the Service’s rules: in iptables mode, a KUBE-SVC chain per Service port.',
        'zh-cn':
          'Pod 流量要经过节点的路由表，所以节点必须开启转发（net.ipv4.ip_forward = 1），kube-proxy 也必须已经写好该 Service 的规则：iptables 模式下，每个 Service 端口对应一条 KUBE-SVC 链。',
      },
      run: [
        `docker exec ${NODE} sh -c 'sysctl -a 2>/dev/null | grep -E "^net.ipv4.(ip_forward|conf.(all|eth0).forwarding) "'`,
        diagnose('forwarding'),
        `kubectl -n kube-system get configmap kube-proxy -o jsonpath='{.data.config\\.conf}' | grep '^mode'`,
        `docker exec ${NODE} iptables -t nat -S KUBE-SERVICES | grep '${APP}/web:http'`,
      ],
      checks: [
        healthy('forwarding', { en: 'the node forwards IPv4 packets', 'zh-cn': '节点会转发 IPv4 数据包' }),
        {
          type: 'command',
          run: `docker exec ${NODE} iptables -t nat -S KUBE-SERVICES | grep -c '${APP}/web:http cluster IP'`,
          expect: { equals: '1' },
          proves: {
            en: 'kube-proxy wrote a rule for the web Service’s cluster IP',
            'zh-cn': 'kube-proxy 已为 web Service 的集群 IP 写好规则',
          },
        },
      ],
    },
    {
      id: 'policy-enforcer',
      title: { en: 'Branch 5: a NetworkPolicy, and who enforces it', 'zh-cn': '分支五：NetworkPolicy，以及谁来执行它' },
      explain: {
        en: 'The API server stores any NetworkPolicy; only an enforcer on the node turns it into filters. The lab runs kube-router’s firewall, then admits clients to web and proves a Pod of another namespace is refused.',
        'zh-cn':
          'API 服务器会接受并保存任何 NetworkPolicy，只有节点上的执行者才会把它变成过滤规则。实验运行 kube-router 的防火墙，然后只放行 client 访问 web，并证明其他命名空间的 Pod 会被拒绝。',
      },
      run: [
        'kubectl apply -f manifests/policy-enforcer.yaml',
        `kubectl -n ${SYSTEM} rollout status daemonset/kube-router --timeout=120s`,
        'kubectl apply -f manifests/web-policy.yaml',
        CALL_WEB,
        CALL_NODEPORT,
        [
          `kubectl -n ${SYSTEM} run stranger --image=${TOOLBOX} --image-pull-policy=Never --restart=Never --rm -i --quiet \\`,
          `  -- sh -c "curl -sS -m 3 http://web.${APP}/ >/dev/null; echo curl exit \\$?"`,
        ].join('\n'),
        diagnose('policy'),
      ],
      timeout: '4m',
      checks: [
        webAnswers,
        {
          type: 'command',
          run: `kubectl -n ${SYSTEM} run stranger-check --image=${TOOLBOX} --image-pull-policy=Never --restart=Never --rm -i --quiet -- sh -c "curl -sS -m 3 http://web.${APP}/ >/dev/null 2>&1; echo curl exit \\$?"`,
          expect: { matches: 'curl exit (7|28)' },
          timeout: '90s',
          proves: {
            en: 'a Pod outside the client namespaces cannot connect to web: refused (curl exit 7) or dropped (exit 28), where an unenforced policy would let curl succeed (exit 0)',
            'zh-cn':
              'client 命名空间以外的 Pod 连不上 web：被拒绝（curl 退出码 7）或被丢弃（退出码 28）；策略若没有生效，curl 会成功（退出码 0）',
          },
        },
        healthy('policy', {
          en: 'the policy that selects web admits the client',
          'zh-cn': '选中 web 的那条策略放行了 client',
        }),
        hostAnswers,
      ],
    },
  ],
  exercises: [
    {
      id: 'selector-mismatch',
      title: { en: 'The Service lost its Pods', 'zh-cn': 'Service 找不到它的 Pod 了' },
      after: ['deploy-app'],
      break: [
        `kubectl -n ${APP} patch service web --type=merge -p '{"spec":{"selector":{"app.kubernetes.io/name":"web-frontend"}}}'`,
      ],
      hint: {
        en: 'Start where the tree starts: does the Service have endpoints? Compare what the Service selects with the labels the Pods really carry (kubectl get pods --show-labels).',
        'zh-cn':
          '从决策树的起点开始：Service 有端点吗？把 Service 的选择算符和 Pod 实际带的标签对比一下（kubectl get pods --show-labels）。',
      },
      verify: [
        healthy('selector', {
          en: 'the Service selects the web Pods again',
          'zh-cn': 'Service 重新选中了 web 的 Pod',
        }),
        webAnswers,
      ],
      solve: [
        `kubectl -n ${APP} patch service web --type=merge -p '{"spec":{"selector":{"app.kubernetes.io/name":"web"}}}'`,
      ],
    },
    {
      id: 'wrong-target-port',
      title: { en: 'Connection refused', 'zh-cn': '连接被拒绝' },
      after: ['deploy-app'],
      break: [
        `kubectl -n ${APP} patch service web --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]'`,
      ],
      hint: {
        en: 'The endpoints are there and ready, yet every call is refused. Which port does the EndpointSlice send to, and which port does nginx listen on inside the Pod (the ephemeral container showed you how to look)?',
        'zh-cn':
          '端点都在，也都就绪，可每次调用都被拒绝。EndpointSlice 把流量发往哪个端口？Pod 里的 nginx 又监听在哪个端口（临时容器那一步教过你怎么看）？',
      },
      verify: [
        healthy('ports', {
          en: 'the Service sends to a port the Pods serve',
          'zh-cn': 'Service 把流量发往 Pod 提供服务的端口',
        }),
        webAnswers,
      ],
      solve: [
        `kubectl -n ${APP} patch service web --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]'`,
      ],
    },
    {
      id: 'readiness-probe',
      title: { en: 'The new release never gets ready', 'zh-cn': '新版本一直没有就绪' },
      after: ['deploy-app'],
      break: [
        `kubectl -n ${APP} patch deployment web --type=strategic -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null},"template":{"spec":{"containers":[{"name":"web","readinessProbe":{"httpGet":{"path":"/healthz"}}}]}}}}'`,
        `kubectl -n ${APP} wait deployment/web --for=jsonpath='{.status.updatedReplicas}'=2 --timeout=90s`,
      ],
      hint: {
        en: 'The Pods are Running, yet the Service has no ready endpoint. kubectl describe pod shows the events of the readiness probe: what does it ask for, and what does nginx answer?',
        'zh-cn':
          'Pod 都是 Running，Service 却没有一个就绪的端点。kubectl describe pod 会显示就绪探针的事件：探针请求的是什么，nginx 又是怎么回答的？',
      },
      verify: [
        healthy('ready', { en: 'the endpoints of web are ready again', 'zh-cn': 'web 的端点重新就绪' }, '60s'),
        webAnswers,
      ],
      solve: [
        `kubectl -n ${APP} patch deployment web --type=strategic -p '{"spec":{"strategy":{"type":"RollingUpdate"},"template":{"spec":{"containers":[{"name":"web","readinessProbe":{"httpGet":{"path":"/"}}}]}}}}'`,
        `kubectl -n ${APP} rollout status deployment/web --timeout=90s`,
      ],
    },
    {
      id: 'dns-down',
      title: { en: 'No name resolves', 'zh-cn': '所有名称都无法解析' },
      after: ['deploy-app'],
      break: [
        'kubectl -n kube-system scale deployment coredns --replicas=0',
        'kubectl -n kube-system wait pod -l k8s-app=kube-dns --for=delete --timeout=60s',
      ],
      hint: {
        en: 'curl says it cannot resolve the host. Which address does the client send its DNS queries to (resolv.conf), which Service owns that address, and what is behind that Service?',
        'zh-cn':
          'curl 说无法解析主机名。client 把 DNS 查询发往哪个地址（resolv.conf）？这个地址属于哪个 Service？那个 Service 后面又有什么？',
      },
      verify: [healthy('dns', { en: 'CoreDNS serves again', 'zh-cn': 'CoreDNS 重新提供服务' }, '60s'), webAnswers],
      solve: [
        'kubectl -n kube-system scale deployment coredns --replicas=2',
        'kubectl -n kube-system rollout status deployment/coredns --timeout=90s',
      ],
    },
    {
      id: 'nodeport-unreachable',
      title: { en: 'The host cannot reach the NodePort', 'zh-cn': '主机访问不到 NodePort' },
      after: ['tree-nodeport'],
      break: [
        `kubectl -n ${APP} patch service web-nodeport --type=json -p '[{"op":"replace","path":"/spec/ports/0/nodePort","value":30481}]'`,
      ],
      hint: {
        en: `Inside the cluster everything works. From the host, 127.0.0.1:${HOST_PORT} gets no answer. Which port of the node does the host port lead to (docker port), and which node port does the Service use now?`,
        'zh-cn': `集群内部一切正常，但从主机访问 127.0.0.1:${HOST_PORT} 没有应答。这个主机端口通向节点的哪个端口（docker port）？Service 现在用的又是哪个节点端口？`,
      },
      verify: [
        healthy('nodeport', {
          en: 'the Service’s node port is the one kind publishes',
          'zh-cn': 'Service 的节点端口正是 kind 发布的那个',
        }),
        hostAnswers,
      ],
      solve: [
        `kubectl -n ${APP} patch service web-nodeport --type=json -p '[{"op":"replace","path":"/spec/ports/0/nodePort","value":${NODE_PORT}}]'`,
      ],
    },
    {
      id: 'ip-forward-off',
      title: { en: 'The node stopped routing', 'zh-cn': '节点不再转发' },
      after: ['deploy-app'],
      break: [`docker exec ${NODE} sysctl -w net.ipv4.ip_forward=0`],
      hint: {
        en: 'Endpoints, ports and DNS all look right, yet calls time out, even by IP address. Pods talk to each other through the node: look at the node’s kernel settings, the way the node debugger did.',
        'zh-cn':
          '端点、端口和 DNS 看起来都没问题，调用却超时，连直接用 IP 地址也不行。Pod 之间的流量要经过节点：像节点调试那一步那样，看看节点的内核参数。',
      },
      verify: [healthy('forwarding', { en: 'the node forwards again', 'zh-cn': '节点重新开始转发' }), webAnswers],
      solve: [`docker exec ${NODE} sysctl -w net.ipv4.ip_forward=1`],
    },
    {
      id: 'network-policy',
      title: { en: 'A policy shuts the client out', 'zh-cn': '一条策略把 client 挡在门外' },
      after: ['policy-enforcer'],
      break: ['kubectl apply -f manifests/faults/deny-client.yaml'],
      hint: {
        en: 'Calls from the client fail, while web answers from its own namespace. Read the from section of the policy that selects web: which namespace does a podSelector alone refer to?',
        'zh-cn':
          'client 的调用失败，而在 web 自己的命名空间里访问却正常。读一读选中 web 的那条策略的 from 部分：单独一个 podSelector 指的是哪个命名空间里的 Pod？',
      },
      verify: [
        healthy('policy', {
          en: 'a policy still selects web, and it admits the client',
          'zh-cn': '仍有策略选中 web，并且放行了 client',
        }),
        webAnswers,
      ],
      solve: ['kubectl apply -f manifests/web-policy.yaml'],
    },
  ],
  cleanup: [
    `docker exec ${NODE} rm -f /etc/kubernetes/manifests/tshoot-toolbox.yaml`,
    'kubectl delete namespace -l fieldlab.dev/lab=troubleshooting --wait=true --timeout=180s',
    'kubectl delete clusterrolebinding,clusterrole -l fieldlab.dev/lab=troubleshooting',
  ],
});
