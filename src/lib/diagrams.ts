import type { Diagram } from './diagram.ts';

/**
 * The site's diagrams, drawn by src/lib/diagram.ts, each in both languages. Names of files, flags and
 * components stay as they are in every language; the words around them are written for each. Text between
 * backticks is set in the monospace font.
 */

/** The kubeadm PKI in /etc/kubernetes/pki: three CAs, what each signs, and the service-account key pair. */
const CERTIFICATES_PKI: Diagram = {
  name: 'certificates-pki',
  title: {
    en: 'The kubeadm PKI: three CAs and what each signs',
    'zh-cn': 'kubeadm 的 PKI：三个 CA 及各自签发的证书',
  },
  heading: [
    {
      style: 'title',
      text: {
        en: '`/etc/kubernetes/pki` on a kubeadm control plane',
        'zh-cn': 'kubeadm 控制平面上的 `/etc/kubernetes/pki`',
      },
    },
    {
      style: 'note',
      text: {
        en: 'Each CA signs the certificates hanging from it. Each card: the file, who presents it to whom, the flags that name it.',
        'zh-cn': '每个 CA 签发挂在它下面的证书。每张卡片依次写明：文件、谁向谁出示、引用它的参数。',
      },
    },
  ],
  columns: [
    [
      {
        tone: 'blue',
        signs: true,
        head: [
          { style: 'head', text: { en: 'Cluster CA', 'zh-cn': '集群 CA' } },
          { style: 'file', text: 'ca.crt · ca.key' },
          {
            style: 'note',
            text: {
              en: 'kube-apiserver checks clients with it: `--client-ca-file`',
              'zh-cn': 'kube-apiserver 用它校验客户端：`--client-ca-file`',
            },
          },
        ],
        boxes: [
          [
            { style: 'file', text: 'apiserver.crt / .key' },
            { style: 'who', text: { en: 'kube-apiserver → every client', 'zh-cn': 'kube-apiserver → 所有客户端' } },
            { style: 'flag', text: '--tls-cert-file, --tls-private-key-file' },
          ],
          [
            { style: 'file', text: 'apiserver-kubelet-client.crt' },
            {
              style: 'who',
              text: { en: 'kube-apiserver → kubelet (logs, exec)', 'zh-cn': 'kube-apiserver → kubelet（logs、exec）' },
            },
            { style: 'flag', text: '--kubelet-client-certificate' },
          ],
          [
            { style: 'file', text: '/etc/kubernetes/*.conf' },
            {
              style: 'who',
              text: {
                en: 'client certificates: admin, super-admin, controller-manager, scheduler, kubelet → kube-apiserver',
                'zh-cn': '客户端证书：admin、super-admin、controller-manager、scheduler、kubelet → kube-apiserver',
              },
            },
            {
              style: 'note',
              text: {
                en: 'embedded as `client-certificate-data`',
                'zh-cn': '以 `client-certificate-data` 内嵌在文件里',
              },
            },
          ],
          [
            {
              style: 'name',
              text: { en: 'Approved CSRs (users, kubelets)', 'zh-cn': '批准后的 CSR（用户、kubelet）' },
            },
            {
              style: 'who',
              text: { en: 'signed by kube-controller-manager', 'zh-cn': '由 kube-controller-manager 签发' },
            },
            { style: 'flag', text: '--cluster-signing-cert-file, --cluster-signing-key-file' },
          ],
        ],
        aside: [
          {
            style: 'note',
            text: {
              en: 'Pods trust it too: kube-controller-manager publishes it from `--root-ca-file` as the `kube-root-ca.crt` ConfigMap in every namespace.',
              'zh-cn':
                'Pod 也信任它：kube-controller-manager 把 `--root-ca-file` 指定的这个 CA 写进每个命名空间的 ConfigMap `kube-root-ca.crt`。',
            },
          },
        ],
      },
      {
        tone: 'purple',
        signs: true,
        head: [
          { style: 'head', text: { en: 'Front-proxy CA', 'zh-cn': 'front-proxy CA' } },
          { style: 'file', text: 'front-proxy-ca.crt · .key' },
          {
            style: 'note',
            text: {
              en: 'extension API servers trust it: `--requestheader-client-ca-file`',
              'zh-cn': '扩展 API 服务器信任它：`--requestheader-client-ca-file`',
            },
          },
        ],
        boxes: [
          [
            { style: 'file', text: 'front-proxy-client.crt / .key' },
            {
              style: 'who',
              text: {
                en: 'kube-apiserver → extension API servers (metrics-server and other aggregated APIs)',
                'zh-cn': 'kube-apiserver → 扩展 API 服务器（metrics-server 等聚合 API）',
              },
            },
            { style: 'flag', text: '--proxy-client-cert-file, --proxy-client-key-file' },
          ],
        ],
      },
    ],
    [
      {
        tone: 'green',
        signs: true,
        head: [
          { style: 'head', text: 'etcd CA' },
          { style: 'file', text: 'etcd/ca.crt · etcd/ca.key' },
          {
            style: 'note',
            text: {
              en: 'trusted by etcd `--trusted-ca-file` and kube-apiserver `--etcd-cafile`',
              'zh-cn': 'etcd（`--trusted-ca-file`）和 kube-apiserver（`--etcd-cafile`）都信任它',
            },
          },
        ],
        boxes: [
          [
            { style: 'file', text: 'etcd/server.crt / .key' },
            { style: 'who', text: { en: 'etcd → its clients', 'zh-cn': 'etcd → 它的客户端' } },
            { style: 'flag', text: '--cert-file, --key-file' },
          ],
          [
            { style: 'file', text: 'etcd/peer.crt / .key' },
            { style: 'who', text: { en: 'etcd ↔ the other etcd members', 'zh-cn': 'etcd ↔ 其他 etcd 成员' } },
            { style: 'flag', text: '--peer-cert-file, --peer-key-file' },
          ],
          [
            { style: 'file', text: 'etcd/healthcheck-client.crt' },
            { style: 'who', text: { en: 'health checks, etcdctl → etcd', 'zh-cn': '健康探测、etcdctl → etcd' } },
            { style: 'flag', text: 'etcdctl --cert, --key' },
          ],
          [
            { style: 'file', text: 'apiserver-etcd-client.crt' },
            { style: 'who', text: 'kube-apiserver → etcd' },
            {
              style: 'note',
              text: { en: 'in `pki/`, not `pki/etcd/`', 'zh-cn': '放在 `pki/` 下，不在 `pki/etcd/` 里' },
            },
            { style: 'flag', text: '--etcd-certfile, --etcd-keyfile' },
          ],
        ],
      },
      {
        tone: 'gray',
        signs: false,
        head: [
          { style: 'head', text: { en: 'Service-account key pair', 'zh-cn': 'ServiceAccount 密钥对' } },
          {
            style: 'note',
            text: {
              en: 'No CA, no certificate: a bare key pair.',
              'zh-cn': '没有 CA，也没有证书，只是一对密钥。',
            },
          },
        ],
        boxes: [
          [
            { style: 'file', text: 'sa.key' },
            { style: 'who', text: { en: 'signs ServiceAccount tokens', 'zh-cn': '为 ServiceAccount 令牌签名' } },
            { style: 'note', text: 'kube-apiserver `--service-account-signing-key-file`' },
            { style: 'note', text: 'kube-controller-manager `--service-account-private-key-file`' },
          ],
          [
            { style: 'file', text: 'sa.pub' },
            { style: 'who', text: { en: 'verifies those tokens', 'zh-cn': '校验这些令牌' } },
            { style: 'note', text: 'kube-apiserver `--service-account-key-file`' },
          ],
        ],
      },
    ],
  ],
  footer: [
    {
      style: 'note',
      text: {
        en: 'Leaf certificates live one year, CAs ten. `kubeadm certs check-expiration` lists them; `kubeadm certs renew` renews the leaves, after which the control-plane static Pods must be restarted. The kubelet’s own serving certificate is self-signed by default and lives in `/var/lib/kubelet/pki`, as does its rotating client certificate (`kubelet-client-current.pem`).',
        'zh-cn':
          '叶子证书有效期一年，CA 十年。`kubeadm certs check-expiration` 列出它们的到期时间，`kubeadm certs renew` 续期叶子证书，续期后必须重启控制平面的静态 Pod。kubelet 自己的服务端证书默认是自签名的，和它自动轮换的客户端证书（`kubelet-client-current.pem`）一起放在 `/var/lib/kubelet/pki` 下。',
      },
    },
  ],
};

export const DIAGRAMS: Readonly<Record<string, Diagram>> = {
  [CERTIFICATES_PKI.name]: CERTIFICATES_PKI,
};

/** A diagram by name, or a one-line error that lists the names there are. */
export function getDiagram(name: string): Diagram {
  const diagram = DIAGRAMS[name];
  if (!diagram) throw new Error(`no diagram "${name}": the diagrams are ${Object.keys(DIAGRAMS).join(', ')}`);
  return diagram;
}
