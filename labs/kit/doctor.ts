import { existsSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { type Engine, engineCgroupVersion, engineMemory } from './engine.ts';
import { MIRRORS_ENV, type Mirror } from './mirrors.ts';
import { portFree } from './ports.ts';
import { probeRegistry, probeTarget, type RegistryUse, registriesOf } from './registries.ts';
import type { Lab, Tool } from './schema.ts';
import { dockerEngine, inspectTool } from './tools.ts';
import { compareVersions } from './versions.ts';

export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
  /** Empty when ok. */
  fix: string;
  /** Not checked, on purpose (--offline): shown with "–", never a problem. */
  skipped?: boolean;
}

export interface DiagnoseOptions {
  /** Whether the labs were chosen by name (`doctor storage`) rather than all of them (`doctor`). */
  named?: boolean;
  /** No registry will be reached: the source-built platform, or an offline bundle. */
  offline?: boolean;
  /** The mirrors run will be given: each is checked in place of its registry. */
  mirrors?: readonly Mirror[];
}

const INOTIFY = [
  { key: 'max_user_watches', min: 524288 },
  { key: 'max_user_instances', min: 512 },
] as const;

/** What every lab asks of the engine's memory, unless it declares more. */
const BASE_MEMORY_GIB = 4;

/** Merges the tool needs of the labs: the highest minimum per tool wins, with the labs that ask for it. */
export function toolNeeds(labs: readonly Lab[]): (Pick<Tool, 'name' | 'min'> & { labs: string[] })[] {
  const needs = new Map<Tool['name'], { min: string; labs: string[] }>();
  for (const lab of labs) {
    for (const tool of lab.tools) {
      const current = needs.get(tool.name);
      const order = current === undefined ? 1 : compareVersions(tool.min, current.min);
      if (order > 0) needs.set(tool.name, { min: tool.min, labs: [lab.id] });
      else if (order === 0 && current && !current.labs.includes(lab.id)) current.labs.push(lab.id);
    }
  }
  return [...needs].map(([name, { min, labs: ids }]) => ({ name, min, labs: ids }));
}

/** "lab storage", "labs a, b": who asks for something, never "this lab" when several were chosen. */
function labsPhrase(ids: readonly string[]): string {
  return ids.length === 1 ? `lab ${ids[0]}` : `labs ${ids.join(', ')}`;
}

/** Completes "older than the 1.35.0 …". */
function whoNeeds(ids: readonly string[], chosen: number): string {
  if (ids.length > 1 && ids.length === chosen) return 'that every lab needs';
  return `that ${labsPhrase(ids)} ${ids.length === 1 ? 'needs' : 'need'}`;
}

function readNumber(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const value = Number(readFileSync(file, 'utf8').trim());
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The memory kind's nodes will share: what the engine reports (Docker Desktop's VM on a laptop, not the
 * laptop), else this machine's, said as such.
 */
async function memoryFinding(labs: readonly Lab[], engine: Engine | undefined): Promise<Finding> {
  const need = Math.max(BASE_MEMORY_GIB, ...labs.map((lab) => lab.memory));
  const reported = engine ? await engineMemory(engine) : undefined;
  const gib = (reported ?? totalmem()) / 2 ** 30;
  const source =
    reported !== undefined && engine
      ? `what the ${engine.name} engine reports`
      : `this machine's: ${engine ? `the ${engine.name} engine did not report its own` : 'no engine answered'}, and a VM may have less`;
  const ok = gib >= need;
  const heavier = labs.filter((lab) => lab.memory === need).map((lab) => lab.id);
  const which =
    labs.length > heavier.length
      ? `; ${labsPhrase(heavier)} ${heavier.length === 1 ? 'needs' : 'need'} ${need} GiB, the others ${BASE_MEMORY_GIB} ("npm run lab -- doctor <lab>" checks one lab)`
      : '';
  return {
    check: `memory ≥ ${need} GiB`,
    ok,
    detail: `${gib.toFixed(1)} GiB (${source})`,
    fix: ok
      ? ''
      : `give the container engine at least ${need} GiB (Docker Desktop: Settings → Resources; a podman machine: stop it, "podman machine set --memory ${need * 1024}", start it)${which}`,
  };
}

async function portFindings(labs: readonly Lab[], named: boolean): Promise<Finding[]> {
  const mappers = new Map<number, string[]>();
  for (const lab of labs) for (const port of lab.ports) mappers.set(port, [...(mappers.get(port) ?? []), lab.id]);
  if (mappers.size === 0) {
    const none =
      named && labs.length === 1 ? `none: lab ${labs[0]?.id} maps no host port` : 'none: no lab maps a host port';
    return [{ check: 'host ports', ok: true, detail: none, fix: '' }];
  }
  const findings: Finding[] = [];
  for (const [port, ids] of [...mappers].sort(([a], [b]) => a - b)) {
    const free = await portFree(port);
    findings.push({
      check: `port ${port} free`,
      ok: free,
      detail: `${free ? 'free' : 'in use'} (${labsPhrase(ids)})`,
      fix: free
        ? ''
        : `stop what listens on ${port} ("ss -ltnp 'sport = :${port}'", on macOS "lsof -nP -iTCP:${port} -sTCP:LISTEN"), or delete a lab cluster that maps it`,
    });
  }
  return findings;
}

/** What to do when a registry does not answer: a mirror for run, or the offline bundle. */
function registryFix(
  use: RegistryUse,
  target: { url: string; mirror?: string },
  said: string,
  labs: readonly Lab[],
): string {
  const every = labs.length > 1 && use.labs.length === labs.length;
  const pullers = use.labs.length === 0 ? [] : [every ? 'every lab' : labsPhrase(use.labs)];
  const who = [...(use.nodeImage ? ['the kind node image'] : []), ...pullers];
  const one = who.length === 1 && (use.nodeImage || every || use.labs.length === 1);
  const lab = labs.length === 1 ? labs[0]?.id : '<lab>';
  const bundle = `bring the images on the offline bundle ("npm run lab -- images save FILE" where the registry answers, then "npm run lab -- images load FILE" here)`;
  const node = use.nodeImage
    ? `; the engine pulls the node image itself, so give it the mirror too ("registry-mirrors" in Docker's daemon.json, a [[registry.mirror]] in podman's registries.conf)`
    : '';
  if (target.mirror !== undefined) {
    return `the mirror ${target.mirror} for ${use.registry} did not answer as a registry does (${said}) at ${target.mirror}/v2/: check its URL or choose another mirror, or ${bundle}`;
  }
  const mirror = `pull through a mirror ("npm run lab -- run ${lab} --registry-mirror ${use.registry}=URL", or ${MIRRORS_ENV}=${use.registry}=URL)`;
  return `${who.join(' and ')} ${one ? 'pulls' : 'pull'} from ${use.registry}, and ${target.url}/v2/ did not answer as a registry does (${said}): ${mirror}, or ${bundle}${node}`;
}

async function registryFindings(labs: readonly Lab[], options: DiagnoseOptions): Promise<Finding[]> {
  if (options.offline === true) {
    return [{ check: 'registries', ok: true, skipped: true, detail: 'not checked (--offline)', fix: '' }];
  }
  const uses = registriesOf(labs);
  return Promise.all(
    uses.map(async (use) => {
      const target = probeTarget(use.registry, options.mirrors ?? []);
      const answer = await probeRegistry(target.url);
      const through = target.mirror ? ` through the mirror ${target.mirror}` : '';
      return {
        check: `registry ${use.registry}`,
        ok: answer.ok,
        detail: answer.ok ? `answers${through} (${answer.said})` : `${answer.said}${through}`,
        fix: answer.ok ? '' : registryFix(use, target, answer.said, labs),
      };
    }),
  );
}

export async function diagnose(labs: readonly Lab[], options: DiagnoseOptions = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const engine = await dockerEngine();
  findings.push({
    check: engine.engine?.name === 'podman' ? 'container engine (podman)' : 'Docker engine',
    ok: engine.ok,
    detail: engine.version ? (/^\d/.test(engine.version) ? `v${engine.version}` : engine.version) : 'not reachable',
    fix: engine.fix,
  });
  for (const need of toolNeeds(labs).filter((tool) => tool.name !== 'docker')) {
    const report = await inspectTool(need, whoNeeds(need.labs, labs.length));
    findings.push({
      check: `${need.name} ≥ ${need.min}`,
      ok: report.ok,
      detail: report.shown ?? report.version ?? 'not found',
      fix: report.fix,
    });
  }
  findings.push(await memoryFinding(labs, engine.engine));
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
  findings.push(...(await portFindings(labs, options.named === true)));
  findings.push(...(await registryFindings(labs, options)));
  return findings;
}

export function formatFindings(findings: readonly Finding[]): string {
  const width = Math.max(...findings.map((finding) => finding.check.length));
  // Lines with a fix are padded so that their arrows line up; the others end at their detail.
  const detailWidth = Math.max(0, ...findings.filter((finding) => !finding.ok).map((finding) => finding.detail.length));
  return findings
    .map((finding) => {
      const mark = finding.skipped === true ? '–' : finding.ok ? '✔' : '✘';
      const line = `${mark} ${finding.check.padEnd(width)}  ${finding.detail.padEnd(detailWidth)}`;
      return finding.ok ? line.trimEnd() : `${line}  → ${finding.fix}`;
    })
    .join('\n');
}
