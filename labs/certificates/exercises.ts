import { type ExerciseInput, HANDSHAKE, SIGN_APISERVER, SIGN_CLIENT, sign } from './commands.ts';

const BUILT = ['create-ca', 'apiserver-cert', 'client-cert'];
/** Files on disk do not change by waiting: one try is the honest answer. */
const INSTANT = '1s';

/** Re-sign the API server request with a config derived from files/apiserver.cnf, as a careless renewal would. */
function reissueApiserver(edit: string): string[] {
  return [
    `sed '${edit}' files/apiserver.cnf > pki/apiserver-reissue.cnf`,
    sign({
      csr: 'pki/apiserver.csr',
      ca: 'pki/ca',
      extfile: 'pki/apiserver-reissue.cnf',
      extensions: 'serving',
      out: 'pki/apiserver.crt',
    }),
  ];
}

const handshakeAccepted = {
  type: 'command',
  run: HANDSHAKE,
  expect: { includes: 'accepted' },
  timeout: INSTANT,
  proves: {
    en: 'the mutual-TLS handshake succeeds again',
    'zh-cn': '双向 TLS 握手重新成功',
  },
} as const;

/** Offline troubleshooting: each fault is one of the classic x509 errors, shown by the handshake script. */
export const exercises: ExerciseInput[] = [
  {
    id: 'wrong-san',
    where: 'host',
    after: BUILT,
    title: {
      en: 'Valid for the wrong names: "certificate is valid for …, not kubernetes.default.svc"',
      'zh-cn': '证书对应的名字不对：“certificate is valid for …, not kubernetes.default.svc”',
    },
    break: reissueApiserver('/^DNS.3 /d; /^IP.1 /d'),
    hint: {
      en: 'Run the handshake script and read the client-side verify error. Then list the names with "openssl x509 -in pki/apiserver.crt -noout -ext subjectAltName" and compare them with files/apiserver.cnf. The key and the request are fine: re-sign the request with the right extensions.',
      'zh-cn':
        '运行握手脚本，看客户端报出的校验错误。再用“openssl x509 -in pki/apiserver.crt -noout -ext subjectAltName”列出证书里的名字，与 files/apiserver.cnf 对比。私钥和请求都没问题：用正确的扩展重新签名即可。',
    },
    verify: [
      {
        type: 'command',
        run: 'openssl x509 -in pki/apiserver.crt -noout -ext subjectAltName',
        expect: { matches: 'DNS:kubernetes\\.default\\.svc(,|$)' },
        timeout: INSTANT,
        proves: { en: 'kubernetes.default.svc is a SAN again', 'zh-cn': 'kubernetes.default.svc 重新出现在 SAN 中' },
      },
      {
        type: 'command',
        run: 'openssl x509 -in pki/apiserver.crt -noout -ext subjectAltName',
        expect: { includes: 'IP Address:10.96.0.1' },
        timeout: INSTANT,
        proves: { en: 'the Service IP is a SAN again', 'zh-cn': 'Service IP 重新出现在 SAN 中' },
      },
      handshakeAccepted,
    ],
    solve: [SIGN_APISERVER],
  },
  {
    id: 'foreign-ca',
    where: 'host',
    after: [...BUILT, 'foreign-ca-refused'],
    title: {
      en: 'Signed by another CA: "certificate signed by unknown authority"',
      'zh-cn': '由另一个 CA 签发：“certificate signed by unknown authority”',
    },
    break: [
      sign({
        csr: 'pki/client.csr',
        ca: 'pki/other-ca',
        extfile: 'files/client.cnf',
        extensions: 'client',
        out: 'pki/client.crt',
      }),
    ],
    hint: {
      en: 'The subject of pki/client.crt still says alice. Compare its issuer ("openssl x509 -noout -issuer") with the subject of pki/ca.crt, and ask "openssl verify -CAfile pki/ca.crt pki/client.crt". A name proves nothing; only the signature of the trusted CA does.',
      'zh-cn':
        'pki/client.crt 的主体仍然是 alice。用“openssl x509 -noout -issuer”查看它的签发者，与 pki/ca.crt 的主体对比，再执行“openssl verify -CAfile pki/ca.crt pki/client.crt”。名字证明不了什么，只有受信任 CA 的签名才算数。',
    },
    verify: [
      {
        type: 'command',
        run: 'openssl verify -CAfile pki/ca.crt pki/client.crt',
        expect: { equals: 'pki/client.crt: OK' },
        timeout: INSTANT,
        proves: {
          en: 'the client certificate chains to fieldlab-ca again',
          'zh-cn': '客户端证书又能通过 fieldlab-ca 的校验了',
        },
      },
      handshakeAccepted,
    ],
    solve: [SIGN_CLIENT],
  },
  {
    id: 'wrong-usage',
    where: 'host',
    after: BUILT,
    title: {
      en: 'A client certificate used as a server: "certificate specifies an incompatible key usage"',
      'zh-cn': '把客户端证书当服务端证书用：“certificate specifies an incompatible key usage”',
    },
    break: reissueApiserver('s/^extendedKeyUsage .*/extendedKeyUsage       = clientAuth/'),
    hint: {
      en: 'The names and the chain are right this time. Look at "openssl x509 -in pki/apiserver.crt -noout -ext extendedKeyUsage": a client checks that the certificate a server presents allows serverAuth.',
      'zh-cn':
        '这次名字和证书链都没问题。看看“openssl x509 -in pki/apiserver.crt -noout -ext extendedKeyUsage”：客户端会检查服务器出示的证书是否允许 serverAuth。',
    },
    verify: [
      {
        type: 'command',
        run: 'openssl x509 -in pki/apiserver.crt -noout -ext extendedKeyUsage',
        expect: { includes: 'TLS Web Server Authentication' },
        timeout: INSTANT,
        proves: { en: 'the serving certificate allows serverAuth again', 'zh-cn': '服务端证书重新允许 serverAuth' },
      },
      handshakeAccepted,
    ],
    solve: [SIGN_APISERVER],
  },
];
