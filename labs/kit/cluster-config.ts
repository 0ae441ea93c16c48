import { existsSync, readFileSync } from 'node:fs';
import { parseYaml, stringifyYaml } from './deps.ts';
import { UserError } from './errors.ts';

/**
 * kubelet 1.35 and newer refuse to start on a cgroup v1 host unless told otherwise. This patch is
 * what kind's config takes for that: a KubeletConfiguration patch matched by kind, any apiVersion.
 */
export const CGROUP_V1_PATCH = 'kind: KubeletConfiguration\nfailCgroupV1: false\n';

export const CGROUP_V1_NOTE =
  'this host mounts cgroup v1: the kubelet gets failCgroupV1: false (kubelet 1.35+ refuses cgroup v1 otherwise)';

/** cgroup v2 hosts have cgroup.controllers at the root of the unified hierarchy. */
export function hostCgroupVersion(root = process.env.LAB_CGROUP_ROOT ?? '/sys/fs/cgroup'): 1 | 2 {
  return existsSync(`${root}/cgroup.controllers`) ? 2 : 1;
}

export interface KindConfig {
  /** The config to pass with --config, or undefined for kind's default. */
  text?: string;
  /** What the kit changed on top of the lab's own config, for the output and the transcript. */
  adjustments: string[];
}

/**
 * The lab's own kind config (or none), with the kit's additions for this host merged in: on a
 * cgroup v1 host, the kubelet patch appended to kubeadmConfigPatches.
 */
export function kindConfigFor(labConfig: string | undefined, cgroup: 1 | 2): KindConfig {
  if (cgroup === 2) return labConfig === undefined ? { adjustments: [] } : { text: labConfig, adjustments: [] };
  const base =
    labConfig === undefined ? { kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' } : parseYaml(labConfig);
  if (typeof base !== 'object' || base === null || Array.isArray(base)) {
    throw new UserError('the lab kind.yaml is not a kind Cluster config (expected a mapping)');
  }
  const config = base as Record<string, unknown>;
  const patches = config.kubeadmConfigPatches ?? [];
  if (!Array.isArray(patches)) throw new UserError('the lab kind.yaml has kubeadmConfigPatches that is not a list');
  const already = patches.some((patch) => typeof patch === 'string' && /failCgroupV1:\s*false/.test(patch));
  config.kubeadmConfigPatches = already ? patches : [...patches, CGROUP_V1_PATCH];
  return { text: stringifyYaml(config), adjustments: [CGROUP_V1_NOTE] };
}

export function readLabKindConfig(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
