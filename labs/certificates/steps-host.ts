import { HANDSHAKE, newKey, SIGN_APISERVER, SIGN_CLIENT, type StepInput, sign } from './commands.ts';

/** Build a small PKI with openssl and prove it with a mutual-TLS handshake; no cluster needed. */
export const hostSteps: StepInput[] = [
  {
    id: 'create-ca',
    where: 'host',
    title: { en: 'Create a certificate authority', 'zh-cn': '创建一个证书颁发机构（CA）' },
    explain: {
      en: 'A CA is a key pair plus a self-signed certificate that says "CA:TRUE". Whoever holds ca.key can mint identities that every component trusting ca.crt accepts, which is why kubeadm keeps it readable by root only.',
      'zh-cn':
        'CA 就是一对密钥加上一张声明“CA:TRUE”的自签名证书。谁持有 ca.key，谁就能随意签发身份，所有信任 ca.crt 的组件都会认可这些身份，所以 kubeadm 只让 root 读取它。',
    },
    run: [
      'mkdir -p pki',
      newKey('pki/ca.key', 'rsa-2048'),
      'openssl req -x509 -new -key pki/ca.key -config files/ca.cnf -days 3650 -out pki/ca.crt',
      'openssl x509 -in pki/ca.crt -noout -subject -issuer -dates -ext basicConstraints,keyUsage',
    ],
    show: ['files/ca.cnf'],
    checks: [
      {
        type: 'command',
        run: 'openssl x509 -in pki/ca.crt -noout -ext basicConstraints',
        expect: { includes: 'CA:TRUE' },
        proves: { en: 'the certificate is marked as a CA', 'zh-cn': '这张证书被标记为 CA' },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/ca.crt -noout -subject -issuer',
        expect: { matches: '^issuer=CN ?= ?fieldlab-ca$' },
        proves: { en: 'the CA signed its own certificate', 'zh-cn': 'CA 证书由它自己签发' },
      },
      {
        type: 'command',
        run: 'ls -l pki/ca.key',
        expect: { matches: '^-rw------- ' },
        proves: {
          en: 'only the owner can read the CA private key (mode 0600)',
          'zh-cn': 'CA 私钥只有属主可读（权限 0600）',
        },
      },
    ],
  },
  {
    id: 'apiserver-cert',
    where: 'host',
    title: { en: 'Issue an API-server-style serving certificate', 'zh-cn': '签发一张 API 服务器式的服务端证书' },
    explain: {
      en: 'The key and request come first; the CA then signs the request and adds the extensions: every name and address a client may dial as a SAN, and serverAuth as the only extended usage. The certificate lives 365 days, like the ones kubeadm issues.',
      'zh-cn':
        '先生成私钥和签名请求，再由 CA 签名并加上扩展：客户端可能用来连接的每个名字和地址都写进 SAN，扩展用途只有 serverAuth。有效期 365 天，与 kubeadm 签发的证书一致。',
    },
    run: [
      newKey('pki/apiserver.key', 'rsa-2048'),
      'openssl req -new -key pki/apiserver.key -config files/apiserver.cnf -out pki/apiserver.csr',
      SIGN_APISERVER,
      'openssl x509 -in pki/apiserver.crt -noout -subject -issuer -dates -ext subjectAltName,extendedKeyUsage',
    ],
    show: ['files/apiserver.cnf'],
    checks: [
      {
        type: 'command',
        run: 'openssl verify -CAfile pki/ca.crt pki/apiserver.crt',
        expect: { equals: 'pki/apiserver.crt: OK' },
        proves: { en: 'the chain to the CA verifies', 'zh-cn': '到 CA 的证书链校验通过' },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/apiserver.crt -noout -ext subjectAltName',
        expect: {
          includes:
            'DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local',
        },
        proves: {
          en: 'the four in-cluster names of the API server are SANs',
          'zh-cn': 'API 服务器在集群内的四个名字都在 SAN 中',
        },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/apiserver.crt -noout -ext subjectAltName',
        expect: { includes: 'IP Address:10.96.0.1, IP Address:172.18.0.2' },
        proves: {
          en: 'the Service IP 10.96.0.1 and the node IP are SANs',
          'zh-cn': 'Service IP 10.96.0.1 和节点 IP 都在 SAN 中',
        },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/apiserver.crt -noout -ext extendedKeyUsage',
        expect: { matches: '^ +TLS Web Server Authentication$' },
        proves: { en: 'serverAuth is the only extended key usage', 'zh-cn': '扩展密钥用途只有 serverAuth' },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/apiserver.crt -noout -checkend 31536000',
        expect: { exitCode: 'nonzero', includes: 'Certificate will expire' },
        proves: { en: 'the certificate expires within one year', 'zh-cn': '证书在一年之内到期' },
      },
      {
        type: 'command',
        run: 'ls -l pki/apiserver.key',
        expect: { matches: '^-rw------- ' },
        proves: { en: 'the serving key is readable by its owner only', 'zh-cn': '服务端私钥只有属主可读' },
      },
    ],
  },
  {
    id: 'client-cert',
    where: 'host',
    title: { en: 'Issue a client certificate for a user', 'zh-cn': '为用户签发客户端证书' },
    explain: {
      en: 'The same CA signs a certificate for alice in group fieldlab-ops. It carries clientAuth and no SANs: the API server reads the user from CN and the groups from O.',
      'zh-cn':
        '同一个 CA 为 fieldlab-ops 组的 alice 签发证书。它带 clientAuth、不带 SAN：API 服务器从 CN 读出用户名，从 O 读出所属组。',
    },
    run: [
      newKey('pki/client.key', 'rsa-2048'),
      'openssl req -new -key pki/client.key -config files/client.cnf -out pki/client.csr',
      SIGN_CLIENT,
      'openssl x509 -in pki/client.crt -noout -subject -issuer -dates -ext extendedKeyUsage',
    ],
    show: ['files/client.cnf'],
    checks: [
      {
        type: 'command',
        run: 'openssl verify -CAfile pki/ca.crt pki/client.crt',
        expect: { equals: 'pki/client.crt: OK' },
        proves: { en: 'the client certificate chains to the CA', 'zh-cn': '客户端证书能通过这个 CA 的校验' },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/client.crt -noout -subject',
        expect: { matches: '^subject=O ?= ?fieldlab-ops, CN ?= ?alice$' },
        proves: {
          en: 'the user is alice (CN) in group fieldlab-ops (O)',
          'zh-cn': '用户是 alice（CN），属于 fieldlab-ops 组（O）',
        },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/client.crt -noout -ext extendedKeyUsage',
        expect: { matches: '^ +TLS Web Client Authentication$' },
        proves: { en: 'clientAuth is the only extended key usage', 'zh-cn': '扩展密钥用途只有 clientAuth' },
      },
      {
        type: 'command',
        run: 'ls -l pki/client.key',
        expect: { matches: '^-rw------- ' },
        proves: { en: 'the client key is readable by its owner only', 'zh-cn': '客户端私钥只有属主可读' },
      },
    ],
  },
  {
    id: 'mtls-handshake',
    where: 'host',
    title: {
      en: 'A mutual-TLS handshake, with and without a client certificate',
      'zh-cn': '双向 TLS 握手：带与不带客户端证书',
    },
    explain: {
      en: 'The script starts openssl s_server on 127.0.0.1 with the serving certificate and -Verify 1, then connects with openssl s_client as a Pod would. Each side checks the other against the CA; without a client certificate the server ends the handshake.',
      'zh-cn':
        '脚本在 127.0.0.1 上用服务端证书和 -Verify 1 启动 openssl s_server，再像 Pod 那样用 openssl s_client 连接。双方都用 CA 校验对方；不出示客户端证书，服务器就会中止握手。',
    },
    run: [HANDSHAKE, 'bash files/mtls-handshake.sh || echo "refused, as expected"'],
    show: ['files/mtls-handshake.sh'],
    checks: [
      {
        type: 'command',
        run: HANDSHAKE,
        expect: { includes: 'accepted: the server verified pki/client.crt' },
        proves: {
          en: 'the server accepts the client certificate and answers over mutual TLS',
          'zh-cn': '服务器接受客户端证书，并通过双向 TLS 作出应答',
        },
      },
      {
        type: 'command',
        run: 'bash files/mtls-handshake.sh',
        expect: { exitCode: 'nonzero', includes: 'peer did not return a certificate' },
        proves: {
          en: 'without a client certificate the server refuses the handshake',
          'zh-cn': '不出示客户端证书时服务器拒绝握手',
        },
      },
    ],
  },
  {
    id: 'foreign-ca-refused',
    where: 'host',
    title: { en: 'The same name from another CA is refused', 'zh-cn': '同名证书换一个 CA 签发就会被拒绝' },
    explain: {
      en: "A second CA signs alice's very same request. Subject, key and usages are identical, yet the server refuses it: trust comes from the signature, never from the name.",
      'zh-cn':
        '第二个 CA 为 alice 的同一份请求签名。主体、私钥和用途都一模一样，服务器仍然拒绝：信任来自签名，而不是名字。',
    },
    run: [
      newKey('pki/other-ca.key', 'ec-p256'),
      'openssl req -x509 -new -key pki/other-ca.key -config files/ca.cnf -subj /CN=other-team-ca -days 3650 -out pki/other-ca.crt',
      sign({
        csr: 'pki/client.csr',
        ca: 'pki/other-ca',
        extfile: 'files/client.cnf',
        extensions: 'client',
        out: 'pki/alice-other-ca.crt',
      }),
      'openssl verify -CAfile pki/ca.crt pki/alice-other-ca.crt || echo "refused, as expected"',
      'bash files/mtls-handshake.sh pki/alice-other-ca.crt pki/client.key || echo "refused, as expected"',
    ],
    checks: [
      {
        type: 'command',
        run: 'openssl verify -CAfile pki/ca.crt pki/alice-other-ca.crt',
        expect: { exitCode: 'nonzero', includes: 'unable to get local issuer certificate' },
        proves: {
          en: 'the certificate from the other CA does not chain to fieldlab-ca',
          'zh-cn': '另一个 CA 签发的证书通不过 fieldlab-ca 的校验',
        },
      },
      {
        type: 'command',
        run: 'bash files/mtls-handshake.sh pki/alice-other-ca.crt pki/client.key',
        expect: { exitCode: 'nonzero', includes: 'refused' },
        proves: {
          en: 'the server refuses a client certificate from another CA',
          'zh-cn': '服务器拒绝另一个 CA 签发的客户端证书',
        },
      },
    ],
  },
];
