import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CGROUP_V1_PATCH,
  hostCgroupVersion,
  hostHasSysResource,
  kindConfigFor,
  OFFLINE_HOSTS_TOML,
  OFFLINE_NOTE,
  REGISTRY_HOSTS_PATCH,
  RESTRICT_OOM_PATCH,
} from './cluster-config.ts';
import { parseYaml } from './deps.ts';

const V1 = { cgroup: 1, sysResource: true } as const;
const V2 = { cgroup: 2, sysResource: true } as const;

const scratch = mkdtempSync(join(tmpdir(), 'cgroup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the cgroup v1 kubelet patch (unit tests)', () => {
  test('cgroup v2 hosts get the lab config unchanged, or none', () => {
    expect(kindConfigFor(undefined, V2)).toEqual({ adjustments: [] });
    const own = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n';
    expect(kindConfigFor(own, V2)).toEqual({ text: own, adjustments: [] });
  });

  test('on cgroup v1 a lab without its own config gets a Cluster config with the kubelet patch, and a note', () => {
    const merged = kindConfigFor(undefined, V1);
    const config = parseYaml(merged.text ?? '') as Record<string, unknown>;
    expect(config.kind).toBe('Cluster');
    expect(config.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
    expect(config.kubeadmConfigPatches).toEqual([CGROUP_V1_PATCH]);
    expect(parseYaml(CGROUP_V1_PATCH)).toEqual({ kind: 'KubeletConfiguration', failCgroupV1: false });
    expect(merged.adjustments.join(' ')).toMatch(/cgroup v1.*failCgroupV1: false/);
  });

  test('a lab config keeps its nodes, mounts and patches; the kubelet patch comes last, once', () => {
    const own = [
      'kind: Cluster',
      'apiVersion: kind.x-k8s.io/v1alpha4',
      'nodes:',
      '  - role: control-plane',
      '    extraMounts:',
      '      - hostPath: ./files/audit',
      '        containerPath: /etc/kubernetes/audit',
      'kubeadmConfigPatches:',
      '  - |',
      '    kind: ClusterConfiguration',
      '    apiServer:',
      '      extraArgs:',
      '        - name: audit-log-path',
      '          value: /var/log/kubernetes/audit.log',
      '',
    ].join('\n');
    const merged = kindConfigFor(own, V1);
    const config = parseYaml(merged.text ?? '') as { nodes: unknown[]; kubeadmConfigPatches: string[] };
    expect(config.nodes).toEqual((parseYaml(own) as { nodes: unknown[] }).nodes);
    expect(config.kubeadmConfigPatches).toHaveLength(2);
    expect(config.kubeadmConfigPatches[0]).toContain('audit-log-path');
    expect(config.kubeadmConfigPatches[1]).toBe(CGROUP_V1_PATCH);
    const again = kindConfigFor(merged.text, V1);
    expect((parseYaml(again.text ?? '') as { kubeadmConfigPatches: string[] }).kubeadmConfigPatches).toHaveLength(2);
  });

  test('the host cgroup version is read from the unified hierarchy root', () => {
    const v1 = join(scratch, 'v1');
    const v2 = join(scratch, 'v2');
    mkdirSync(v1);
    mkdirSync(v2);
    writeFileSync(join(v2, 'cgroup.controllers'), 'cpu memory pids\n');
    expect(hostCgroupVersion(v1)).toBe(1);
    expect(hostCgroupVersion(v2)).toBe(2);
  });
});

describe('a host without CAP_SYS_RESOURCE (unit tests)', () => {
  test('the bounding set is read bit by bit: ours lacks bit 24, a full set has it', () => {
    expect(hostHasSysResource('Name:\tnode\nCapBnd:\t000001fffeffffff\n')).toBe(false);
    expect(hostHasSysResource('CapBnd:\t000001ffffffffff\n')).toBe(true);
    expect(hostHasSysResource('000001fffeffffff')).toBe(false);
    expect(hostHasSysResource('')).toBe(true);
  });

  test('containerd gets restrict_oom_score_adj, alone or beside the cgroup v1 patch, and both are said', () => {
    const alone = kindConfigFor(undefined, { cgroup: 2, sysResource: false });
    const config = parseYaml(alone.text ?? '') as {
      containerdConfigPatches: string[];
      kubeadmConfigPatches?: string[];
    };
    expect(config.containerdConfigPatches).toEqual([RESTRICT_OOM_PATCH]);
    expect(config.kubeadmConfigPatches).toBeUndefined();
    expect(alone.adjustments).toHaveLength(1);
    expect(alone.adjustments[0]).toMatch(/CAP_SYS_RESOURCE.*restrict_oom_score_adj = true/);
    const both = kindConfigFor(undefined, { cgroup: 1, sysResource: false });
    expect(both.adjustments).toHaveLength(2);
    expect(both.text).toContain('failCgroupV1: false');
    expect(both.text).toContain('restrict_oom_score_adj = true');
  });
});

describe('the source-built platform has no registry', () => {
  test('containerd reads per-registry hosts files, and the run says why', () => {
    const merged = kindConfigFor(undefined, { cgroup: 2, sysResource: true, offline: true });
    const config = parseYaml(merged.text ?? '') as { containerdConfigPatches: string[] };
    expect(config.containerdConfigPatches).toEqual([REGISTRY_HOSTS_PATCH]);
    expect(REGISTRY_HOSTS_PATCH).toContain('config_path = "/etc/containerd/certs.d"');
    expect(merged.adjustments).toEqual([OFFLINE_NOTE]);
    expect(OFFLINE_HOSTS_TOML).toBe('server = "http://127.0.0.1:9"');
  });

  test('with registries (any other node image) nothing is added', () => {
    expect(kindConfigFor(undefined, { cgroup: 2, sysResource: true, offline: false })).toEqual({ adjustments: [] });
  });
});

describe('registry mirrors', () => {
  test('make containerd read per-registry hosts files, and the run says which mirrors', () => {
    const merged = kindConfigFor(undefined, {
      cgroup: 2,
      sysResource: true,
      mirrors: [{ registry: 'docker.io', url: 'https://m.example.com' }],
    });
    const config = parseYaml(merged.text ?? '') as { containerdConfigPatches: string[] };
    expect(config.containerdConfigPatches).toEqual([REGISTRY_HOSTS_PATCH]);
    expect(merged.adjustments[0]).toContain('docker.io through https://m.example.com');
  });
});
