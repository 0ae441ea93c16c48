import { defineLab } from '../kit/schema.ts';
import { NODE, NS, PARKED_APISERVER } from './commands.ts';
import { exercises } from './exercises.ts';
import { clusterPkiSteps } from './steps-cluster.ts';
import { hostSteps } from './steps-host.ts';
import { userSteps } from './steps-user.ts';

export default defineLab({
  id: 'certificates',
  title: { en: 'Certificates and the cluster PKI', 'zh-cn': '证书与集群 PKI' },
  summary: {
    en: "Map every file of a kubeadm cluster's /etc/kubernetes/pki to the flag that uses it, read and renew the real ones, build a CA, a serving and a client certificate with openssl and prove them with mutual TLS, then onboard a user through the CSR API and RBAC.",
    'zh-cn':
      '把 kubeadm 集群 /etc/kubernetes/pki 中的每个文件对应到使用它的启动参数，查看并续期真实的证书；用 openssl 构建 CA、服务端证书和客户端证书，并用双向 TLS 验证；再通过 CSR API 和 RBAC 为新用户开通访问。',
  },
  duration: 45,
  tools: [
    { name: 'docker', min: '24.0' },
    { name: 'kind', min: '0.33.0' },
    { name: 'kubectl', min: '1.35.0' },
    { name: 'openssl', min: '3.0', for: 'both' },
  ],
  namespaces: [NS],
  steps: [...clusterPkiSteps, ...hostSteps, ...userSteps],
  exercises,
  cleanup: [
    // If the renewal step was cut off while the API server manifest was parked, put it back first and give the
    // API server time to answer: the other cleanup commands, and every lab sharing the cluster, need it.
    `docker exec ${NODE} sh -c 'if [ -f ${PARKED_APISERVER} ]; then mv ${PARKED_APISERVER} /etc/kubernetes/manifests/kube-apiserver.yaml; fi'`,
    'for _ in $(seq 80); do if kubectl get --raw=/readyz >/dev/null 2>&1; then break; fi; sleep 2; done',
    'kubectl delete namespace -l fieldlab.dev/lab=certificates --wait=true --timeout=180s',
    'kubectl delete csr -l fieldlab.dev/lab=certificates',
  ],
});
