import { existsSync, readFileSync } from 'node:fs';
import { parseYaml, stringifyYaml } from './deps.ts';
import { UserError } from './errors.ts';
import { type Mirror, mirrorsNote } from './mirrors.ts';

/**
 * kubelet 1.35 and newer refuse to start on a cgroup v1 host unless told otherwise. This patch is
 * what kind's config takes for that: a KubeletConfiguration patch matched by kind, any apiVersion.
 */
export const CGROUP_V1_PATCH = 'kind: KubeletConfiguration\nfailCgroupV1: false\n';

export const CGROUP_V1_NOTE =
  'this host mounts cgroup v1: the kubelet gets failCgroupV1: false (kubelet 1.35+ refuses cgroup v1 otherwise)';

/**
 * Lowering a process's OOM score needs CAP_SYS_RESOURCE. Where the host's capability bounding set
 * lacks it, even a privileged node cannot give it to runc, and every Pod sandbox fails with
 * "failed to update /proc/self/oom_score_adj: Permission denied". containerd's
 * restrict_oom_score_adj (what kind's entrypoint turns on for rootless nodes) keeps scores at or
 * above the node's own.
 */
export const RESTRICT_OOM_PATCH = '[plugins."io.containerd.grpc.v1.cri"]\n  restrict_oom_score_adj = true\n';

export const RESTRICT_OOM_NOTE =
  "this host's capability set lacks CAP_SYS_RESOURCE: containerd gets restrict_oom_score_adj = true (Pods keep the node's OOM score or higher, as on rootless kind)";

/**
 * A node of the source-built platform has every image it may run preloaded, and no registry to pull
 * from. containerd reads per-registry hosts files from config_path; the kit then writes one for
 * every registry (`_default`) that points pulls at a closed port on the node's own loopback, so a
 * Pod whose image cannot be built (Istio's Envoy, say) fails to pull inside the node, at once and
 * with a clear error, instead of sending traffic to a registry.
 */
export const REGISTRY_HOSTS_PATCH =
  '[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n';

/** Where pulls go on the source-built platform: a closed port on the node's loopback. */
export const OFFLINE_REGISTRY = 'http://127.0.0.1:9';

/** The hosts.toml every registry gets on the source-built platform. */
export const OFFLINE_HOSTS_TOML = `server = "${OFFLINE_REGISTRY}"`;

export const OFFLINE_NOTE = `the source-built platform has no registry: containerd sends every pull to ${OFFLINE_REGISTRY} inside the node (hosts.toml for _default), so an image without a stand-in fails to pull there and no traffic leaves the node`;

const CAP_SYS_RESOURCE = 24n;

/** Whether the bounding set (CapBnd in /proc/self/status, or LAB_CAPBND) holds CAP_SYS_RESOURCE. */
export function hostHasSysResource(status = process.env.LAB_CAPBND ?? readStatus()): boolean {
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? (/^[0-9a-f]+$/.test(status) ? status : undefined);
  if (hex === undefined) return true;
  return ((BigInt(`0x${hex}`) >> CAP_SYS_RESOURCE) & 1n) === 1n;
}

function readStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}

export interface HostFacts {
  cgroup: 1 | 2;
  sysResource: boolean;
  /** The node image is the source-built one: no registry to pull from (see REGISTRY_HOSTS_PATCH). */
  offline?: boolean;
  /** Registry mirrors asked for (--registry-mirror): containerd must read per-registry hosts files. */
  mirrors?: readonly Mirror[];
}

export function hostFacts(offline = false, mirrors: readonly Mirror[] = []): HostFacts {
  return { cgroup: hostCgroupVersion(), sysResource: hostHasSysResource(), offline, mirrors };
}

/**
 * The cgroup version kind's nodes get. LAB_CGROUP_ROOT (tests) names a hierarchy to look at; else
 * what the engine reported (LAB_NODE_CGROUP, set by useEngine); else this machine's own: cgroup
 * v2 hosts have cgroup.controllers at the root of the unified hierarchy.
 */
export function hostCgroupVersion(root = process.env.LAB_CGROUP_ROOT): 1 | 2 {
  if (root === undefined) {
    const reported = process.env.LAB_NODE_CGROUP;
    if (reported === '1' || reported === '2') return reported === '1' ? 1 : 2;
  }
  return existsSync(`${root ?? '/sys/fs/cgroup'}/cgroup.controllers`) ? 2 : 1;
}

export interface KindConfig {
  /** The config to pass with --config, or undefined for kind's default. */
  text?: string;
  /** What the kit changed on top of the lab's own config, for the output and the transcript. */
  adjustments: string[];
}

/**
 * The lab's own kind config (or none), with the kit's additions for this host merged in: on a
 * cgroup v1 host, the kubelet patch appended to kubeadmConfigPatches; without CAP_SYS_RESOURCE,
 * the containerd patch appended to containerdConfigPatches.
 */
export function kindConfigFor(labConfig: string | undefined, host: HostFacts): KindConfig {
  const mirrors = host.mirrors ?? [];
  if (host.cgroup === 2 && host.sysResource && !host.offline && mirrors.length === 0) {
    return labConfig === undefined ? { adjustments: [] } : { text: labConfig, adjustments: [] };
  }
  const base =
    labConfig === undefined ? { kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' } : parseYaml(labConfig);
  if (typeof base !== 'object' || base === null || Array.isArray(base)) {
    throw new UserError('the lab kind.yaml is not a kind Cluster config (expected a mapping)');
  }
  const config = base as Record<string, unknown>;
  const adjustments: string[] = [];
  if (host.cgroup === 1) {
    append(config, 'kubeadmConfigPatches', CGROUP_V1_PATCH, /failCgroupV1:\s*false/);
    adjustments.push(CGROUP_V1_NOTE);
  }
  if (!host.sysResource) {
    append(config, 'containerdConfigPatches', RESTRICT_OOM_PATCH, /restrict_oom_score_adj\s*=\s*true/);
    adjustments.push(RESTRICT_OOM_NOTE);
  }
  if (host.offline || mirrors.length > 0) {
    append(config, 'containerdConfigPatches', REGISTRY_HOSTS_PATCH, /config_path\s*=/);
  }
  if (mirrors.length > 0) adjustments.push(mirrorsNote(mirrors));
  if (host.offline) adjustments.push(OFFLINE_NOTE);
  return { text: stringifyYaml(config), adjustments };
}

function append(config: Record<string, unknown>, key: string, patch: string, present: RegExp): void {
  const patches = config[key] ?? [];
  if (!Array.isArray(patches)) throw new UserError(`the lab kind.yaml has ${key} that is not a list`);
  const already = patches.some((item) => typeof item === 'string' && present.test(item));
  config[key] = already ? patches : [...patches, patch];
}

export function readLabKindConfig(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
