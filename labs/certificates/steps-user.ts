import { JANE, NS, newKey, type StepInput } from './commands.ts';

const CAN_I = `${JANE} auth can-i`;

/** A new human user the Kubernetes way: a CSR object, approval, a kubeconfig of her own, RBAC. */
export const userSteps: StepInput[] = [
  {
    id: 'user-key-and-csr',
    where: 'host',
    title: { en: "Jane's key and certificate signing request", 'zh-cn': 'Jane 的私钥和证书签名请求' },
    explain: {
      en: 'Jane makes her own ECDSA P-256 key, which never leaves her machine, and a request naming her user (CN) and group (O). Only the request travels to the cluster.',
      'zh-cn':
        'Jane 自己生成一把 ECDSA P-256 私钥，它从不离开她的电脑；再生成一份写明用户名（CN）和组（O）的请求。送到集群的只有这份请求。',
    },
    run: [
      newKey('jane.key', 'ec-p256'),
      'openssl req -new -key jane.key -subj "/O=fieldlab-devs/CN=jane" -out jane.csr',
      'openssl req -in jane.csr -noout -verify -subject',
    ],
    checks: [
      {
        type: 'command',
        run: 'openssl req -in jane.csr -noout -subject',
        expect: { matches: '^subject=O ?= ?fieldlab-devs, CN ?= ?jane$' },
        proves: {
          en: 'the request names user jane in group fieldlab-devs',
          'zh-cn': '请求写明了 fieldlab-devs 组的用户 jane',
        },
      },
      {
        type: 'command',
        run: 'openssl req -in jane.csr -noout -text',
        expect: { includes: 'ASN1 OID: prime256v1' },
        proves: { en: 'the key is ECDSA on curve P-256', 'zh-cn': '私钥是 P-256 曲线上的 ECDSA 密钥' },
      },
      {
        type: 'command',
        run: 'ls -l jane.key',
        expect: { matches: '^-rw------- ' },
        proves: { en: "Jane's key is readable by its owner only", 'zh-cn': 'Jane 的私钥只有属主可读' },
      },
    ],
  },
  {
    id: 'submit-csr',
    title: { en: 'Submit a CertificateSigningRequest', 'zh-cn': '提交 CertificateSigningRequest' },
    explain: {
      en: 'The request goes into a certificates.k8s.io/v1 object addressed to the kubernetes.io/kube-apiserver-client signer, asking for a one-day certificate. It waits, Pending, for someone allowed to approve it.',
      'zh-cn':
        '把请求装进一个 certificates.k8s.io/v1 对象，交给 kubernetes.io/kube-apiserver-client 签名者，申请有效期一天的证书。它会一直处于 Pending，直到有权限的人批准。',
    },
    run: [
      'sed "s|CSR_BASE64|$(openssl base64 -A -in jane.csr)|" files/jane-csr.yaml | kubectl apply -f -',
      'kubectl get csr jane',
    ],
    show: ['files/jane-csr.yaml'],
    checks: [
      {
        type: 'jsonpath',
        resource: 'csr/jane',
        path: '{.spec.signerName}',
        expect: { equals: 'kubernetes.io/kube-apiserver-client' },
        proves: {
          en: 'the request is addressed to the API-server client signer',
          'zh-cn': '请求交给了 API 服务器客户端证书的签名者',
        },
      },
      {
        type: 'jsonpath',
        resource: 'csr/jane',
        path: '{.spec.expirationSeconds}',
        expect: { equals: '86400' },
        proves: { en: 'the request asks for a one-day certificate', 'zh-cn': '请求申请的是有效期一天的证书' },
      },
      {
        type: 'jsonpath',
        resource: 'csr/jane',
        path: '{.status.certificate}',
        expect: { equals: '' },
        proves: { en: 'nothing is issued before approval', 'zh-cn': '批准之前不会签发任何证书' },
        // A later step changes this (approval, the RoleBinding): `check` on a kept cluster skips it.
        moment: true,
      },
    ],
  },
  {
    id: 'inspect-csr',
    title: { en: 'Read the request before approving it', 'zh-cn': '批准之前先看清请求内容' },
    explain: {
      en: 'Approving signs whatever the request says. Decode .spec.request and read the subject: the CN becomes the user name and every O a group. A request for O=system:masters would make its holder cluster-admin past all RBAC.',
      'zh-cn':
        '批准就是为请求里写的内容签名。先解码 .spec.request，看清主体：CN 会成为用户名，每个 O 都是一个组。如果请求里写着 O=system:masters，持有者就能绕过全部 RBAC，成为集群管理员。',
    },
    run: [
      "kubectl get csr jane -o jsonpath='{.spec.request}' | openssl base64 -d -A | openssl req -noout -subject",
      `kubectl get csr jane -o jsonpath='{.spec.username}{"\\n"}{.spec.signerName}{"\\n"}{.spec.usages}{"\\n"}'`,
    ],
    checks: [
      {
        type: 'command',
        run: "kubectl get csr jane -o jsonpath='{.spec.request}' | openssl base64 -d -A | openssl req -noout -subject",
        expect: { matches: '^subject=O ?= ?fieldlab-devs, CN ?= ?jane$' },
        proves: {
          en: 'the request asks for exactly user jane in group fieldlab-devs',
          'zh-cn': '请求申请的恰好是用户 jane、组 fieldlab-devs',
        },
      },
      {
        type: 'command',
        run: "kubectl get csr jane -o jsonpath='{.spec.request}' | openssl base64 -d -A | openssl req -noout -subject | grep -c system:masters || true",
        expect: { equals: '0' },
        proves: {
          en: 'no group in the request is system:masters',
          'zh-cn': '请求中没有 system:masters 这个组',
        },
      },
    ],
  },
  {
    id: 'approve-csr',
    title: { en: 'Approve it; the controller manager signs', 'zh-cn': '批准请求，由控制器管理器签名' },
    explain: {
      en: 'Approval is a decision recorded on the object; the signing is done afterwards by kube-controller-manager with the cluster CA (its --cluster-signing-* flags).',
      'zh-cn':
        '批准只是记录在对象上的一个决定；随后由 kube-controller-manager 用集群 CA（它的 --cluster-signing-* 参数）完成签名。',
    },
    run: ['kubectl certificate approve jane', 'kubectl get csr jane'],
    checks: [
      {
        type: 'jsonpath',
        resource: 'csr/jane',
        path: '{.status.conditions[?(@.type=="Approved")].status}',
        expect: { equals: 'True' },
        proves: { en: 'the request is approved', 'zh-cn': '请求已被批准' },
      },
      {
        type: 'jsonpath',
        resource: 'csr/jane',
        path: '{.status.certificate}',
        expect: { matches: '^[A-Za-z0-9+/=]{200,}$' },
        // The controller manager may still be coming back from the API server restart of the renewal step.
        timeout: '3m',
        proves: { en: 'the signer issued a certificate', 'zh-cn': '签名者已签发证书' },
      },
    ],
  },
  {
    id: 'user-kubeconfig',
    title: { en: 'A kubeconfig file for Jane', 'zh-cn': '为 Jane 生成 kubeconfig 文件' },
    explain: {
      en: "The certificate comes out of the CSR's status; the server address and cluster CA come from the run's own kubeconfig ($KUBECONFIG). Everything is written to jane.kubeconfig in the work folder: your own ~/.kube/config is never touched.",
      'zh-cn':
        '证书从 CSR 的 status 中取出；服务器地址和集群 CA 取自本次运行自己的 kubeconfig（$KUBECONFIG）。所有内容都写进工作目录里的 jane.kubeconfig，绝不会动你的 ~/.kube/config。',
    },
    run: [
      "kubectl get csr jane -o jsonpath='{.status.certificate}' | openssl base64 -d -A -out jane.crt",
      'openssl x509 -in jane.crt -noout -subject -issuer -dates',
      "kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | openssl base64 -d -A -out cluster-ca.crt",
      [
        'kubectl config set-cluster fieldlab --kubeconfig=jane.kubeconfig \\',
        '  --server="$(kubectl config view --minify -o jsonpath=\'{.clusters[0].cluster.server}\')" \\',
        '  --certificate-authority=cluster-ca.crt --embed-certs',
      ].join('\n'),
      'kubectl config set-credentials jane --client-certificate=jane.crt --client-key=jane.key --embed-certs --kubeconfig=jane.kubeconfig',
      `kubectl config set-context jane@fieldlab --cluster=fieldlab --user=jane --namespace=${NS} --kubeconfig=jane.kubeconfig`,
      'kubectl config use-context jane@fieldlab --kubeconfig=jane.kubeconfig',
    ],
    checks: [
      {
        type: 'command',
        run: 'openssl verify -CAfile cluster-ca.crt jane.crt',
        expect: { equals: 'jane.crt: OK' },
        proves: { en: "Jane's certificate was signed by the cluster CA", 'zh-cn': 'Jane 的证书由集群 CA 签发' },
      },
      {
        type: 'command',
        run: 'openssl x509 -in jane.crt -noout -checkend 86400',
        expect: { exitCode: 'nonzero', includes: 'Certificate will expire' },
        proves: {
          en: 'the signer honoured expirationSeconds: the certificate expires within a day',
          'zh-cn': '签名者遵守了 expirationSeconds：证书在一天之内到期',
        },
      },
      {
        type: 'command',
        run: "kubectl config view --kubeconfig=jane.kubeconfig -o jsonpath='{.contexts[0].context.user}'",
        expect: { equals: 'jane' },
        proves: { en: 'jane.kubeconfig uses the jane credentials', 'zh-cn': 'jane.kubeconfig 使用 jane 的凭据' },
      },
    ],
  },
  {
    id: 'whoami-as-user',
    title: { en: 'Ask the API server who Jane is', 'zh-cn': '让 API 服务器告诉你 Jane 是谁' },
    explain: {
      en: 'kubectl auth whoami sends a SelfSubjectReview: the API server answers with the user and groups it derived from the certificate. Any authenticated user may ask.',
      'zh-cn':
        'kubectl auth whoami 会发送一个 SelfSubjectReview：API 服务器返回它从证书中得出的用户名和组。任何通过认证的用户都可以这样问。',
    },
    run: [`${JANE} auth whoami`],
    checks: [
      {
        type: 'command',
        run: `${JANE} auth whoami -o jsonpath='{.status.userInfo.username}'`,
        expect: { equals: 'jane' },
        proves: { en: 'the API server authenticates the certificate as jane', 'zh-cn': 'API 服务器把证书认证为 jane' },
      },
      {
        type: 'command',
        run: `${JANE} auth whoami -o jsonpath='{.status.userInfo.groups}'`,
        expect: { includes: 'fieldlab-devs' },
        proves: {
          en: 'the O of the certificate became the group fieldlab-devs',
          'zh-cn': '证书中的 O 变成了 fieldlab-devs 组',
        },
      },
    ],
  },
  {
    id: 'can-i-before',
    title: { en: 'Authenticated, but not yet authorized', 'zh-cn': '认证通过了，鉴权还没通过' },
    explain: {
      en: 'A valid certificate proves who Jane is, nothing more. Until RBAC grants her something, every request she makes is forbidden.',
      'zh-cn': '有效的证书只证明 Jane 是谁，仅此而已。在 RBAC 授予权限之前，她的每个请求都会被拒绝。',
    },
    run: [
      'kubectl apply -f manifests/namespace.yaml',
      `${CAN_I} list pods -n ${NS} || echo "refused, as expected"`,
      `${JANE} get pods -n ${NS} || echo "refused, as expected"`,
    ],
    checks: [
      {
        type: 'command',
        run: `${CAN_I} list pods -n ${NS}`,
        expect: { exitCode: 'nonzero', equals: 'no' },
        proves: { en: 'Jane may not list Pods yet', 'zh-cn': 'Jane 目前还不能列出 Pod' },
        // A later step changes this (approval, the RoleBinding): `check` on a kept cluster skips it.
        moment: true,
      },
      {
        type: 'command',
        run: `${JANE} get pods -n ${NS}`,
        expect: { exitCode: 'nonzero', includes: 'User "jane" cannot list resource "pods"' },
        proves: {
          en: 'the API server names the user and the refused verb',
          'zh-cn': 'API 服务器在拒绝信息中写明了用户和被拒绝的操作',
        },
        moment: true,
      },
    ],
  },
  {
    id: 'grant-role',
    title: { en: 'Grant a Role to her group', 'zh-cn': '把 Role 授予她所在的组' },
    explain: {
      en: 'A Role allows reading Pods in certificates-lab; a RoleBinding gives it to group fieldlab-devs. The API server authorizes from a cache that picks up the binding a moment after apply returns, so the first question is repeated until the answer is yes. Jane can now list Pods there, and still nothing else.',
      'zh-cn':
        'Role 允许读取 certificates-lab 中的 Pod，RoleBinding 把它授予 fieldlab-devs 组。API 服务器依据缓存做鉴权判断，apply 返回后稍过片刻缓存才会看到新的绑定，所以第一个问题会一直重问，直到回答 yes。现在 Jane 能列出那里的 Pod，除此之外仍然什么都不能做。',
    },
    run: [
      'kubectl apply -f manifests/pod-reader.yaml',
      // The authorizer sees the new binding through its cache, a moment after apply returns: ask until it does.
      `until ${CAN_I} list pods -n ${NS}; do sleep 1; done`,
      `${CAN_I} delete pods -n ${NS} || echo "refused, as expected"`,
      `${CAN_I} list pods -n kube-system || echo "refused, as expected"`,
      `${JANE} get pods -n ${NS}`,
    ],
    checks: [
      {
        type: 'command',
        run: `${CAN_I} list pods -n ${NS}`,
        expect: { equals: 'yes' },
        proves: {
          en: 'Jane may now list Pods in certificates-lab',
          'zh-cn': 'Jane 现在可以列出 certificates-lab 中的 Pod',
        },
      },
      {
        type: 'command',
        run: `${CAN_I} delete pods -n ${NS}`,
        expect: { exitCode: 'nonzero', equals: 'no' },
        proves: { en: 'she still may not delete them', 'zh-cn': '她仍然不能删除 Pod' },
      },
      {
        type: 'command',
        run: `${CAN_I} list pods -n kube-system`,
        expect: { exitCode: 'nonzero', equals: 'no' },
        proves: { en: 'the Role stops at its namespace', 'zh-cn': 'Role 的权限止于它所在的命名空间' },
      },
      {
        type: 'command',
        run: `${CAN_I} list secrets -n ${NS}`,
        expect: { exitCode: 'nonzero', equals: 'no' },
        proves: { en: 'Secrets stay out of reach', 'zh-cn': 'Secret 仍然无法访问' },
      },
    ],
  },
];
