import { type Mirror, upstreamOf } from './mirrors.ts';
import { PLATFORM } from './platform.ts';
import { normalizeImage } from './recipes.ts';
import type { Lab } from './schema.ts';

/** A registry the chosen labs pull from, and who pulls from it. */
export interface RegistryUse {
  /** As an image reference names it: docker.io, registry.k8s.io, quay.io… */
  registry: string;
  /** The labs with an image there. */
  labs: string[];
  /** The kind node image comes from here too (pulled by the engine itself, not by the node). */
  nodeImage: boolean;
}

/** docker.io for busybox:1.37.0, quay.io for quay.io/kiali/kiali:v2.27, as containerd resolves them. */
export function registryOf(image: string): string {
  return normalizeImage(image).split('/')[0] ?? 'docker.io';
}

/** An image built on this machine (the troubleshooting lab's localhost/fieldlab/toolbox) has no registry to reach. */
function local(registry: string): boolean {
  return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(registry);
}

/** The registries the labs' images and the kind node image come from, sorted by name. */
export function registriesOf(labs: readonly Lab[]): RegistryUse[] {
  const uses = new Map<string, RegistryUse>();
  const use = (registry: string): RegistryUse => {
    const found = uses.get(registry) ?? { registry, labs: [], nodeImage: false };
    uses.set(registry, found);
    return found;
  };
  if (labs.some((lab) => lab.cluster === 'kind')) use(registryOf(PLATFORM.nodeImage)).nodeImage = true;
  for (const lab of labs) {
    for (const registry of new Set(lab.images.map(registryOf))) {
      if (!local(registry)) use(registry).labs.push(lab.id);
    }
  }
  return [...uses.values()].sort((a, b) => a.registry.localeCompare(b.registry));
}

/**
 * For tests only: `registry=URL,…` (`*` for every other registry) sends the doctor's registry checks to
 * servers on loopback instead of the registries themselves.
 */
export const PROBE_ENV = 'LAB_REGISTRY_PROBE';

/** How long a registry has to answer. */
export const PROBE_TIMEOUT_MS = 5_000;

/** Where to ask for a registry: its mirror when one is given, else the registry itself. */
export function probeTarget(
  registry: string,
  mirrors: readonly Mirror[],
  env: NodeJS.ProcessEnv = process.env,
): { url: string; mirror?: string } {
  const mirror = mirrors.find((candidate) => candidate.registry === registry);
  if (mirror) return { url: mirror.url, mirror: mirror.url };
  const overrides = new Map(
    (env[PROBE_ENV] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.includes('='))
      .map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)] as const),
  );
  const url = overrides.get(registry) ?? overrides.get('*') ?? upstreamOf(registry);
  return { url: url.replace(/\/+$/, '') };
}

export interface ProbeResult {
  ok: boolean;
  /** "HTTP 401", "connection refused", "no answer within 5 s"… */
  said: string;
}

const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)/;

function why(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return `no answer within ${timeoutMs / 1000} s`;
  if (TLS_CODES.test(code)) return `TLS certificate not trusted (${code})`;
  return (code || cause?.message || (error instanceof Error ? error.message : String(error))).split('\n')[0] ?? '';
}

/**
 * Does a registry answer? A GET of `/v2/`, the API's base, answers 200 or 401 (log in first) from a
 * registry that works; redirects are followed, as a pull follows them (registry.k8s.io redirects).
 */
export async function probeRegistry(base: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  try {
    const response = await fetch(`${base}/v2/`, {
      method: 'GET',
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    const said = `HTTP ${response.status}`;
    return { ok: response.status === 200 || response.status === 401, said };
  } catch (error) {
    return { ok: false, said: why(error, timeoutMs) };
  }
}
