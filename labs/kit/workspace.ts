import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { labDir, workDir, workFolder } from './paths.ts';

const INPUTS = ['manifests', 'files', 'kind.yaml'];

/**
 * Steps run in `.lab-work/<id>/`, a folder holding a fresh copy of the lab's
 * inputs: commands read `manifests/…` and `files/…` as the page shows them,
 * and whatever they write stays out of the lab's sources.
 */
export function prepareWorkspace(labId: string): string {
  const dir = workFolder(workDir(labId));
  for (const input of INPUTS) {
    const source = join(labDir(labId), input);
    if (existsSync(source)) cpSync(source, join(dir, input), { recursive: true, force: true });
  }
  return dir;
}
