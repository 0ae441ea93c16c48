import { type Engine, findEngine, preferredProvider } from './engine.ts';
import { PLATFORM } from './platform.ts';
import type { Tool } from './schema.ts';
import { childEnv, sh } from './sh.ts';
import { compareVersions, extractVersion } from './versions.ts';

type ToolName = Tool['name'];

const PROBE: Record<ToolName, string> = {
  // Not `docker version`: it exits 1 when the engine is down, and the client would count as missing.
  docker: 'docker --version',
  kind: 'kind version',
  kubectl: 'kubectl version --client -o json',
  helm: 'helm version --short',
  istioctl: 'istioctl version --remote=false',
  openssl: 'openssl version',
  curl: 'curl --version',
  promtool: 'promtool --version',
  jq: 'jq --version',
};

const INSTALL: Record<ToolName, string> = {
  docker: 'install Docker Engine or Docker Desktop (https://docs.docker.com/engine/install/)',
  kind: `install kind v${PLATFORM.kind.version} or newer (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)`,
  kubectl: `install kubectl v${PLATFORM.kubectl.minimum} or newer (https://kubernetes.io/docs/tasks/tools/)`,
  helm: 'install Helm 3 (https://helm.sh/docs/intro/install/)',
  istioctl: 'install istioctl (https://istio.io/latest/docs/setup/getting-started/#download)',
  openssl: 'install OpenSSL 3 (apt-get install openssl, brew install openssl@3)',
  curl: 'install curl (apt-get install curl, brew install curl)',
  promtool: 'install promtool, part of Prometheus (apt-get install prometheus, brew install prometheus)',
  jq: 'install jq 1.6 or newer (apt-get install jq, brew install jq)',
};

export interface ToolReport {
  name: ToolName;
  min: string;
  version: string | undefined;
  /** What to show for the version when the number alone would mislead ("LibreSSL 3.3.6"). */
  shown?: string;
  ok: boolean;
  /** What to do when not ok. */
  fix: string;
}

interface Probed {
  version: string | undefined;
  /** The first line the tool printed. */
  said: string;
}

async function probeTool(name: ToolName): Promise<Probed> {
  const result = await sh(PROBE[name], { cwd: process.cwd(), env: childEnv(undefined), timeoutMs: 15_000 });
  if (result.exitCode !== 0) return { version: undefined, said: '' };
  const output = `${result.stdout}\n${result.stderr}`;
  const said = output.split('\n').find((line) => line.trim() !== '') ?? '';
  if (name === 'kubectl') {
    try {
      const parsed = JSON.parse(result.stdout) as { clientVersion?: { gitVersion?: string } };
      return { version: extractVersion(parsed.clientVersion?.gitVersion ?? ''), said };
    } catch {
      return { version: extractVersion(result.stdout), said };
    }
  }
  return { version: extractVersion(output), said };
}

export async function toolVersion(name: ToolName): Promise<string | undefined> {
  return (await probeTool(name)).version;
}

/**
 * `openssl version` says which implementation it is. LibreSSL (macOS's /usr/bin/openssl says "LibreSSL 3.3.6")
 * carries version numbers that pass an OpenSSL minimum, but its options and output differ from what the
 * labs' commands and checks are written for.
 */
function libreSsl(said: string): string | undefined {
  return /^\s*LibreSSL\b/i.test(said) ? said.trim() : undefined;
}

/**
 * Is the tool there, and new enough? `needs` completes "older than the 1.35.0 …": "this lab needs" for a
 * run; the doctor names the labs ("that labs a, b need").
 */
export async function inspectTool(tool: Pick<Tool, 'name' | 'min'>, needs = 'this lab needs'): Promise<ToolReport> {
  const { version, said } = await probeTool(tool.name);
  const base = { name: tool.name, min: tool.min, version };
  if (version === undefined) {
    return { ...base, ok: false, fix: `${tool.name} not found on PATH: ${INSTALL[tool.name]}` };
  }
  const libre = tool.name === 'openssl' ? libreSsl(said) : undefined;
  if (libre !== undefined) {
    return {
      ...base,
      shown: libre,
      ok: false,
      fix: `the openssl on PATH is ${libre}, not OpenSSL, and its options and output differ from what the steps and checks expect; install OpenSSL 3: on macOS "brew install openssl@3", then put "$(brew --prefix)/bin" before /usr/bin on PATH ("openssl version" must then print OpenSSL 3.x); on Debian or Ubuntu "apt-get install openssl"`,
    };
  }
  if (compareVersions(version, tool.min) < 0) {
    return {
      ...base,
      ok: false,
      fix: `${tool.name} ${version} is older than the ${tool.min} ${needs}: ${INSTALL[tool.name]}`,
    };
  }
  return { ...base, ok: true, fix: '' };
}

export interface EngineReport {
  ok: boolean;
  /** The engine that answered. */
  engine?: Engine;
  version: string | undefined;
  fix: string;
}

/**
 * Is the engine kind will use answering? Docker, unless KIND_EXPERIMENTAL_PROVIDER=podman chooses
 * rootful podman, as it does for kind. The client alone is not enough for kind.
 */
export async function dockerEngine(): Promise<EngineReport> {
  if (preferredProvider() === 'podman') {
    const probe = await findEngine();
    return probe.engine
      ? { ok: true, engine: probe.engine, version: `podman ${probe.engine.version}`, fix: '' }
      : { ok: false, version: undefined, fix: probe.fix };
  }
  const result = await sh('docker info --format "{{.ServerVersion}}"', {
    cwd: process.cwd(),
    env: childEnv(undefined),
    timeoutMs: 10_000,
  });
  const version = result.exitCode === 0 ? result.stdout.trim() : '';
  if (version !== '') return { ok: true, engine: { name: 'docker', version }, version, fix: '' };
  const why = result.timedOut
    ? 'docker info did not answer within 10s'
    : (`${result.stderr}\n${result.stdout}`
        .trim()
        .split('\n')
        .find((line) => line.trim() !== '') ?? 'docker info failed');
  return {
    ok: false,
    version: undefined,
    fix: `no Docker engine is reachable (${why.trim()}); start Docker Desktop, or the engine with "sudo systemctl start docker", then run again (with rootful podman instead: KIND_EXPERIMENTAL_PROVIDER=podman)`,
  };
}
