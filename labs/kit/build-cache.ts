import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * Where the source-built platform keeps what it builds: outside the checkout, so that later
 * sessions and CI on the same machine reuse it. FIELDLAB_CACHE moves it.
 */
export function cacheRoot(): string {
  if (process.env.FIELDLAB_CACHE) return process.env.FIELDLAB_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'fieldlab');
}

export function cachePath(...parts: string[]): string {
  return join(cacheRoot(), ...parts);
}

/** What was built, keyed by what it was built from. */
export interface BuildState {
  binaries: Record<string, { key: string; files: string[] }>;
  images: Record<string, { key: string; id: string }>;
}

function stateFile(): string {
  return cachePath('state.json');
}

export function readState(): BuildState {
  const file = stateFile();
  if (!existsSync(file)) return { binaries: {}, images: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildState>;
    return { binaries: parsed.binaries ?? {}, images: parsed.images ?? {} };
  } catch {
    return { binaries: {}, images: {} };
  }
}

export function writeState(state: BuildState): void {
  mkdirSync(cacheRoot(), { recursive: true });
  const partial = `${stateFile()}.partial`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(partial, stateFile());
}

export function hash(...parts: string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex').slice(0, 16);
}

/** A hash of every file under a folder, names included, in a stable order. */
export function hashTree(dir: string): string {
  const digest = createHash('sha256');
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else {
        digest.update(relative(dir, path)).update('\0');
        digest.update(`${stat.mode & 0o111 ? 'x' : '-'}`).update(readFileSync(path));
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return digest.digest('hex').slice(0, 16);
}

/** Total size in bytes of the files under a path. */
export function sizeOf(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}
