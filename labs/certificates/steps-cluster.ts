import { NODE, type StepInput } from './commands.ts';

const PKI = '/etc/kubernetes/pki';
const readCert = (path: string) => `docker exec ${NODE} cat ${path} | openssl x509 -noout`;
const flagsOf = (component: string) =>
  `docker exec ${NODE} grep -e '--.*pki' /etc/kubernetes/manifests/${component}.yaml`;

/** Read the PKI kubeadm made inside the kind node, then renew one certificate the supported way. */
export const clusterPkiSteps: StepInput[] = [
  {
    id: 'inspect-cluster-pki',
    title: { en: 'List the PKI of the control plane', 'zh-cn': '列出控制平面的 PKI 文件' },
    explain: {
      en: 'kubeadm wrote three CAs (cluster, front-proxy, etcd), the leaf certificates signed by them, the service-account key pair, and one kubeconfig per control-plane client. kind runs kubeadm inside the node container, so docker exec reaches them.',
      'zh-cn':
        'kubeadm 生成了三个 CA（集群、front-proxy、etcd）、由它们签发的叶子证书、ServiceAccount 密钥对，以及每个控制平面客户端各自的 kubeconfig。kind 在节点容器里运行 kubeadm，所以用 docker exec 就能看到。',
    },
    run: [`docker exec ${NODE} ls /etc/kubernetes ${PKI} ${PKI}/etcd`],
    checks: [
      {
        type: 'command',
        run: `docker exec ${NODE} ls ${PKI}`,
        expect: { matches: '^apiserver-kubelet-client\\.crt$' },
        proves: {
          en: 'the API server has its own client certificate for kubelets',
          'zh-cn': 'API 服务器有一张访问 kubelet 专用的客户端证书',
        },
      },
      {
        type: 'command',
        run: `docker exec ${NODE} ls ${PKI}`,
        expect: { matches: '^front-proxy-ca\\.crt$' },
        proves: { en: 'a separate front-proxy CA exists', 'zh-cn': '存在一个独立的 front-proxy CA' },
      },
      {
        type: 'command',
        run: `docker exec ${NODE} ls ${PKI}`,
        expect: { matches: '^sa\\.pub$' },
        proves: { en: 'the service-account public key is there', 'zh-cn': 'ServiceAccount 公钥就在这里' },
      },
      {
        type: 'command',
        run: `docker exec ${NODE} ls ${PKI}/etcd`,
        expect: { matches: '^healthcheck-client\\.crt$' },
        proves: { en: 'etcd has its own CA and certificates', 'zh-cn': 'etcd 有自己的 CA 和证书' },
      },
    ],
  },
  {
    id: 'certificate-flags',
    title: { en: 'Find the flags that wire each file', 'zh-cn': '找到引用每个文件的启动参数' },
    explain: {
      en: 'A certificate on disk does nothing until a flag names it. The static Pod manifests show which component presents which file and which CA it trusts for whom.',
      'zh-cn':
        '磁盘上的证书只有被某个参数引用才起作用。静态 Pod 清单写明了哪个组件出示哪个文件、又用哪个 CA 去校验谁。',
    },
    run: [flagsOf('kube-apiserver'), flagsOf('kube-controller-manager'), flagsOf('etcd')],
    checks: [
      {
        type: 'command',
        run: flagsOf('kube-apiserver'),
        expect: { includes: `--client-ca-file=${PKI}/ca.crt` },
        proves: {
          en: 'the API server trusts client certificates signed by the cluster CA',
          'zh-cn': 'API 服务器信任由集群 CA 签发的客户端证书',
        },
      },
      {
        type: 'command',
        run: flagsOf('kube-apiserver'),
        expect: { includes: `--etcd-certfile=${PKI}/apiserver-etcd-client.crt` },
        proves: {
          en: 'the API server logs in to etcd with apiserver-etcd-client',
          'zh-cn': 'API 服务器用 apiserver-etcd-client 登录 etcd',
        },
      },
      {
        type: 'command',
        run: flagsOf('kube-apiserver'),
        expect: { includes: `--proxy-client-cert-file=${PKI}/front-proxy-client.crt` },
        proves: {
          en: 'the API server presents front-proxy-client to extension API servers',
          'zh-cn': 'API 服务器向扩展 API 服务器出示 front-proxy-client',
        },
      },
      {
        type: 'command',
        run: flagsOf('kube-controller-manager'),
        expect: { includes: `--cluster-signing-cert-file=${PKI}/ca.crt` },
        proves: {
          en: 'the controller manager signs approved CSRs with the cluster CA',
          'zh-cn': '控制器管理器用集群 CA 为已批准的 CSR 签名',
        },
      },
      {
        type: 'command',
        run: flagsOf('etcd'),
        expect: { includes: `--trusted-ca-file=${PKI}/etcd/ca.crt` },
        proves: { en: 'etcd trusts only clients of the etcd CA', 'zh-cn': 'etcd 只信任 etcd CA 签发的客户端' },
      },
    ],
  },
  {
    id: 'decode-apiserver-cert',
    title: { en: 'Decode the serving certificate of the API server', 'zh-cn': '解读 API 服务器的服务端证书' },
    explain: {
      en: 'The file is copied out with docker exec and decoded by the openssl on your machine: subject, issuer, validity, SANs and usages are all a client looks at.',
      'zh-cn':
        '用 docker exec 把文件内容读出来，再交给本机的 openssl 解读：客户端关心的就是主体、签发者、有效期、SAN 和用途。',
    },
    run: [
      `${readCert(`${PKI}/apiserver.crt`)} -subject -issuer -dates -ext subjectAltName,extendedKeyUsage`,
      `${readCert(`${PKI}/apiserver-etcd-client.crt`)} -subject -issuer -dates`,
    ],
    checks: [
      {
        type: 'command',
        run: `${readCert(`${PKI}/apiserver.crt`)} -ext subjectAltName`,
        expect: { includes: 'DNS:kubernetes.default.svc.cluster.local' },
        proves: {
          en: 'the API server certificate names its in-cluster DNS name',
          'zh-cn': 'API 服务器证书包含它在集群内的 DNS 名称',
        },
      },
      {
        type: 'command',
        run: `${readCert(`${PKI}/apiserver.crt`)} -ext subjectAltName`,
        expect: { includes: 'IP Address:10.96.0.1' },
        proves: {
          en: 'the ClusterIP of Service kubernetes is a SAN',
          'zh-cn': 'Service kubernetes 的 ClusterIP 在 SAN 中',
        },
      },
      {
        type: 'command',
        run: `${readCert(`${PKI}/apiserver-etcd-client.crt`)} -issuer`,
        expect: { matches: '^issuer=CN ?= ?etcd-ca$' },
        proves: {
          en: "the API server's etcd client certificate comes from the etcd CA",
          'zh-cn': 'API 服务器访问 etcd 的客户端证书由 etcd CA 签发',
        },
      },
    ],
  },
  {
    id: 'kubeconfig-identities',
    title: { en: 'Who each kubeconfig is', 'zh-cn': '每个 kubeconfig 代表谁' },
    explain: {
      en: 'Each kubeconfig of the node embeds a client certificate; its subject is the identity. Since 1.29 admin.conf is in group kubeadm:cluster-admins, bound by RBAC, and only super-admin.conf carries system:masters.',
      'zh-cn':
        '节点上每个 kubeconfig 都内嵌一张客户端证书，证书主体就是身份。从 1.29 起，admin.conf 属于由 RBAC 绑定的 kubeadm:cluster-admins 组，只有 super-admin.conf 还带着 system:masters。',
    },
    run: [`bash files/kubeconfig-subjects.sh ${NODE}`, 'kubectl auth whoami'],
    show: ['files/kubeconfig-subjects.sh'],
    checks: [
      {
        type: 'command',
        run: `bash files/kubeconfig-subjects.sh ${NODE}`,
        expect: { matches: '^admin\\.conf: subject=O ?= ?kubeadm:cluster-admins, CN ?= ?kubernetes-admin$' },
        proves: {
          en: 'admin.conf is kubernetes-admin in group kubeadm:cluster-admins, not system:masters',
          'zh-cn': 'admin.conf 是 kubeadm:cluster-admins 组的 kubernetes-admin，而不是 system:masters',
        },
      },
      {
        type: 'command',
        run: `bash files/kubeconfig-subjects.sh ${NODE}`,
        expect: { matches: '^kubelet\\.conf: subject=O ?= ?system:nodes, CN ?= ?system:node:fieldlab-control-plane' },
        proves: {
          en: 'the kubelet is system:node:<node name> in group system:nodes',
          'zh-cn': 'kubelet 的身份是 system:nodes 组中的 system:node:<节点名>',
        },
      },
      {
        type: 'command',
        run: 'kubectl auth whoami -o jsonpath="{.status.userInfo.groups}"',
        expect: { includes: 'kubeadm:cluster-admins' },
        proves: {
          en: "the lab's own kubeconfig acts as the admin.conf identity",
          'zh-cn': '实验自己的 kubeconfig 使用的正是 admin.conf 的身份',
        },
      },
    ],
  },
  {
    id: 'check-expiration',
    title: { en: 'When does each certificate expire?', 'zh-cn': '每张证书什么时候到期？' },
    explain: {
      en: 'kubeadm lists every certificate and kubeconfig it manages with its expiry and CA: leaves live one year, CAs ten. This is the successor of the removed "kubeadm alpha certs".',
      'zh-cn':
        'kubeadm 会列出它管理的每张证书和 kubeconfig 的到期时间与所属 CA：叶子证书一年，CA 十年。它取代了已被移除的“kubeadm alpha certs”。',
    },
    run: [`docker exec ${NODE} kubeadm certs check-expiration`],
    checks: [
      {
        type: 'command',
        run: `docker exec ${NODE} kubeadm certs check-expiration`,
        expect: { matches: '^apiserver-kubelet-client +.* ca +no' },
        proves: {
          en: 'kubeadm tracks the expiry of every leaf certificate and names its CA',
          'zh-cn': 'kubeadm 跟踪每张叶子证书的到期时间并写明其 CA',
        },
      },
      {
        type: 'command',
        run: `docker exec ${NODE} kubeadm certs check-expiration`,
        expect: { matches: '^front-proxy-ca +' },
        proves: { en: 'the CAs are listed too', 'zh-cn': 'CA 也在列表中' },
      },
    ],
  },
  {
    id: 'renew-apiserver-cert',
    title: { en: 'Renew the API server certificate and restart it', 'zh-cn': '续期 API 服务器证书并重启它' },
    explain: {
      en: 'kubeadm certs renew writes a new certificate with the same names; it restarts nothing. Static Pods are run by the kubelet, not the API server, so the documented restart is to move the manifest out of /etc/kubernetes/manifests until the kubelet has stopped the Pod, then back. The script puts the manifest back even if a wait fails or you press Ctrl-C.',
      'zh-cn':
        'kubeadm certs renew 会写出一张名字不变的新证书，但不会重启任何组件。静态 Pod 由 kubelet 而非 API 服务器管理，文档给出的重启方法是把清单移出 /etc/kubernetes/manifests，等 kubelet 停掉 Pod 后再移回来。即使某一步等待失败或你按了 Ctrl-C，脚本也会把清单放回原处。',
    },
    run: [
      `${readCert(`${PKI}/apiserver.crt`)} -serial | tee apiserver-serial-before.txt`,
      `docker exec ${NODE} crictl ps -q --name '^kube-apiserver$' | tee apiserver-container-before.txt`,
      `docker exec ${NODE} kubeadm certs renew apiserver`,
      `bash files/restart-static-pod.sh ${NODE} kube-apiserver`,
      `bash files/apiserver-serials.sh ${NODE}`,
    ],
    show: ['files/restart-static-pod.sh', 'files/apiserver-serials.sh'],
    // The restart script bounds each of its waits itself (150 s); this is the ceiling for any one command.
    timeout: '8m',
    checks: [
      {
        type: 'command',
        run: `bash files/apiserver-serials.sh ${NODE}`,
        expect: { includes: 'the restarted API server serves the renewed certificate' },
        timeout: '90s',
        proves: {
          en: 'the certificate was renewed, the API server container was replaced, and the new one presents the renewed certificate',
          'zh-cn': '证书已续期，API 服务器容器已被替换，新容器出示的正是续期后的证书',
        },
      },
      {
        type: 'command',
        run: 'kubectl get --raw=/readyz',
        expect: { equals: 'ok' },
        timeout: '3m',
        proves: { en: 'the API server is ready again', 'zh-cn': 'API 服务器已重新就绪' },
      },
      {
        type: 'command',
        run: `docker exec ${NODE} curl -sk https://127.0.0.1:10257/healthz`,
        expect: { equals: 'ok' },
        timeout: '3m',
        proves: {
          en: 'kube-controller-manager, which may exit while the API server is away, is running again (it signs CSRs later on)',
          'zh-cn': 'API 服务器停机期间可能退出的 kube-controller-manager 已重新运行（后面签发 CSR 要靠它）',
        },
      },
      {
        type: 'command',
        run: `docker exec ${NODE} curl -sk https://127.0.0.1:10259/healthz`,
        expect: { equals: 'ok' },
        timeout: '3m',
        proves: { en: 'kube-scheduler is running again', 'zh-cn': 'kube-scheduler 已重新运行' },
      },
      {
        type: 'condition',
        resource: `node/${NODE}`,
        condition: 'Ready',
        timeout: '3m',
        proves: { en: 'the node reports Ready again', 'zh-cn': '节点重新报告 Ready' },
      },
    ],
  },
];
