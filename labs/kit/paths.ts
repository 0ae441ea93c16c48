import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.ts';

/** The repository root, two folders above this file. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where lab folders live. Tests point LAB_LABS_DIR at fixtures. */
export function labsDir(): string {
  return resolve(process.env.LAB_LABS_DIR ?? join(repoRoot, 'labs'));
}

/** Where runs keep state (.lab-work) and diagnostics (.lab-artifacts). */
export function stateRoot(): string {
  return resolve(process.env.LAB_STATE_DIR ?? repoRoot);
}

/** `.lab-work/`: the labs' work folders (keys a lab makes among them) and the clusters' kubeconfig files. */
export function workRoot(): string {
  return join(stateRoot(), '.lab-work');
}

export function workDir(labId: string): string {
  return join(workRoot(), labId);
}

export function clusterStateDir(): string {
  return join(workRoot(), 'clusters');
}

/**
 * Creates a folder only its owner may enter (0700), and tightens one that exists: what the runs keep
 * there (cluster credentials, the keys a lab makes) is nobody else's to read.
 */
export function privateDir(dir: string): string {
  return usable(dir, () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  });
}

/** `.lab-work/` and, inside it, `dir`: the root private, so that everything under it is. */
export function workFolder(dir: string): string {
  privateDir(workRoot());
  return usable(dir, () => mkdirSync(dir, { recursive: true }));
}

/** A state folder another user owns (a checkout made as root, used as yourself) is one line, not a stack trace. */
function usable(dir: string, make: () => void): string {
  try {
    make();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
    throw new UserError(
      `cannot use ${displayPath(dir)} (${code}: it belongs to another user); run as the owner of this checkout, or set LAB_STATE_DIR to a folder of yours`,
    );
  }
  return dir;
}

export function artifactsDir(labId: string, when: Date): string {
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  return join(stateRoot(), '.lab-artifacts', labId, stamp);
}

export function labDir(labId: string): string {
  return join(labsDir(), labId);
}

export function hasOwnKindConfig(labId: string): boolean {
  return existsSync(join(labDir(labId), 'kind.yaml'));
}

/** The names of the folders in `dir` that hold `file`, sorted. */
export function foldersHolding(dir: string, file: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, file)))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The folder the user typed the command in. `npm run` starts scripts in the repository root and keeps
 * the user's folder in INIT_CWD, so relative paths on the command line (--junit, --kubeconfig) mean
 * what the user meant.
 */
export function userCwd(): string {
  return process.env.INIT_CWD !== undefined && process.env.INIT_CWD !== '' ? process.env.INIT_CWD : process.cwd();
}

/** A path the user gave on the command line, made absolute against the folder they typed it in. */
export function userPath(path: string): string {
  return resolve(userCwd(), path);
}

/** A path as the user best reads it: relative to their folder when it lies inside, absolute otherwise. */
export function displayPath(path: string): string {
  const shown = relative(userCwd(), path);
  return shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
