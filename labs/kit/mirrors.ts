import { UserError } from './errors.ts';

/** A registry whose pulls go to a mirror first: `docker.io=https://mirror.example.com`. */
export interface Mirror {
  registry: string;
  url: string;
}

/** The environment variable that gives mirrors when no --registry-mirror is typed: comma-separated. */
export const MIRRORS_ENV = 'FIELDLAB_REGISTRY_MIRRORS';

const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/;

/** Parses `REGISTRY=URL` values; one line naming the bad one otherwise. */
export function parseMirrors(values: readonly string[]): Mirror[] {
  const mirrors: Mirror[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    const registry = at === -1 ? '' : value.slice(0, at).trim();
    const url = at === -1 ? '' : value.slice(at + 1).trim();
    if (!REGISTRY.test(registry) || !registry.includes('.')) {
      throw new UserError(
        `--registry-mirror ${value}: write REGISTRY=URL with the registry's host name, e.g. docker.io=https://mirror.example.com`,
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UserError(`--registry-mirror ${value}: "${url}" is not a URL; write e.g. https://mirror.example.com`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new UserError(`--registry-mirror ${value}: the mirror must be an http or https URL`);
    }
    if (mirrors.some((mirror) => mirror.registry === registry)) {
      throw new UserError(`--registry-mirror names ${registry} twice; give one mirror per registry`);
    }
    mirrors.push({ registry, url: url.replace(/\/+$/, '') });
  }
  return mirrors;
}

/** The mirrors typed on the command line, else those of FIELDLAB_REGISTRY_MIRRORS. */
export function mirrorsFrom(typed: readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env): Mirror[] {
  if (typed !== undefined && typed.length > 0) return parseMirrors(typed);
  const listed = (env[MIRRORS_ENV] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return parseMirrors(listed);
}

/** Where the registry itself answers, as containerd's hosts.toml `server` names it. */
export function upstreamOf(registry: string): string {
  return registry === 'docker.io' ? 'https://registry-1.docker.io' : `https://${registry}`;
}

/**
 * containerd's hosts.toml for one registry: the mirror first (pull and resolve), the registry itself
 * as the fallback when the mirror does not have an image.
 */
export function hostsToml(mirror: Mirror): string {
  return [
    `server = "${upstreamOf(mirror.registry)}"`,
    '',
    `[host."${mirror.url}"]`,
    '  capabilities = ["pull", "resolve"]',
  ].join('\n');
}

/** What the run says and records about its mirrors. */
export function mirrorsNote(mirrors: readonly Mirror[]): string {
  return `registry mirrors: containerd in every node pulls ${mirrors.map((mirror) => `${mirror.registry} through ${mirror.url}`).join(', ')} first, the registry itself if the mirror lacks an image (hosts.toml under /etc/containerd/certs.d)`;
}
