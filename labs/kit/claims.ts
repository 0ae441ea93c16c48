import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.ts';
import { clusterStateDir, privateDir, workRoot } from './paths.ts';

/**
 * Two small files per kind cluster, in the private clusters folder:
 * - `<name>.lock`: a run is using the cluster (one at a time: the first to finish would delete it under
 *   the other). Held from before the cluster is created or reused until the run has cleaned up.
 * - `<name>.creating`: this kit started `kind create cluster`. It stays until the cluster is deleted or a
 *   run deliberately keeps it (`--keep`), so a cluster left by a run that was stopped half-way is known as
 *   the kit's own and deleted by the next run, never taken for one the user made.
 */
export interface Holder {
  pid: number;
  lab: string;
  since: string;
}

function file(name: string, suffix: 'lock' | 'creating'): string {
  return join(clusterStateDir(), `${name}.${suffix}`);
}

function read(path: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.lab !== 'string' || typeof parsed.since !== 'string') {
      return undefined;
    }
    return { pid: parsed.pid, lab: parsed.lab, since: parsed.since };
  } catch {
    return undefined;
  }
}

/** True while a process with this id runs (a signal 0 probe; EPERM means it runs as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(lab: string): string {
  return JSON.stringify({ pid: process.pid, lab, since: new Date().toISOString() } satisfies Holder);
}

/**
 * Takes the cluster's lock for this process, or refuses with one line naming the run that holds it.
 * A lock whose process is gone (killed, machine restarted) is taken over. Returns the release function.
 */
export function lockCluster(name: string, lab: string): () => void {
  privateDir(workRoot());
  privateDir(clusterStateDir());
  const path = file(name, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeFileSync(fd, holderOf(lab));
      } finally {
        closeSync(fd);
      }
      return () => {
        if (read(path)?.pid === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = read(path);
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        throw new UserError(
          `cluster ${name} is in use by another run (lab ${holder.lab}, process ${holder.pid}, since ${holder.since}); wait for it to end, then run again`,
        );
      }
      // Left by a run that no longer exists: take it over.
      rmSync(path, { force: true });
    }
  }
  throw new UserError(`cannot take the lock ${path}: another run keeps taking it; try again`);
}

/** Written right before `kind create cluster`. */
export function markCreating(name: string, lab: string): void {
  privateDir(clusterStateDir());
  writeFileSync(file(name, 'creating'), holderOf(lab), { mode: 0o600 });
}

/** The run that started creating this cluster and did not see it deleted or kept, if any. */
export function creationMark(name: string): Holder | undefined {
  const path = file(name, 'creating');
  if (!existsSync(path)) return undefined;
  return read(path) ?? { pid: 0, lab: 'unknown', since: 'an unknown time' };
}

/** The cluster is gone, or a run keeps it on purpose: it is no longer a half-made cluster of the kit's. */
export function clearCreating(name: string): void {
  rmSync(file(name, 'creating'), { force: true });
}
