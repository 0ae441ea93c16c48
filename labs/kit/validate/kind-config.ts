import { parseYaml as parse, z } from '../deps.ts';

const PortMapping = z
  .object({
    containerPort: z.number().int().min(1).max(65535),
    hostPort: z.number().int().min(0).max(65535).optional(),
    listenAddress: z.string().optional(),
    protocol: z.enum(['TCP', 'UDP', 'SCTP', 'tcp', 'udp', 'sctp']).optional(),
  })
  .strict();

const Mount = z
  .object({
    hostPath: z.string().min(1),
    containerPath: z.string().startsWith('/'),
    readOnly: z.boolean().optional(),
    selinuxRelabel: z.boolean().optional(),
    propagation: z.enum(['None', 'HostToContainer', 'Bidirectional']).optional(),
  })
  .strict();

const Node = z
  .object({
    role: z.enum(['control-plane', 'worker']),
    image: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    extraMounts: z.array(Mount).optional(),
    extraPortMappings: z.array(PortMapping).optional(),
    kubeadmConfigPatches: z.array(z.string()).optional(),
    kubeadmConfigPatchesJSON6902: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict();

/** kind's Cluster config, v1alpha4, with the fields the labs may use. Unknown fields are errors. */
export const KindCluster = z
  .object({
    kind: z.literal('Cluster'),
    apiVersion: z.literal('kind.x-k8s.io/v1alpha4'),
    name: z.string().optional(),
    nodes: z.array(Node).min(1).optional(),
    networking: z
      .object({
        ipFamily: z.enum(['ipv4', 'ipv6', 'dual']).optional(),
        apiServerAddress: z.string().optional(),
        apiServerPort: z.number().int().optional(),
        podSubnet: z.string().optional(),
        serviceSubnet: z.string().optional(),
        disableDefaultCNI: z.boolean().optional(),
        kubeProxyMode: z.enum(['iptables', 'nftables', 'ipvs', 'none']).optional(),
        dnsSearch: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    featureGates: z.record(z.string(), z.boolean()).optional(),
    runtimeConfig: z.record(z.string(), z.string()).optional(),
    kubeadmConfigPatches: z.array(z.string()).optional(),
    kubeadmConfigPatchesJSON6902: z.array(z.record(z.string(), z.unknown())).optional(),
    containerdConfigPatches: z.array(z.string()).optional(),
  })
  .strict();

/** Problems with a kind config, as readable lines; the patches inside must be YAML too. */
export function validateKindConfig(text: string): string[] {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return [`YAML does not parse: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`];
  }
  const parsed = KindCluster.safeParse(value);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const problems: string[] = [];
  const patches = [
    ...(parsed.data.kubeadmConfigPatches ?? []),
    ...(parsed.data.nodes ?? []).flatMap((node) => node.kubeadmConfigPatches ?? []),
  ];
  for (const patch of patches) {
    try {
      const object = parse(patch) as { kind?: unknown; apiVersion?: unknown } | null;
      if (!object || typeof object.kind !== 'string') problems.push('a kubeadmConfigPatches entry has no kind');
      else if (typeof object.apiVersion === 'string' && object.apiVersion.endsWith('/v1beta3')) {
        problems.push(
          `a ${object.kind} patch pins ${object.apiVersion}: kind uses kubeadm v1beta4 for Kubernetes ≥ 1.36 and does not convert a versioned v1beta3 patch; drop apiVersion`,
        );
      }
    } catch (error) {
      problems.push(
        `a kubeadmConfigPatches entry is not YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
  return problems;
}
