import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateRoot } from './paths.ts';
import { childEnv, sh, shellQuote } from './sh.ts';

/**
 * The container engine kind's nodes run on. Docker is kind's default; rootful podman is the
 * other provider kind accepts, and the only one that runs privileged nodes on hosts whose
 * capability set lacks what Docker asks for. KIND_EXPERIMENTAL_PROVIDER=podman chooses it, as
 * it does for kind itself.
 */
export interface Engine {
  name: 'docker' | 'podman';
  version: string;
}

export interface EngineProbe {
  engine?: Engine;
  /** Why neither engine answers, with the fix. */
  fix: string;
}

async function answer(command: string): Promise<{ ok: boolean; out: string }> {
  const result = await sh(command, { cwd: process.cwd(), env: childEnv(undefined), timeoutMs: 10_000 });
  const out = result.exitCode === 0 ? result.stdout.trim() : `${result.stderr}\n${result.stdout}`.trim();
  return { ok: result.exitCode === 0 && out !== '', out: result.timedOut ? 'no answer within 10s' : out };
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}

export function preferredProvider(): 'docker' | 'podman' | undefined {
  const chosen = process.env.KIND_EXPERIMENTAL_PROVIDER;
  return chosen === 'podman' || chosen === 'docker' ? chosen : undefined;
}

/**
 * The provider kind itself would pick: the one KIND_EXPERIMENTAL_PROVIDER names, else Docker when a
 * Docker client is installed, else podman when podman is (kind's DetectNodeProvider order).
 */
async function providerOrder(): Promise<Engine['name'][]> {
  const preferred = preferredProvider();
  if (preferred) return [preferred];
  const docker = await answer('docker -v');
  if (docker.ok && docker.out.startsWith('Docker version')) return ['docker'];
  const podman = await answer('podman -v');
  return podman.ok && podman.out.startsWith('podman version') ? ['podman'] : ['docker'];
}

/**
 * Finds the engine kind will use, and whether it answers. For building images (`anyAnswering`),
 * any engine that answers will do: Docker, else rootful podman, unless KIND_EXPERIMENTAL_PROVIDER
 * names one.
 */
export async function findEngine(options: { anyAnswering?: boolean } = {}): Promise<EngineProbe> {
  const preferred = preferredProvider();
  const order: Engine['name'][] =
    options.anyAnswering === true && !preferred ? ['docker', 'podman'] : await providerOrder();
  const why: string[] = [];
  for (const name of order) {
    const probe =
      name === 'docker'
        ? await answer('docker info --format "{{.ServerVersion}}"')
        : await answer('podman info --format "{{.Version.Version}} {{.Host.Security.Rootless}}"');
    if (!probe.ok) {
      why.push(`${name}: ${firstLine(probe.out) || 'not found'}`);
      continue;
    }
    if (name === 'docker') {
      // podman-docker's `docker` answers too; it is podman and needs podman's provider.
      const client = await answer('docker -v');
      if (client.ok && !client.out.startsWith('Docker version')) {
        why.push('docker: the docker command is podman (podman-docker); set KIND_EXPERIMENTAL_PROVIDER=podman');
        continue;
      }
      return { engine: { name, version: probe.out }, fix: '' };
    }
    const [version = '', rootless = 'false'] = probe.out.split(' ');
    if (rootless === 'true') {
      why.push('podman: rootless, and the labs need rootful podman (run as root, or use Docker)');
      continue;
    }
    return { engine: { name, version }, fix: '' };
  }
  return {
    fix: `no container engine answers (${why.join('; ')}); start Docker Desktop or "sudo systemctl start docker", or run as root with podman and KIND_EXPERIMENTAL_PROVIDER=podman`,
  };
}

/**
 * The environment a run's commands need for the engine: kind's provider, and for podman a
 * `docker` on PATH that is podman, so that the labs' `docker exec <node>` steps reach the node.
 */
export function engineEnv(engine: Engine): Record<string, string> {
  if (engine.name === 'docker') return {};
  const bin = join(stateRoot(), '.lab-work', 'bin');
  const shim = join(bin, 'docker');
  const text = '#!/bin/sh\n# The labs say "docker"; on this machine the engine is podman.\nexec podman "$@"\n';
  if (!existsSync(shim) || readFileSync(shim, 'utf8') !== text) {
    mkdirSync(bin, { recursive: true });
    writeFileSync(shim, text);
    chmodSync(shim, 0o755);
  }
  return { KIND_EXPERIMENTAL_PROVIDER: 'podman', PATH: `${bin}:${process.env.PATH ?? ''}` };
}

/**
 * The cgroup version the engine's containers (kind's nodes) get. Ask the engine, not this machine:
 * on macOS or Windows the nodes run in the engine's Linux VM.
 */
export async function engineCgroupVersion(engine: Engine): Promise<1 | 2 | undefined> {
  const query =
    engine.name === 'podman'
      ? 'podman info --format "{{.Host.CgroupsVersion}}"'
      : 'docker info --format "{{.CgroupVersion}}"';
  const result = await answer(query);
  const version = result.out.replace(/^v/, '');
  return result.ok && (version === '1' || version === '2') ? (version === '1' ? 1 : 2) : undefined;
}

/**
 * The memory, in bytes, of the machine the engine runs its containers on: Docker's MemTotal and
 * podman's host.memTotal. That is Docker Desktop's or a podman machine's VM, not this laptop, and it
 * is what kind's nodes share. Undefined when the engine does not say.
 */
export async function engineMemory(engine: Engine): Promise<number | undefined> {
  const query =
    engine.name === 'podman' ? 'podman info --format "{{.Host.MemTotal}}"' : 'docker info --format "{{.MemTotal}}"';
  const result = await answer(query);
  if (!result.ok || !/^\d+$/.test(result.out)) return undefined;
  const bytes = Number(result.out);
  return bytes > 0 ? bytes : undefined;
}

/**
 * Finds the engine kind will use and gives every later child of this process its environment:
 * kind's provider, the docker shim for podman, and LAB_NODE_CGROUP (the cgroup version the nodes
 * get). Without an answering engine it changes nothing and returns the fix.
 */
export async function useEngine(): Promise<EngineProbe> {
  const probe = await findEngine();
  if (!probe.engine) return probe;
  Object.assign(process.env, engineEnv(probe.engine));
  const cgroup = await engineCgroupVersion(probe.engine);
  if (cgroup !== undefined) process.env.LAB_NODE_CGROUP = String(cgroup);
  return probe;
}

/** The ID of an image the engine holds, or undefined. */
export async function imageId(engine: Engine['name'], ref: string): Promise<string | undefined> {
  const result = await sh(`${engine} image inspect --format '{{.Id}}' ${shellQuote(ref)}`, {
    cwd: process.cwd(),
    env: childEnv(undefined),
    timeoutMs: 60_000,
  });
  const id = result.stdout.trim();
  return result.exitCode === 0 && id !== '' ? id : undefined;
}

/** The image a kind node container was created from, as the engine reports it. */
export async function nodeImageOf(engine: Engine, container: string): Promise<string | undefined> {
  const format = engine.name === 'podman' ? '{{.ImageName}}' : '{{.Config.Image}}';
  const result = await sh(`${engine.name} inspect --format '${format}' ${container}`, {
    cwd: process.cwd(),
    env: childEnv(undefined),
    timeoutMs: 20_000,
  });
  const image = result.stdout.trim();
  return result.exitCode === 0 && image !== '' ? image : undefined;
}
