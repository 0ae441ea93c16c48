import { existsSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { engineCgroupVersion } from './engine.ts';
import { portFree } from './ports.ts';
import type { Lab, Tool } from './schema.ts';
import { dockerEngine, inspectTool } from './tools.ts';
import { compareVersions } from './versions.ts';

export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
  /** Empty when ok. */
  fix: string;
}

const INOTIFY = [
  { key: 'max_user_watches', min: 524288 },
  { key: 'max_user_instances', min: 512 },
] as const;

/** Merges the tool needs of the labs: the highest minimum per tool wins. */
export function toolNeeds(labs: readonly Lab[]): Pick<Tool, 'name' | 'min'>[] {
  const needs = new Map<Tool['name'], string>();
  for (const tool of labs.flatMap((lab) => lab.tools)) {
    const current = needs.get(tool.name);
    if (current === undefined || compareVersions(tool.min, current) > 0) needs.set(tool.name, tool.min);
  }
  return [...needs].map(([name, min]) => ({ name, min }));
}

function readNumber(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const value = Number(readFileSync(file, 'utf8').trim());
  return Number.isFinite(value) ? value : undefined;
}

export async function diagnose(labs: readonly Lab[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const engine = await dockerEngine();
  findings.push({
    check: engine.engine?.name === 'podman' ? 'container engine (podman)' : 'Docker engine',
    ok: engine.ok,
    detail: engine.version ? (/^\d/.test(engine.version) ? `v${engine.version}` : engine.version) : 'not reachable',
    fix: engine.fix,
  });
  for (const need of toolNeeds(labs).filter((tool) => tool.name !== 'docker')) {
    const report = await inspectTool(need);
    findings.push({
      check: `${need.name} ≥ ${need.min}`,
      ok: report.ok,
      detail: report.version ?? 'not found',
      fix: report.fix,
    });
  }
  const gib = totalmem() / 2 ** 30;
  findings.push({
    check: 'memory ≥ 4 GiB',
    ok: gib >= 4,
    detail: `${gib.toFixed(1)} GiB`,
    fix: gib >= 4 ? '' : 'give Docker (or this machine) at least 4 GiB of memory; the Istio labs want 8',
  });
  let cgroup: string | undefined;
  if (engine.engine) {
    cgroup = String((await engineCgroupVersion(engine.engine)) ?? '') || undefined;
  } else if (process.platform === 'linux') {
    cgroup = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '2' : '1';
  }
  if (cgroup !== undefined) {
    findings.push({
      check: 'cgroup v2',
      ok: cgroup === '2',
      detail: `cgroup v${cgroup}`,
      fix:
        cgroup === '2'
          ? ''
          : 'upstream node images for Kubernetes 1.35+ need cgroup v2: boot with systemd.unified_cgroup_hierarchy=1 or use a newer distribution; or build the platform from source ("npm run lab -- images build"), whose node runs on cgroup v1 with the kubelet setting every run then adds',
    });
  }
  if (process.platform === 'linux') {
    for (const { key, min } of INOTIFY) {
      const value = readNumber(`/proc/sys/fs/inotify/${key}`);
      if (value === undefined) continue;
      findings.push({
        check: `fs.inotify.${key} ≥ ${min}`,
        ok: value >= min,
        detail: String(value),
        fix:
          value >= min ? '' : `sudo sysctl fs.inotify.${key}=${min} (multi-node clusters run out of watches otherwise)`,
      });
    }
  }
  for (const port of [...new Set(labs.flatMap((lab) => lab.ports))].sort((a, b) => a - b)) {
    const free = await portFree(port);
    findings.push({
      check: `port ${port} free`,
      ok: free,
      detail: free ? 'free' : 'in use',
      fix: free
        ? ''
        : `stop what listens on ${port} ("ss -ltnp 'sport = :${port}'"), or delete a lab cluster that maps it`,
    });
  }
  return findings;
}

export function formatFindings(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((finding) => finding.check.length));
  const detailWidth = Math.max(...findings.map((finding) => finding.detail.length));
  return findings
    .map((finding) => {
      const line = `${finding.ok ? '✔' : '✘'} ${finding.check.padEnd(width)}  ${finding.detail.padEnd(detailWidth)}`;
      return finding.ok ? line.trimEnd() : `${line}  → ${finding.fix}`;
    })
    .join('\n');
}
