import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLoaded, resolveNodeImage } from './bundle.ts';
import { clearCreating, creationMark, markCreating } from './claims.ts';
import { hostFacts, kindConfigFor, OFFLINE_HOSTS_TOML, readLabKindConfig } from './cluster-config.ts';
import { nodeImageOf, useEngine } from './engine.ts';
import { UserError } from './errors.ts';
import { hostsToml, type Mirror } from './mirrors.ts';
import { clusterStateDir, hasOwnKindConfig, labDir, privateDir, workDir, workRoot } from './paths.ts';
import { PLATFORM } from './platform.ts';
import { isSourceBuilt } from './platform-facts.ts';
import { normalizeImage } from './recipes.ts';
import type { Lab } from './schema.ts';
import { childEnv, type ShResult, sh, shellQuote } from './sh.ts';

export interface Cluster {
  /** kind cluster name, or the context name of an external cluster. */
  name: string;
  /** The run's own kubeconfig file: every child process gets it as KUBECONFIG. */
  kubeconfig: string;
  /** True when this run created the cluster (and so may delete it). */
  created: boolean;
  external: boolean;
  /** The node image the cluster was created from (only known when this run created it). */
  nodeImage?: string;
  /** What the kit added to the lab's kind config for this host, said in the output and recorded. */
  adjustments?: string[];
}

export interface CreateOptions {
  /** Another node image than the pinned upstream one, e.g. the source-built kindest/node:v1.36.4-fieldlab-source. */
  nodeImage?: string;
  /** Called once the config is known, before kind starts creating. */
  onAdjust?: (note: string) => void;
  /** Registry mirrors for containerd in every node (--registry-mirror). */
  mirrors?: readonly Mirror[];
  /** Says what the kit does on its own (deleting a cluster an interrupted run left behind). */
  onNote?: (note: string) => void;
  /** Aborted when the run is interrupted: a `kind create` it stops is cleaned up and reported as such. */
  signal?: AbortSignal;
}

/** Labs of the default shape share one cluster; a lab with its own kind.yaml gets its own. */
export function clusterName(lab: Pick<Lab, 'id'>): string {
  return hasOwnKindConfig(lab.id) ? `fieldlab-${lab.id}` : 'fieldlab';
}

export function kubeconfigFile(name: string): string {
  return join(clusterStateDir(), `${name}.kubeconfig`);
}

async function kind(args: string, kubeconfig: string, timeoutMs = 60_000, cwd = process.cwd()): Promise<ShResult> {
  return sh(`kind ${args}`, { cwd, env: childEnv(kubeconfig), timeoutMs });
}

export async function clusterExists(name: string, kubeconfig: string): Promise<boolean> {
  const result = await kind('get clusters', kubeconfig);
  if (result.exitCode !== 0) {
    throw new UserError(
      `kind get clusters failed: ${firstLine(result)}; check that Docker is running ("npm run lab -- doctor")`,
    );
  }
  return result.stdout.split('\n').some((line) => line.trim() === name);
}

/**
 * Reuses the lab's cluster when it exists, else creates it. kind writes the
 * cluster's credentials to the run's own kubeconfig file only.
 */
export async function ensureCluster(
  lab: Pick<Lab, 'id'>,
  beforeCreate?: () => Promise<void>,
  options: CreateOptions = {},
): Promise<Cluster> {
  const name = clusterName(lab);
  privateDir(workRoot());
  privateDir(clusterStateDir());
  const kubeconfig = kubeconfigFile(name);
  const leftover = creationMark(name);
  if (leftover !== undefined) {
    // This kit started creating it and no run deleted or kept it since: a run stopped half-way.
    if (await clusterExists(name, kubeconfig)) {
      options.onNote?.(
        `cluster ${name} was left by an interrupted run (lab ${leftover.lab}, started ${leftover.since}): deleting it`,
      );
      const removed = await kind(
        `delete cluster --name ${shellQuote(name)} --kubeconfig ${shellQuote(kubeconfig)}`,
        kubeconfig,
        180_000,
      );
      if (removed.exitCode !== 0) {
        throw new UserError(
          `cannot delete cluster ${name}, left by an interrupted run: ${firstLine(removed)}; delete it with "kind delete cluster --name ${name}"`,
        );
      }
    }
    clearCreating(name);
  }
  if (await clusterExists(name, kubeconfig)) {
    if (!existsSync(kubeconfig)) {
      const exported = await kind(
        `export kubeconfig --name ${shellQuote(name)} --kubeconfig ${shellQuote(kubeconfig)}`,
        kubeconfig,
      );
      if (exported.exitCode !== 0)
        throw new UserError(`cannot write a kubeconfig for cluster ${name}: ${firstLine(exported)}`);
    }
    ownerOnly(kubeconfig);
    // The transcript names the node image that really runs, not the one asked for.
    const running = await runningNodeImage(name, options.nodeImage);
    return { name, kubeconfig, created: false, external: false, ...(running ? { nodeImage: running } : {}) };
  }
  await beforeCreate?.();
  const own = hasOwnKindConfig(lab.id) ? readLabKindConfig(join(labDir(lab.id), 'kind.yaml')) : undefined;
  const offline = isSourceBuilt(options.nodeImage);
  const mirrors = options.mirrors ?? [];
  const merged = kindConfigFor(own, hostFacts(offline, mirrors));
  for (const note of merged.adjustments) options.onAdjust?.(note);
  let config = '';
  if (merged.text !== undefined) {
    const file = join(clusterStateDir(), `${name}.kind.yaml`);
    writeFileSync(file, merged.text, { mode: 0o600 });
    config = ` --config ${shellQuote(file)}`;
  }
  let image = options.nodeImage ?? PLATFORM.nodeImage;
  const adjustments = [...merged.adjustments];
  if (readLoaded()[image] !== undefined) {
    // Loaded from an offline bundle: the engine may hold it by tag only. The transcript says so.
    const { engine } = await useEngine();
    if (engine) {
      const resolved = await resolveNodeImage(engine.name, image);
      image = resolved.image;
      if (resolved.note !== undefined) {
        options.onAdjust?.(resolved.note);
        adjustments.push(resolved.note);
      }
    }
  }
  markCreating(name, lab.id);
  // kind resolves a relative extraMounts hostPath from where it runs: the lab's work folder, which
  // holds a copy of the lab's files, as the exported script and a reader in the lab folder have it.
  const created = await kind(
    `create cluster --name ${shellQuote(name)} --image ${shellQuote(image)} --kubeconfig ${shellQuote(kubeconfig)}${config} --wait 120s`,
    kubeconfig,
    600_000,
    own !== undefined ? workDir(lab.id) : process.cwd(),
  );
  if (created.exitCode !== 0) {
    // kind removes what it made when it fails, but not when it is stopped: whatever is there is the kit's.
    const left = await clusterExists(name, kubeconfig).catch(() => true);
    if (left) await deleteCluster({ name, kubeconfig, created: true, external: false });
    else clearCreating(name);
    if (options.signal?.aborted) {
      throw new UserError(
        `interrupted while kind created cluster ${name}; ${left ? 'what kind had made is deleted' : 'kind had made nothing yet'}`,
        130,
      );
    }
    throw new UserError(
      `kind could not create cluster ${name}: ${firstLine(created)}; see "npm run lab -- doctor ${lab.id}"`,
      1,
    );
  }
  ownerOnly(kubeconfig);
  const hostsFiles = [
    ...mirrors.map((mirror) => ({ dir: mirror.registry, toml: hostsToml(mirror) })),
    ...(offline ? [{ dir: '_default', toml: OFFLINE_HOSTS_TOML }] : []),
  ];
  if (hostsFiles.length > 0) await writeRegistryHosts(name, kubeconfig, hostsFiles);
  return { name, kubeconfig, created: true, external: false, nodeImage: image, adjustments };
}

/**
 * Writes containerd's hosts.toml files into every node: a mirror per registry (--registry-mirror), and on
 * the source-built platform, which has no registry, `_default` pointing at a closed loopback port.
 */
async function writeRegistryHosts(
  name: string,
  kubeconfig: string,
  files: readonly { dir: string; toml: string }[],
): Promise<void> {
  const { engine } = await useEngine();
  const nodes = await kind(`get nodes --name ${shellQuote(name)}`, kubeconfig);
  if (!engine || nodes.exitCode !== 0) {
    throw new UserError(`cannot list the nodes of cluster ${name}: ${firstLine(nodes)}`, 1);
  }
  // One printf argument per line: the fake engines of the tests log each argument on one line.
  const script = files
    .map(({ dir, toml }) => {
      const path = `/etc/containerd/certs.d/${dir}`;
      const lines = toml
        .split('\n')
        .map((line) => shellQuote(line))
        .join(' ');
      return `mkdir -p ${shellQuote(path)} && printf '%s\\n' ${lines} > ${shellQuote(`${path}/hosts.toml`)}`;
    })
    .join(' && ');
  for (const node of nodes.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)) {
    const written = await sh(`${engine.name} exec ${shellQuote(node)} sh -c ${shellQuote(script)}`, {
      cwd: process.cwd(),
      env: childEnv(kubeconfig),
      timeoutMs: 60_000,
    });
    if (written.exitCode !== 0) {
      throw new UserError(`cannot write the registry hosts files in node ${node}: ${firstLine(written)}`, 1);
    }
  }
}

/** Cluster credentials are readable by their owner only, whatever mode the tool that wrote them chose. */
function ownerOnly(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
}

/** For `check`, `break`, `verify`, `solve`: the cluster a `run --keep` left behind. */
export async function attachCluster(lab: Pick<Lab, 'id'>, nodeImage?: string): Promise<Cluster> {
  await useEngine();
  const name = clusterName(lab);
  const kubeconfig = kubeconfigFile(name);
  if (!existsSync(kubeconfig) || !(await clusterExists(name, kubeconfig))) {
    throw new UserError(`no cluster ${name} for lab ${lab.id}; run "npm run lab -- run ${lab.id} --keep" first`);
  }
  // The image it runs tells `check` whether it is the source-built platform.
  const running = await runningNodeImage(name, nodeImage);
  return { name, kubeconfig, created: false, external: false, ...(running ? { nodeImage: running } : {}) };
}

/**
 * The node image of a cluster that already exists, as the engine reports it; with `wanted`, a
 * cluster on another image is refused rather than reused.
 */
async function runningNodeImage(name: string, wanted: string | undefined): Promise<string | undefined> {
  const { engine } = await useEngine();
  if (!engine) return undefined;
  const running = await nodeImageOf(engine, `${name}-control-plane`);
  if (wanted !== undefined && running !== undefined && normalizeImage(running) !== normalizeImage(wanted)) {
    throw new UserError(
      `cluster ${name} runs node image ${running}, not ${wanted}; delete it ("kind delete cluster --name ${name}") or drop --node-image`,
    );
  }
  return running;
}

export async function deleteCluster(cluster: Cluster): Promise<ShResult> {
  const result = await kind(
    `delete cluster --name ${shellQuote(cluster.name)} --kubeconfig ${shellQuote(cluster.kubeconfig)}`,
    cluster.kubeconfig,
    180_000,
  );
  if (result.exitCode === 0) clearCreating(cluster.name);
  return result;
}

export async function exportLogs(cluster: Cluster, dir: string): Promise<ShResult> {
  return kind(`export logs ${shellQuote(dir)} --name ${shellQuote(cluster.name)}`, cluster.kubeconfig, 180_000);
}

export async function serverVersion(kubeconfig: string): Promise<string | undefined> {
  const result = await sh('kubectl version -o json', {
    cwd: process.cwd(),
    env: childEnv(kubeconfig),
    timeoutMs: 20_000,
  });
  try {
    const parsed = JSON.parse(result.stdout) as { serverVersion?: { gitVersion?: string } };
    return parsed.serverVersion?.gitVersion?.replace(/^v/, '');
  } catch {
    return undefined;
  }
}

function firstLine(result: ShResult): string {
  return (
    `${result.stderr}\n${result.stdout}`
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? `exit code ${result.exitCode}`
  );
}
