import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export function workDir(labId: string): string {
  return join(stateRoot(), '.lab-work', labId);
}

export function clusterStateDir(): string {
  return join(stateRoot(), '.lab-work', 'clusters');
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
