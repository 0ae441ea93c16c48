import { preferredProvider } from './engine.ts';
import { UserError } from './errors.ts';
import { PLATFORM } from './platform.ts';
import type { Lab, Tool } from './schema.ts';
import { dockerEngine, inspectTool, type ToolReport } from './tools.ts';

/** What a run needs from this machine: the versions found, and one fix per missing piece. */
export interface Prerequisites {
  versions: Record<string, string>;
  missing: string[];
}

/** For a run without host steps: nothing to check on the host. */
export const NOTHING_NEEDED: Prerequisites = Object.freeze({ versions: {}, missing: [] });

async function inspectAll(needs: readonly Pick<Tool, 'name' | 'min'>[]): Promise<ToolReport[]> {
  return Promise.all(needs.map((need) => inspectTool(need)));
}

function collect(reports: readonly ToolReport[], into: Prerequisites = { versions: {}, missing: [] }): Prerequisites {
  for (const report of reports) {
    if (report.ok) into.versions[report.name] = report.version ?? '';
    else into.missing.push(report.fix);
  }
  return into;
}

/** The tools of the lab's host steps. */
export async function hostPrerequisites(lab: Lab): Promise<Prerequisites> {
  return collect(await inspectAll(lab.tools.filter((tool) => tool.for !== 'cluster')));
}

/**
 * What the cluster needs, all of it checked, as `doctor` does: for a kind cluster a Docker engine that
 * answers and the lab's cluster tools; for another cluster, kubectl.
 */
export async function clusterPrerequisites(lab: Lab, external: boolean): Promise<Prerequisites> {
  if (external) return collect(await inspectAll([{ name: 'kubectl', min: PLATFORM.kubectl.minimum }]));
  // With podman as kind's provider, the engine check covers it, and `docker` is podman's shim.
  const podman = preferredProvider() === 'podman';
  const [engine, reports] = await Promise.all([
    dockerEngine(),
    inspectAll(lab.tools.filter((tool) => tool.for !== 'host' && !(podman && tool.name === 'docker'))),
  ]);
  const found: Prerequisites = { versions: {}, missing: [] };
  // Without the docker client, "install Docker" says it all; the engine's "command not found" would repeat it.
  const noClient = reports.some((report) => report.name === 'docker' && report.version === undefined);
  if (engine.ok) found.versions['docker engine'] = engine.version ?? '';
  else if (!noClient) found.missing.push(engine.fix);
  return collect(reports, found);
}

/** Where a lab still works without a cluster: its host steps and the exercises that build only on them. */
export function withoutCluster(lab: Lab): string {
  const hostSteps = new Set(lab.steps.filter((step) => step.where === 'host').map((step) => step.id));
  const offline = lab.exercises
    .filter((exercise) => exercise.where === 'host' && exercise.after.every((id) => hostSteps.has(id)))
    .map((exercise) => exercise.id);
  const ways: string[] = [];
  if (hostSteps.size > 0) {
    const steps = hostSteps.size === 1 ? 'its host step' : `its ${hostSteps.size} host steps`;
    ways.push(`"npm run lab -- run ${lab.id} --only host" runs ${steps}`);
  }
  if (offline.length > 0) {
    const exercises =
      offline.length === 1 ? `the exercise ${offline[0]} works` : `the exercises ${offline.join(', ')} work`;
    ways.push(`${exercises} offline ("npm run lab -- break ${lab.id} ${offline[0]}", then hint, verify, solve)`);
  }
  if (ways.length === 0) {
    return `Every step of lab ${lab.id} needs a cluster; "npm run lab -- list" shows the labs with steps on the host, which run without one (--only host).`;
  }
  return `Without a cluster, ${ways.join(', and ')}.`;
}

/**
 * One line naming every missing piece with its fix, then, when only the cluster's needs are missing,
 * what works without a cluster. Undefined when nothing is missing.
 */
export function missingPrerequisites(lab: Lab, host: Prerequisites, cluster?: Prerequisites): UserError | undefined {
  const missing = [...host.missing, ...(cluster?.missing ?? [])].map((fix) => fix.replace(/\.$/, ''));
  if (missing.length === 0) return undefined;
  const named =
    missing.length === 1
      ? missing[0]
      : `${missing.length} things this lab needs are missing: ${missing.map((fix, index) => `(${index + 1}) ${fix}`).join('; ')}`;
  const offline = host.missing.length === 0 ? ` ${withoutCluster(lab)}` : '';
  return new UserError(`${named}.${offline}`);
}
