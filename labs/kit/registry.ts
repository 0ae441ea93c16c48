import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from './deps.ts';
import { didYouMean, UserError } from './errors.ts';
import { foldersHolding, labsDir, repoRoot } from './paths.ts';
import { Lab } from './schema.ts';

/** Lab ids: the folders of labs/ that hold a lab.ts. */
export function listLabIds(): string[] {
  return foldersHolding(labsDir(), 'lab.ts');
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${path}: ${issue.message}`;
}

/** Validates an imported lab definition; the error names the file and the first bad field. */
export function parseLab(value: unknown, source: string, expectedId?: string): Lab {
  const parsed = Lab.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new UserError(
      `malformed lab definition ${source}: ${first ? describeIssue(first) : 'invalid'}${more}; fix the file and run again`,
    );
  }
  if (expectedId !== undefined && parsed.data.id !== expectedId) {
    throw new UserError(
      `malformed lab definition ${source}: id "${parsed.data.id}" must equal its folder name "${expectedId}"`,
    );
  }
  return parsed.data;
}

/** The id, when a lab of that id exists; otherwise the one-line error that names the labs. */
export function findLabId(id: string): string {
  const ids = listLabIds();
  if (!ids.includes(id)) throw new UserError(didYouMean('lab', id, ids));
  return id;
}

export async function loadLab(id: string): Promise<Lab> {
  findLabId(id);
  const file = join(labsDir(), id, 'lab.ts');
  const source = relative(repoRoot, file) || file;
  let module: { default?: unknown };
  try {
    module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(`cannot load lab definition ${source}: ${reason}`);
  }
  return parseLab(module.default, source, id);
}

export async function loadAllLabs(): Promise<Lab[]> {
  return Promise.all(listLabIds().map((id) => loadLab(id)));
}

export function findStep(lab: Lab, stepId: string) {
  const step = lab.steps.find((candidate) => candidate.id === stepId);
  if (!step) {
    throw new UserError(`no step "${stepId}" in lab ${lab.id}; its steps: ${lab.steps.map((s) => s.id).join(', ')}`);
  }
  return step;
}

export function findExercise(lab: Lab, exerciseId: string) {
  const exercise = lab.exercises.find((candidate) => candidate.id === exerciseId);
  if (!exercise) {
    if (lab.exercises.length === 0) {
      throw new UserError(
        `no exercises in lab ${lab.id} yet, so none is called "${exerciseId}"; "npm run lab -- list" shows the labs that have some`,
      );
    }
    throw new UserError(
      `no exercise "${exerciseId}" in lab ${lab.id}; its exercises: ${lab.exercises.map((e) => e.id).join(', ')}`,
    );
  }
  return exercise;
}
