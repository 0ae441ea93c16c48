import type { LabInput } from '../kit/schema.ts';

export type StepInput = LabInput['steps'][number];
export type ExerciseInput = NonNullable<LabInput['exercises']>[number];

export const NODE = 'fieldlab-control-plane';
export const NS = 'certificates-lab';
/** Where files/restart-static-pod.sh parks the API server manifest while the kubelet stops the Pod. */
export const PARKED_APISERVER = '/etc/kubernetes/kube-apiserver.yaml.parked';
/** kubectl as Jane: her own kubeconfig file in the work folder, never the run's. */
export const JANE = 'kubectl --kubeconfig=jane.kubeconfig';

/** A private key that only its owner can read: umask 077 in a subshell, so the reader's shell keeps its umask. */
export function newKey(path: string, algorithm: 'rsa-2048' | 'ec-p256'): string {
  const options =
    algorithm === 'rsa-2048' ? 'RSA -pkeyopt rsa_keygen_bits:2048' : 'EC -pkeyopt ec_paramgen_curve:P-256';
  return `(umask 077 && openssl genpkey -algorithm ${options} -out ${path})`;
}

export interface Signing {
  csr: string;
  /** The CA's files without extension: `pki/ca` means pki/ca.crt, pki/ca.key and pki/ca.srl. */
  ca: string;
  /** The openssl config holding the extensions, and its section. */
  extfile: string;
  extensions: 'serving' | 'client';
  out: string;
}

/** A CA signs a request for one year (365 days, the kubeadm leaf lifetime), adding the extensions of one config section. */
export function sign({ csr, ca, extfile, extensions, out }: Signing): string {
  // Three lines, as a reader would type it: what is signed and by whom, for how long, with which extensions.
  return [
    `openssl x509 -req -in ${csr} -CA ${ca}.crt -CAkey ${ca}.key \\`,
    `  -CAserial ${ca}.srl -CAcreateserial -days 365 \\`,
    `  -extfile ${extfile} -extensions ${extensions} -out ${out}`,
  ].join('\n');
}

export const SIGN_APISERVER = sign({
  csr: 'pki/apiserver.csr',
  ca: 'pki/ca',
  extfile: 'files/apiserver.cnf',
  extensions: 'serving',
  out: 'pki/apiserver.crt',
});

export const SIGN_CLIENT = sign({
  csr: 'pki/client.csr',
  ca: 'pki/ca',
  extfile: 'files/client.cnf',
  extensions: 'client',
  out: 'pki/client.crt',
});

export const HANDSHAKE = 'bash files/mtls-handshake.sh pki/client.crt pki/client.key';
